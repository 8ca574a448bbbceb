"""How long `roledocs lint` takes on synthetic knowledge bases (numbers go to the README).

    .venv/bin/python benchmarks/lint.py [1000 ...]

The shared synthetic generator (tests/support/synthetic.py) writes every duty from 12 verbs
and 24 objects: at 200 roles 1,856 pairs of its tasks already say the same thing, which no
real knowledge base does. For the overlap search to be measured on text that behaves like
real text, the duties here are rewritten: clauses of the real knowledge base (roles/) with
their nouns replaced by random nouns of it, and 3 % of the tasks copied from another role
with one word changed (planted overlaps the check must find).

A second knowledge base is the real one copied to 1,000 roles (new ids and titles, the same
texts): what a company that writes its job descriptions from templates has, and the worst case
for reporting (every duty text is written in ~60 places; each place is reported with its
counterparts). A third ("numbered") is the same with each copy's number put into every sentence
(「……（12号片区）。」): 26,000 distinct texts but 446 distinct forms. The fourth ("dense") is the
shared generator as it is: every duty from 288 phrases, 163,000 candidate pairs at 1,000 roles,
the hardest case for the search.

The CLI runs as a fresh process with a cache folder of its own (ROLEDOCS_CACHE_DIR), three
times in each of three states: an empty cache (every run with a new folder), a filled cache
(nothing changed since the last run: the overlap result comes from the cache), and after a
one-file edit (a new task in one role each time: that role is read again and the overlap
search runs over all texts). The best wall time and CPU time of each state, the peak memory
and what was found are printed; then, in this process, the CPU seconds of validation, of
building the model and of each family of checks (the overlap check once from the filled cache
and once computed), and the machine's load average (CPU time says more than wall time on a
machine shared with other work, but it grows under load too).
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # test helpers (synthetic knowledge bases)

from support.synthetic import write_synthetic_knowledge_base  # noqa: E402

PLANTED = 0.03


def real_text() -> tuple[list[str], list[str]]:
    """Clauses and nouns of the real knowledge base's duties."""
    import rjieba

    from roledocs.kb import open_knowledge_base

    kb = open_knowledge_base(REPO)
    clauses, nouns = [], set()
    for role in kb.roles.values():
        for duty in role.duties:
            for text in (duty.description, *duty.tasks):
                clauses += [c for c in re.split(r"[，；。]", text) if len(c) >= 4]
                nouns.update(w for w, tag in rjieba.tag(text) if tag == "n" and len(w) >= 2)
    return clauses, sorted(nouns)


