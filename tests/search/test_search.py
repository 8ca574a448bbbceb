"""Search over the real knowledge base: the index, the library and the `roledocs search` CLI."""
from __future__ import annotations

import json
import sqlite3

import pytest

from roledocs.search.index import build_index, ensure_index, read_meta
from roledocs.kb import InvalidKnowledgeBase, open_knowledge_base
from roledocs.search import Searcher, search
from support.search_project import REPO, copy_roles


@pytest.fixture(scope="module")
def index_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("index") / "index.sqlite"
    return build_index(open_knowledge_base(REPO), path)


@pytest.fixture(scope="module")
def engine(index_path):
    searcher = Searcher(index_path)
    yield searcher
    searcher.close()


@pytest.fixture
def project(tmp_path):
    return copy_roles(tmp_path)


# ── acceptance ──

@pytest.mark.parametrize("query, expected", [
    ("客户投诉", "customer-service-supervisor"),
    ("銷售代表", "sales-rep"),
    ("xszj", "sales-director"),
    ("业务员", "sales-rep"),
    ("谁负责催收货款", "sales-manager"),
    ("销售总鉴", "sales-director"),      # homophone typo
])
def test_expected_role_comes_first(engine, query, expected):
    hits = engine.search(query)
    assert hits and hits[0].id == expected, [h.id for h in hits]


@pytest.mark.parametrize("query, expected", [
    ("客户投诉", "customer-service-supervisor"),
    ("銷售代表", "sales-rep"),
    ("xszj", "sales-director"),
])
def test_cli_acceptance(cli, project, query, expected):
    result = cli("search", query, "--json", "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hits"][0]["id"] == expected


# ── what a hit says ──

def test_a_hit_says_which_duty_matched_with_highlights_from_the_original(engine):
    hit = engine.search("客户投诉管理")[0]
    assert hit.id == "customer-service-supervisor"
    duty = next(m for m in hit.matches if m.field == "duty")
    assert duty.label == "客户投诉管理"
    assert duty.highlights
    for start, end in duty.highlights:
        assert 0 <= start < end <= len(duty.text)
    assert any("投诉" in duty.text[a:b] for a, b in duty.highlights)


def test_traditional_query_highlights_simplified_text(engine):
    hit = engine.search("銷售內勤")[0]
    assert hit.id == "sales-clerk"
    title = hit.matches[0]
    assert title.field == "title"
    assert title.text[slice(*title.highlights[0])] == "销售内勤"


def test_pinyin_hit_highlights_the_title(engine):
    hit = engine.search("kefuzhuguan")[0]
    assert hit.id == "customer-service-supervisor"
    assert hit.matches[0].field == "title"
    assert hit.matches[0].text[slice(*hit.matches[0].highlights[0])] == "客服主管"


def test_snippets_are_short_and_single_line(engine):
    for hit in engine.search("销售", limit=17):
        for match in hit.matches:
            assert "\n" not in match.text
            assert len(match.text) <= 82


def test_scores_are_descending_and_limit_is_respected(engine):
    hits = engine.search("销售", limit=5)
    assert len(hits) == 5
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_department_filter(engine):
    for dept in ("customer-service", "客服部"):
        hits = engine.search("主管", department=dept)
        assert hits and {h.department_id for h in hits} == {"customer-service"}
    assert engine.search("主管", department="no-such-department") == []


def test_no_hit_suggests_close_titles(engine):
    assert "销售总监" in engine.suggestions("销售总监理")
    assert engine.suggestions("") == []


# ── any input is safe ──

SAFE_INPUTS = ["C++", "销售-总监", "NOT", "AND", "OR", '"', '""', "'", "(", ")", "*", "^", ":", "-", "+",
               "NEAR(a b)", "title:销售", "{names}: 销售", "销售 AND NOT 总监", '"销售总监', "销售*",
               "", " ", "\t\n", "\x00", "🙂", "؟", "__", "_s0", "a" * 300, "销售" * 5000, "\u200b客服",
               "%", "\\", "'; DROP TABLE roles; --"]


# inputs with words: the same results as the words typed plainly
SAME_AS = {"销售-总监": "销售 总监", "title:销售": "title 销售", "{names}: 销售": "names 销售",
           '"销售总监': "销售总监", "销售*": "销售", "销售" * 5000: "销售" * 100, "\u200b客服": "客服"}
ROLE_IDS = {p.stem for p in (REPO / "roles").glob("*/*.yaml")}


