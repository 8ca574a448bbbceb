"""How long `roledocs export` takes on synthetic knowledge bases (target: 1,000 roles ≤ 5 s),
and where the time goes.

    .venv/bin/python benchmarks/export.py [100 1000]

Per size: the CLI as a fresh process (best of three wall and CPU times, peak memory, the
workbook's size and row count), then in-process: the CPU time of opening the model (read +
validate) and of writing the workbook, measured apart. On a shared machine CPU time is the
fairer number; the load is printed with each size. Numbers go to the README.
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


def run_cli(args: list[str], cwd: Path, empty_cache: Path | None = None) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system), peak RSS in MiB and exit code of one process.
    On a shared machine wall time varies with the load; CPU time much less. `empty_cache`: the
    parse cache's folder (roledocs.kb.cache), emptied first (a fresh CI machine)."""
    if empty_cache is not None:
        shutil.rmtree(empty_cache, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "roledocs.cli", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return (time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            os.waitstatus_to_exitcode(status))


def in_process(root: Path, out: Path) -> tuple[float, float]:
    """CPU seconds of opening the model (read + validate) and of writing the workbook, as the
    command does them (the cyclic garbage collector paused)."""
    from roledocs.export import export_workbook, select
    from roledocs.gcpause import collector_paused
    from roledocs.kb import open_knowledge_base

    with collector_paused():
        start = time.process_time()
        kb = open_knowledge_base(root)
        opened = time.process_time()
        export_workbook(kb, select(kb), out)
        return opened - start, time.process_time() - opened


def main(sizes: list[int]) -> None:
    print(f"{'roles':>6} {'cold wall':>10} {'cold CPU':>9} {'export wall':>12} {'export CPU':>11} {'validate CPU':>13}"
          f" {'peak RSS':>9} {'open CPU':>11} {'write CPU':>11} {'rows':>7} {'file':>8}  load"
          "   (best of 3; cold: empty parse cache; in-process parts once)")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_synthetic_knowledge_base(Path(tmp), n, seed=1)
            out = Path(tmp) / "out"
            cache = Path(tmp) / "cache"
            os.environ["ROLEDOCS_CACHE_DIR"] = str(cache)
            cold = [run_cli(["export", "--out", str(out)], root, empty_cache=cache) for _ in range(3)]
            runs = [run_cli(["export", "--out", str(out)], root) for _ in range(3)]
            checks = [run_cli(["validate"], root) for _ in range(3)]  # the floor: reading + validating
            assert all(r[-1] == 0 for r in runs + checks), runs + checks
            wall, cpu, rss = min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)
            validate_cpu = min(r[1] for r in checks)
            opened, written = in_process(root, out)
            path = out / "roles-export.xlsx"
            import openpyxl

            rows = sum(ws.max_row for ws in openpyxl.load_workbook(path, read_only=True).worksheets)
            print(f"{n:>6} {min(r[0] for r in cold):>8.2f} s {min(r[1] for r in cold):>7.2f} s"
                  f" {wall:>10.2f} s {cpu:>9.2f} s {validate_cpu:>11.2f} s {rss:>5.0f} MiB {opened:>9.2f} s"
                  f" {written:>9.2f} s {rows:>7} {path.stat().st_size / 1e6:>5.1f} MB  {os.getloadavg()[0]:.1f}",
                  flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
