"""A throw-away copy of the project (mkdocs.yml, docs/, roles/) and a real `mkdocs build` of it.

Shared by the site build tests, the browser tests and the site benchmarks. The
copy gets a confidential canary in a role's `compensation` and a draft copy of that role with
both canaries, `review_notes` included (drafts are never published; open review notes on an active role are a
warning, which --strict refuses), so any test can check that nothing confidential
reaches the build.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CANARY = "保密金丝雀薪酬7F3A"
REVIEW_CANARY = "保密金丝雀待核对5C2E"
CANARY_ROLE = "roles/sales/sales-team-lead.yaml"
DRAFT_ROLE = "sales-team-lead-draft"  # a draft copy of CANARY_ROLE with both canaries
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(REPO / "roles", dest / "roles")
    return dest


def plant_canary(project: Path) -> None:
    """A pay canary in an active role's `compensation`, and a draft copy of that role holding both
    canaries, the review notes one included (open review notes on an active role are a warning,
    which --strict refuses; a draft is not published at all)."""
    path = project / CANARY_ROLE
    text = path.read_text(encoding="utf-8")
    assert "\ncompensation:\n" in text
    text = text.replace("\ncompensation:\n", f"\ncompensation:\n  notes:\n    - {CANARY}\n", 1)
    path.write_text(text, encoding="utf-8")
    assert "\nstatus: active\n" in text and "review_notes" not in text and "\nid: sales-team-lead\n" in text
    draft = text.replace("\nstatus: active\n", "\nstatus: draft\n", 1) + f"review_notes:\n  - {REVIEW_CANARY}\n"
    draft = draft.replace("\nid: sales-team-lead\n", f"\nid: {DRAFT_ROLE}\n", 1)
    draft = re.sub(r"(?m)^title: .*$", "title: 销售组长（修订草稿）", draft, count=1)
    draft = re.sub(r"(?m)^aliases:\n(?:  - [^\n]*\n)+", "", draft, count=1)
    (path.parent / f"{DRAFT_ROLE}.yaml").write_text(draft, encoding="utf-8")


def mkdocs_build(project: Path, site: Path, *extra: str, config: str = "mkdocs.yml",
                 env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / config),
                           "-d", str(site), *extra], capture_output=True, text=True, env={**ENV, **(env or {})},
                          cwd=project)


def site_model(project: Path, audience: str = "public"):
    """The model a site build of ``project`` shows (drafts left out of a public site), as the plugin builds it."""
    from roledocs.kb.model import build_model
    from roledocs.kb.validate import validate_knowledge_base
    from roledocs.site.generate import published_documents

    report = validate_knowledge_base(project)
    return build_model(published_documents(report.documents, audience), audience, root=report.roles_dir,
                       vocab=report.vocabulary)
