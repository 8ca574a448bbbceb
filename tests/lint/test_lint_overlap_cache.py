"""职责交叉: the result kept in the parse cache is the result of the texts as they are now — an
unchanged knowledge base is not compared again, an edited one is."""
from __future__ import annotations

import datetime as dt

import pytest

from roledocs.lint import lint_knowledge_base, overlap
from support.lint_project import copy_roles, edit

TODAY = dt.date(2026, 12, 2)
CLERK = "customer-service/sales-clerk.yaml"
ORIGINAL = "      - 维护客户服务管理信息系统。\n"
# a copy of a sales-rep task no other test writes (the cache is shared by the whole test run)
COPY = "      - 负责及时把客户线索、客户信息录入销售管理系统。\n"


def findings(project) -> list[tuple[str, int, str]]:
    report = lint_knowledge_base(project, only=["overlap"], today=TODAY)
    return [(f.problem.location(), f.code, f.problem.message) for f in report.findings]


def no_comparing(*args, **kwargs):
    raise AssertionError("compared again although nothing changed")


def test_an_unchanged_knowledge_base_is_not_compared_again_and_an_edit_is_seen(tmp_path, monkeypatch):
    project = copy_roles(tmp_path)
    before = findings(project)  # compares and keeps the result
    with monkeypatch.context() as m:
        m.setattr(overlap, "scored_pairs", no_comparing)
        assert findings(project) == before  # from the cache
        # a task copied into another role: another key, so it is compared (and would raise here)
        edit(project, CLERK, ORIGINAL, ORIGINAL + COPY)
        with pytest.raises(AssertionError, match="compared again"):
            findings(project)
    after = findings(project)
    new = [f for f in after if f not in before]
    assert {code for _, code, _ in new} == {"RD501"} and len(new) == 2, new  # at both places
    assert any(place.startswith(f"roles/{CLERK}:") for place, _, _ in new)
    # ... the same as comparing without any cache, and the edit undone gives the first result back
    monkeypatch.setenv("ROLEDOCS_NO_CACHE", "1")
    assert findings(project) == after
    monkeypatch.delenv("ROLEDOCS_NO_CACHE")
    edit(project, CLERK, ORIGINAL + COPY, ORIGINAL)
    assert findings(project) == before


def test_a_changed_threshold_is_compared_again(tmp_path, monkeypatch):
    project = copy_roles(tmp_path)
    findings(project)
    (project / "pyproject.toml").write_text("[tool.roledocs.lint.thresholds]\noverlap-similarity = 0.7731\n",
                                            encoding="utf-8")
    monkeypatch.setattr(overlap, "scored_pairs", no_comparing)
    with pytest.raises(AssertionError, match="compared again"):
        findings(project)
