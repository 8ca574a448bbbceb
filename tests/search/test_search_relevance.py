"""Does search find the right role?  Per query for the names people type, and MRR and
recall@3 per query kind over labelled queries, on the REAL knowledge base, against a
baseline of plain substring matching over the YAML text.  `pytest -s` prints the figures.

Two query sets: tests/relevance_queries.yaml was used to tune the search (its first 79
queries; the last 13 were written after tuning, but have been seen since), so its floors sit
just under today's figures: a query that drops from rank 1 fails. tests/relevance_heldout.yaml
was written after tuning and never tuned on: its floor is what the first measurement gave.
"""
from __future__ import annotations

import pytest

from roledocs.search.index import build_index
from roledocs.kb import open_knowledge_base
from support.relevance import evaluate, load_queries, substring_baseline
from roledocs.search import Searcher
from support.search_project import REPO

QUERIES = REPO / "tests" / "relevance_queries.yaml"
HELD_OUT = REPO / "tests" / "relevance_heldout.yaml"
TUNED_QUERIES = 79  # relevance_queries.yaml: the first 79 were used for tuning

# Every title, alias, Traditional title, full pinyin and initials of the knowledge base, and
# the role that must come FIRST for it (a longer title that contains it must not: 销售总监 is
# not 销售总监助理, 销售经理 is not 高级销售经理).
TITLES = [
    ("客服主管", "customer-service-supervisor"), ("售前客服组长", "presales-cs-team-lead"), ("销售内勤", "sales-clerk"),
    ("售前组长", "presales-team-lead"), ("门店组长", "store-team-lead"), ("渠道拓展主管", "channel-development-supervisor"),
    ("营销协理", "marketing-coordinator"), ("区域销售主管", "regional-sales-supervisor"),
    ("销售部副主管", "sales-deputy-supervisor"), ("销售总监助理", "sales-director-assistant"), ("销售总监", "sales-director"),
    ("销售经理", "sales-manager"), ("销售代表", "sales-rep"), ("销售主管", "sales-supervisor"),
    ("销售组长", "sales-team-lead"), ("销售副总", "sales-vp"), ("高级销售经理", "senior-sales-manager"),
]
ALIASES = [
    ("客户服务主管", "customer-service-supervisor"), ("售前客服主管", "presales-cs-team-lead"), ("销售内勤员", "sales-clerk"),
    ("内勤", "sales-clerk"), ("售前组长（工程部）", "presales-team-lead"), ("售前方案组长", "presales-team-lead"),
    ("店铺组长", "store-team-lead"), ("渠道主管", "channel-development-supervisor"),
    ("办事处协理", "marketing-coordinator"), ("营销中心协理", "marketing-coordinator"),
    ("区域主管", "regional-sales-supervisor"), ("区域经理", "regional-sales-supervisor"),
    ("副主管", "sales-deputy-supervisor"), ("销售副主管", "sales-deputy-supervisor"),
    ("总监助理", "sales-director-assistant"), ("营销总监助理", "sales-director-assistant"), ("销售部总监", "sales-director"),
    ("营销中心主任", "sales-director"), ("部长", "sales-director"), ("销售部经理", "sales-manager"),
    ("营销经理", "sales-manager"), ("销售组营销经理", "sales-manager"), ("经（副）理", "sales-manager"),
    ("业务经理", "sales-manager"), ("业务员", "sales-rep"), ("销售专员", "sales-rep"), ("销售人员", "sales-rep"),
    ("销售顾问", "sales-rep"), ("销售部主管", "sales-supervisor"), ("销售组组长", "sales-team-lead"),
    ("组长", "sales-team-lead"), ("销售部组长", "sales-team-lead"), ("销售副总经理", "sales-vp"), ("公司销售副总", "sales-vp"),
    ("分管销售副总", "sales-vp"), ("营销经理（高级）", "senior-sales-manager"),
]
TRADITIONAL = [  # 客服主管 and 渠道拓展主管 are written the same way in Traditional
    ("售前客服組長", "presales-cs-team-lead"), ("銷售內勤", "sales-clerk"), ("售前組長", "presales-team-lead"),
    ("門店組長", "store-team-lead"), ("營銷協理", "marketing-coordinator"), ("區域銷售主管", "regional-sales-supervisor"),
    ("銷售部副主管", "sales-deputy-supervisor"), ("銷售總監助理", "sales-director-assistant"), ("銷售總監", "sales-director"),
    ("銷售經理", "sales-manager"), ("銷售代表", "sales-rep"), ("銷售主管", "sales-supervisor"),
    ("銷售組長", "sales-team-lead"), ("銷售副總", "sales-vp"), ("高級銷售經理", "senior-sales-manager"),
]
PINYIN = [
    ("kefuzhuguan", "customer-service-supervisor"), ("shouqiankefuzuzhang", "presales-cs-team-lead"),
    ("xiaoshouneiqin", "sales-clerk"), ("shouqianzuzhang", "presales-team-lead"),
    ("mendianzuzhang", "store-team-lead"), ("qudaotuozhanzhuguan", "channel-development-supervisor"),
    ("yingxiaoxieli", "marketing-coordinator"), ("quyuxiaoshouzhuguan", "regional-sales-supervisor"),
    ("xiaoshoubufuzhuguan", "sales-deputy-supervisor"), ("xiaoshouzongjianzhuli", "sales-director-assistant"),
    ("xiaoshouzongjian", "sales-director"), ("xiaoshoujingli", "sales-manager"),
    ("xiaoshoudaibiao", "sales-rep"), ("xiaoshouzhuguan", "sales-supervisor"),
    ("xiaoshouzuzhang", "sales-team-lead"), ("xiaoshoufuzong", "sales-vp"),
    ("gaojixiaoshoujingli", "senior-sales-manager"),
]
INITIALS = [
    ("kfzg", "customer-service-supervisor"), ("sqkfzz", "presales-cs-team-lead"), ("xsnq", "sales-clerk"),
    ("sqzz", "presales-team-lead"), ("mdzz", "store-team-lead"), ("qdtzzg", "channel-development-supervisor"),
    ("yxxl", "marketing-coordinator"), ("qyxszg", "regional-sales-supervisor"),
    ("xsbfzg", "sales-deputy-supervisor"), ("xszjzl", "sales-director-assistant"), ("xszj", "sales-director"),
    ("xsjl", "sales-manager"), ("xsdb", "sales-rep"), ("xszg", "sales-supervisor"),
    ("xszz", "sales-team-lead"), ("xsfz", "sales-vp"), ("gjxsjl", "senior-sales-manager"),
]
NAMES = [(kind, q, rid) for kind, pairs in (("title", TITLES), ("alias", ALIASES), ("traditional", TRADITIONAL),
                                             ("pinyin", PINYIN), ("initials", INITIALS)) for q, rid in pairs]

