"""How fast the history commands are: the semantic diff of two revisions at 1,000 roles (target
≤ 3 s) and what `render --at` adds over a normal render (target ≤ 0.3 s).

    .venv/bin/python benchmarks/history.py [--roles 1000] [--repeat 3]

A synthetic knowledge base is committed to a temporary git repository, then a second commit
changes it the way a busy month would: 40 roles edited (headcount, a reworded task, duties
reordered, a KPI weight), 10 files moved to another folder, a KPI definition changed (which
reaches hundreds of roles), 5 roles retired, 10 added. Every timing is a new `roledocs`
process (what CI pays), best of `--repeat`; the in-process breakdown shows where time goes.
Numbers go to the README.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.synthetic import write_synthetic_knowledge_base  # noqa: E402

ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.com", "GIT_COMMITTER_NAME": "bench",
       "GIT_COMMITTER_EMAIL": "b@example.com", "NO_COLOR": "1"}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=ENV)


def busy_month(root: Path, n: int) -> None:
    roles = root / "roles"
    files = sorted(roles.glob("*/role-*.yaml"))
    for path in files[1:41]:
        text = path.read_text(encoding="utf-8")
        text = text.replace("headcount: ", "headcount: 1", 1).replace("weight: 40", "weight: 35", 1)
        text = text.replace("weight: 30", "weight: 35", 1)
        first = text.index("- title:")
        second = text.index("- title:", first + 1)
        third = text.index("- title:", second + 1)
        text = text[:first] + text[second:third] + text[first:second] + text[third:]  # swap two duties
        text = text.replace("    - 负责", "    - 全面负责", 1)
        path.write_text(text, encoding="utf-8")
    for path in files[41:51]:
        if path.parent.name != "logistics":
            git(root, "mv", str(path), str(roles / "logistics" / path.name))
    for path in files[51:56]:
        path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: retired"), encoding="utf-8")
    for i in range(10):
        src = files[60 + i].read_text(encoding="utf-8")
        rid = f"role-{n + i:05d}"
        (roles / "sales" / f"{rid}.yaml").write_text(
            src.replace(files[60 + i].stem, rid, 1), encoding="utf-8")
    kpis = roles / "_kpis.yaml"
    kpis.write_text(kpis.read_text(encoding="utf-8").replace("衡量客户满意度。", "衡量客户对产品和服务的满意程度。"),
                    encoding="utf-8")


class Took(float):
    """Best wall-clock seconds, with the CPU seconds of that run (less sensitive to a shared machine)."""

    cpu: float = 0.0

    def __format__(self, spec: str) -> str:
        return f"{float(self):{spec}} s wall / {self.cpu:{spec}} s CPU"

    def __sub__(self, other):
        return f"{float(self) - float(other):+.2f} s wall / {self.cpu - other.cpu:+.2f} s CPU"


def best(cmd: list[str], cwd: Path, repeat: int, ok=(0,), prepare=None) -> Took:
    runs = []
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, capture_output=True, env=ENV)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        assert result.returncode in ok, result.stderr.decode()
        runs.append((wall, cpu))
    wall, cpu = min(runs)
    took = Took(wall)
    took.cpu = min(c for _, c in runs)
    return took


def roledocs(*args: str) -> list[str]:
    return [sys.executable, "-m", "roledocs.cli", *args]


def breakdown(root: Path) -> str:
    from roledocs.history.diff import diff_models
    from roledocs.history.snapshot import SnapshotReader

    t = [time.perf_counter()]
    reader = SnapshotReader(root)
    old = reader.at("v1")
    t.append(time.perf_counter())
    new = reader.at("v2")
    t.append(time.perf_counter())
    a, b = old.model(), new.model()
    t.append(time.perf_counter())
    d = diff_models(a, b)
    t.append(time.perf_counter())
    s = d.summary()
    steps = ["read + check v1", "read + check v2 (unchanged files reused)", "two models", "diff"]
    return ("; ".join(f"{name} {t[i + 1] - t[i]:.2f} s" for i, name in enumerate(steps))
            + f"  → {s}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        write_synthetic_knowledge_base(root, args.roles)
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "v1")
        git(root, "tag", "v1")
        busy_month(root, args.roles)
        git(root, "add", "-A")
        git(root, "commit", "-qm", "v2")
        git(root, "tag", "v2")

        print(f"{args.roles} roles, {len(list((root / 'roles').rglob('*.yaml')))} files")
        cache = Path(tmp) / "cache"  # the parse cache (roledocs.kb.cache): its own, emptied for the cold runs
        os.environ["ROLEDOCS_CACHE_DIR"] = ENV["ROLEDOCS_CACHE_DIR"] = str(cache)

        def empty_cache():
            shutil.rmtree(cache, ignore_errors=True)

        for fmt in ("text", "json"):
            took = best(roledocs("diff", "v1", "v2", "--format", fmt), root, args.repeat, prepare=empty_cache)
            print(f"roledocs diff v1 v2 --format {fmt}, empty parse cache: {took:.2f}")
        plain = best(roledocs("validate"), root, 1, prepare=empty_cache)
        print(f"roledocs validate, empty parse cache: {plain:.2f}")
        took = best(roledocs("diff", "v1", "v2"), root, 1)
        print(f"roledocs diff v1 v2 after validate (v2's files cached, v1's 45 changed files not): {took:.2f}")
        print("in-process:", breakdown(root))
        print("with the parse cache filled (any earlier command read these revisions):")
        for fmt in ("text", "json", "markdown"):
            took = best(roledocs("diff", "v1", "v2", "--format", fmt), root, args.repeat)
            print(f"roledocs diff v1 v2 --format {fmt}: {took:.2f}")
        took = best(roledocs("diff", "v1", "--format", "json"), root, args.repeat)
        print(f"roledocs diff v1 (working tree): {took:.2f}")
        plain = best(roledocs("validate"), root, args.repeat)
        print(f"roledocs validate: {plain:.2f}")
        gate = best(roledocs("validate", "--since", "v1", "--format", "json"), root, args.repeat, ok=(1,))
        print(f"roledocs validate --since v1: {gate:.2f} (exit 1: the 40 edited roles were not bumped)")

        out = Path(tmp) / "out"
        for label, where, role in ((f"{args.roles} synthetic roles", root, "role-00001"),
                                   ("real knowledge base (17 roles)", REPO, "sales-rep")):
            for fmt in ("md", "pdf"):
                now = best(roledocs("render", role, "-f", fmt, "-o", str(out)), where, args.repeat)
                at = best(roledocs("render", role, "-f", fmt, "-o", str(out), "--at", "HEAD"), where, args.repeat)
                print(f"render {fmt} ({label}): {now:.2f}; --at HEAD {at:.2f}; overhead {at - now}")


if __name__ == "__main__":
    main()
