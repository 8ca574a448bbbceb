"""The duty texts compared in a forked process while this one validates and runs the other checks
(lint._compare_aside): the same findings as one process, what the child computed is kept in the
parent's parse cache, a failing child leaves the work to the parent, and an invalid knowledge base
stops the child. While the comparison runs, the other checks run here a family at a time; once it
is done, the families left run in a forked process while this one reports the overlaps, which that
process then helps report (overlap.run's `meanwhile`)."""
from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

import pytest

from roledocs import lint
from roledocs.kb import InvalidKnowledgeBase, open_knowledge_base
from roledocs.kb import cache as cache_module
from roledocs.kb.load import load_knowledge_base
from roledocs.lint import overlap, writing
from support.synthetic import write_synthetic_knowledge_base

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="没有 os.fork 的系统上体检总是在一个进程中运行")
REPO = Path(__file__).resolve().parents[2]


def findings(report) -> list:
    return [(f.code, f.problem.as_tuple(), f.role_id, f.department_id) for f in report.findings]


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    return write_synthetic_knowledge_base(tmp_path_factory.mktemp("forked") / "kb", lint.OVERLAP_ASIDE_FROM + 10)


def test_the_forked_comparison_finds_what_one_process_finds(big, tmp_path, monkeypatch):
    forks = []
    real = lint._compare_aside
    monkeypatch.setattr(lint, "_compare_aside", lambda *a, **k: forks.append(1) or real(*a, **k))
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-two"))
    two = lint.lint_knowledge_base(big)
    cache_module.close_all()
    assert forks and any(f.code == "RD501" for f in two.findings)  # forked, and overlaps were found there
    monkeypatch.setenv("ROLEDOCS_NO_FORK", "1")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-one"))
    one = lint.lint_knowledge_base(big)
    cache_module.close_all()
    assert findings(two) == findings(one)

    # the child's parse-cache entries were handed to the parent and written: not compared again
    def compared(*args, **kwargs):
        raise AssertionError("the overlap pairs should come from the cache")
    monkeypatch.setattr(overlap, "scored_pairs", compared)
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-two"))
    again = lint.lint_knowledge_base(big)
    cache_module.close_all()
    assert findings(again) == findings(one)