# Per query kind of relevance_queries.yaml: (MRR, recall@3) just under the figures measured
# when these floors were set (MRR 0.989, recall@3 0.986 over all 92): every kind at 1.000
# except question recall 0.889, synonym MRR 0.900, traditional MRR 0.929.
FLOORS = {
    "alias": (0.99, 0.99), "fragment": (0.99, 0.99), "initials": (0.99, 0.99), "kpi": (0.99, 0.99),
    "pinyin": (0.99, 0.99), "question": (0.99, 0.88), "synonym": (0.89, 0.99), "title": (0.99, 0.99),
    "traditional": (0.92, 0.99), "typo": (0.99, 0.99),
}
MIN_MRR, MIN_RECALL = 0.98, 0.98
# relevance_heldout.yaml, first measurement: MRR 0.986, recall@3 0.990 (69 queries).
HELD_OUT_MRR, HELD_OUT_RECALL = 0.98, 0.98


@pytest.fixture(scope="module")
def queries():
    return load_queries(QUERIES)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    kb = open_knowledge_base(REPO)
    searcher = Searcher(build_index(kb, tmp_path_factory.mktemp("relevance") / "index.sqlite"))
    yield searcher
    searcher.close()


def test_the_query_sets_are_big_varied_and_point_at_real_roles(queries):
    kb = open_knowledge_base(REPO)
    held_out = load_queries(HELD_OUT)
    assert len(queries) == 92 and len(held_out) >= 40
    for qs in (queries, held_out):
        kinds = {q.kind for q in qs}
        assert {"question", "fragment", "kpi", "traditional", "pinyin", "initials", "alias"} <= kinds
        for q in qs:
            assert q.relevant and set(q.relevant) <= set(kb.roles), q
    assert "typo" in {q.kind for q in queries}
    assert not {q.query for q in held_out} & {q.query for q in queries}, "held-out queries must be new"
    assert set(FLOORS) == {q.kind for q in queries}
    # every name of every role is checked below
    names = {(name, role.id) for role in kb.roles.values() for name in [role.title, *role.aliases]}
    assert names == set(TITLES) | set(ALIASES)


