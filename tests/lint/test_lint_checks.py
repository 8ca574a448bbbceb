"""One seeded defect and one near miss per health check, on a copy of the real knowledge base
(which lints clean: accepted exceptions carry markers)."""
from __future__ import annotations

import datetime as dt

import pytest

from roledocs.lint import lint_knowledge_base
from roledocs.lint.config import parse_config
from support.lint_project import copy_roles, edit, line_of

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def project(tmp_path):
    return copy_roles(tmp_path)


def found(project, code, **kwargs):
    report = lint_knowledge_base(project, only=[code], today=TODAY, **kwargs)
    return [(f.problem.file.removeprefix("roles/"), f.problem.line, f.problem) for f in report.findings]


def at(project, code, file, needle, **kwargs):
    """The findings of `code` on the line of `needle` in `file`."""
    line = line_of(project, file, needle)
    return [p for f, n, p in found(project, code, **kwargs) if f == file and n == line]


def test_the_real_knowledge_base_lints_clean(project):
    report = lint_knowledge_base(project, today=TODAY)
    assert [(f.problem.location(), f.code) for f in report.findings] == []
    assert report.covered > 0  # the accepted exceptions


# ── 职责交叉 ──────────────────────────────────────────────────────────────────

def test_rd501_peers_saying_the_same_thing_are_reported_at_both_places(project):
    task = "      - 把客户线索和客户信息及时录入公司的销售管理系统。\n"
    edit(project, "customer-service/sales-clerk.yaml", "      - 维护客户服务管理信息系统。\n",
         "      - 维护客户服务管理信息系统。\n      - 负责把客户线索和客户信息及时录入销售管理系统。\n")
    here = at(project, "RD501", "customer-service/sales-clerk.yaml", "客户线索和客户信息及时录入销售管理系统")
    there = at(project, "RD501", "sales/sales-rep.yaml", task.strip()[2:])
    assert len(here) == 1 and len(there) == 1
    assert "销售代表" in here[0].message and "相似度" in here[0].message and here[0].severity == "warning"


def test_rd501_near_miss_same_object_other_work(project):
    edit(project, "customer-service/sales-clerk.yaml", "      - 维护客户服务管理信息系统。\n",
         "      - 维护客户服务管理信息系统。\n      - 定期检查销售管理系统中客户信息的完整性。\n")
    assert at(project, "RD501", "customer-service/sales-clerk.yaml", "定期检查销售管理系统中客户信息") == []


def test_rd502_superior_with_the_subordinates_sentence_is_a_notice(project):
    edit(project, "sales/sales-team-lead.yaml", "      - 协助上级领导完成部门任务，配合其他部门的工作需求。\n",
         "      - 协助上级领导完成部门任务，配合其他部门的工作需求。\n      - 把客户线索和客户信息及时录入公司的销售管理系统。\n")
    [finding] = at(project, "RD502", "sales/sales-team-lead.yaml", "把客户线索和客户信息及时录入")
    assert finding.severity == "notice" and "销售代表" in finding.message
    assert at(project, "RD501", "sales/sales-team-lead.yaml", "把客户线索和客户信息及时录入") == []


def test_rd502_near_miss_superior_supervises_what_the_subordinate_does(project):
    edit(project, "sales/sales-team-lead.yaml", "      - 协助上级领导完成部门任务，配合其他部门的工作需求。\n",
         "      - 协助上级领导完成部门任务，配合其他部门的工作需求。\n      - 督导组员把客户线索和客户信息及时录入公司的销售管理系统。\n")
    for code in ("RD501", "RD502"):
        assert at(project, code, "sales/sales-team-lead.yaml", "督导组员把客户线索") == []


def test_rd503_a_task_repeating_another_task_of_the_role(project):
    edit(project, "sales/sales-rep.yaml", "      - 完成上级交办的其他工作。\n",
         "      - 完成上级交办的其他工作。\n      - 负责及时把客户线索和客户信息录入公司的销售管理系统。\n")
    [finding] = at(project, "RD503", "sales/sales-rep.yaml", "负责及时把客户线索")  # at the later one
    assert "第 8 项职责的任务「把客户线索和客户信息及时录入" in finding.message


def test_rd503_near_miss_a_description_that_sums_up_its_tasks(project):
    file = "sales/channel-development-supervisor.yaml"
    assert found(project, "RD503") == []
    text = (project / "roles" / file).read_text(encoding="utf-8")
    assert "定期提交销售计划，召开部门会议及销售专题会。" in text  # description = task 1 + task 2


# ── 职责空白 ──────────────────────────────────────────────────────────────────

