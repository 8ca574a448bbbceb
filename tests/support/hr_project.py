"""A copy of the real knowledge base (roles/ and mkdocs.yml) that a test may edit, for the
exports, appraisal forms and postings."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SALARY_CANARY = "保密薪资金丝雀 31415 元/月"
REVIEW_CANARY = "待核对金丝雀：核对提成比例 2718"


def copy_project(dest: Path) -> Path:
    shutil.copytree(REPO / "roles", dest / "roles")
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def role_path(project: Path, role_id: str) -> Path:
    return next((project / "roles").rglob(f"{role_id}.yaml"))


def edit_role(project: Path, role_id: str, change) -> None:
    """Apply change(data) to one role file (the file is rewritten: comments are lost)."""
    path = role_path(project, role_id)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def plant_secrets(project: Path, role_id: str) -> None:
    """A salary and an open review note: confidential, only for the internal audience."""
    def change(data):
        data["compensation"] = {"salary_range": SALARY_CANARY}
        data["review_notes"] = [REVIEW_CANARY]
        data["status"] = "draft"  # an active role with open review notes is a (harmless) warning
    edit_role(project, role_id, change)


def line_of(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column where `needle` is first written in a file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")
