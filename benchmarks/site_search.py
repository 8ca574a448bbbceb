"""Site search in a real browser: Material's default Chinese search vs ours.

Builds the site twice from a copy of the project (mkdocs.yml, docs/, roles/):

- default: Material's `search` plugin as it comes (theme.language zh: jieba at build time,
  its zh separator), the roledocs plugin generating the same pages but not touching the index;
- ours:    mkdocs.yml as committed (our separator, the index improved with roledocs.search.text).

Then types every labelled query of the three query sets (tests/relevance_queries.yaml, tuned
on; tests/relevance_heldout.yaml and tests/relevance_heldout_16.yaml, never tuned on) into the
site's search box in Chromium, reads the result list as a user sees it, keeps the role pages in
order, and scores them with support.relevance (MRR, recall@3); `roledocs search` (the CLI's
SQLite index) answers the same queries, scored the same way, for the side-by-side table.

    .venv/bin/python benchmarks/site_search.py [--only ours] [--json out.json] [--show-failures]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.site_project import copy_project, mkdocs_build  # noqa: E402

from support.relevance import evaluate, load_queries  # noqa: E402
from support import browser  # noqa: E402

QUERY_SETS = [REPO / "tests" / name for name in
              ("relevance_queries.yaml", "relevance_heldout.yaml", "relevance_heldout_16.yaml")]

DEFAULT_CONFIG = """\
INHERIT: mkdocs.yml
plugins:
  - search
  - tags
  - roledocs:
      search: false
      documents: []
"""
OURS_CONFIG = """\
INHERIT: mkdocs.yml
plugins:
  - search:
      lang: zh
      separator: '{separator}'
  - tags
  - roledocs:
      documents: []
"""


def our_separator() -> str:
    for line in (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("separator:"):
            return line.split(":", 1)[1].strip().strip("'")
    raise SystemExit("mkdocs.yml has no search separator")


def build(project: Path, name: str, config: str) -> Path:
    (project / f"{name}.yml").write_text(config, encoding="utf-8")
    site = project / f"site-{name}"
    started = time.perf_counter()
    result = mkdocs_build(project, site, config=f"{name}.yml")
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build ({name}) failed:\n{result.stdout}{result.stderr}")
    print(f"built {name:8s} in {time.perf_counter() - started:5.1f} s", file=sys.stderr)
    return site


def run_queries(site: Path, queries, reload: bool = False) -> tuple[dict[str, list[str]], list[float], int]:
    """Rankings shown, seconds per query, and the bytes the browser fetched (every response
    body: page, CSS, scripts, worker, index) until the first query's results were shown."""
    shown: dict[str, list[str]] = {}
    times: list[float] = []
    with browser.serve(site) as base, browser.launch() as chrome:
        page = chrome.new_page()
        fetched: list[int] = []
        page.on("requestfinished", lambda r: fetched.append(r.sizes()["responseBodySize"]))
        search = browser.search if reload else browser.search_typed
        browser.search(page, base, "销售")  # first query (/?q=…); the worker builds its index once per page load
        page.wait_for_load_state("networkidle")
        first_query_bytes = sum(fetched)
        for q in queries:
            started = time.perf_counter()
            results = search(page, base, q.query)
            times.append(time.perf_counter() - started)
            roles = []
            for r in results:
                path = browser.page_path(r["url"], base)
                if path.startswith("roles/") and path.count("/") == 2 and path != "roles/":
                    roles.append(path.split("/")[1])
            shown[q.query] = roles
    return shown, times, first_query_bytes


def cli_rankings(queries) -> dict[str, list[str]]:
    """What `roledocs search` ranks for each query (limit 10), on the real knowledge base."""
    from roledocs.kb import open_knowledge_base
    from roledocs.search import Searcher
    from roledocs.search.index import build_index

    with tempfile.TemporaryDirectory(prefix="roledocs-cli-search-") as tmp:
        searcher = Searcher(build_index(open_knowledge_base(REPO), Path(tmp) / "index.sqlite"))
        try:
            return {q.query: [h.id for h in searcher.search(q.query, limit=10)] for q in queries}
        finally:
            searcher.close()


def scored(shown: dict[str, list[str]], queries) -> dict:
    result = evaluate(shown.__getitem__, queries)
    return {"mrr": round(result.mrr, 3), "recall@3": round(result.recall, 3), "queries": len(queries),
            "by_kind": {k: {"mrr": round(m, 3), "recall@3": round(r, 3)} for k, (m, r) in result.by_kind.items()},
            "failures": [{"query": r.query.query, "relevant": r.query.relevant, "shown": r.ranking[:5]}
                         for r in result.failures()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", nargs="+", default=[str(p) for p in QUERY_SETS],
                        help="query files (default: the tuned set and both held-out sets)")
    parser.add_argument("--json", help="write the numbers to this file")
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--only", choices=("default", "ours"), help="measure one configuration")
    parser.add_argument("--reload", action="store_true",
                        help="open /?q=… for every query (a page load each) instead of typing into the search box")
    args = parser.parse_args()
    sets = {Path(f).name: load_queries(f) for f in args.queries}
    every = [q for qs in sets.values() for q in qs]
    report: dict = {"cli": {name: scored(cli_rankings(qs), qs) for name, qs in sets.items()}}
    with tempfile.TemporaryDirectory(prefix="roledocs-site-search-") as tmp:
        project = copy_project(Path(tmp) / "project")
        configs = {"default": DEFAULT_CONFIG, "ours": OURS_CONFIG.format(separator=our_separator())}
        sites = {name: build(project, name, config) for name, config in configs.items()
                 if args.only in (None, name)}
        for name, site in sites.items():
            shown, times, first_query_bytes = run_queries(site, every, reload=args.reload)
            report[name] = {name_: scored(shown, qs) for name_, qs in sets.items()}
            report[name]["query_ms_median"] = round(statistics.median(times) * 1000)
            report[name]["query_ms_max"] = round(max(times) * 1000)
            report[name]["index_bytes"] = (site / "search" / "search_index.json").stat().st_size
            report[name]["first_query_bytes"] = first_query_bytes
    print(f"{'query set':28s} " + "  ".join(f"{n:>18s}" for n in report) + "   (MRR / recall@3)")
    for set_name in sets:
        cells = [f"{report[n][set_name]['mrr']:.3f} / {report[n][set_name]['recall@3']:.3f}" for n in report]
        print(f"{set_name:28s} " + "  ".join(f"{c:>18s}" for c in cells))
    for n in report:
        if n != "cli":
            print(f"{n}: index {report[n]['index_bytes'] / 1024:.0f} KiB, fetched for the first query "
                  f"{report[n]['first_query_bytes'] / 1024:.0f} KiB, typed query median "
                  f"{report[n]['query_ms_median']} ms, max {report[n]['query_ms_max']} ms")
    for n in report:
        for set_name in sets:
            print(f"{n} · {set_name}: " + ", ".join(
                f"{k} {v['mrr']:.2f}/{v['recall@3']:.2f}" for k, v in report[n][set_name]["by_kind"].items()))
            if args.show_failures:
                for f in report[n][set_name]["failures"]:
                    print(f"    ✗ {f['query']}: want {f['relevant']}, shown {f['shown']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
