"""Confidential fields (`x-confidential`: compensation, review_notes) in hostile input (issue 11.10):
an alias cannot carry their values out of them, and no message repeats their values."""
from __future__ import annotations

import json
import shutil

import pytest

from roledocs.kb.validate import validate_knowledge_base

SECRET_NUMBER = "7654321"
SECRET_TEXT = "机密薪资甲乙丙"
BASE = """\
id: probe
title: 测试岗位
department: sales
category: 业务类
status: draft
reports_to: role-00000
summary: 负责测试。
duties:
  - title: 客户开发
"""


@pytest.fixture(scope="module")
def base_kb(tmp_path_factory):
    from support.synthetic import write_synthetic_knowledge_base

    return write_synthetic_knowledge_base(tmp_path_factory.mktemp("kb"), 3, seed=7)


@pytest.fixture
def kb(base_kb, tmp_path):
    shutil.copytree(base_kb, tmp_path / "kb")
    return tmp_path / "kb"


def write_probe(kb, extra: str) -> None:
    (kb / "roles" / "sales" / "probe.yaml").write_text(BASE + extra, encoding="utf-8")


WRONG_CONFIDENTIAL = {
    "number-for-text": f"compensation:\n  structure: {SECRET_NUMBER}\n",
    "text-for-list": f"compensation:\n  incentives: {SECRET_TEXT}\n",
    "scalar-for-mapping": f"compensation: {SECRET_TEXT}\n",
    "unknown-key": f"compensation:\n  {SECRET_TEXT}: {SECRET_NUMBER}\n",
    "review-notes-number": f"review_notes: {SECRET_NUMBER}\n",
    "review-notes-item": f"review_notes:\n  - {SECRET_NUMBER}\n",
    "alias-as-key": f"compensation:\n  summary: &pay {SECRET_TEXT}\n*pay : x\n",
}


@pytest.mark.parametrize("extra", list(WRONG_CONFIDENTIAL.values()), ids=list(WRONG_CONFIDENTIAL))
def test_messages_never_repeat_a_confidential_value(cli, kb, extra):
    write_probe(kb, extra)
    report = validate_knowledge_base(kb)
    assert not report.ok
    for problem in report.problems:
        text = problem.message + problem.hint + problem.path
        assert SECRET_NUMBER not in text and SECRET_TEXT not in text, problem
    for output in ("text", "json"):
        result = cli("validate", "--root", str(kb), "--format", output)
        assert result.returncode == 1
        assert SECRET_NUMBER not in result.stdout and SECRET_TEXT not in result.stdout, result.stdout


def test_the_message_still_says_what_is_wrong(kb):
    write_probe(kb, f"compensation:\n  structure: {SECRET_NUMBER}\n")
    [problem] = validate_knowledge_base(kb).problems
    assert (problem.code, problem.line) == ("RD203", 11)
    assert problem.message.endswith("compensation.structure 应为文字，实际是数字")  # not "数字 7654321"
    assert problem.hint == "请用引号括起来。"
    write_probe(kb, f"headcount: {SECRET_NUMBER}x\n")  # a public field: its value helps to find it
    assert f"{SECRET_NUMBER}x" in validate_knowledge_base(kb).problems[0].message


@pytest.mark.parametrize("extra,line", [
    (f"compensation:\n  salary_range: &pay {SECRET_TEXT}\nauthorities:\n  - *pay\n", 13),
    (f"compensation: &all\n  salary_range: {SECRET_TEXT}\nconditions:\n  other: [x]\n  tools: *all\n", 14),
    (f"review_notes:\n  - &n {SECRET_TEXT}\ncompensation:\n  notes: [*n]\n", 13),
    (f"compensation:\n  incentives: &list [{SECRET_TEXT}]\nqualifications:\n  skills: *list\n", 13),
])
def test_an_alias_cannot_carry_a_confidential_value_out(cli, kb, extra, line):
    write_probe(kb, extra)
    report = validate_knowledge_base(kb)
    assert [(p.code, p.line) for p in report.problems] == [("RD115", line)]
    result = cli("render", "probe", "-f", "md", "--root", str(kb), "--out", str(kb / "out"))
    assert result.returncode == 1 and "RD115" in result.stderr
    assert SECRET_TEXT not in result.stdout + result.stderr and not (kb / "out").exists()


def test_aliases_inside_a_confidential_field_and_into_it_are_fine(kb):
    write_probe(kb, "authorities:\n  - &public 审批报销\ncompensation:\n"
                    f"  salary_range: &pay {SECRET_TEXT}\n  notes: [*pay, *public]\n")
    assert validate_knowledge_base(kb).problems == []
