"""The problem catalogue: one table of codes with severity, title, explanation and fix;
docs/errors.md is generated from it; call sites never choose a severity."""
from __future__ import annotations

import ast
import json
import re
import runpy
from pathlib import Path

import pytest

from roledocs.kb.problems import CATALOGUE, problem
from roledocs.kb.validate import validate_knowledge_base

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted((REPO / "src" / "roledocs").rglob("*.py"))


def test_errors_page_is_generated_from_the_catalogue():
    """After adding a code, run python scripts/make_errors_doc.py."""
    page = runpy.run_path(str(REPO / "scripts" / "make_errors_doc.py"))["render"]()
    assert (REPO / "docs" / "errors.md").read_text(encoding="utf-8") == page


def test_every_code_has_its_anchor_on_the_errors_page():
    page = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    assert [code for code, spec in CATALOGUE.items() if f'<a id="{spec.anchor}"></a>' not in page] == []


def test_every_code_the_code_reports_is_in_the_catalogue():
    used = {code for path in SOURCES for code in re.findall(r"[\"'](RD\d{3})[\"']", path.read_text(encoding="utf-8"))}
    assert len(used) > 60
    assert sorted(used - set(CATALOGUE)) == []


def test_no_call_site_chooses_a_severity():
    """Problems are made by problem(code, …): the severity is the catalogue's (lint may override it after)."""
    direct = []
    for path in SOURCES:
        if path.name == "problems.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Problem":
                direct.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert direct == []


def test_the_severity_comes_from_the_catalogue():
    assert problem("RD313", "x", "roles/a.yaml").severity == "warning"
    assert problem("RD309", "x", "roles/a.yaml").severity == "error"
    with pytest.raises(KeyError):
        problem("RD999", "x", "roles/a.yaml")


def test_every_entry_is_complete_and_in_chinese():
    han = re.compile(r"[\u4e00-\u9fff]")
    for code, spec in CATALOGUE.items():
        assert re.fullmatch(r"RD[1-7]\d\d", code) and spec.code == code
        assert spec.severity in ("error", "warning", "notice")
        assert all(han.search(text) for text in (spec.title, spec.explanation, spec.fix)), code


def test_lint_checks_take_title_and_severity_from_the_catalogue():
    from roledocs.lint.registry import CHECKS

    assert {c.code for c in CHECKS} == {code for code in CATALOGUE if code.startswith("RD5")}
    source = (REPO / "src" / "roledocs" / "lint" / "registry.py").read_text(encoding="utf-8")
    assert not any(CATALOGUE[c.code].explanation in source for c in CHECKS), "summaries are restated in the registry"
    assert all((c.title, c.severity) == (CATALOGUE[c.code].title, CATALOGUE[c.code].severity) for c in CHECKS)


# ── RD309 has two meanings, now two codes ────────────────────────────────────
ROLE = """\
id: probe
title: 测试岗位
department: sales
category: 业务类
status: active
reports_to: role-00000
summary: 负责测试。
duties:
  - title: 客户开发
    share: {first}
  - title: 回款跟踪
{second}"""


@pytest.fixture
def kb(tmp_path):
    from support.synthetic import write_synthetic_knowledge_base

    return write_synthetic_knowledge_base(tmp_path, 3, seed=7)


def shares(kb, first, second) -> list:
    (kb / "roles" / "sales" / "probe.yaml").write_text(
        ROLE.format(first=first, second=f"    share: {second}\n" if second is not None else ""), encoding="utf-8")
    return [(p.code, p.severity, p.line) for p in validate_knowledge_base(kb).problems]


def test_shares_that_do_not_add_up_are_an_error_rd309(kb):
    assert shares(kb, 60, 30) == [("RD309", "error", 8)]


def test_shares_given_for_some_duties_only_are_a_warning_rd316(kb, cli):
    assert shares(kb, 60, None) == [("RD316", "warning", 8)]
    result = cli("validate", "--root", kb)
    assert result.returncode == 0
    assert "RD316" in result.stdout


def test_problems_in_json_carry_title_and_docs_anchor(kb, cli):
    shares(kb, 60, 30)
    result = cli("validate", "--root", kb, "--format", "json")
    assert result.returncode == 1
    [found] = json.loads(result.stdout)["problems"]
    assert found["code"] == "RD309"
    assert found["title"] == CATALOGUE["RD309"].title == "职责时间占比之和不是 100"
    assert found["docs"] == "docs/errors.md#rd309"