def test_rd511_function_nobody_carries(project):
    edit(project, "_departments.yaml", "      - name: 销售目标制定与达成\n",
         "      - name: 大客户招投标\n        description: 组织投标文件的编制。\n      - name: 销售目标制定与达成\n")
    [finding] = at(project, "RD511", "_departments.yaml", "name: 大客户招投标")
    assert finding.severity == "error" and finding.file == "roles/_departments.yaml"


def test_rd511_near_miss_item_carried_by_its_functions_roles(project):
    edit(project, "_departments.yaml", "          - name: 销售规划\n",
         "          - name: 大客户招投标\n          - name: 销售规划\n")
    assert found(project, "RD511") == []


def test_rd512_role_in_no_function(project):
    text = (project / "roles/sales/sales-rep.yaml").read_text(encoding="utf-8")
    (project / "roles/sales/sales-trainee.yaml").write_text(
        text.replace("id: sales-rep", "id: sales-trainee").replace("title: 销售代表", "title: 销售实习生"), encoding="utf-8")
    [(file, line, finding)] = found(project, "RD512")
    assert (file, line) == ("sales/sales-trainee.yaml", 2) and "销售实习生" in finding.message


def test_rd513_process_step_without_role(project):
    edit(project, "_processes.yaml", "      - title: 客户初步沟通\n", "      - title: 客户初访\n        description: 约见客户。\n      - title: 客户初步沟通\n")
    assert len(at(project, "RD513", "_processes.yaml", "title: 客户初访")) == 1


def test_rd514_department_without_head_and_the_marker_that_accepts_one(project):
    edit(project, "_departments.yaml", "    head: customer-service-supervisor\n", "")
    assert len(at(project, "RD514", "_departments.yaml", "  - id: customer-service")) == 1
    assert at(project, "RD514", "_departments.yaml", "  - id: engineering") == []  # marked


# ── 公平招聘 ──────────────────────────────────────────────────────────────────

def test_rd521_and_rd522_fair_hiring_with_the_law_cited(project):
    edit(project, "sales/sales-rep.yaml", "  education: 大专及以上\n", "  education: 大专及以上，限男性，年龄35岁以下\n")
    [gender] = at(project, "RD521", "sales/sales-rep.yaml", "限男性")
    assert gender.severity == "warning" and "就业促进法" in gender.message
    [age] = at(project, "RD522", "sales/sales-rep.yaml", "限男性")
    assert age.severity == "notice"


def test_fair_hiring_near_miss(project):
    edit(project, "sales/sales-rep.yaml", "  education: 大专及以上\n", "  education: 大专及以上，有男装销售经验者优先\n")
    assert found(project, "fair-hiring") == []


# ── 考核指标 ──────────────────────────────────────────────────────────────────

def test_rd531_kpi_without_formula(project):
    edit(project, "_kpis.yaml", "    formula: 销售收入 − 销售成本 − 销售费用\n", "")
    [(file, _, finding)] = found(project, "RD531")
    assert file == "_kpis.yaml" and "销售利润" in finding.message and "计算公式" in finding.message


def test_rd532_kpi_nobody_uses_and_near_miss(project):
    assert found(project, "RD532") == []
    edit(project, "sales/sales-rep.yaml", "  - kpi: sales-profit\n", "")
    assert [p.message for _, _, p in found(project, "RD532")] == ["指标「销售利润」（sales-profit）没有任何岗位使用"]


def test_rd533_kpi_count_and_the_marker(project):
    edit(project, "sales/sales-rep.yaml", "kpis:  # roledocs-lint: disable=RD533", "kpis:  # 原因见上")
    [finding] = at(project, "RD533", "sales/sales-rep.yaml", "kpis:  #")
    assert "10 个考核指标" in finding.message
    assert at(project, "RD533", "sales/sales-manager.yaml", "kpis:") == []  # 7: within 3–8


def test_rd534_percentage_threshold_out_of_range(project):
    edit(project, "_kpis.yaml", "    pass: 90\n    excellent: 105\n", "    pass: 900\n    excellent: 1050\n")
    assert {p.severity for _, _, p in found(project, "RD534")} == {"error"}
    assert len(found(project, "RD534")) == 2


def test_rd534_near_miss_150_percent(project):
    edit(project, "_kpis.yaml", "    pass: 90\n    excellent: 105\n", "    pass: 90\n    excellent: 150\n")
    assert found(project, "RD534") == []


# ── 组织结构 ──────────────────────────────────────────────────────────────────

def test_rd541_span_of_control(project):
    edit(project, "sales/sales-rep.yaml", "headcount: 20\n", "headcount: 64\n")  # 64 / 4 team leads = 16
    [(file, _, finding)] = found(project, "RD541")
    assert file == "sales/sales-team-lead.yaml" and "64 人" in finding.message


def test_rd541_near_miss_at_the_limit(project):
    edit(project, "sales/sales-rep.yaml", "headcount: 20\n", "headcount: 60\n")  # 15 each
    assert found(project, "RD541") == []


