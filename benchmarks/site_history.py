"""What the site's history and health parts cost at scale: 最近修订 / 与上一版本比较 (the last
`history_commits` commits, two models each), each role compared with its superior (on its
page), and the 知识库体检 page — against generating the other pages.

    .venv/bin/python benchmarks/site_history.py [--roles 1000] [--commits 10]

A synthetic knowledge base is committed to a temporary git repository, then `--commits` more
commits each edit five roles. Timings are in-process, wall clock on this (shared) machine.
Numbers go to the README.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.synthetic import write_synthetic_knowledge_base  # noqa: E402

ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.com", "GIT_COMMITTER_NAME": "bench",
       "GIT_COMMITTER_EMAIL": "b@example.com"}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=ENV)


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label:<52} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10)
    args = parser.parse_args()
    from roledocs.kb.model import build_model
    from roledocs.kb.validate import validate_knowledge_base
    from roledocs.lint import lint_documents
    from roledocs.lint.page import health_page, page_markdown
    from roledocs.site.pages import SitePages
    from roledocs.site.revisions import load_site_history

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_synthetic_knowledge_base(root, args.roles)
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "v1")
        files = sorted((root / "roles").glob("*/role-*.yaml"))
        for n in range(args.commits):
            for path in files[n * 5:(n + 1) * 5]:
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace("headcount: ", "headcount: 1", 1), encoding="utf-8")
            git(root, "commit", "-qam", f"修订 {n}")
        report = timed("validate", lambda: validate_knowledge_base(root))
        kb = timed("model", lambda: build_model(report.documents, "public", root=report.roles_dir))
        history = timed(f"history: last {args.commits} commits (load_site_history)",
                        lambda: load_site_history(root, kb, args.commits))
        print(f"  {len(history.changes)} changes shown")
        plain = SitePages(kb)
        pages = timed("all generated pages (with the history parts, no comparisons)",
                      lambda: SitePages(kb, history=history, compare=False).generate())
        print(f"  {len(pages)} pages")
        timed("  of which: each role compared with its superior",
              lambda: [plain.comparisons_of(r) for r in kb.roles.values()])
        timed("health page (lint + markdown)", lambda: page_markdown(health_page(
            lint_documents(report.documents, report.roles_dir), kb)))


if __name__ == "__main__":
    main()
