"""An edit re-analyses only the roles it changed (issue 16, point 4) and rewrites only their rows
of the index file, in place; the index is then the same as one built from nothing: every row of
every table, every posting of the full-text tables, and the search results."""
from __future__ import annotations

import sqlite3

import pytest

from roledocs.kb import open_knowledge_base
from roledocs.search import Searcher
from roledocs.search import index as index_module
from roledocs.search.index import build_index, ensure_index, refresh_index
from support.search_project import copy_roles

TABLES = ("roles", "units", "meta", "common_terms")


def contents(path) -> dict:
    con = sqlite3.connect(path)
    try:
        found = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
        found["roles_fts"] = con.execute("SELECT rowid, * FROM roles_fts ORDER BY rowid").fetchall()
        found["units_fts"] = con.execute("SELECT rowid, * FROM units_fts ORDER BY rowid").fetchall()
        for table in ("roles_fts", "names_fts", "units_fts"):  # every posting: a wrong delete leaves some behind
            con.execute(f"CREATE VIRTUAL TABLE temp.{table}_v USING fts5vocab(main, {table}, 'instance')")
            found[f"{table} postings"] = con.execute(f"SELECT * FROM temp.{table}_v ORDER BY 1, 2, 3, 4").fetchall()
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


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_rewrites_only_that_roles_rows_in_place(project, tmp_path, monkeypatch):
    index, _ = ensure_index(project)
    before = contents(index)
    rewritten = []
    real = index_module._insert_role
    monkeypatch.setattr(index_module, "_insert_role", lambda con, row, role, *a: rewritten.append(role.id)
                        or real(con, row, role, *a))
    inode = index.stat().st_ino
    edit(project / "roles" / "sales" / "sales-rep.yaml", "积极主动地寻找潜在客户并与他们建立联系。", "通过展会和转介绍开发潜在客户。")
    # a KPI definition in the shared library: every role that shows it
    kpis = project / "roles" / "_kpis.yaml"
    edit(kpis, "衡量", "按月衡量")
    path, rebuilt = ensure_index(project)
    assert path == index and rebuilt and index.stat().st_ino == inode  # the same file, updated
    users = {r.id for r in open_knowledge_base(project).roles.values() if any("按月衡量" in (k.kpi.definition or "")
                                                                             for k in r.kpis)}
    assert "sales-rep" in rewritten and set(rewritten) == users | {"sales-rep"} and len(rewritten) < 17
    monkeypatch.setattr(index_module, "_insert_role", real)
    meta = index_module.read_meta(index)  # what ensure_index records about the files
    full = build_index(open_knowledge_base(project), tmp_path / "full.sqlite", kb_hash=meta["kb_hash"],
                       stat_signature=meta["stat_signature"])
    assert contents(index) == contents(full) != before
    for query in ("展会", "按月衡量", "客户投诉", "xsdb", "銷售代表"):
        kept = [(h.id, round(h.score, 9)) for h in Searcher(index).search(query)]
        assert kept == [(h.id, round(h.score, 9)) for h in Searcher(full).search(query)] and kept, query
    assert ensure_index(project) == (index, False)


@pytest.mark.parametrize("change", ["title", "new role", "cache emptied"])
def test_a_new_word_or_role_builds_the_index_anew(project, tmp_path, change):
    """A title is a word of the segmentation dictionary (every role's tokens may change), a new
    role changes the roles' order, and without the old analysis in the parse cache the old rows
    cannot be deleted: refresh_index declines, ensure_index builds a new file."""
    import shutil

    from roledocs.kb.cache import close_all

    index, _ = ensure_index(project)
    rep = project / "roles" / "sales" / "sales-rep.yaml"
    if change == "title":
        edit(rep, "title: 销售代表", "title: 客户代表")
    elif change == "cache emptied":
        edit(rep, "积极主动地寻找潜在客户并与他们建立联系。", "通过展会和转介绍开发潜在客户。")
        close_all()
        shutil.rmtree(tmp_path / "cache")
    else:
        copy = rep.read_text(encoding="utf-8").replace("id: sales-rep", "id: sales-rep-2", 1)
        (rep.parent / "sales-rep-2.yaml").write_text(copy.replace("title: 销售代表", "title: 销售代表二组", 1),
                                                     encoding="utf-8")
    kb = open_knowledge_base(project, audience="public")
    assert refresh_index(kb, index) is None
    path, rebuilt = ensure_index(project)
    assert rebuilt
    meta = index_module.read_meta(path)
    assert contents(path) == contents(build_index(kb, tmp_path / "full.sqlite", kb_hash=meta["kb_hash"],
                                                  stat_signature=meta["stat_signature"]))
