"""Site search in a real browser: Material's default Chinese search vs ours.

Builds the site twice from a copy of the project (mkdocs.yml, docs/, roles/):

- default: Material's `search` plugin as it comes (theme.language zh: jieba at build time,
  its zh separator), the roledocs plugin generating the same pages but not touching the index;
- ours:    mkdocs.yml as committed (our separator, the index improved with roledocs.search.text).

Then types every labelled query of tests/relevance_queries.yaml into the site's search
(`/?q=…` in Chromium), reads the result list as a user sees it, keeps the role pages in
order, and scores them with roledocs.relevance (MRR, recall@3) — the same queries and the
same scoring as `roledocs search`.

    .venv/bin/python benchmarks/site_search.py [--json out.json] [--show-failures]
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

from site_project import copy_project, mkdocs_build  # noqa: E402

from support.relevance import evaluate, load_queries  # noqa: E402
from support import browser  # noqa: E402

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


def run_queries(site: Path, queries, reload: bool = False) -> tuple[dict[str, list[str]], list[float]]:
    shown: dict[str, list[str]] = {}
    times: list[float] = []
    with browser.serve(site) as base, browser.launch() as chrome:
        page = chrome.new_page()
        search = browser.search if reload else browser.search_typed
        browser.search(page, base, "销售")  # warm up: the worker builds its index once per page load
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
    return shown, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", default=str(REPO / "tests" / "relevance_queries.yaml"))
    parser.add_argument("--json", help="write the numbers to this file")
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--only", choices=("default", "ours"), help="measure one configuration")
    parser.add_argument("--reload", action="store_true",
                        help="open /?q=… for every query (a page load each) instead of typing into the search box")
    args = parser.parse_args()
    queries = load_queries(args.queries)
    report = {}
    with tempfile.TemporaryDirectory(prefix="roledocs-site-search-") as tmp:
        project = copy_project(Path(tmp) / "project")
        configs = {"default": DEFAULT_CONFIG, "ours": OURS_CONFIG.format(separator=our_separator())}
        sites = {name: build(project, name, config) for name, config in configs.items()
                 if args.only in (None, name)}
        for name, site in sites.items():
            shown, times = run_queries(site, queries, reload=args.reload)
            result = evaluate(shown.__getitem__, queries)
            index_bytes = (site / "search" / "search_index.json").stat().st_size
            report[name] = {
                "mrr": round(result.mrr, 3), "recall@3": round(result.recall, 3), "queries": len(queries),
                "by_kind": {k: {"mrr": round(m, 3), "recall@3": round(r, 3)} for k, (m, r) in result.by_kind.items()},
                "query_ms_median": round(statistics.median(times) * 1000), "index_bytes": index_bytes,
                "failures": [{"query": r.query.query, "relevant": r.query.relevant, "shown": r.ranking[:5]}
                             for r in result.failures()],
            }
            print(f"{name:8s} {result.summary()}  index {index_bytes / 1024:.0f} KiB  "
                  f"median {statistics.median(times) * 1000:.0f} ms/query "
                  f"({'page load + search' if args.reload else 'typed, results shown'})")
            for kind, (m, r) in result.by_kind.items():
                print(f"    {kind:12s} MRR {m:.3f}  recall@3 {r:.3f}")
            if args.show_failures:
                for f in report[name]["failures"]:
                    print(f"    ✗ {f['query']}: want {f['relevant']}, shown {f['shown']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
