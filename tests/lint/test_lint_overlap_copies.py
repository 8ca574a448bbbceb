"""职责交叉 in a knowledge base whose roles were copied from one another (as they are, or with a
number put into every sentence): a form written in many places is compared once (pairs of forms,
not of places), and every place is still reported with its first counterparts and the number of
all the others, as when every pair of places is looked at."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache
from itertools import combinations

import pytest

from roledocs.kb import open_knowledge_base
from roledocs.kb.problems import json_path
from roledocs.kb.validate import validate_knowledge_base
from roledocs.lint import overlap
from roledocs.lint.config import load_config
from roledocs.lint.context import LintContext
from roledocs.lint.registry import CHECKS
from roledocs.lint.similarity import clauses, duty_overlap
from support.lint_project import copy_roles

TODAY = dt.date(2026, 12, 2)
COPIES = 5
ORIGINALS = ("customer-service/sales-clerk.yaml", "sales/sales-rep.yaml")


@pytest.fixture(scope="module", params=["copied", "numbered"])
def project(request, tmp_path_factory):
    """The real knowledge base with two roles copied 5 times each (the same superior, new ids);
    "numbered": each copy's sentences end with the copy's number (「……（3号片区）。」)."""
    project = copy_roles(tmp_path_factory.mktemp(request.param))
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
            if request.param == "numbered":
                copy = re.sub(r"^( +- .+)。$", rf"\1（{n}号片区）。", copy, flags=re.M)
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
    """RD501 counterparts of each place, pair of places by pair of places, each pair scored as
    the check defines it (similarity.duty_overlap)."""
    threshold = ctx.config.threshold("overlap-similarity")

    @cache
    def similar(a: str, b: str) -> bool:
        return len(overlap.core(a)) >= overlap.MIN_CORE and duty_overlap(a, b) >= threshold - 1e-9

    peers = Counter()
    for a, b in combinations(overlap.candidates(ctx.kb), 2):
        related = a.role is b.role or a.role.superior is b.role or b.role.superior is a.role
        if not related and similar(*sorted((a.text, b.text))):
            peers[(a.role.file, json_path(a.parts))] += 1
            peers[(b.role.file, json_path(b.parts))] += 1
    return peers


def test_every_copy_names_its_counterparts_and_counts_the_others(project, monkeypatch):
    asked = []
    real = overlap.scored_pairs
    monkeypatch.setattr(overlap, "scored_pairs", lambda forms, *a, **k: asked.append(len(forms)) or real(forms, *a, **k))
    monkeypatch.setenv("ROLEDOCS_NO_CACHE", "1")
    findings, ctx = reported(project)
    found = overlap.candidates(ctx.kb)
    assert asked == [len({clauses(u.text) for u in found})] and asked[0] < len(found)  # each form once
    if project.name.startswith("numbered"):
        assert asked[0] < len({u.text for u in found})  # the copies' texts differ, not their forms

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
