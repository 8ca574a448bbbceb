"""Issue 14.3: one space too many merges a list item (or a key) into the text above it. YAML
accepts it silently; validate warns (RD116) at that line, and the file still loads."""
from __future__ import annotations

from pathlib import Path

import pytest

from roledocs.kb.load import load_bytes

ROLE = """\
id: sales-rep
title: 销售代表
duties:
  - title: 客户开发
    tasks:
      - 建立客户名单。
{line}
      - 维护老客户。
"""


def _read(line: str):
    text = ROLE.format(line=line)
    return load_bytes(text.encode("utf-8"), path=Path("sales-rep.yaml"), name="roles/sales/sales-rep.yaml")


def test_an_item_indented_one_space_too_far_is_a_warning_at_its_line():
    doc, problems = _read("       - 制定并执行大客户开发计划。")
    assert doc is not None  # a warning: the file is read, nothing lost
    assert doc.data["duties"][0]["tasks"][0] == "建立客户名单。 - 制定并执行大客户开发计划。"
    [problem] = problems
    assert (problem.code, problem.severity, problem.line, problem.column) == ("RD116", "warning", 7, 8)
    assert "新的一项" in problem.message and "日常任务" in problem.message


def test_a_key_inside_folded_text_is_a_warning():
    text = "id: x\nsummary: >\n  负责开发客户。\n  category: 业务类\n"
    doc, problems = load_bytes(text.encode("utf-8"), path=Path("x.yaml"), name="roles/sales/x.yaml")
    assert doc is not None and doc.data["summary"] == "负责开发客户。 category: 业务类\n"
    assert [(p.code, p.line, p.column) for p in problems] == [("RD116", 4, 3)]
    assert "新的键" in problems[0].message


def test_a_key_in_plain_text_is_a_syntax_error_said_in_chinese():
    doc, problems = _read("        frequency: 每周")
    assert doc is None
    [problem] = problems
    assert problem.code == "RD102" and problem.line == 7
    assert problem.message == "YAML 语法错误：这里不能出现“键: 值”" and "引号" in problem.hint


@pytest.mark.parametrize("line", [
    "        并在每月初更新。",          # a real continuation of the text
    "        -5% 以内的偏差可以接受。",  # a minus sign, not a list item
    "      - 另一项任务。",               # a real new item: no continuation at all
])
def test_real_continuations_and_items_are_fine(line):
    doc, problems = _read(line)
    assert doc is not None and problems == []


def test_quoted_text_may_contain_a_dash_line():
    text = 'id: x\nsummary: "第一行\n  - 第二行"\n'
    doc, problems = load_bytes(text.encode("utf-8"), path=Path("x.yaml"), name="roles/sales/x.yaml")
    assert doc is not None and problems == []


def test_an_unindented_key_is_reported_at_its_own_line():
    """Issue 14.7: un-indenting `education:` is reported at that line, not at the next one."""
    text = ("id: x\nqualifications:\n  # 任职资格\neducation: 大专及以上\n  majors:\n    - 市场营销\n")
    doc, [problem] = load_bytes(text.encode("utf-8"), path=Path("x.yaml"), name="roles/sales/x.yaml")
    assert doc is None
    assert (problem.code, problem.line, problem.column) == ("RD102", 4, 1)
    assert "第 4 行和第 5 行的缩进不一致" in problem.message and "education" in problem.hint
