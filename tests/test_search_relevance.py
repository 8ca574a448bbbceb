"""Does search find the right role?  MRR and recall@3 over labelled queries
(tests/relevance_queries.yaml) on the REAL knowledge base, against a baseline
of plain substring matching over the YAML text.  `pytest -s` prints both."""
from __future__ import annotations

import pytest

from roledocs.search.index import build_index
from roledocs.kb import open_knowledge_base
from support.relevance import evaluate, load_queries, substring_baseline
from roledocs.search import Searcher
from search_project import REPO

QUERIES = REPO / "tests" / "relevance_queries.yaml"
MIN_MRR, MIN_RECALL = 0.85, 0.9


@pytest.fixture(scope="module")
def queries():
    return load_queries(QUERIES)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    kb = open_knowledge_base(REPO)
    searcher = Searcher(build_index(kb, tmp_path_factory.mktemp("relevance") / "index.sqlite"))
    yield searcher
    searcher.close()


def test_the_query_set_is_big_varied_and_points_at_real_roles(queries):
    kb = open_knowledge_base(REPO)
    assert len(queries) >= 50
    kinds = {q.kind for q in queries}
    assert {"question", "fragment", "kpi", "traditional", "pinyin", "initials", "alias", "typo"} <= kinds
    for q in queries:
        assert q.relevant and set(q.relevant) <= set(kb.roles), q


def test_relevance(engine, queries):
    ours = evaluate(lambda q: [h.id for h in engine.search(q, limit=10)], queries)
    baseline = evaluate(substring_baseline(REPO / "roles"), queries)
    print(f"\nbaseline (substring over YAML): {baseline.summary()}")
    print(f"roledocs search:                {ours.summary()}")
    print(f"  {'kind':<12} {'ours MRR/R@3':>14} {'baseline':>14}")
    for kind, (mrr, recall) in ours.by_kind.items():
        b_mrr, b_recall = baseline.by_kind[kind]
        print(f"  {kind:<12} {mrr:>6.2f} / {recall:.2f}   {b_mrr:>6.2f} / {b_recall:.2f}")
    for r in ours.failures():
        print(f"  not first: {r.query.query!r} wants {r.query.relevant}, got {r.ranking[:3]}")
    assert ours.mrr >= MIN_MRR, ours.summary()
    assert ours.recall >= MIN_RECALL, ours.summary()
    assert ours.mrr > baseline.mrr


def test_evaluate_scores_a_ranking_correctly():
    from support.relevance import Query

    qs = [Query("a", ["x"]), Query("b", ["x", "y"]), Query("c", ["z"])]
    rankings = {"a": ["x", "y"], "b": ["w", "y", "x"], "c": []}
    result = evaluate(rankings.__getitem__, qs)
    assert result.mrr == pytest.approx((1 + 1 / 2 + 0) / 3)
    assert result.recall == pytest.approx((1 + 1 + 0) / 3)
    assert [r.query.query for r in result.failures()] == ["b", "c"]