def vary(root: Path, seed: int = 1) -> int:
    """Rewrite the duties of a synthetic knowledge base with varied text; returns how many
    tasks were copied from another role."""
    import rjieba

    rng = random.Random(seed)
    clauses, nouns = real_text()
    pieces = [[(w, tag == "n" and len(w) >= 2) for w, tag in rjieba.tag(c)] for c in clauses]

    def clause() -> str:
        return "".join(rng.choice(nouns) if is_noun else w for w, is_noun in rng.choice(pieces))

    def sentence() -> str:
        return "，".join(clause() for _ in range(rng.randint(2, 3))) + "。"

    written: list[str] = []
    copied = 0
    for path in sorted((root / "roles").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for duty in data["duties"]:
            duty["description"] = sentence()
            tasks = []
            for _ in range(len(duty["tasks"])):
                if written and rng.random() < PLANTED:
                    words = list(rjieba.cut(rng.choice(written)))
                    words[rng.randrange(len(words))] = rng.choice(nouns)
                    tasks.append("".join(words))
                    copied += 1
                else:
                    tasks.append(sentence())
            duty["tasks"] = tasks
            written += tasks
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return copied


def copied(dest: Path, n: int) -> Path:
    """The real knowledge base (roles/) with its roles copied until there are `n`: each copy has a
    new id and title and reports to the original's superior; every text is the original's."""
    shutil.copytree(REPO / "roles", dest / "roles")
    originals = sorted((dest / "roles").glob("*/*.yaml"))
    count, round_ = len(originals), 0
    while count < n:
        round_ += 1
        for path in originals:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if count >= n or not data.get("reports_to"):
                continue
            data["id"], data["title"] = f"{data['id']}-c{round_}", f"{data['title']}{round_}号"
            data.pop("aliases", None)  # an alias names one role
            data.pop("title_en", None)
            (path.parent / f"{data['id']}.yaml").write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
            count += 1
    return dest


def numbered(dest: Path, n: int) -> Path:
    """`copied`, with each role's number put into every sentence of its lists (tasks …)."""
    root = copied(dest, n)
    for number, path in enumerate(sorted((root / "roles").glob("*/*.yaml"))):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^( +- .+)。$", rf"\1（{number}号片区）。", text, flags=re.M), encoding="utf-8")
    return root


def run_cli(args: list[str], cwd: Path, cache: Path) -> tuple[float, float, int, tuple, float]:
    """Wall seconds, peak RSS in MiB, exit code, what was found and CPU seconds of one process
    (CPU time says more than wall time on a machine shared with other work). What was found is
    kept small (a digest of the output, the problem codes, the checks' counts): on Linux a
    command started later inherits this process's peak memory (ru_maxrss survives exec) and
    would report it as its own."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "roledocs.cli", *args], cwd=cwd,
                            env=dict(os.environ, ROLEDOCS_CACHE_DIR=str(cache)),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall, cpu = time.perf_counter() - start, usage.ru_utime + usage.ru_stime
    found = (hashlib.sha256(out).hexdigest(),)
    if "json" in args:
        data = json.loads(out)
        found += ({p["code"] for p in data["problems"]}, data["checks"])
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), found, cpu


def families(root: Path) -> None:
    """CPU seconds of each stage of `roledocs lint`, in this process."""
    import datetime as dt
    import gc
    import importlib

    from roledocs.kb.model import build_model
    from roledocs.kb.validate import validate_knowledge_base
    from roledocs.lint import overlap
    from roledocs.lint.config import load_config
    from roledocs.lint.context import LintContext
    from roledocs.lint.markers import apply_markers, read_markers
    from roledocs.lint.registry import CHECKS, FAMILIES
    from roledocs.lint.similarity import clauses
    from roledocs.lint.writing import is_filler

    def timed(label, work):
        start = time.process_time()
        result = work()
        print(f"    {label:<24} {time.process_time() - start:6.2f} s CPU", flush=True)
        return result

    report = timed("validate", lambda: validate_knowledge_base(root))
    gc.disable()  # as `roledocs lint` does while it builds the model and runs the checks
    kb = timed("model", lambda: build_model(report.documents, "public", root=report.roles_dir))
    ctx = LintContext(report.documents, kb, load_config(root), dt.date.today(), {c.code for c in CHECKS})
    for family, (module, _) in FAMILIES.items():
        if family != "markers":
            timed(family + (" (cached)" if family == "overlap" else ""),
                  lambda module=module: importlib.import_module(module).run(ctx))
    timed("markers", lambda: apply_markers(ctx.findings, read_markers(report.documents)))
    texts = [u.text for u in overlap.units(kb.roles.values()) if not is_filler(u.text)]
    forms = list(dict.fromkeys(map(clauses, texts)))
    timed("overlap pairs (computed)", lambda: overlap.scored_pairs(forms, ctx.config.threshold("overlap-similarity")))
    gc.enable()


def best(runs) -> str:
    return f"{min(r[0] for r in runs):5.2f} s / {min(r[4] for r in runs):5.2f} s"


def main(sizes: list[int]) -> None:
    print(f"{'roles':>7}  wall / CPU (best of 3): {'empty cache':>17} {'filled cache':>17} {'one-file edit':>17}"
          f" {'validate':>9} {'peak RSS':>9}  findings")
    for n, kind in [(n, kind) for n in sizes for kind in ("varied", "copied", "numbered", "dense")]:
        with tempfile.TemporaryDirectory() as tmp:
            if kind == "varied":
                root = write_synthetic_knowledge_base(Path(tmp), n, seed=1)
                planted = f"planted copies {vary(root)}"
            elif kind == "dense":
                root = write_synthetic_knowledge_base(Path(tmp), n, seed=1)
                planted = "the shared generator's text"
            else:
                root = (copied if kind == "copied" else numbered)(Path(tmp) / "kb", n)
                planted = "copies of the real roles" + (", numbered" if kind == "numbered" else "")
            cache = Path(tmp) / "cache"
            empty = []
            for attempt in range(3):
                shutil.rmtree(cache, ignore_errors=True)
                empty.append(run_cli(["lint", "--format", "json"], root, cache))
            filled = [run_cli(["lint", "--format", "json"], root, cache) for _ in range(3)]
            path = sorted((root / "roles").glob("*/*.yaml"))[len(filled)]
            original = path.read_text(encoding="utf-8")
            edited = []
            for attempt in range(3):
                # a new first task, indented as the list's items
                edit = re.sub(r"^( *tasks:\n)( *- )", rf"\g<1>\g<2>负责整理第 {attempt + 1} 批客户回访记录并归档。\n\g<2>",
                              original, count=1, flags=re.M)
                assert edit != original, path
                path.write_text(edit, encoding="utf-8")
                edited.append(run_cli(["lint", "--format", "json"], root, cache))
            path.write_text(original, encoding="utf-8")
            runs = empty + filled + edited
            assert all(r[2] in (0, 1) for r in runs), [r[2] for r in runs]
            # linted, not stopped by validation: the edits keep the knowledge base valid
            assert all(code.startswith("RD5") for r in runs for code in r[3][1])
            assert len({r[3][0] for r in empty + filled}) == 1  # the cache changes nothing
            validate = min(run_cli(["validate"], root, cache)[0] for _ in range(3))
            checks = filled[0][3][2]
            found = ", ".join(f"{c['code']} {c['count']}" for c in checks if c["count"])
            print(f"{n:>7}  {kind:<23}{best(empty):>17} {best(filled):>17} {best(edited):>17} {validate:>7.2f} s"
                  f" {max(r[1] for r in runs):>5.0f} MiB  {planted}; {found}", flush=True)
            if kind == "varied":
                print(f"  in one process, load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}:", flush=True)
                # in a process of its own: on Linux a child started later would inherit this
                # process's peak memory (ru_maxrss survives exec) and report it as its own
                subprocess.run([sys.executable, __file__, "--stages", str(root)], check=True,
                               env=dict(os.environ, ROLEDOCS_CACHE_DIR=str(cache)))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stages"]:
        sys.path.insert(0, str(REPO / "src"))
        families(Path(sys.argv[2]))
    else:
        main([int(a) for a in sys.argv[1:]] or [1000])
