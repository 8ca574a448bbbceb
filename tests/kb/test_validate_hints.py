"""Issue 14.5 and 14.7: hints that lead to the fix. A Chinese name or alias written where an id
belongs gets "请写编号 …（名称）" and is reported once (not also as a malformed id); an enum value
far from every option gets the list, not the closest string (销售类 is not 技术类)."""
from __future__ import annotations

import pytest

from support.render_project import copy_roles, edit_role
from roledocs.kb.validate import validate_knowledge_base


def _problems(tmp_path, change):
    project = copy_roles(tmp_path)
    edit_role(project, "sales-rep", change)
    return [p for p in validate_knowledge_base(project).problems if p.file.endswith("sales-rep.yaml")]


def _set_kpi(value):
    def change(data):
        data["kpis"][0]["kpi"] = value
    return change


@pytest.mark.parametrize("change, code, hint", [
    (_set_kpi("客户满意度"), "RD306", "请写编号 customer-satisfaction（客户满意度）"),
    (_set_kpi("销售计划完成率"), "RD306", "请写编号 sales-target-achievement（销售业绩达成率）"),  # an alias
    (lambda d: d.update(department="销售部"), "RD303", "请写编号 sales（销售部）"),
    (lambda d: d.update(reports_to="销售组长"), "RD304", "请写编号 sales-team-lead（销售组长）"),
    (lambda d: d.update(dotted_line_to=["销售总监"]), "RD304", "请写编号 sales-director（销售总监）"),
])
def test_a_name_where_an_id_belongs_is_one_problem_with_the_id(tmp_path, change, code, hint):
    problems = _problems(tmp_path, change)
    assert [p.code for p in problems] == [code], [(p.code, p.message) for p in problems]
    assert hint in problems[0].hint


def test_a_typo_in_an_id_still_gets_the_closest_id(tmp_path):
    [problem] = _problems(tmp_path, _set_kpi("customer-satisfactoin"))
    assert problem.code == "RD306" and "customer-satisfaction" in problem.hint


@pytest.mark.parametrize("field, value, hint", [
    ("category", "销售类", "请从上面的选项中选一个"),     # not 「是否想写 技术类」
    ("category", "业务", "是否想写 业务类"),
    ("status", "activ", "是否想写 active"),
    ("status", "Active", "请照原样写 active"),
])
def test_enum_hints_suggest_only_near_misses(tmp_path, field, value, hint):
    [problem] = _problems(tmp_path, lambda d: d.update({field: value}))
    assert problem.code == "RD204" and hint in problem.hint, problem.hint
    assert "技术类" not in problem.hint


def test_list_items_are_counted_from_one_in_messages(tmp_path):
    def change(data):
        data["duties"][1]["tasks"] = ["正常的任务", 42]
    [problem] = _problems(tmp_path, change)
    assert "「日常任务」duties 第 2 项的 tasks 第 2 项" in problem.message, problem.message
    assert problem.path == "$.duties[1].tasks[1]"  # the JSON path for programs stays as JSON counts