def test_a_failing_child_leaves_the_comparison_to_this_process(big, tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    parent = os.getpid()
    real = overlap.cached_scored_pairs

    def compare(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(*args, **kwargs)
    monkeypatch.setattr(overlap, "cached_scored_pairs", compare)
    report = lint.lint_knowledge_base(big)
    cache_module.close_all()
    monkeypatch.setenv("ROLEDOCS_NO_FORK", "1")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-one"))
    assert findings(report) == findings(lint.lint_knowledge_base(big))
    cache_module.close_all()


def _children() -> list[str]:
    return Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="子进程列表只在 Linux 的 /proc 中")
def test_an_invalid_knowledge_base_stops_the_child(big, tmp_path, monkeypatch):
    """The comparison starts before validation ends; when validation fails, lint raises with the
    errors and leaves no process behind."""
    root = tmp_path / "kb"
    shutil.copytree(big, root)
    path = sorted((root / "roles").glob("*/*.yaml"))[-1]
    text = path.read_text(encoding="utf-8")
    assert "\nreports_to: role-" in text
    path.write_text(text.replace("\nreports_to: role-", "\nreports_to: nobody-", 1), encoding="utf-8")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    started = []
    real = lint._compare_aside
    monkeypatch.setattr(lint, "_compare_aside", lambda *a, **k: started.append(1) or real(*a, **k))
    before = _children()
    with pytest.raises(InvalidKnowledgeBase) as raised:
        lint.lint_knowledge_base(root)
    cache_module.close_all()
    assert started and [p.code for p in raised.value.report.errors] == ["RD304"]
    assert _children() == before


def test_the_child_never_asks_the_database_and_a_kept_comparison_starts_none(big, tmp_path, monkeypatch):
    """While the child compares, this process writes what was read to the parse cache: a child that
    asked the database would wait for that write. All the child needs is in memory (the entries
    read, and the answer that no comparison is kept, looked up before the fork). A comparison the
    cache keeps is taken here: no process is started for it."""
    from roledocs import forked

    parent, asked = os.getpid(), tmp_path / "asked"
    comparing = []
    real_compare, real_connect = overlap.cached_scored_pairs, cache_module.ParseCache._connect

    def compare(*args, **kwargs):
        comparing.append(os.getpid())  # (in the child: its own copy of the list)
        return real_compare(*args, **kwargs)

    def connect(self):
        if os.getpid() != parent and os.getpid() in comparing:
            asked.write_text("the comparing child asked the database")
        return real_connect(self)
    monkeypatch.setattr(overlap, "cached_scored_pairs", compare)
    monkeypatch.setattr(cache_module.ParseCache, "_connect", connect)
    started = []
    real_aside = forked.aside
    monkeypatch.setattr(forked, "aside", lambda work, **k: started.append(work.__name__) or real_aside(work, **k))
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    first = lint.lint_knowledge_base(big)
    cache_module.close_all()
    assert "compare" in started and not asked.exists()
    started.clear()
    again = lint.lint_knowledge_base(big)
    cache_module.close_all()
    assert "compare" not in started and findings(again) == findings(first)


def test_linting_validated_documents_compares_aside_too(big, tmp_path, monkeypatch):
    """The site's way in (lint_documents on documents validated before): the comparison starts in
    a second process with the model's texts, finds what one process finds, and once kept in the
    parse cache starts no process."""
    from roledocs import forked
    from roledocs.kb.validate import validate_knowledge_base

    one = _one_process(big, tmp_path, monkeypatch)
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    started = []
    real_aside = forked.aside
    monkeypatch.setattr(forked, "aside", lambda work, **k: started.append(work.__name__) or real_aside(work, **k))
    report = validate_knowledge_base(big)
    first = lint.lint_documents(report.documents, report.roles_dir)
    assert "compare" in started and findings(first) == one
    started.clear()
    again = lint.lint_documents(report.documents, report.roles_dir)
    cache_module.close_all()
    assert "compare" not in started and findings(again) == one


@pytest.mark.parametrize("source", ["real", "synthetic"])
def test_the_texts_read_from_the_files_are_the_models(source, big, tmp_path):
    """The child compares the texts it reads from the documents (no model yet); the parent uses its
    pairs only when they are the texts its model gives, so the two must agree."""
    root = REPO if source == "real" else big
    loaded = load_knowledge_base(root)
    kb = open_knowledge_base(root)
    assert overlap.document_texts(loaded.documents) == overlap.texts_by_role(overlap.candidates(kb))


def test_the_processes_that_read_the_files_prepare_the_comparison(big, tmp_path, monkeypatch):
    """The files are read in two processes (kb.load._read_in_two); there each role's compared
    texts and their clauses are worked out too (overlap.prepare) and kept in the parse cache,
    where the comparison finds them: the same texts, none worked out again."""
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    expected = overlap.document_texts(load_knowledge_base(big).documents)
    cache_module.close_all()
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-prepared"))
    loaded = load_knowledge_base(big, also=overlap.prepare)
    real_texts, real_clauses = overlap._role_texts, overlap.clauses_of
    here = []
    monkeypatch.setattr(overlap, "_role_texts", lambda doc: here.append(doc.name) or real_texts(doc))
    monkeypatch.setattr(overlap, "clauses_of", lambda texts: here.extend(texts) or real_clauses(texts))
    by_role = overlap.document_texts(loaded.documents)
    assert by_role == expected and not here
    compared = overlap.cached_scored_pairs(by_role, 0.82)
    assert not here and compared.pairs  # the clauses came from the readers too
    cache_module.close_all()


def test_the_candidates_are_what_the_readers_kept(big, tmp_path, monkeypatch):
    """The units the overlap check compares are those whose texts the reading processes kept
    (overlap.prepare): filler left out, no text judged again; a role the cache has nothing for
    is judged here, with the same result."""
    import yaml

    root = tmp_path / "kb"
    shutil.copytree(big, root)
    filler = ["完成领导交办的其他工作。", "负责本部门相关工作"]
    for path in sorted((root / "roles").glob("*/*.yaml"))[::7]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["duties"][0]["tasks"] += filler
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    loaded = load_knowledge_base(root, also=overlap.prepare)
    kb = open_knowledge_base(root)
    judged = overlap.candidates(kb)
    assert len(judged) < len(overlap.units(kb.roles.values())) and not {u.text for u in judged} & set(filler)
    asked = []
    real = overlap.is_filler
    monkeypatch.setattr(overlap, "is_filler", lambda text: asked.append(text) or real(text))
    assert overlap.candidates(kb, {d.name: d for d in loaded.documents}) == judged
    assert not asked
    assert overlap.candidates(kb, {}) == judged and asked
    cache_module.close_all()


@pytest.mark.parametrize("duties", ["5", "true", "负责销售", "{title: 销售}", "[5, [任务], {tasks: 7}]"])
def test_a_file_of_another_shape_is_reported_not_prepared(duties, big, tmp_path, monkeypatch):
    """The comparison's texts are worked out where the files are read, before validation
    (overlap.prepare): a role whose duties have another shape gets its schema errors, and lint
    stops there."""
    root = tmp_path / "kb"
    shutil.copytree(big, root)
    path = sorted((root / "roles").glob("*/*.yaml"))[3]
    text = path.read_text(encoding="utf-8")
    start = text.index("\nduties:")
    lines = text[start + 1:].split("\n")  # duties: and its items, up to the next top-level key
    rest = next(i for i, line in enumerate(lines[1:], 1) if line and not line.startswith((" ", "-")))
    path.write_text(text[:start + 1] + f"duties: {duties}\n" + "\n".join(lines[rest:]), encoding="utf-8")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(InvalidKnowledgeBase) as raised:
        lint.lint_knowledge_base(root)
    cache_module.close_all()
    assert {p.file for p in raised.value.report.errors} == {path.relative_to(root).as_posix()}


def _writing_check_records_its_process(monkeypatch, where: Path, fail_in_child: bool = False, then=None):
    parent, real = os.getpid(), writing.run

    def run(ctx):
        where.write_text(str(os.getpid()))
        if then is not None:
            then()
        if fail_in_child and os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(ctx)
    monkeypatch.setattr(writing, "run", run)


def _one_process(big, tmp_path, monkeypatch) -> list:
    with monkeypatch.context() as m:
        m.setenv("ROLEDOCS_NO_FORK", "1")
        m.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-one"))
        one = findings(lint.lint_knowledge_base(big))
        cache_module.close_all()
    return one


@pytest.mark.parametrize("child", ["works", "fails"])
def test_the_other_checks_run_in_a_second_process_once_the_comparison_is_done(child, big, tmp_path, monkeypatch):
    one = _one_process(big, tmp_path, monkeypatch)
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    lint.lint_knowledge_base(big)  # the overlap pairs are in the cache now: no comparison to wait for
    cache_module.close_all()
    where = tmp_path / "writing-ran-in"
    _writing_check_records_its_process(monkeypatch, where, fail_in_child=child == "fails")
    two = findings(lint.lint_knowledge_base(big))
    cache_module.close_all()
    assert two == one and any(not code.startswith("RD50") for code, *_ in one)  # (the other checks find some)
    # a failing child leaves its checks to this process
    assert (int(where.read_text()) == os.getpid()) == (child == "fails")


@contextlib.contextmanager
def _held_comparison(monkeypatch):
    """The comparison child waits for a byte on a pipe (the descriptor given) before it compares,
    or until this process closes the pipe (a failed test leaves no child waiting)."""
    parent, real = os.getpid(), overlap.cached_scored_pairs
    release_read, release_write = os.pipe()

    def compare(*args, **kwargs):
        if os.getpid() != parent:
            os.close(release_write)  # (the child's copy: the read ends when this process closes its own)
            os.read(release_read, 1)
        return real(*args, **kwargs)
    monkeypatch.setattr(overlap, "cached_scored_pairs", compare)
    try:
        yield release_write
    finally:
        cache_module.close_all()
        os.close(release_read)
        os.close(release_write)


def test_the_other_checks_run_here_while_the_comparison_goes_on(big, tmp_path, monkeypatch):
    """The comparison child waits until the writing check has run: the second core is busy, so
    the checks must not be forked (they would compete with the comparison)."""
    one = _one_process(big, tmp_path, monkeypatch)
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    where = tmp_path / "writing-ran-in"
    with _held_comparison(monkeypatch) as release:
        _writing_check_records_its_process(monkeypatch, where, then=lambda: os.write(release, b"x"))
        two = findings(lint.lint_knowledge_base(big))
    assert two == one and int(where.read_text()) == os.getpid()


def test_the_second_process_helps_report_the_overlaps_after_its_checks(big, tmp_path, monkeypatch):
    one = _one_process(big, tmp_path, monkeypatch)
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    lint.lint_knowledge_base(big)  # the overlap pairs are in the cache now: no comparison to wait for
    cache_module.close_all()
    where = tmp_path / "writing-ran-in"
    _writing_check_records_its_process(monkeypatch, where)
    with _reporters_recorded(monkeypatch, tmp_path) as reporters:
        two = findings(lint.lint_knowledge_base(big))
        assert two == one
        assert int(where.read_text()) != os.getpid() and reporters() == {os.getpid(), int(where.read_text())}


@contextlib.contextmanager
def _reporters_recorded(monkeypatch, tmp_path):
    """overlap._report_unit records the process it runs in, slowly in this one (slices are left for
    a second process); yields a function that gives those processes and forgets them."""
    parent, real = os.getpid(), overlap._report_unit
    log = tmp_path / "reported-in"
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)

    def report_unit(*args):
        os.write(fd, f"{os.getpid()}\n".encode())
        if os.getpid() == parent:
            time.sleep(0.002)
        return real(*args)

    def reporters() -> set[int]:
        pids = set(map(int, log.read_text().split()))
        os.ftruncate(fd, 0)
        return pids
    monkeypatch.setattr(overlap, "_report_unit", report_unit)
    try:
        yield reporters
    finally:
        cache_module.close_all()
        os.close(fd)