@pytest.mark.parametrize("query", SAFE_INPUTS, ids=range(len(SAFE_INPUTS)))
def test_any_input_is_safe(engine, query):
    """Syntax is never syntax: a query with FTS5 operators, quotes or column filters finds what
    its words find, and one without words finds nothing (not everything, not an error)."""
    from roledocs.search.index import field_labels

    hits = engine.search(query)
    ids = [h.id for h in hits]
    assert len(ids) == len(set(ids)) <= 10
    assert set(ids) <= ROLE_IDS
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert hit.matches
        for match in hit.matches:
            assert match.field in field_labels()
            assert all(0 <= a < b <= len(match.text) for a, b in match.highlights)
    if query in SAME_AS:
        assert ids == [h.id for h in engine.search(SAME_AS[query])], f"{query!r} ≠ {SAME_AS[query]!r}"
        assert ids, query
    elif query == "销售 AND NOT 总监":  # NOT is a word, not an operator: 总监 roles are not excluded
        assert "sales-director" in ids[:3]
    else:
        assert ids == [] and engine.suggestions(query) == [], query


def test_ten_kilobytes_of_text(engine):
    page = ("岗位职责：负责客户投诉的受理与回访，汇总客户意见。" * 400)[:10_000]
    assert len(page) == 10_000
    hits = engine.search(page)
    assert hits  # the first words are searched; the rest is cut


def test_the_padding_key_and_synonym_keys_are_not_searchable_by_users(engine):
    # "__" pads small indexes and "_s…" are synonym keys: a user query never produces them
    assert engine.search("__") == []
    key = engine.analyzer.synonym_keys("业务员")[0]
    assert engine.search(key) == []


# ── the CLI ──

def test_cli_json_shape(cli, project):
    result = cli("search", "客户投诉", "--json", "--limit", "3", "--root", str(project))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["command"], data["status"], data["problems"], data["query"]) == ("search", "ok", [], "客户投诉")
    hits = data["hits"]
    assert 1 <= len(hits) <= 3
    for hit in hits:
        assert set(hit) == {"id", "title", "department", "score", "matches"}
        assert isinstance(hit["score"], float)
        for match in hit["matches"]:
            assert {"field", "text", "highlights"} <= set(match)
            for start, end in match["highlights"]:
                assert 0 <= start < end <= len(match["text"])


def test_cli_text_output_has_no_colour_when_not_a_tty(cli, project):
    result = cli("search", "客服主管", "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. 客服主管  customer-service-supervisor · 客服部")
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize("args, code, message", [
    (["C++"], 1, "没有找到"),
    (["销售-总监", "--json"], 0, ""),
    (["NOT"], 1, "没有找到"),
    (['"'], 1, "没有找到"),
    ([""], 2, "搜索词是空的"),
    (["销售总监理了"], 0, ""),
    (["xyzzy"], 1, "没有找到"),
    (["主管", "--limit", "0"], 2, "--limit"),
    (["主管", "--bogus"], 2, "没有选项"),
    (["主管", "--department", "no-such"], 2, "没有部门"),
    (["主管", "-d", "客服部"], 0, "客服主管"),
])
def test_cli_exit_codes(cli, project, args, code, message):
    result = cli("search", *args, "--root", str(project))
    assert result.returncode == code, result.stdout + result.stderr
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "fts5" not in (result.stdout + result.stderr).lower()


def test_cli_no_hit_with_json_prints_an_empty_list(cli, project):
    result = cli("search", "xyzzy", "--json", "--root", str(project))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert (data["status"], data["hits"]) == ("fail", [])


def test_cli_without_a_knowledge_base(cli, tmp_path):
    result = cli("search", "客服", "--root", str(tmp_path))
    assert result.returncode == 2
    assert "找不到知识库" in result.stderr


def test_cli_index_command(cli, project):
    first = cli("index", "--root", str(project))
    assert first.returncode == 0, first.stderr
    assert "已重建" in first.stdout and "17 个岗位" in first.stdout
    again = cli("index", "--root", str(project))
    assert "已是最新" in again.stdout
    forced = cli("index", "--force", "--root", str(project))
    assert "已重建" in forced.stdout


# ── the index rebuilds itself ──

def _edit(path, old, new):
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def test_index_rebuilds_when_the_knowledge_base_changes(project):
    path, rebuilt = ensure_index(project)
    assert rebuilt and path == project / ".roledocs-cache" / "index.sqlite"
    assert ensure_index(project) == (path, False)
    assert search(project, "仓储物流协调员") == [] or search(project, "仓储物流协调员")[0].id != "sales-clerk"
    _edit(project / "roles" / "customer-service" / "sales-clerk.yaml", "  - 内勤\n", "  - 内勤\n  - 仓储物流协调员\n")
    hits = search(project, "仓储物流协调员")
    assert hits[0].id == "sales-clerk"
    # the new alias also became a dictionary word: it is one token now
    assert "仓储物流协调员" in hits[0].matches[0].text


