"""One relevance (issue 16.2): the site's search worker, in Chromium, analyses every labelled
query into the same words as `roledocs search` (QueryAnalyzer) and ranks the same roles in the
same order (Searcher.search), on the site's own knowledge base."""
from __future__ import annotations

from pathlib import Path

import pytest

from roledocs.search import Searcher
from roledocs.search.index import index_in_memory
from support.relevance import load_queries
from support.site_project import site_model

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
LIMIT = 20  # search_worker.js LIMIT
QUERIES = [q.query for name in ("relevance_queries.yaml", "relevance_heldout.yaml", "relevance_heldout_16.yaml")
           for q in load_queries(REPO / "tests" / name)]
# what people type besides the labelled sets: mixed scripts, full-width letters, punctuation,
# FTS syntax, a Traditional phrase OpenCC converts as a whole, unknown words (HMM), long text
EXTRA = ["ＫＰＩ考核", "C++ 工程师", "销售-总监", '"NOT" OR 客户', "乾燥", "後台數據", "奥利给销售",
         "区域销售主管负责渠道开发与客户拜访的工作内容是什么", "xiao shou", "XSZJ", "  ", "。。。", "销售总鉴"]

ASK = """async ({worker, queries}) => {
    const w = new Worker(worker);
    const ask = message => new Promise(resolve => {
        w.onmessage = event => resolve(event.data); w.postMessage(message); });
    await ask({type: 0, data: {config: {}, docs: [], options: {suggest: false}}});   // SETUP → READY
    const out = {};
    for (const q of queries) out[q] = (await ask({type: "roledocs-plan", data: q})).data;
    w.terminate();
    return out;
}"""


@pytest.fixture(scope="module")
def worker_answers(chrome, base_url, built_site):
    [worker] = (built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    page = chrome.new_page()
    page.goto(base_url)
    answers = page.evaluate(ASK, {"worker": base_url + worker.relative_to(built_site).as_posix(),
                                  "queries": list(dict.fromkeys(QUERIES + EXTRA))})
    page.close()
    return answers


@pytest.fixture(scope="module")
def searcher(site_project):
    engine = Searcher(index_in_memory(site_model(site_project)))
    yield engine
    engine.close()


def test_the_worker_analyses_queries_like_the_cli(worker_answers, searcher):
    differ = {}
    for query, answer in worker_answers.items():
        plan = searcher.plan(query)
        related = []  # as Searcher.plan collects them (its plan holds them as FTS5 text)
        for w in plan.typed:
            related += searcher.analyzer.synonym_keys(w) + (searcher.analyzer.parts(w) if len(w) >= 3 else [])
        related = [w for w in dict.fromkeys(related) if w not in plan.typed]
        mine = (answer["plan"]["typed"], answer["plan"]["related"], answer["plan"]["highlight"])
        cli = (plan.typed, related[:64], plan.highlight)
        if mine != cli:
            differ[query] = (mine, cli)
    assert len(worker_answers) >= 200
    assert not differ, differ


def test_the_worker_ranks_roles_like_the_cli(worker_answers, searcher):
    differ = {}
    for query, answer in worker_answers.items():
        cli = [(h.id, round(h.score, 3)) for h in searcher.search(query, limit=LIMIT)]
        mine = [(rid, round(score, 3)) for rid, score in answer["roles"]]
        if [r for r, _ in mine] != [r for r, _ in cli] or any(abs(a[1] - b[1]) > 2e-3 for a, b in zip(mine, cli)):
            differ[query] = (mine[:5], cli[:5])
    assert not differ, differ