def test_the_checks_left_when_the_comparison_ends_go_to_the_second_process(big, tmp_path, monkeypatch):
    """While the comparison runs, the other checks run here a family at a time, the longest first;
    the families still to run when it ends go to a second process. Here the comparison waits until
    the first family (writing) has run, and the fourth (kpi) waits until the comparison is done."""
    from roledocs.lint import coverage, kpis, structure

    one = _one_process(big, tmp_path, monkeypatch)
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    parent = os.getpid()

    def until_compared(ctx):
        deadline = time.monotonic() + 60
        while not ctx.compared.ready():
            assert time.monotonic() < deadline, "the comparison never ended"
            time.sleep(0.01)

    def recorded(module, name, then=None):
        real = module.run

        def run(ctx):
            (tmp_path / f"{name}-ran-in").write_text(str(os.getpid()))
            order.append(name)
            if then is not None:
                then(ctx)
            return real(ctx)
        monkeypatch.setattr(module, "run", run)
    order = []  # (here)
    with _held_comparison(monkeypatch) as release:
        recorded(writing, "writing", lambda ctx: os.write(release, b"x"))
        recorded(coverage, "coverage")
        recorded(kpis, "kpi", until_compared)
        recorded(structure, "structure")
        two = findings(lint.lint_knowledge_base(big))
    ran_in = {name: int((tmp_path / f"{name}-ran-in").read_text()) for name in ("coverage", "kpi", "structure", "writing")}
    assert two == one
    assert order == ["writing", "coverage", "kpi"]
    assert ran_in["writing"] == ran_in["coverage"] == ran_in["kpi"] == parent
    assert ran_in["structure"] != parent


def test_a_second_process_helps_report_many_overlaps_without_other_checks(big, tmp_path, monkeypatch):
    """Only the overlap checks (no other work for a second process): from `REPORT_IN_TWO_FROM`
    places a forked process still helps report them, with the same findings."""
    monkeypatch.setenv("ROLEDOCS_NO_FORK", "1")
    one = findings(lint.lint_knowledge_base(big, only=["overlap"]))
    monkeypatch.delenv("ROLEDOCS_NO_FORK")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    lint.lint_knowledge_base(big, only=["overlap"])  # the pairs in the cache: no comparison to wait for
    cache_module.close_all()
    assert len(one) > 100
    with _reporters_recorded(monkeypatch, tmp_path) as reporters:
        monkeypatch.setattr(overlap, "REPORT_IN_TWO_FROM", 100)
        assert findings(lint.lint_knowledge_base(big, only=["overlap"])) == one
        pids = reporters()
        assert len(pids) == 2 and os.getpid() in pids
        monkeypatch.setattr(overlap, "REPORT_IN_TWO_FROM", 10 ** 9)  # fewer places: all reported here
        assert findings(lint.lint_knowledge_base(big, only=["overlap"])) == one
        assert reporters() == {os.getpid()}
