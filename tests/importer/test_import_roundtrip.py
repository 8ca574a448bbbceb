"""Round trip: render a role of the knowledge base to Word with the document renderer,
import the .docx back, and get the same duties, KPIs (with weights) and qualifications."""
from __future__ import annotations

from pathlib import Path

import docx  # noqa: F401 - a hard dependency: a broken install fails here, it does not skip
import pytest
import yaml

from roledocs import render
from roledocs.importer import import_files
from roledocs.kb import open_knowledge_base

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kb():
    return open_knowledge_base(REPO)


ROLE_IDS = sorted(p.stem for p in (REPO / "roles").glob("*/*.yaml"))


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_render_to_docx_and_import_back(kb, role_id, tmp_path):
    role = kb.roles[role_id]
    source = render.render_role(kb, role_id, "docx", tmp_path / "docx")
    report = import_files([source], tmp_path / "drafts", root=REPO)
    assert [d.title for d in report.drafts()] == [role.title]
    data = yaml.safe_load(Path(report.drafts()[0].path).read_text(encoding="utf-8"))

    written = yaml.safe_load((REPO / role.file).read_text(encoding="utf-8"))  # the role as HR wrote it
    assert data["id"] == role_id
    assert data["department"] == written["department"]
    assert data["reports_to"] == written["reports_to"]
    assert data["category"] == written["category"]

    original = written["duties"]
    assert [d["title"] for d in data["duties"]] == [d["title"] for d in original]
    for got, want in zip(data["duties"], original):
        assert got.get("tasks", []) == want.get("tasks", []), want["title"]
        assert got.get("description") == want.get("description"), want["title"]
        assert got.get("frequency") == want.get("frequency"), want["title"]
        assert got.get("core") == want.get("core"), want["title"]
        assert got.get("coordination") == want.get("coordination"), want["title"]

    got_kpis = [(k["kpi"], k.get("weight"), k.get("pass"), k.get("excellent")) for k in data.get("kpis", [])]
    want_kpis = [(k.kpi.id, k.weight, k.passing, k.excellent) for k in role.kpis]
    assert got_kpis == want_kpis

    assert data.get("authorities") == written.get("authorities")
    assert data.get("career", {}).get("promotes_to") == written.get("career", {}).get("promotes_to")


# Roles whose qualifications the renderer prints exactly as they are stored (labelled items like
# 「必备专业知识：…」 or majors written as one phrase do not survive a round trip letter for letter).
@pytest.mark.parametrize("role_id", ["sales-deputy-supervisor", "sales-director", "sales-rep", "store-team-lead",
                                     "sales-manager", "channel-development-supervisor"])
def test_qualifications_survive_the_round_trip(kb, role_id, tmp_path):
    source = render.render_role(kb, role_id, "docx", tmp_path / "docx")
    report = import_files([source], tmp_path / "drafts", root=REPO)
    data = yaml.safe_load(Path(report.drafts()[0].path).read_text(encoding="utf-8"))
    written = yaml.safe_load((REPO / kb.roles[role_id].file).read_text(encoding="utf-8"))
    assert data["qualifications"] == written["qualifications"]
