"""A build renders again only the documents whose content changed (issue 16, point 4).

Real `mkdocs build` processes with PDF and Word downloads on a copy of the real knowledge base:
the second build renders nothing, an edited role renders only the documents that show the
edit, and a changed template renders everything again (the key of a kept document is what it
shows, its template files and roledocs' code: it is never stale)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from roledocs.kb import open_knowledge_base
from roledocs.render.kept import content_fingerprint
from support.site_project import REPO, copy_project, mkdocs_build


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ROLEDOCS_NO_CACHE", raising=False)
    return copy_project(tmp_path / "project")


def build(project: Path) -> tuple[int, dict[str, bytes]]:
    """How many documents the build rendered, and the downloads it published."""
    site = project.parent / "site"
    shutil.rmtree(site, ignore_errors=True)
    result = mkdocs_build(project, site, env={"ROLEDOCS_CACHE_DIR": os.environ["ROLEDOCS_CACHE_DIR"]})
    assert result.returncode == 0, result.stdout + result.stderr
    made = re.search(r"岗位说明书文件 (\d+) 个（本次生成 (\d+) 个", result.stdout + result.stderr)
    assert made, result.stderr
    downloads = {p.name: p.read_bytes() for p in (site / "downloads").iterdir()}
    assert len(downloads) == int(made[1])
    return int(made[2]), downloads


def fingerprints(project: Path) -> dict[str, str]:
    kb = open_knowledge_base(project)
    return {rid: content_fingerprint(kb, rid) for rid in kb.roles}


def test_only_documents_that_show_an_edit_are_rendered_again(project):
    made, first = build(project)
    assert made == len(first) > 20  # nothing kept yet: every PDF and Word file
    made, again = build(project)
    assert made == 0 and again == first  # a new process: every document kept

    before = fingerprints(project)
    rep = project / "roles" / "sales" / "sales-rep.yaml"
    text = rep.read_text(encoding="utf-8")
    rep.write_text(text.replace("title: 销售代表", "title: 销售代表（外勤）", 1), encoding="utf-8")
    after = fingerprints(project)
    changed = {rid for rid in after if after[rid] != before[rid]}
    assert "sales-rep" in changed and len(changed) < len(after) // 2  # its superior's table shows the title

    made, edited = build(project)
    assert made == 2 * len(changed)
    assert {name for name in first if edited[name] != first[name]} <= {
        f"{rid}.{fmt}" for rid in changed for fmt in ("pdf", "docx")}


def test_a_changed_template_renders_every_document_again(project):
    made, first = build(project)
    templates = project / "templates"
    templates.mkdir()
    css = (REPO / "templates" / "jd.css").read_text(encoding="utf-8")
    (templates / "jd.css").write_text(css + "\n@page { margin: 35mm; }\n", encoding="utf-8")
    made, restyled = build(project)
    assert made == len(first)
    assert all(restyled[name] != first[name] for name in first if name.endswith(".pdf"))
