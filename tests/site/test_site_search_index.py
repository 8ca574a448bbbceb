"""The site's search files (search/roledocs/ of a real build), read the way the worker reads them:
the CLI's index, its BM25 precomputed per posting, a lean search_index.json, nothing confidential."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from roledocs.kb import open_knowledge_base
from roledocs.search.index import COLUMN_WEIGHTS, index_in_memory
from roledocs.site import search_index as si
from support.site_project import CANARY, REVIEW_CANARY, site_model


@pytest.fixture(scope="module")
def files(built_site) -> Path:
    return built_site / si.FOLDER


@pytest.fixture(scope="module")
def meta(files) -> dict:
    return json.loads((files / "meta.json").read_text(encoding="utf-8"))


def entry(files: Path, meta: dict, term: str) -> dict:
    shard = json.loads((files / "t" / f"{si.term_hash(term) % meta['term_shards']}.json").read_text(encoding="utf-8"))
    return shard.get(term, {})


def test_material_index_is_lean_and_keeps_its_config(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    assert "separator" in index["config"]  # the page's highlighter reads it (?h=…)
    worker = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert worker.read_text(encoding="utf-8") == Path(si.__file__).with_name("search_worker.js").read_text(encoding="utf-8")
    assert not list(worker.parent.glob("*.map"))


def test_every_published_role_has_a_result_file(files, meta, site_project):
    kb = open_knowledge_base(site_project)
    published = {rid for rid, role in kb.roles.items() if role.status != "draft"}
    shown = {json.loads(p.read_text(encoding="utf-8"))["id"] for p in (files / "r").glob("*.json")}
    assert shown == published and meta["roles"] == len(published)
    director = next(json.loads(p.read_text(encoding="utf-8")) for p in (files / "r").glob("*.json")
                    if json.loads(p.read_text(encoding="utf-8"))["id"] == "sales-director")
    assert director["location"] == "roles/sales-director/"
    assert director["units"][0][0] == "title" and director["units"][0][2].startswith("销售总监")
    # a duty's section on the page, for the result's link
    assert any(anchor.startswith("roles/sales-director/#") for anchor in director["sections"].values())


def test_postings_are_fts5s_bm25(files, meta, site_project):
    """The worker sums precomputed contributions; the sum must be what SQLite's bm25() says for
    the OR of the same words (single words, pairs, and a name in names_fts)."""
    con: sqlite3.Connection = index_in_memory(site_model(site_project))
    queries = [["客户投诉"], ["开发票"], ["回款", "应收账款"], ["培训", "新人"], ["库存", "盘点", "仓库"]]
    checked = 0
    for words in queries:
        words = [w for w in words if "r" in entry(files, meta, w)]
        if not words:
            continue
        expected = dict(con.execute(
            f"SELECT rowid, -bm25(roles_fts, {', '.join(map(str, COLUMN_WEIGHTS))}) FROM roles_fts "
            "WHERE roles_fts MATCH ?", (" OR ".join(f'"{w}"' for w in words),)))
        got: dict[int, float] = {}
        for w in words:
            flat = entry(files, meta, w)["r"]
            for row, score in zip(flat[::2], flat[1::2]):
                got[row] = got.get(row, 0.0) + score
        assert got.keys() == expected.keys(), words
        assert all(abs(got[r] - expected[r]) < 1e-4 for r in got), (words, got, expected)
        checked += 1
    assert checked >= 4
    names = dict(con.execute("SELECT rowid, -bm25(names_fts, 1.0, 1.0) FROM names_fts WHERE names_fts MATCH '\"销售总监\"'"))
    flat = entry(files, meta, "销售总监")["n"]
    assert dict(zip(flat[::2], flat[1::2])) == pytest.approx(names, abs=1e-4)
    sound = dict(con.execute("SELECT rowid, -bm25(names_fts, 1.0, 1.0) FROM names_fts "
                             "WHERE names_fts MATCH 'pinyin : \"xiaoshouzongjian\"'"))
    flat = entry(files, meta, "xiaoshouzongjian")["p"]
    assert sound and dict(zip(flat[::2], flat[1::2])) == pytest.approx(sound, abs=1e-4)
    con.close()


def test_common_words_keep_only_their_first_rows(tmp_path):
    """A word in more than a quarter of the roles is ranked by title only (search.query): its
    roles_fts postings are left out, only its first rows are kept (for the unranked fill); the
    others keep all. (17 roles are padded to 200 rows, so the real knowledge base has none.)"""
    from support.synthetic import write_synthetic_knowledge_base

    kb = open_knowledge_base(write_synthetic_knowledge_base(tmp_path / "kb", 240), audience="public")
    written = si.write_search_files(tmp_path / "site", kb, {"docs": []})
    assert written["files"] > 240
    files = tmp_path / "site" / si.FOLDER
    meta = json.loads((files / "meta.json").read_text(encoding="utf-8"))
    con = index_in_memory(kb)
    common = {t for (t,) in con.execute("SELECT term FROM common_terms")}
    assert common
    for term in sorted(common)[:20]:
        found = entry(files, meta, term)
        assert "r" not in found and found["c"] == sorted(found["c"]) and 0 < len(found["c"]) <= si.COMMON_ROWS, term
    con.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, roles_fts, 'row')")
    rare = [t for t, n in con.execute("SELECT term, doc FROM temp.v WHERE doc BETWEEN 2 AND 20 LIMIT 20")]
    for term in rare:
        assert len(entry(files, meta, term)["r"]) == 2 * con.execute(
            "SELECT doc FROM temp.v WHERE term = ?", (term,)).fetchone()[0], term
    con.close()


def test_dictionary_and_characters_are_split_by_first_character(files, meta):
    n = meta["char_shards"]
    shard = json.loads((files / "c" / f"{si.term_hash('销') % n}.json").read_text(encoding="utf-8"))
    assert shard["w"]["销售"] > 0 and shard["y"]["销"] == "xiao" and len(shard["h"]["销"]) == 4
    trad = json.loads((files / "c" / f"{si.term_hash('銷') % n}.json").read_text(encoding="utf-8"))
    assert trad["s"]["銷"] == "销"
    assert {p.name for p in (files / "c").iterdir()} == {f"{k}.json" for k in range(n)}


def test_the_hash_is_the_workers():
    # h = h × 31 + code point, 32 bits (search_worker.js hash); values computed by hand
    assert si.term_hash("") == 0
    assert si.term_hash("a") == 97
    assert si.term_hash("ab") == 97 * 31 + 98
    assert si.term_hash("销售") == (0x9500 * 31 + 0x552E) & 0xFFFFFFFF
    assert si.term_hash("𠀋" * 9) < 2 ** 32


def test_no_confidential_or_draft_text_in_any_search_file(built_site):
    for path in (built_site / "search").rglob("*.json"):
        raw = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
        assert CANARY not in raw and REVIEW_CANARY not in raw, path
        assert "修订草稿" not in raw, path  # the draft role's title (support.site_project.plant_canary)