@pytest.mark.parametrize("kind, query, expected", NAMES, ids=[f"{k}-{q}" for k, q, _ in NAMES])
def test_a_name_finds_its_role_first(engine, kind, query, expected):
    ranking = [h.id for h in engine.search(query, limit=5)]
    assert ranking[:1] == [expected], f"「{query}」({kind}) → {ranking}"


def _print_by_kind(label, result, baseline=None):
    print(f"{label}: {result.summary()}")
    for kind, (mrr, recall) in result.by_kind.items():
        extra = ""
        if baseline is not None:
            b_mrr, b_recall = baseline.by_kind[kind]
            extra = f"   baseline {b_mrr:>5.2f} / {b_recall:.2f}"
        print(f"  {kind:<12} {mrr:>6.3f} / {recall:.3f}{extra}")
    for r in result.failures():
        print(f"  not first: {r.query.query!r} wants {r.query.relevant}, got {r.ranking[:3]}")


def test_relevance(engine, queries):
    rank = lambda q: [h.id for h in engine.search(q, limit=10)]  # noqa: E731
    ours = evaluate(rank, queries)
    baseline = evaluate(substring_baseline(REPO / "roles"), queries)
    print(f"\nbaseline (substring over YAML): {baseline.summary()}")
    _print_by_kind("roledocs search, relevance_queries.yaml", ours, baseline)
    print(f"  tuned (first {TUNED_QUERIES}): {evaluate(rank, queries[:TUNED_QUERIES]).summary()}")
    print(f"  written after tuning: {evaluate(rank, queries[TUNED_QUERIES:]).summary()}")
    low = {kind: (round(mrr, 3), round(recall, 3)) for kind, (mrr, recall) in ours.by_kind.items()
           if mrr < FLOORS[kind][0] or recall < FLOORS[kind][1]}
    assert not low, f"below the floors {FLOORS}: {low}"
    assert ours.mrr >= MIN_MRR, ours.summary()
    assert ours.recall >= MIN_RECALL, ours.summary()
    assert ours.mrr > baseline.mrr


def test_held_out_relevance(engine):
    """Queries never tuned on: reported, and kept at the floor of their first measurement."""
    held_out = load_queries(HELD_OUT)
    result = evaluate(lambda q: [h.id for h in engine.search(q, limit=10)], held_out)
    print()
    _print_by_kind("roledocs search, relevance_heldout.yaml (held out)", result)
    assert result.mrr >= HELD_OUT_MRR, result.summary()
    assert result.recall >= HELD_OUT_RECALL, result.summary()


def test_evaluate_scores_a_ranking_correctly():
    from support.relevance import Query

    qs = [Query("a", ["x"]), Query("b", ["x", "y"]), Query("c", ["z"])]
    rankings = {"a": ["x", "y"], "b": ["w", "y", "x"], "c": []}
    result = evaluate(rankings.__getitem__, qs)
    assert result.mrr == pytest.approx((1 + 1 / 2 + 0) / 3)
    assert result.recall == pytest.approx((1 + 1 + 0) / 3)
    assert [r.query.query for r in result.failures()] == ["b", "c"]
