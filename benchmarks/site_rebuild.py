"""What a rebuild of the site costs after one role was edited, with PDF and Word downloads
(issue 16, point 4: at 40 roles at most 6 s more than a build with documents switched off).

    .venv/bin/python benchmarks/site_rebuild.py [--roles 40]

A synthetic knowledge base with the repository's mkdocs.yml and docs/ (history off), built by
`mkdocs build` as a new process each time, with its own parse cache folder (roledocs.kb.cache,
where the documents of earlier builds are kept):
1. documents off (`documents: []`);
2. documents on, nothing kept yet (every PDF and Word file rendered: a fresh CI machine);
3. documents on again, nothing changed;
4. documents on after one role's summary was edited (its documents rendered again, and those
   of roles whose documents show what changed: none for a summary).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.site_project import mkdocs_build  # noqa: E402
from support.synthetic import write_synthetic_knowledge_base  # noqa: E402


def options(project: Path, documents: str) -> None:
    config = project / "mkdocs.yml"
    text, count = re.subn(r"  - roledocs:\n(?:      .*\n)+", f"  - roledocs:\n      documents: {documents}\n"
                          "      history: false\n", config.read_text(encoding="utf-8"))
    assert count == 1, "mkdocs.yml has no roledocs plugin entry"
    config.write_text(text, encoding="utf-8")


def build(project: Path, cache: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one `mkdocs build`, and how many documents it rendered."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = mkdocs_build(project, project / "site", env={"ROLEDOCS_CACHE_DIR": str(cache)})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stdout + result.stderr
    made = re.search(r"岗位说明书文件 \d+ 个（本次生成 \d+ 个", result.stdout + result.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, made[0] if made else "没有下载文件"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roledocs-rebuild-") as tmp:
        project, cache = Path(tmp) / "project", Path(tmp) / "cache"
        project.mkdir()
        shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(REPO / "docs", project / "docs")
        write_synthetic_knowledge_base(project, args.roles)
        print(f"{args.roles} roles, load {os.getloadavg()[0]:.1f}")
        options(project, "[]")
        off = build(project, cache)
        print(f"documents off:                     {off[0]:6.2f} s wall {off[1]:6.2f} s CPU")
        options(project, "[pdf, docx]")
        for label in ("documents on, nothing kept:", "documents on, nothing changed:", "after one role was edited:"):
            if label.startswith("after"):
                role = sorted((project / "roles").glob("*/*.yaml"))[-1]
                role.write_text(role.read_text(encoding="utf-8").replace("summary: ", "summary: 改写：", 1),
                                encoding="utf-8")
            took = build(project, cache)
            print(f"{label:<35}{took[0]:6.2f} s wall {took[1]:6.2f} s CPU  ({took[2]}); "
                  f"{took[0] - off[0]:+.2f} s wall over documents off")


if __name__ == "__main__":
    main()
