"""How long the site takes to build, what the plugin costs, how big the search index gets.

For the real knowledge base (roles/, 17 roles) and a synthetic one (1,000 roles by
default; roledocs.synthetic):

- `mkdocs build` with the roledocs plugin (no PDF/Word: their cost is benchmarks/render.py's;
  no revision history: its cost is benchmarks/site_history.py's),
- plain MkDocs + Material building exactly the same pages, written by `roledocs site --out`
  (roledocs.site.files, the same plugin options) into a folder whose mkdocs.yml has no plugin:
  the plugin's overhead is the ratio of the two (wall time and CPU time of the build process:
  on a shared machine the CPU time is the steadier one),
- the real knowledge base once more with the PDF and Word downloads, as `mkdocs build` does by default,
- the size of the search files (search/roledocs/, roledocs.site.search_index) and what the browser
  fetches, all files counted (page, CSS, scripts, the worker and the search files it asks for),
  until the first query's results are shown,
- query time in Chromium: a query typed into the search box until its results are shown,
- with --documents: every role's PDF and Word file of the synthetic knowledge base, rendered
  serially and with `-j 2` (`roledocs render`, what a site build with documents does first; in
  CI `--shard K/N` splits it further, docs/ci.md).

    .venv/bin/python benchmarks/site.py [--roles 1000] [--queries 20] [--synthetic-only] [--no-plain] [--documents]
"""
from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.site_project import copy_project, mkdocs_build  # noqa: E402

from support import browser  # noqa: E402
from roledocs.site.files import write_site_files  # noqa: E402
from support.synthetic import write_synthetic_knowledge_base  # noqa: E402

PLUGIN_OPTIONS = "  - roledocs:\n      documents: []\n      history: false\n"
QUERIES = ["销售代表", "客户投诉", "xszj", "銷售總監", "回款", "谁负责处理客户投诉", "库存盘点", "培训"]


def with_plugin_options(project: Path) -> None:
    """The project's mkdocs.yml with the roledocs plugin's options of this benchmark."""
    config = project / "mkdocs.yml"
    text, count = re.subn(r"  - roledocs:\n(?:      .*\n)+", PLUGIN_OPTIONS, config.read_text(encoding="utf-8"))
    if count != 1:
        raise SystemExit("mkdocs.yml has no roledocs plugin entry")
    config.write_text(text, encoding="utf-8")


def timed_build(project: Path, site: Path) -> tuple[float, float, Path]:
    """Wall and CPU seconds of `mkdocs build` (a child process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = mkdocs_build(project, site)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{project}: mkdocs build failed\n{result.stdout}{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, site


def query_times(site: Path, queries: list[str]) -> tuple[list[float], int, int]:
    """Seconds per typed query; the bytes fetched (every response body, the worker's requests
    included) until the first query's results were shown, and how many of them were search files."""
    times = []
    with browser.serve(site) as base, browser.launch() as chrome:
        page = chrome.new_page()
        fetched: list[tuple[str, int]] = []
        page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
        browser.search(page, base, "销售")  # the first query (/?q=…)
        page.wait_for_load_state("networkidle")
        first_query_bytes = sum(size for _, size in fetched)
        search_files = sum(1 for url, _ in fetched if "/search/roledocs/" in url)
        for q in queries:
            started = time.perf_counter()
            browser.search_typed(page, base, q)
            times.append(time.perf_counter() - started)
    return times, first_query_bytes, search_files


def measure(label: str, project: Path, n_roles: int, n_queries: int, with_documents: bool, plain: bool = True) -> None:
    full_s = None
    if with_documents:  # before the options below switch them off
        full_s, _, _ = timed_build(project, project / "site-full")
    with_plugin_options(project)
    plugin_s, plugin_cpu, site = timed_build(project, project / "site-plugin")
    search_files = [p for p in (site / "search").rglob("*") if p.is_file()]
    index_bytes = sum(p.stat().st_size for p in search_files)
    times, first_query_bytes, first_query_files = (
        query_times(site, (QUERIES * (n_queries // len(QUERIES) + 1))[:n_queries]) if n_queries else ([], 0, 0))
    print(f"{label}: {n_roles} roles")
    print(f"  mkdocs build, roledocs plugin (no PDF/Word)  {plugin_s:7.1f} s   CPU {plugin_cpu:6.1f} s")
    if plain:
        pages = project.parent / f"{project.name}-pages"
        started = time.perf_counter()
        written = write_site_files(project, pages)
        write_s = time.perf_counter() - started
        plain_s, plain_cpu, _ = timed_build(pages, pages / "site")
        print(f"  roledocs site --out ({written.pages} pages)        {write_s:7.1f} s")
        print(f"  plain MkDocs, the same pages as files        {plain_s:7.1f} s   CPU {plain_cpu:6.1f} s")
        print(f"  plugin overhead ×{plugin_s / plain_s:.2f} (wall), ×{plugin_cpu / plain_cpu:.2f} (CPU)")
    if full_s is not None:
        print(f"  mkdocs build with PDF + Word downloads       {full_s:7.1f} s")
    print(f"  search files {len(search_files)}, {index_bytes / 1024:8.0f} KiB in all (fetched on demand)")
    if times:
        print(f"  fetched until the first query's results are shown {first_query_bytes / 1024:8.0f} KiB "
              f"({first_query_files} search files)")
        print(f"  query in Chromium (typed → results shown) median {statistics.median(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms ({len(times)} queries)")


def document_times(project: Path, n_roles: int) -> None:
    """`roledocs render` of every role (PDF + Word), serial and with -j 2 (wall and CPU)."""
    import subprocess

    for jobs in (1, 2):
        out = project / f"documents-j{jobs}"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "roledocs.cli", "render", "--root", str(project), "-o", str(out),
                        "-j", str(jobs)], check=True, capture_output=True)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        files = len(list(out.rglob("*.pdf"))) + len(list(out.rglob("*.docx")))
        print(f"  PDF + Word of {n_roles} roles, -j {jobs}: {elapsed:7.1f} s wall, CPU {cpu:7.1f} s ({files} files)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000, help="synthetic knowledge-base size")
    parser.add_argument("--queries", type=int, default=16, help="browser queries per site (0: none)")
    parser.add_argument("--synthetic-only", action="store_true", help="skip the real knowledge base")
    parser.add_argument("--documents", action="store_true",
                        help="also render every synthetic role's PDF and Word file, serial and -j 2 (slow)")
    parser.add_argument("--no-plain", action="store_true",
                        help="skip the plain MkDocs build (the plugin's overhead): search and query times only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roledocs-site-bench-") as tmp:
        if not args.synthetic_only:
            real = copy_project(Path(tmp) / "real")
            measure("real knowledge base", real, len(list((real / "roles").glob("*/*.yaml"))), args.queries, True)
        synthetic = Path(tmp) / "synthetic"
        synthetic.mkdir()
        shutil.copy2(REPO / "mkdocs.yml", synthetic / "mkdocs.yml")
        shutil.copytree(REPO / "docs", synthetic / "docs")
        write_synthetic_knowledge_base(synthetic, args.roles)
        measure("synthetic knowledge base", synthetic, args.roles, args.queries, False, plain=not args.no_plain)
        if args.documents:
            document_times(synthetic, args.roles)


if __name__ == "__main__":
    main()
