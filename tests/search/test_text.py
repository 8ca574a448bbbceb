"""roledocs.search.text: the one Chinese text module (normalisation, tokens, synonyms, pinyin)."""
from __future__ import annotations

import pytest

from roledocs.search import text
from roledocs.kb import open_knowledge_base

from support.search_project import REPO


@pytest.fixture(scope="module")
def kb():
    return open_knowledge_base(REPO)


@pytest.fixture(scope="module")
def analyzer(kb):
    return text.analyzer_for(kb)


@pytest.mark.parametrize("raw, expected", [
    ("銷售總監", "销售总监"),
    ("ＫＰＩ　１２３", "kpi 123"),
    ("客戶滿意度", "客户满意度"),
    ("XSZJ", "xszj"),
    ("", ""),
])
def test_normalize(raw, expected):
    assert text.normalize(raw) == expected


def test_compound_keeps_its_parts(analyzer):
    # 招聘到岗率 is in the hand dictionary; its parts must still be findable
    tokens = analyzer.index_tokens("考核招聘到岗率")
    assert "招聘到岗率" in tokens and "到岗率" in tokens and "招聘" in tokens
    # a title inside a longer title: 销售总监助理 yields 销售总监 too
    assert "销售总监" in analyzer.index_tokens("销售总监助理负责会议纪要")


def test_user_dictionary_joins_hr_terms(analyzer):
    assert analyzer.precise_tokens("销售总监负责回款率") == ["销售总监", "负责", "回款率"]


def test_query_is_precise_without_stop_words_and_with_synonyms(analyzer):
    groups = analyzer.query_groups("谁负责催收货款")
    assert groups[0][0] == "催收货款"
    assert {"回款", "货款回收"} <= set(groups[0])
    assert all(g[0] not in ("谁", "负责") for g in groups)
    assert {"销售代表", "销售专员"} <= set(analyzer.query_tokens("业务员"))
    # only stop words: keep them rather than search for nothing
    assert analyzer.query_tokens("负责") == ["负责"]


def test_synonyms_share_one_index_key(analyzer):
    keys = analyzer.synonym_keys("业务员")
    assert keys and keys == analyzer.synonym_keys("销售代表")
    assert set(keys) <= set(analyzer.index_tokens("业务员", synonyms=True))
    assert not set(keys) & set(analyzer.index_tokens("业务员"))


def test_tokens_never_contain_fts_syntax(analyzer):
    for raw in ['C++', '销售-总监', 'NOT', 'a"b', "(x OR y)*", "col:val", "^NEAR"]:
        for token in analyzer.index_tokens(raw) + analyzer.query_tokens(raw):
            assert token.isalnum() or token.startswith("_s") and token[2:].isalnum(), (raw, token)


def test_traditional_input_gives_the_same_tokens(analyzer):
    assert analyzer.query_tokens("銷售代表") == analyzer.query_tokens("销售代表")
    assert analyzer.index_tokens("客戶投訴處理") == analyzer.index_tokens("客户投诉处理")


def test_pinyin_keys():
    assert text.pinyin_keys("销售总监") == ["xiaoshouzongjian", "xszj"]
    assert text.pinyin_keys("銷售總監") == ["xiaoshouzongjian", "xszj"]
    assert "hangzhang" in text.pinyin_keys("行长")  # heteronym resolved from the phrase
    assert text.pinyin_keys("KPI") == []
    assert text.char_pinyin("鉴") == "jian"


def test_highlight_spans_point_into_the_original_text():
    original = "及時處理客戶投訴，ＫＰＩ考核"
    spans = text.highlight_spans(original, ["客户投诉", "kpi"])
    assert [original[a:b] for a, b in spans] == ["客戶投訴", "ＫＰＩ"]
    assert text.highlight_spans("abc", []) == []


def test_dictionary_hash_changes_with_the_dictionary():
    plain = text.Analyzer()
    assert plain.dictionary_hash() == text.Analyzer().dictionary_hash()
    assert text.Analyzer(["新造词汇"]).dictionary_hash() != plain.dictionary_hash()
    assert text.Analyzer(synonyms=[["甲方", "客户方"]]).dictionary_hash() != plain.dictionary_hash()


def test_rjieba_tokens_equal_jieba_tokens_with_the_same_user_dictionary(kb, analyzer, tmp_path):
    """rjieba is chosen for speed; jieba (which MkDocs Material uses) must cut the
    same way when given userdict_lines(), or the site and the CLI would disagree."""
    import jieba  # a hard dependency (Material's search uses it): missing is a failure, not a skip
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    userdict = tmp_path / "userdict.txt"
    userdict.write_text("\n".join(analyzer.userdict_lines()) + "\n", encoding="utf-8")
    tokenizer.load_userdict(str(userdict))
    texts = []
    for role in kb.roles.values():
        texts.append(role.summary)
        texts += [d.description for d in role.duties]
    checked = 0
    for raw in filter(None, texts):
        norm = text.normalize(raw)
        assert tokenizer.lcut(norm) == analyzer.jieba.cut(norm), raw
        checked += 1
    assert checked > 100


def test_a_saved_analyzer_cuts_exactly_like_the_original(kb, analyzer):
    import json

    restored = text.Analyzer.from_state(json.loads(json.dumps(analyzer.state(), ensure_ascii=False)))
    sample = [role.summary for role in kb.roles.values()] + ["谁负责催收货款", "招聘到岗率", "銷售代表"]
    for raw in sample:
        assert restored.index_tokens(raw) == analyzer.index_tokens(raw)
        assert restored.query_groups(raw) == analyzer.query_groups(raw)
    assert restored.dictionary_hash() == analyzer.dictionary_hash()


def test_importing_the_module_loads_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys, roledocs.search.text, roledocs.search, roledocs.search.index; "
            "print(sorted(m for m in ('jieba', 'rjieba', 'opencc', 'pypinyin') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_to_simplified_and_to_traditional_change_only_the_script():
    """For content (the importer): unlike normalize(), nothing is lower-cased or width-folded."""
    assert text.to_simplified("銷售總監ＫＰＩ與回款率") == "销售总监ＫＰＩ与回款率"
    assert text.to_traditional("销售总监KPI与回款率") == "銷售總監KPI與回款率"
    assert text.to_simplified("") == "" and text.to_traditional("") == ""
    assert text.normalize("銷售總監ＫＰＩ") == "销售总监kpi"  # normalize() is for matching
