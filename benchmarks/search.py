"""Search speed and size on synthetic knowledge bases (and the real one).

    .venv/bin/python benchmarks/search.py [1000 10000]

For each size: writes the knowledge base into a temporary folder, then measures
- loading + validating it (open_knowledge_base), which an index rebuild also pays;
- build_index: tokenizing everything and writing the SQLite FTS5 file; its size;
- the up-to-date check every search starts with (ensure_index, nothing changed);
- one role's task edited: ensure_index updates the index file in place (refresh_index), and a
  full build of the same knowledge base for comparison (both with the analyses in the parse cache);
- in-process query latency (Searcher.search, limit 10, snippets included) over a
  mix of query kinds, median and p95;
- a cold `roledocs search 客户投诉` process (index already built, as after any change has
  been indexed): wall time and CPU time (user + sys), median of COLD_RUNS runs, peak RSS;
  and the wall median over a mix of query kinds (pinyin, a question, a typo).
Targets (issue 16.5): cold `roledocs search 客户投诉` ≤ 0.15 s median at 17 and at 10,000
roles; in-process p95 ≤ 10 ms at 10,000 roles.

    PYTHONPATH=/other/checkout/src python benchmarks/search.py 1000   # "before", same machine
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from roledocs.search.index import _kb_files, _stat_signature, build_index, content_hash, ensure_index
from roledocs.kb import open_knowledge_base
from roledocs.search import Searcher
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # test helpers (synthetic knowledge bases)

from support.synthetic import OBJECTS, SUBJECTS, TITLES, write_synthetic_knowledge_base

REPO = Path(__file__).resolve().parents[1]
QUERIES = (
    [s + t for s in SUBJECTS for t in TITLES][:40]              # titles
    + OBJECTS                                                   # duty fragments
    + ["谁负责" + o for o in OBJECTS[:12]]                        # questions
    + ["回款计划达成率", "客户投诉解决及时率", "核心员工流失率"]      # KPI names
    + ["銷售總監", "客戶投訴", "業務員"]                            # Traditional
    + ["xszj", "kfzg", "xiaoshou", "shichang jingli"]            # pinyin
    + ["销售总鉴", "客服主馆", "C++", "销售-总监", "NOT", ""]        # typos, hostile
)


def roledocs_exe() -> list[str]:
    script = Path(sys.executable).with_name("roledocs")
    return [str(script)] if script.exists() else [sys.executable, "-m", "roledocs.cli"]


COLD_RUNS = 11


def run_cli(args: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + sys), peak RSS in MiB and exit code of one fresh
    `roledocs` process.

    Peak RSS comes from /usr/bin/time: the rusage of a child forked from this (big)
    process would count the parent's pages copied before exec. CPU comes from wait4
    (it counts the waited-for `roledocs` under /usr/bin/time too)."""
    time_cmd = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # .pyc files, as installed
    start = time.perf_counter()
    proc = subprocess.Popen([*time_cmd, *roledocs_exe(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env=env)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = float(err.strip().splitlines()[-1]) / 1024 if time_cmd else float("nan")
    return wall, usage.ru_utime + usage.ru_stime, rss, proc.returncode


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(root: Path, label: str) -> None:
    t0 = time.perf_counter()
    kb = open_knowledge_base(root)
    t1 = time.perf_counter()
    path = root / ".roledocs-cache" / "index.sqlite"
    roles_dir, files = _kb_files(root)  # the hashes `roledocs index` records, so the index is current
    build_index(kb, path, kb_hash=content_hash(roles_dir, files), stat_signature=_stat_signature(roles_dir, files))
    t2 = time.perf_counter()
    t3 = time.perf_counter()
    assert ensure_index(root) == (path, False)
    check = time.perf_counter() - t3
    size = path.stat().st_size / 2**20
    import re

    edited = sorted((root / "roles").glob("*/*.yaml"))[0]
    before = edited.read_text(encoding="utf-8")  # a task (a list item of plain Chinese text) gets longer
    after = re.sub(r"(?m)^(\s+- [^'\"|>:\n]*[\u4e00-\u9fff。；])$", r"\1（修订）", before, count=1)
    assert after != before, edited
    edited.write_text(after, encoding="utf-8")
    t4 = time.perf_counter()
    assert ensure_index(root) == (path, True)
    in_place = time.perf_counter() - t4
    t5 = time.perf_counter()
    build_index(open_knowledge_base(root), root / "full.sqlite")
    full_again = time.perf_counter() - t5

    searcher = Searcher(path)
    for q in QUERIES:  # warm-up: loads the dictionary, fills the page cache
        searcher.search(q)
    latencies = []
    for _ in range(3):
        for q in QUERIES:
            s = time.perf_counter()
            searcher.search(q, limit=10)
            latencies.append((time.perf_counter() - s) * 1000)
    searcher.close()

    runs = [run_cli(["search", "客户投诉", "--root", str(root)]) for _ in range(COLD_RUNS)]
    mix = [run_cli(["search", q, "--root", str(root)]) for q in ("xszj", "销售经理", "谁负责回款", "銷售總監", "销售总鉴")]
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    print(f"{label:>9} roles: load+validate {t1 - t0:6.2f} s | build_index {t2 - t1:6.2f} s | "
          f"index {size:6.1f} MiB | up-to-date check {check * 1000:5.0f} ms | one edit: in place "
          f"{in_place:5.2f} s, full build {full_again:5.2f} s | "
          f"query median {statistics.median(latencies):5.2f} ms p95 {percentile(latencies, 95):5.2f} ms "
          f"max {max(latencies):5.1f} ms ({len(latencies)} queries) | "
          f"cold `search 客户投诉` median wall {statistics.median(walls):.3f} s (min {min(walls):.3f}) "
          f"CPU {statistics.median(cpus):.3f} s (min {min(cpus):.3f}), other queries wall median "
          f"{statistics.median(r[0] for r in mix):.3f} s | peak RSS {max(r[2] for r in runs + mix):.0f} MiB | "
          f"exit codes {sorted({r[3] for r in runs + mix})}")


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        real = Path(tmp) / "real"
        shutil.copytree(REPO / "roles", real / "roles")
        measure(real, "real (17)")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_synthetic_knowledge_base(Path(tmp), n, seed=1)
            measure(root, str(n))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
