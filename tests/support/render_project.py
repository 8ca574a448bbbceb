"""Helpers for the render tests: the real knowledge base, a copy with hostile values, readers for .docx/.pdf."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
ROLE_IDS = sorted(p.stem for p in (REPO / "roles").rglob("*.yaml") if not p.name.startswith("_"))

# Template syntax and markup that must come out exactly as typed, in every format.
HOSTILE = ["{{ 7*7 }}", "{% raw %}", "<script>alert(1)</script>", "{_{ x }_}", "R&D"]
HOSTILE_TEXT = "注入测试 " + " ".join(HOSTILE)
CANARY = "保密薪酬金丝雀 9999 元/月"
REVIEW_CANARY = "保密待核对金丝雀 请核对上级"


def copy_roles(dest: Path) -> Path:
    shutil.copytree(REPO / "roles", dest / "roles")
    return dest


def edit_role(project: Path, role_id: str, change) -> None:
    """Apply change(data) to one role file of a copied knowledge base."""
    path = next((project / "roles").rglob(f"{role_id}.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def plant_hostile_values(data: dict) -> None:
    data["summary"] = HOSTILE_TEXT
    data["duties"][0]["title"] = HOSTILE_TEXT
    data["duties"][0].setdefault("tasks", []).append(HOSTILE_TEXT)
    data["document"]["number"] = "HR-{{ 7*7 }}"
    data["compensation"] = {"salary_range": CANARY}
    data["review_notes"] = [REVIEW_CANARY]


def squash(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines anywhere in Chinese."""
    return re.sub(r"\s+", "", text)


def docx_text(path: Path) -> str:
    """All text of a .docx: body paragraphs, table cells, headers and footers."""
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def pdf_text(path: Path, *pages: str) -> str:
    """The PDF's text in content order (-raw): table cells stay whole instead of interleaving by column."""
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
