"""How long `roledocs validate` takes, and how much memory, on synthetic knowledge bases.

    .venv/bin/python benchmarks/validate.py [100 1000 10000]

Each size is written once into a temporary folder; the CLI then runs as a
fresh process three times (cold start included, as CI runs it) and the best
wall time and CPU time and the peak resident memory are printed, in three states of the
parse cache (roledocs.kb.cache, its own folder here): empty (a fresh CI machine), filled
(nothing changed since the last command), and after one role file was edited (an HR
editor saving a file; the editor's check or the pre-commit hook runs validate).
Numbers go to the README.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # test helpers (synthetic knowledge bases)

from support.synthetic import write_synthetic_knowledge_base


def run_cli(args: list[str], cwd: Path, env: dict) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS in MiB, exit code and CPU seconds of one `roledocs` process
    (CPU time says more than wall time on a machine shared with other jobs)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "roledocs.cli", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def main(sizes: list[int]) -> None:
    print(f"{'roles':>7} {'files':>7} {'parse cache':>18} {'wall (best of 3)':>17} {'CPU (best of 3)':>16} {'peak RSS':>10}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_synthetic_knowledge_base(Path(tmp), n, seed=1)
            files = sorted((root / "roles").rglob("*.yaml"))
            cache = Path(tmp) / "cache"
            env = {**os.environ, "ROLEDOCS_CACHE_DIR": str(cache)}
            env.pop("ROLEDOCS_NO_CACHE", None)

            def empty():
                shutil.rmtree(cache, ignore_errors=True)

            def edit_one(i=iter(range(len(files)))):
                path = files[-1 - next(i)]  # a role file (the shared files come first)
                path.write_text(path.read_text(encoding="utf-8") + "# 改过\n", encoding="utf-8")

            for state, before in (("empty", empty), ("filled", lambda: None), ("one file edited", edit_one)):
                runs = []
                for _ in range(3):
                    before()
                    runs.append(run_cli(["validate"], root, env))
                assert all(run[2] == 0 for run in runs), runs
                wall = min(r[0] for r in runs)
                cpu = min(r[3] for r in runs)
                rss = max(r[1] for r in runs)
                print(f"{n:>7} {len(files):>7} {state:>18} {wall:>15.2f} s {cpu:>14.2f} s {rss:>7.0f} MiB", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 10000])
