"""The query path analyses a query from the index's own tables (search.lexicon, search.segment)
instead of loading rjieba and OpenCC: it must give exactly the tokens rjieba and OpenCC give
(issue 16.5), or search results would change."""
from __future__ import annotations

import sqlite3

import pytest

from roledocs.kb import open_knowledge_base
from roledocs.search import text
from roledocs.search.index import build_index
from roledocs.search.lexicon import QueryAnalyzer
from support.relevance import load_queries
from support.search_project import REPO

QUERY_SETS = ("relevance_queries.yaml", "relevance_heldout.yaml", "relevance_heldout_16.yaml")
# what people also type: mixed scripts, punctuation, numbers, Traditional phrases OpenCC converts
# as phrases (反覆 → 反复 although 覆 alone stays), letters the HMM cuts, characters beyond the BMP
ODD_QUERIES = [
    "C++", "销售-总监", "NOT", "v1.2版本", "ＫＰＩ　１２３", "回款率≥95%", "客服_主管", "「销售」代表",
    "反覆確認訂單", "乾隆年間的賬本", "憑藉經驗", "深沈", "着装", "著名品牌", "セールス担当", "営業部長",
    "𠀀𠀁销售", "張三李四王五", "蓝翔挖掘机", "小明硕士毕业于中国科学院计算所", "xszj", "xiao shou zong jian",
    "谁负责 开发票？", "\t空白\n换行\r\n", "a" * 30, "客户投诉" * 60, "", "   ",
]


@pytest.fixture(scope="module")
def analyzers(tmp_path_factory):
    kb = open_knowledge_base(REPO)
    path = build_index(kb, tmp_path_factory.mktemp("lexicon") / "index.sqlite")
    con = sqlite3.connect(path)
    yield kb, text.analyzer_for(kb), QueryAnalyzer(con)
    con.close()


def _phrases(kb) -> list[str]:
    """A few hundred things people type about roles: names, duty titles and tasks, KPI names."""
    out = []
    for role in kb.roles.values():
        out += [role.title, *map(str, role.aliases), role.summary or ""]
        for duty in role.duties:
            out += [duty.title, duty.description, *duty.tasks[:2]]
        out += [rk.name for rk in role.kpis]
    return [p for p in dict.fromkeys(out) if p]


def _queries(kb) -> list[str]:
    typed = [q.query for name in QUERY_SETS for q in load_queries(REPO / "tests" / name)]
    return typed + ODD_QUERIES + _phrases(kb)


def test_query_tokens_are_exactly_rjiebas(analyzers):
    kb, analyzer, stored = analyzers
    queries = _queries(kb)
    assert len(queries) > 500
    for query in queries:
        assert stored.precise_tokens(query) == analyzer.precise_tokens(query), query
        groups = stored.query_groups(query)
        assert groups == analyzer.query_groups(query), query
        assert stored.query_tokens(query) == analyzer.query_tokens(query), query
        for word in (g[0] for g in groups):
            assert stored.synonym_keys(word) == analyzer.synonym_keys(word), word
            assert stored.parts(word) == analyzer.parts(word), word
    assert stored.synonym_groups == analyzer.synonym_groups


def test_the_segmenter_cuts_every_role_text_like_rjieba(analyzers):
    """Whole texts, not only queries: long sentences exercise the route and the HMM."""
    kb, analyzer, stored = analyzers
    texts = [text.normalize(t) for t in _phrases(kb)]
    hmm_runs = 0
    for t in texts:
        assert stored.segmenter.cut(t) == analyzer.jieba.cut(t), t
        assert stored.segmenter.cut_for_search(t) == analyzer.jieba.cut_for_search(t), t
        hmm_runs += any(len(w) > 1 and not analyzer.jieba.has_word(w) for w in analyzer.jieba.cut(t))
    assert hmm_runs > 10  # the HMM made words the dictionary does not have


def test_traditional_is_simplified_exactly_like_opencc(analyzers):
    kb, analyzer, stored = analyzers
    samples = [*_phrases(kb), *ODD_QUERIES]
    samples += [text.to_traditional(s) for s in samples]
    for sample in samples:
        assert stored.normalize(sample) == text.normalize(sample), sample
        assert stored.to_simplified(sample) == text.to_simplified(sample), sample
    spans = text.highlight_spans("客戶投訴與回覆", ["客户投诉", "回复"], stored.to_simplified)
    assert spans == text.highlight_spans("客戶投訴與回覆", ["客户投诉", "回复"]) == [(0, 4), (5, 7)]
