"""How long the site takes to build, what the plugin costs, how big the search index gets.

For the real knowledge base (roles/, 17 roles) and a synthetic one (1,000 roles by
default; roledocs.synthetic):

- `mkdocs build` with the roledocs plugin (no PDF/Word: their cost is benchmarks/render.py's),
- plain MkDocs + Material building the same pages written out as Markdown files
  (the plugin off): the plugin's overhead is the ratio of the two,
- the real knowledge base once more with the PDF and Word downloads, as `mkdocs build` does by default,
- search/search_index.json size per role,
- query time in Chromium: a query typed into the search box until its results are shown.

    .venv/bin/python benchmarks/site.py [--roles 1000] [--queries 20]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.site_project import copy_project, mkdocs_build  # noqa: E402

from roledocs.kb import open_knowledge_base  # noqa: E402
from support import browser  # noqa: E402
from roledocs.site.pages import OVERVIEW_MARKER, SitePages  # noqa: E402
from support.synthetic import write_synthetic_knowledge_base  # noqa: E402

PLUGIN_NO_DOCUMENTS = """\
INHERIT: mkdocs.yml
plugins:
  - search:
      lang: zh
      separator: '{separator}'
  - tags
  - roledocs:
      documents: []
"""
# The same site without the plugin: Material's search as configured, no roledocs.
PLAIN = """\
INHERIT: mkdocs.yml
plugins:
  - search:
      lang: zh
      separator: '{separator}'
  - tags
extra_css: [assets/roledocs.css]
"""
QUERIES = ["销售代表", "客户投诉", "xszj", "銷售總監", "回款", "谁负责处理客户投诉", "库存盘点", "培训"]


def separator() -> str:
    for line in (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("separator:"):
            return line.split(":", 1)[1].strip().strip("'")
    raise SystemExit("mkdocs.yml has no search separator")


def timed_build(project: Path, config_text: str, name: str) -> tuple[float, Path]:
    (project / f"{name}.yml").write_text(config_text, encoding="utf-8")
    site = project / f"site-{name}"
    started = time.perf_counter()
    result = mkdocs_build(project, site, config=f"{name}.yml")
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{name}: mkdocs build failed\n{result.stdout}{result.stderr}")
    return elapsed, site


def write_pages_as_markdown(project: Path) -> None:
    """What the plugin generates in memory, written into docs/ for a plugin-less build."""
    kb = open_knowledge_base(project)
    pages = SitePages(kb)
    for uri, text in pages.generate().items():
        path = project / "docs" / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    home = project / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8").replace(OVERVIEW_MARKER, pages.overview()), encoding="utf-8")
    css = project / "docs" / "assets" / "roledocs.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "src" / "roledocs" / "site" / "roledocs.css", css)


def query_times(site: Path, queries: list[str]) -> tuple[list[float], int]:
    """Seconds per typed query, and the bytes fetched (every response body) until the first
    query's results were shown."""
    times = []
    with browser.serve(site) as base, browser.launch() as chrome:
        page = chrome.new_page()
        fetched: list[int] = []
        page.on("requestfinished", lambda r: fetched.append(r.sizes()["responseBodySize"]))
        browser.search(page, base, "销售")  # the first query; the worker builds its index once per page load
        page.wait_for_load_state("networkidle")
        first_query_bytes = sum(fetched)
        for q in queries:
            started = time.perf_counter()
            browser.search_typed(page, base, q)
            times.append(time.perf_counter() - started)
    return times, first_query_bytes


def measure(label: str, project: Path, n_roles: int, n_queries: int, with_documents: bool) -> None:
    sep = separator()
    plugin_s, site = timed_build(project, PLUGIN_NO_DOCUMENTS.format(separator=sep), "plugin")
    index_bytes = (site / "search" / "search_index.json").stat().st_size
    times, first_query_bytes = (query_times(site, (QUERIES * (n_queries // len(QUERIES) + 1))[:n_queries])
                                if n_queries else ([], 0))
    plain_project = project.parent / f"{project.name}-plain"
    shutil.copytree(project, plain_project, ignore=shutil.ignore_patterns("site-*"))
    write_pages_as_markdown(plain_project)
    plain_s, _ = timed_build(plain_project, PLAIN.format(separator=sep), "plain")
    print(f"{label}: {n_roles} roles")
    print(f"  mkdocs build, roledocs plugin (no PDF/Word) {plugin_s:7.1f} s")
    print(f"  plain MkDocs, same pages as Markdown      {plain_s:7.1f} s   plugin overhead ×{plugin_s / plain_s:.2f}")
    if with_documents:
        full_s, _ = timed_build(project, "INHERIT: mkdocs.yml\n", "full")
        print(f"  mkdocs build with PDF + Word downloads    {full_s:7.1f} s")
    print(f"  search_index.json {index_bytes / 1024:8.0f} KiB   {index_bytes / n_roles / 1024:.1f} KiB per role")
    if times:
        print(f"  fetched until the first query's results are shown {first_query_bytes / 1024:8.0f} KiB")
        print(f"  query in Chromium (typed → results shown) median {statistics.median(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms ({len(times)} queries)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000, help="synthetic knowledge-base size")
    parser.add_argument("--queries", type=int, default=16, help="browser queries per site (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roledocs-site-bench-") as tmp:
        real = copy_project(Path(tmp) / "real")
        measure("real knowledge base", real, len(list((real / "roles").glob("*/*.yaml"))), args.queries, True)
        synthetic = Path(tmp) / "synthetic"
        synthetic.mkdir()
        shutil.copy2(REPO / "mkdocs.yml", synthetic / "mkdocs.yml")
        shutil.copytree(REPO / "docs", synthetic / "docs")
        write_synthetic_knowledge_base(synthetic, args.roles)
        measure("synthetic knowledge base", synthetic, args.roles, args.queries, False)


if __name__ == "__main__":
    main()