def test_touching_files_without_changing_them_does_not_rebuild(project):
    path, _ = ensure_index(project)
    role = project / "roles" / "sales" / "sales-rep.yaml"
    role.write_bytes(role.read_bytes())  # new mtime, same bytes
    assert ensure_index(project) == (path, False)
    assert ensure_index(project) == (path, False)  # and the new stat was remembered


def test_index_rebuilds_when_the_dictionary_changes(project):
    path, _ = ensure_index(project)
    con = sqlite3.connect(path)
    with con:  # as if built by a roledocs with another user dictionary or tokenizer version
        con.execute("UPDATE meta SET value = 'old-dictionary' WHERE key = 'data_hash'")
    con.close()
    assert ensure_index(project) == (path, True)
    assert read_meta(path)["data_hash"] != "old-dictionary"


def test_a_corrupt_index_is_rebuilt(project):
    path, _ = ensure_index(project)
    path.write_bytes(b"not a database")
    assert ensure_index(project) == (path, True)
    assert search(project, "客服主管")[0].id == "customer-service-supervisor"


def test_invalid_knowledge_base_keeps_the_old_index(cli, project):
    path, _ = ensure_index(project)
    _edit(project / "roles" / "sales" / "sales-rep.yaml", "category: 业务类", "category: 销售类")
    with pytest.raises(InvalidKnowledgeBase):
        ensure_index(project)
    assert path.is_file()
    result = cli("search", "业务员", "--json", "--root", str(project))
    assert result.returncode == 0
    assert "上次成功建立的索引" in result.stderr
    assert json.loads(result.stdout)["hits"][0]["id"] == "sales-rep"


def test_invalid_knowledge_base_without_an_index(cli, project):
    _edit(project / "roles" / "sales" / "sales-rep.yaml", "category: 业务类", "category: 销售类")
    result = cli("search", "业务员", "--root", str(project))
    assert result.returncode == 1
    assert "roledocs validate" in result.stderr
    index = cli("index", "--root", str(project))
    assert index.returncode == 1
    assert "sales-rep.yaml" in index.stderr


def test_confidential_fields_are_not_indexed(project):
    role = project / "roles" / "sales" / "sales-rep.yaml"
    content = role.read_text(encoding="utf-8")
    role.write_text(content + "compensation:\n  structure: 保密薪酬金丝雀九九九\n", encoding="utf-8")
    path, _ = ensure_index(project)
    assert "保密薪酬金丝雀" not in path.read_bytes().decode("utf-8", "ignore")
    assert search(project, "金丝雀") == []
    for hit in search(project, "保密薪酬金丝雀九九九"):
        assert all("金丝雀" not in m.text for m in hit.matches)


def test_the_change_check_lists_the_same_files_as_the_loader(project):
    from pathlib import Path

    from roledocs.search.index import _kb_files
    from roledocs.kb.load import find_roles_dir, iter_knowledge_base_files

    (project / "roles" / "_drafts").mkdir()
    (project / "roles" / "_drafts" / "draft.yaml").write_text("id: x\n", encoding="utf-8")
    (project / "roles" / "sales" / "notes.txt").write_text("x", encoding="utf-8")
    roles_dir, files = _kb_files(project)
    assert sorted(map(Path, files)) == list(iter_knowledge_base_files(find_roles_dir(project)))


def test_an_index_from_another_version_is_reported_not_a_traceback(project):
    path, _ = ensure_index(project)
    con = sqlite3.connect(path)
    with con:
        con.execute("DELETE FROM meta WHERE key = 'analyzer'")
    con.close()
    from roledocs.search.index import IndexUnusable

    with pytest.raises(IndexUnusable):
        Searcher(path)


def test_random_input_never_raises(engine):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list('销售总监客户投诉"\'()*^:-+ NOTANDORnear{}_~%\\') + ["\x00", "\u200b", "銷", "🙂"])

    @settings(max_examples=200, deadline=None, database=None)
    @given(st.one_of(st.text(max_size=40), st.text(alphabet, max_size=40)))
    def check(query):
        hits = engine.search(query, limit=3)
        assert isinstance(hits, list)
        for hit in hits:
            for match in hit.matches:
                for start, end in match.highlights:
                    assert 0 <= start < end <= len(match.text)

    check()
