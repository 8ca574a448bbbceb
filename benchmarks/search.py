"""Search speed and size on synthetic knowledge bases (and the real one).

    .venv/bin/python benchmarks/search.py [1000 10000]

For each size: writes the knowledge base into a temporary folder, then measures
- loading + validating it (open_knowledge_base), which an index rebuild also pays;
- build_index: tokenizing everything and writing the SQLite FTS5 file; its size;
- the up-to-date check every search starts with (ensure_index, nothing changed);
- in-process query latency (Searcher.search, limit 10, snippets included) over a
  mix of query kinds, median and p95;
- a cold `roledocs search` process (index already built, as after any change has
  been indexed): wall time and peak RSS, median of 10 runs.
Targets (issue 5): p95 < 10 ms in-process at 10,000 roles; cold CLI < 0.3 s.
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


def run_cli(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB and exit code of one fresh `roledocs` process.

    Peak RSS comes from /usr/bin/time: the rusage of a child forked from this (big)
    process would count the parent's pages copied before exec."""
    time_cmd = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    start = time.perf_counter()
    proc = subprocess.run([*time_cmd, *roledocs_exe(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    wall = time.perf_counter() - start
    rss = float(proc.stderr.strip().splitlines()[-1]) / 1024 if time_cmd else float("nan")
    return wall, rss, proc.returncode


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

    runs = [run_cli(["search", q, "--root", str(root)]) for q in ("客户投诉", "xszj", "销售经理", "谁负责回款", "销售总鉴")] * 1
    runs += [run_cli(["search", q, "--root", str(root)]) for q in ("客户投诉", "xszj", "销售经理", "谁负责回款", "销售总鉴")]
    walls = [r[0] for r in runs]
    print(f"{label:>9} roles: load+validate {t1 - t0:6.2f} s | build_index {t2 - t1:6.2f} s | "
          f"index {size:6.1f} MiB | up-to-date check {check * 1000:5.0f} ms | "
          f"query median {statistics.median(latencies):5.2f} ms p95 {percentile(latencies, 95):5.2f} ms "
          f"max {max(latencies):5.1f} ms ({len(latencies)} queries) | "
          f"cold CLI median {statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f}) "
          f"peak RSS {max(r[1] for r in runs):.0f} MiB | exit codes {sorted({r[2] for r in runs})}")


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
