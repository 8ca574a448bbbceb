"""职责交叉 in a knowledge base whose roles were copied from one another: a text written in many
places is compared once (pairs of texts, not of places), and every place is still reported with
its first counterparts and the number of all the others, as when every pair of places is looked at."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from itertools import combinations

import pytest

from roledocs.kb import open_knowledge_base
from roledocs.kb.problems import json_path
from roledocs.kb.validate import validate_knowledge_base
from roledocs.lint import overlap
from roledocs.lint.config import load_config
from roledocs.lint.context import LintContext
from roledocs.lint.registry import CHECKS
from support.lint_project import copy_roles

TODAY = dt.date(2026, 12, 2)
COPIES = 5
ORIGINALS = ("customer-service/sales-clerk.yaml", "sales/sales-rep.yaml")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The real knowledge base with two roles copied 5 times each (the same superior, new ids)."""
    project = copy_roles(tmp_path_factory.mktemp("copies"))
    for name in ORIGINALS:
        path = project / "roles" / name
        text = path.read_text(encoding="utf-8")
        role_id = re.search(r"^id: (\S+)$", text, re.M).group(1)
        title = re.search(r"^title: (\S+)$", text, re.M).group(1)
        for n in range(1, COPIES + 1):
            copy = text.replace(f"\nid: {role_id}\n", f"\nid: {role_id}-{n}\n", 1)
            copy = copy.replace(f"\ntitle: {title}\n", f"\ntitle: {title}{n}号\n", 1)
            copy = re.sub(r"^aliases:\n(?:  - .*\n)+", "", copy, flags=re.M)  # an alias names one role
            assert copy.count(f"{role_id}-{n}") == 1
            (path.parent / f"{role_id}-{n}.yaml").write_text(copy, encoding="utf-8")
    assert validate_knowledge_base(project).ok
    return project


def reported(project) -> tuple[list, LintContext]:
    report = validate_knowledge_base(project)
    kb = open_knowledge_base(project)
    ctx = LintContext(report.documents, kb, load_config(project), TODAY, {c.code for c in CHECKS})
    overlap.run(ctx)
    return ctx.findings, ctx


def expected_peers(ctx) -> Counter:
    """RD501 counterparts of each place, pair of places by pair of places."""
    found = overlap.candidates(ctx.kb)
    texts, pairs = overlap.cached_scored_pairs(overlap.texts_by_role(found), ctx.config.threshold("overlap-similarity"))
    index = {text: n for n, text in enumerate(texts)}
    similar = {(i, j) for i, j, _ in pairs} | {(j, i) for i, j, _ in pairs}
    peers = Counter()
    for a, b in combinations(found, 2):
        ta, tb = index[a.text], index[b.text]
        same = ta == tb and len(overlap.core(a.text)) >= overlap.MIN_CORE
        related = a.role is b.role or a.role.superior is b.role or b.role.superior is a.role
        if (same or (ta, tb) in similar) and not related:
            peers[(a.role.file, json_path(a.parts))] += 1
            peers[(b.role.file, json_path(b.parts))] += 1
    return peers


def test_every_copy_names_its_counterparts_and_counts_the_others(project, monkeypatch):
    asked = []
    real = overlap.scored_pairs
    monkeypatch.setattr(overlap, "scored_pairs", lambda texts, *a, **k: asked.append(len(texts)) or real(texts, *a, **k))
    monkeypatch.setenv("ROLEDOCS_NO_CACHE", "1")
    findings, ctx = reported(project)
    found = overlap.candidates(ctx.kb)
    assert asked == [len({u.text for u in found})] and asked[0] < len(found)  # each text once

    peers = expected_peers(ctx)
    counted = {}
    for f in findings:
        if f.code == "RD501":
            shown = f.problem.message.count("相似度")
            more = re.search(r"另有 (\d+) 处", f.problem.message)
            assert shown == min(3, shown + (int(more.group(1)) if more else 0))
            counted[(f.problem.file, f.problem.path)] = shown + (int(more.group(1)) if more else 0)
    assert counted == dict(peers)
    # a copied task: found in the original and its 5 copies, each naming 3 and counting 2 more
    copied = [f for f in findings if f.problem.file.endswith("/sales-clerk-3.yaml") and f.code == "RD501"]
    assert copied and all("另有" in f.problem.message for f in copied)


def test_counterparts_are_the_best_first_then_in_file_order(project, monkeypatch):
    monkeypatch.setenv("ROLEDOCS_NO_CACHE", "1")
    findings, _ = reported(project)
    for f in findings:
        if f.code == "RD501":
            scores = [float(s) for s in re.findall(r"相似度 (\d\.\d\d)", f.problem.message)]
            assert scores == sorted(scores, reverse=True)
            files = re.findall(r"（(roles/[^:）]+)", f.problem.message)
            tied = [file for file, score in zip(files, scores) if score == scores[0]]
            assert tied == sorted(tied)
