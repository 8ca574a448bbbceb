"""An edit re-analyses only the roles it changed (issue 16, point 4), and the index is then the
same as one built from nothing: every row of every table, and the search results."""
from __future__ import annotations

import sqlite3

import pytest

from roledocs.kb import open_knowledge_base
from roledocs.search import Searcher
from roledocs.search import index as index_module
from roledocs.search.index import build_index
from support.search_project import copy_roles

TABLES = ("roles", "units", "meta", "common_terms")


def contents(path) -> dict:
    con = sqlite3.connect(path)
    try:
        found = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
        found["roles_fts"] = con.execute("SELECT rowid, * FROM roles_fts ORDER BY rowid").fetchall()
        found["units_fts"] = con.execute("SELECT rowid, * FROM units_fts ORDER BY rowid").fetchall()
        return found
    finally:
        con.close()


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ROLEDOCS_NO_CACHE", raising=False)
    return copy_roles(tmp_path / "project")


def test_an_edit_reanalyses_only_that_role_and_the_index_equals_a_full_build(project, tmp_path, monkeypatch):
    analysed = []
    real = index_module._columns
    monkeypatch.setattr(index_module, "_columns", lambda role, *a: analysed.append(role.id) or real(role, *a))
    build_index(open_knowledge_base(project), tmp_path / "first.sqlite")
    assert len(analysed) == 17
    rep = project / "roles" / "sales" / "sales-rep.yaml"
    text = rep.read_text(encoding="utf-8")
    assert "积极主动地寻找潜在客户并与他们建立联系。" in text
    rep.write_text(text.replace("积极主动地寻找潜在客户并与他们建立联系。", "通过展会和转介绍开发潜在客户。", 1),
                   encoding="utf-8")
    analysed.clear()
    kb = open_knowledge_base(project)
    build_index(kb, tmp_path / "kept.sqlite")
    assert analysed == ["sales-rep"]
    monkeypatch.setenv("ROLEDOCS_NO_CACHE", "1")
    build_index(kb, tmp_path / "full.sqlite")
    assert len(analysed) == 1 + 17
    assert contents(tmp_path / "kept.sqlite") == contents(tmp_path / "full.sqlite")
    for query in ("展会", "客户投诉", "xsdb", "銷售代表"):
        kept = [(h.id, round(h.score, 9)) for h in Searcher(tmp_path / "kept.sqlite").search(query)]
        full = [(h.id, round(h.score, 9)) for h in Searcher(tmp_path / "full.sqlite").search(query)]
        assert kept == full and kept, query
