"""The parse cache (roledocs.kb.cache) is never stale and never in the way (issue 16, point 4).

Every case compares what `validate` reports with the cache (filled, then used) against a run
with ROLEDOCS_NO_CACHE=1, after edits of every kind: text, a typo in a key, a duplicate key, a
GBK file, a syntax error, going back to the original bytes, the same bytes under another name,
a project schema made stricter, and an edit that keeps the file's size and modification time.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from roledocs.kb import load as load_module
from roledocs.kb.cache import CACHE_FILE, close_all
from roledocs.kb.validate import validate_knowledge_base

REPO = Path(__file__).resolve().parents[2]
REP = "roles/sales/sales-rep.yaml"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "roles", root / "roles")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ROLEDOCS_NO_CACHE", raising=False)
    return root


def outcome(root: Path) -> tuple:
    """Everything validation gives that a command uses: problems, values, positions."""
    report = validate_knowledge_base(root)
    return ([p.as_tuple() for p in report.problems],
            [(d.name, d.kind, d.data, dict(d.positions), dict(d.key_positions), d.printed_text)
             for d in report.documents])


def uncached(root: Path, monkeypatch) -> tuple:
    with monkeypatch.context() as m:
        m.setenv("ROLEDOCS_NO_CACHE", "1")
        return outcome(root)


def same_with_and_without_cache(root: Path, monkeypatch) -> tuple:
    expected = uncached(root, monkeypatch)
    assert outcome(root) == expected  # fills the cache (or uses entries of earlier steps)
    assert outcome(root) == expected  # read back from it
    return expected


EDITS = {
    "a task reworded": lambda t: t.replace("努力完成销售业绩指标。", "努力完成并按月汇总销售业绩指标。", 1),
    "a key misspelt": lambda t: t.replace("summary:", "sumary:", 1),
    "a key written twice": lambda t: t + "title: 重复的标题\n",
    "a syntax error": lambda t: t.replace("title:", "title: [未闭合", 1),
    "a tab in the indentation": lambda t: t.replace("\n  ", "\n\t", 1),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_edit_is_seen_and_the_original_comes_back(project, monkeypatch, edit):
    path = project / REP
    original = path.read_text(encoding="utf-8")
    clean = same_with_and_without_cache(project, monkeypatch)
    assert EDITS[edit](original) != original
    path.write_text(EDITS[edit](original), encoding="utf-8")
    edited = same_with_and_without_cache(project, monkeypatch)
    assert edited != clean
    path.write_text(original, encoding="utf-8")
    assert same_with_and_without_cache(project, monkeypatch) == clean


def test_a_gbk_file_and_its_utf8_twin(project, monkeypatch):
    path = project / REP
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gb18030"))
    problems, _ = same_with_and_without_cache(project, monkeypatch)
    assert any(p[0] == "RD101" and p[3] == REP for p in problems)
    path.write_text(text, encoding="utf-8")
    problems, _ = same_with_and_without_cache(project, monkeypatch)
    assert not any(p[3] == REP for p in problems)


def test_the_same_bytes_under_another_name_are_checked_as_that_file(project, monkeypatch):
    """A copy of a role under another file name has the same content hash but other problems
    (its id no longer matches its file name, RD302; the id is now taken twice)."""
    same_with_and_without_cache(project, monkeypatch)
    shutil.copy(project / REP, project / "roles/sales/sales-rep-copy.yaml")
    problems, documents = same_with_and_without_cache(project, monkeypatch)
    assert any(p[3] == "roles/sales/sales-rep-copy.yaml" for p in problems)
    assert "roles/sales/sales-rep-copy.yaml" in [d[0] for d in documents]


def test_a_stricter_project_schema_is_applied_to_unchanged_files(project, monkeypatch):
    clean = same_with_and_without_cache(project, monkeypatch)
    schemas = project / "schemas"
    shutil.copytree(REPO / "schemas", schemas)
    role = schemas / "role.schema.json"
    text = role.read_text(encoding="utf-8")
    assert '"minLength": 1, "maxLength": 10000' in text  # the definition of a text
    role.write_text(text.replace('"minLength": 1, "maxLength": 10000', '"minLength": 1, "maxLength": 30'),
                    encoding="utf-8")
    stricter = same_with_and_without_cache(project, monkeypatch)
    assert stricter != clean and len(stricter[0]) > len(clean[0])


def test_an_edit_that_keeps_size_and_time_is_seen(project, monkeypatch):
    """The key is the content, not the file's size or time: a same-length edit with the old
    modification time restored is still read again."""
    path = project / REP
    same_with_and_without_cache(project, monkeypatch)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("title: 销售代表", "title: 销售代理", 1)
    assert changed != text and len(changed.encode()) == len(text.encode())
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    _, documents = same_with_and_without_cache(project, monkeypatch)
    assert dict((d[0], d[2]) for d in documents)[REP]["title"] == "销售代理"


def test_a_filled_cache_reads_no_yaml_at_all(project, monkeypatch):
    """Proof that the cache is used: with every file in it, the YAML reader is never called."""
    expected = outcome(project)

    def no_reading(*args, **kwargs):
        raise AssertionError("the YAML reader ran although every file is in the cache")

    monkeypatch.setattr(load_module, "_Reader", no_reading)
    assert outcome(project) == expected
    (project / REP).write_text((project / REP).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="the YAML reader ran"):  # a changed file is read
        outcome(project)


def test_a_damaged_cache_file_is_ignored_and_replaced(project, monkeypatch, tmp_path):
    expected = uncached(project, monkeypatch)
    close_all()
    cache = tmp_path / "cache" / CACHE_FILE
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"this is not a database" * 100)
    assert outcome(project) == expected
    close_all()
    with sqlite3.connect(cache) as db:  # replaced by a working cache
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] > 17
    assert outcome(project) == expected


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_cache_folder_that_cannot_be_written(project, monkeypatch, tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(folder / "cache"))
    try:
        assert outcome(project) == uncached(project, monkeypatch)
    finally:
        folder.chmod(0o700)


def test_a_cache_folder_that_is_a_file(project, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(blocker))
    assert outcome(project) == uncached(project, monkeypatch)
    assert blocker.read_text(encoding="utf-8") == "x"


def test_the_cache_is_private_and_outside_the_project(project, monkeypatch, tmp_path):
    """It holds the values of confidential fields: only the user may read it. And a command
    writes nothing into the project that the user did not ask for."""
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    outcome(project)
    close_all()
    cache = tmp_path / "cache" / CACHE_FILE
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] > 17


def test_a_changed_roledocs_never_uses_entries_of_the_old_one(project, tmp_path):
    """The source of roledocs' reader is part of every key: a copy of roledocs whose message for
    a tab in the indentation was edited reports the new message, in a new process, although
    the same file is in the cache with the old one."""
    path = project / REP
    path.write_text(path.read_text(encoding="utf-8").replace("\n  ", "\n\t", 1), encoding="utf-8")
    copy = tmp_path / "src"
    shutil.copytree(REPO / "src" / "roledocs", copy / "roledocs", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")  # the source checkout's schemas, beside src/
    env = {**os.environ, "PYTHONPATH": str(copy), "ROLEDOCS_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("ROLEDOCS_NO_CACHE", None)

    def validate() -> str:
        result = subprocess.run([sys.executable, "-m", "roledocs.cli", "validate"], cwd=project, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 1, result.stderr
        return result.stdout

    first = validate()
    assert "这一行用制表符（Tab）缩进" in first
    loader = copy / "roledocs" / "kb" / "load.py"
    loader.write_text(loader.read_text(encoding="utf-8").replace("这一行用制表符（Tab）缩进", "这一行用了制表符缩进"),
                      encoding="utf-8")
    second = validate()
    assert "这一行用了制表符缩进" in second and "这一行用制表符（Tab）缩进" not in second


@pytest.mark.skipif(not hasattr(os, "fork"), reason="没有 os.fork 的系统上不用子进程")
def test_a_forked_child_reads_the_parents_new_entries_and_hands_back_only_its_own(tmp_path, monkeypatch):
    """Entries made before a fork and not written yet (lint forks its comparison before
    validation writes what was read) are read in the child from memory; the child hands back only
    what it made, and the parent writes both."""
    from roledocs import forked
    from roledocs.kb import cache as cache_module

    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ROLEDOCS_NO_CACHE", raising=False)
    monkeypatch.delenv("ROLEDOCS_NO_FORK", raising=False)
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    store = cache_module.parse_cache()
    store.put(b"parent", ["读到的文件"])

    def child():
        seen = store.get(b"parent")
        store.put(b"child", ["比较的结果"])
        return [seen, cache_module.handed_over()]

    seen, handed = forked.aside(child, in_child=cache_module.for_child_process)()
    assert seen == ["读到的文件"]
    assert [key for key, _ in handed] == [b"child"]
    cache_module.take_over(handed)
    close_all()
    with sqlite3.connect(tmp_path / "cache" / CACHE_FILE) as db:
        assert sorted(k for (k,) in db.execute("SELECT key FROM entries")) == [b"child", b"parent"]


def test_entries_not_written_yet_are_not_missing_and_not_looked_up(tmp_path, monkeypatch):
    """An entry made in this process and not written yet (a forked child holds all its parent's)
    is found in memory: prefetching it asks the database nothing (a child would wait for the
    parent's write), and it is not reported missing (its file would be read again)."""
    from roledocs.kb import cache as cache_module

    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ROLEDOCS_NO_CACHE", raising=False)
    store = cache_module.parse_cache()
    store.put(b"made here", ["读到的文件"])
    store.prefetch([b"made here", b"never made"])
    assert store.missing([b"made here", b"never made"]) == [b"never made"]
    assert store.get(b"made here") == ["读到的文件"]
    close_all()