def test_rd542_one_over_one_on_a_long_chain_and_near_miss(project):
    edit(project, "sales/sales-vp.yaml", "id: sales-vp  # roledocs-lint: disable=RD542", "id: sales-vp  #")
    assert len(at(project, "RD542", "sales/sales-vp.yaml", "id: sales-vp")) == 1
    config = parse_config({"thresholds": {"chain-depth": 8}})
    assert found(project, "RD542", config=config) == []


def test_rd543_detached_role_and_near_miss(project):
    edit(project, "operations/store-team-lead.yaml", "reports_to: store-manager  # roledocs-lint: disable=RD543",
         "reports_to: store-manager  #")
    assert len(at(project, "RD543", "operations/store-team-lead.yaml", "reports_to:")) == 1
    assert at(project, "RD543", "sales/sales-vp.yaml", "reports_to:") == []  # under the top, leads a team


def test_rd544_department_headcount(project):
    edit(project, "_departments.yaml", "    head: customer-service-supervisor\n",
         "    head: customer-service-supervisor\n    headcount: 5\n")
    [finding] = at(project, "RD544", "_departments.yaml", "headcount: 5")
    assert "合计 4 人" in finding.message


def test_rd544_near_miss_matching_headcount(project):
    edit(project, "_departments.yaml", "    head: customer-service-supervisor\n",
         "    head: customer-service-supervisor\n    headcount: 4\n")
    assert found(project, "RD544") == []


def test_rd545_review_date_passed(project):
    edit(project, "sales/sales-rep.yaml", 'review_due: "2027-12-01"', 'review_due: "2026-12-01"')
    assert len(at(project, "RD545", "sales/sales-rep.yaml", "review_due:")) == 1


def test_rd545_near_miss_due_today(project):
    edit(project, "sales/sales-rep.yaml", 'review_due: "2027-12-01"', 'review_due: "2026-12-02"')
    assert found(project, "RD545") == []


def test_rd546_draft_with_release_version_and_near_miss(project):
    edit(project, "sales/sales-rep.yaml", "status: active\n", "status: draft\n")
    assert len(found(project, "RD546")) == 1
    edit(project, "sales/sales-rep.yaml", '  version: "1.0"\n', '  version: "0.9"\n')
    assert found(project, "RD546") == []


# ── 文字表述 ──────────────────────────────────────────────────────────────────

def add_task(project, text):
    edit(project, "sales/sales-rep.yaml", "      - 建立客户档案，维护客户关系。\n",
         f"      - 建立客户档案，维护客户关系。\n      - {text}\n")


def test_rd551_task_without_a_verb(project):
    add_task(project, "客户名册、合同台账。")
    assert len(at(project, "RD551", "sales/sales-rep.yaml", "客户名册、合同台账")) == 1


def test_rd551_near_miss_verb_jieba_calls_a_noun(project):
    add_task(project, "培训新入职的销售代表。")
    assert found(project, "RD551") == []


@pytest.mark.parametrize("text,expected", [("负责客户相关的各种各样的工作" * 8, 1), ("培训", 1), ("培训新员工。", 0)])
def test_rd552_task_length(project, text, expected):
    add_task(project, text)
    assert len(found(project, "RD552")) == expected


@pytest.mark.parametrize("text,expected", [("负责相关工作。", 1), ("做好本部门日常工作。", 1),
                                           ("完成领导交办的其他任务。", 1), ("负责相关客户的回访工作。", 0)])
def test_rd553_vague_filler(project, text, expected):
    add_task(project, text)  # sales-rep already has one 「完成上级交办的其他工作」
    assert len(found(project, "RD553")) == expected


def test_rd554_one_deliverable_two_spellings(project):
    edit(project, "sales/sales-rep.yaml", "      - 《市场分析报告》\n", "      - 《市场分析报告》\n      - 《客户档案》\n")
    [finding] = at(project, "RD554", "sales/sales-rep.yaml", "《客户档案》")
    assert "客户档案" in finding.message


def test_rd554_near_miss_a_different_document(project):
    edit(project, "sales/sales-rep.yaml", "      - 《市场分析报告》\n", "      - 《市场分析报告》\n      - 《客户档案更新记录》\n")
    assert found(project, "RD554") == []


def test_rd555_english_where_the_glossary_has_chinese(project):
    add_task(project, "每月核对本人的KPI完成情况。")
    [finding] = found(project, "RD555")
    assert "关键业绩指标" in finding[2].message and finding[2].severity == "notice"


def test_rd555_near_miss_english_as_an_annotation(project):
    add_task(project, "每月核对本人的关键业绩指标（KPI）完成情况。")
    assert found(project, "RD555") == []
