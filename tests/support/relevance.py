"""Measure a search ranking against labelled queries (tests/relevance_queries.yaml).

Any search front end can be evaluated the same way: give ``evaluate`` a function
that takes a query and returns role ids, best first.

    from support.relevance import load_queries, evaluate
    queries = load_queries("tests/relevance_queries.yaml")
    result = evaluate(lambda q: [h.id for h in search(".", q)], queries)
    print(result.summary())          # MRR 0.95  recall@3 0.97  (79 queries)
    result.failures()                 # queries whose first relevant role is not at rank 1

The site's browser test can collect the ids its search box shows for each query
and call ``evaluate`` with a dict lookup: ``evaluate(shown.__getitem__, queries)``.

MRR: mean over queries of 1 / rank of the first relevant role (0 when none is
returned).  recall@k: mean over queries of the share of relevant roles among the
first k results (capped: a query with 4 relevant roles needs all 3 slots filled
with relevant ones to score 1).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass
class Query:
    query: str
    relevant: list[str]
    kind: str = ""


@dataclass
class QueryResult:
    query: Query
    ranking: list[str]
    reciprocal_rank: float
    recall: float


@dataclass
class Evaluation:
    results: list[QueryResult]
    k: int = 3
    by_kind: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def mrr(self) -> float:
        return sum(r.reciprocal_rank for r in self.results) / len(self.results) if self.results else 0.0

    @property
    def recall(self) -> float:
        return sum(r.recall for r in self.results) / len(self.results) if self.results else 0.0

    def failures(self) -> list[QueryResult]:
        return [r for r in self.results if r.reciprocal_rank < 1.0]

    def summary(self) -> str:
        return f"MRR {self.mrr:.3f}  recall@{self.k} {self.recall:.3f}  ({len(self.results)} queries)"


def load_queries(path: Path | str) -> list[Query]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return [Query(str(q["query"]), [str(r) for r in q["relevant"]], str(q.get("kind", ""))) for q in data["queries"]]


def evaluate(rank: Callable[[str], Iterable[str]], queries: list[Query], k: int = 3) -> Evaluation:
    """Run ``rank`` on every query and score the rankings."""
    results = []
    for q in queries:
        ranking = list(dict.fromkeys(rank(q.query)))
        relevant = set(q.relevant)
        rr = next((1.0 / i for i, rid in enumerate(ranking, start=1) if rid in relevant), 0.0)
        found = len(relevant & set(ranking[:k]))
        results.append(QueryResult(q, ranking, rr, found / min(k, len(relevant))))
    evaluation = Evaluation(results, k)
    for kind in sorted({r.query.kind for r in results}):
        sub = Evaluation([r for r in results if r.query.kind == kind], k)
        evaluation.by_kind[kind] = (sub.mrr, sub.recall)
    return evaluation


def substring_baseline(roles_dir: Path | str) -> Callable[[str], list[str]]:
    """The naive search to beat: roles whose YAML text contains the query as typed,
    most occurrences first.  (Reads the files on purpose: it is what grep would do.)"""
    texts = {p.stem: p.read_text(encoding="utf-8")
             for p in sorted(Path(roles_dir).glob("*/*.yaml")) if not p.name.startswith("_")}

    def rank(query: str) -> list[str]:
        query = query.strip()
        if not query:
            return []
        counts = {rid: t.count(query) for rid, t in texts.items()}
        return [rid for rid, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n > 0]

    return rank
