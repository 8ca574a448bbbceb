"""`roledocs diff`: the semantic diff between two git revisions, in HR terms, on a real git
repository changed by scripted commits (edits, moves, renames, reorderings, KPI library
changes, retirements)."""
from __future__ import annotations

import json

import pytest

from roledocs.vocabulary import vocabulary
from support.gitkb import GitKB

REP = "roles/sales/sales-rep.yaml"


def diff_json(cli, kb: GitKB, *args):
    code, out, err = cli("diff", "--root", str(kb.path), "--format", "json", *args)
    assert code == 0, err
    data = json.loads(out)
    assert data["command"] == "diff" and data["status"] == "ok" and data["problems"] == []
    return data


def role(data, role_id):
    found = [r for r in data["roles"] if r["id"] == role_id]
    assert len(found) == 1, data["roles"]
    return found[0]


def changes(data, role_id, field=None):
    return [c for c in role(data, role_id)["changes"] if field is None or c["field"] == field]


@pytest.fixture
def kb(tmp_path) -> GitKB:
    kb = GitKB.create(tmp_path / "project")
    kb.tag("v1.0")
    return kb


def test_renamed_duty_is_a_change_and_reordering_is_a_move(kb, cli):
    text = kb.read(REP)
    # rename 客户开发 → 新客户开发 and put 合同签订 first
    contract = text[text.index("  - title: 合同签订"):text.index("qualifications:")]
    text = text.replace(contract, "").replace("duties:\n", "duties:\n" + contract.rstrip("\n") + "\n\n", 1)
    text = text.replace("  - title: 客户开发", "  - title: 新客户开发")
    kb.write(REP, text)
    kb.commit("调整职责", date="2026-02-01")

    data = diff_json(cli, kb, "v1.0", "HEAD")
    assert role(data, "sales-rep")["change"] == "changed"
    renamed = changes(data, "sales-rep", "duties.title")
    assert [(c["change"], c["old"], c["new"]) for c in renamed] == [("renamed", "客户开发", "新客户开发")]
    assert not [c for c in changes(data, "sales-rep", "duties") if c["change"] in ("added", "removed")]
    moved = [c for c in changes(data, "sales-rep", "duties") if c["change"] == "moved"]
    assert [(c["where"], c["old"], c["new"]) for c in moved] == [("岗位职责「合同签订」", "第 3 项", "第 1 项")]

    code, out, _ = cli("diff", "v1.0", "HEAD", "--root", str(kb.path))
    assert code == 0
    assert "修改 销售代表（sales-rep） roles/sales/sales-rep.yaml" in out
    assert "「客户开发」改名为「新客户开发」" in out
    assert "岗位职责「合同签订」 · 岗位职责：顺序调整，第 3 项 → 第 1 项" in out


def test_tasks_added_removed_and_reworded_show_old_and_new_text(kb, cli):
    kb.edit(REP, "      - 建立客户档案。", "      - 建立并及时更新客户档案。\n      - 每季度开展满意度调查。")
    kb.edit(REP, "      - 整理客户线索并录入销售管理系统。\n", "")
    data = diff_json(cli, kb)  # BASE = HEAD, HEAD = the working tree
    assert data["head"] == "工作区"
    tasks = {(c["change"], c["old"], c["new"], c["where"]) for c in changes(data, "sales-rep", "duties.tasks")}
    assert tasks == {
        ("reworded", "建立客户档案。", "建立并及时更新客户档案。", "岗位职责「客户关系维护」"),
        ("added", None, "每季度开展满意度调查。", "岗位职责「客户关系维护」"),
        ("removed", "整理客户线索并录入销售管理系统。", None, "岗位职责「客户开发」"),
    }
    labels = {c["label"] for c in changes(data, "sales-rep", "duties.tasks")}
    assert labels == {"日常任务"}  # the schema's label, not the key


def test_kpi_weight_and_threshold_changes(kb, cli):
    kb.edit(REP, "weight: 55", "weight: 50")
    kb.edit(REP, "weight: 45", "weight: 50\n    pass: 85")
    kb.commit("调整考核", date="2026-02-01")
    data = diff_json(cli, kb, "v1.0", "main")
    found = {(c["field"], c["where"], c["old"], c["new"]) for c in changes(data, "sales-rep")
             if c["field"].startswith("kpis.")}
    assert found == {("kpis.weight", "绩效考核指标「销售业绩达成率」", "55", "50"),
                     ("kpis.weight", "绩效考核指标「客户满意度」", "45", "50"),
                     ("kpis.pass", "绩效考核指标「客户满意度」", "≥ 80%", "≥ 85%")}
    code, out, _ = cli("diff", "v1.0", "main", "--root", str(kb.path))
    assert "绩效考核指标「销售业绩达成率」 · 权重（%）：修改 「55」 → 「50」" in out


def test_reporting_line_headcount_and_qualifications(kb, cli):
    kb.edit(REP, "reports_to: sales-team-lead", "reports_to: sales-manager\ndotted_line_to:\n  - sales-team-lead")
    kb.edit(REP, "headcount: 20", "headcount: 25")
    kb.edit(REP, "education: 大专及以上", "education: 本科及以上")
    data = diff_json(cli, kb)
    found = {(c["label"], c["change"], c["old"], c["new"]) for c in changes(data, "sales-rep")}
    assert ("直接上级", "changed", "销售组长", "销售经理") in found
    assert ("虚线汇报", "added", None, "销售组长") in found
    assert ("岗位定员", "changed", "20 人", "25 人") in found
    assert ("学历", "reworded", "大专及以上", "本科及以上") in found


def test_comments_whitespace_and_quoting_are_no_change(kb, cli):
    kb.edit(REP, "# 销售代表向销售组长汇报", "# 汇报关系见组织架构图\n\n")
    kb.edit(REP, "summary: 开发和维护客户，完成个人销售目标。", "summary: '开发和维护客户，完成个人销售目标。'")
    kb.edit(REP, "headcount: 20", "headcount:   20   # 定员")
    data = diff_json(cli, kb)
    assert data["roles"] == [] and data["shared"] == []
    code, out, _ = cli("diff", "--root", str(kb.path))
    assert "知识库的内容没有变化" in out


def test_file_moved_to_another_folder_is_a_move_not_removed_and_added(kb, cli):
    kb.move("roles/customer-service/cs-agent.yaml", "roles/sales/cs-agent.yaml")
    kb.edit("roles/sales/cs-agent.yaml", "department: customer-service", "department: sales")
    kb.commit("客服专员划入销售部", date="2026-02-01")
    data = diff_json(cli, kb, "v1.0")
    agent = role(data, "cs-agent")
    assert agent["change"] == "changed"
    assert agent["old_file"] == "roles/customer-service/cs-agent.yaml" and agent["file"] == "roles/sales/cs-agent.yaml"
    assert [(c["label"], c["old"], c["new"]) for c in agent["changes"]] == [("所属部门", "客服部", "销售部")]
    assert data["summary"]["added"] == 0 and data["summary"]["removed"] == 0

    kb.move("roles/sales/sales-manager.yaml", "roles/customer-service/sales-manager.yaml")
    data = diff_json(cli, kb, "HEAD")
    assert [(r["id"], r["change"], r["changes"]) for r in data["roles"]] == [("sales-manager", "moved", [])]


def test_kpi_library_change_is_listed_once_with_every_affected_role(kb, cli):
    kb.edit("roles/_kpis.yaml", "definition: 客户对服务的满意程度。", "definition: 客户对产品和服务的满意程度。")
    kb.edit("roles/_kpis.yaml", "    pass: 80\n", "    pass: 75\n")
    kb.commit("修改客户满意度的定义", date="2026-02-01")
    data = diff_json(cli, kb, "v1.0", "HEAD")
    assert [s["id"] for s in data["shared"]] == ["customer-satisfaction"]
    shared = data["shared"][0]
    assert shared["file"] == "roles/_kpis.yaml" and shared["change"] == "changed"
    assert {(c["label"], c["old"], c["new"]) for c in shared["changes"]} == {
        ("定义", "客户对服务的满意程度。", "客户对产品和服务的满意程度。"), ("合格标准", "80", "75")}
    # every role whose document shows the definition; sales-team-lead overrides `pass` but shows the definition
    assert [r["id"] for r in shared["roles"]] == ["cs-agent", "sales-rep", "sales-team-lead"]
    # listed once: no role lists the library's change as its own
    assert data["roles"] == []
    code, out, _ = cli("diff", "v1.0", "HEAD", "--root", str(kb.path))
    assert out.count("客户对产品和服务的满意程度") == 1
    assert "影响的岗位：客服专员（cs-agent）、销售代表（sales-rep）、销售组长（sales-team-lead）" in out


def test_department_and_process_changes_name_the_roles(kb, cli):
    kb.edit("roles/_departments.yaml", "              - 开发新客户，拓展销售渠道。", "              - 开发新客户。")
    kb.edit("roles/_processes.yaml", "      - title: 客户线索收集", "      - title: 线索收集")
    data = diff_json(cli, kb)
    by_kind = {s["kind"]: s for s in data["shared"]}
    assert [r["id"] for r in by_kind["departments"]["roles"]] == ["sales-rep", "sales-team-lead"]
    assert [r["id"] for r in by_kind["processes"]["roles"]] == ["sales-manager", "sales-rep"]


def test_added_removed_and_retired_roles(kb, cli):
    kb.write("roles/sales/sales-trainee.yaml", kb.read(REP).replace("id: sales-rep", "id: sales-trainee")
             .replace("title: 销售代表", "title: 销售实习生"))
    kb.git("rm", "-q", "roles/sales/sales-manager.yaml")
    kb.edit("roles/customer-service/cs-agent.yaml", "reports_to: sales-manager", "reports_to: general-manager")
    kb.edit("roles/sales/sales-team-lead.yaml", "reports_to: sales-manager", "reports_to: general-manager")
    kb.edit("roles/_departments.yaml", "    head: sales-manager\n", "")
    kb.edit("roles/_processes.yaml", "    owner: sales-manager\n", "")
    kb.edit("roles/customer-service/cs-agent.yaml", "status: active", "status: retired")
    kb.commit("新增实习生，撤销销售经理，停用客服专员", date="2026-03-01")
    data = diff_json(cli, kb, "v1.0", "HEAD")
    assert {r["id"]: r["change"] for r in data["roles"]} == {
        "sales-trainee": "added", "sales-manager": "removed", "cs-agent": "retired", "sales-team-lead": "changed"}
    assert data["summary"] == {"added": 1, "removed": 1, "retired": 1, "moved": 0, "changed": 1, "shared": 2}
    status = [c for c in changes(data, "cs-agent") if c["field"] == "status"]
    labels = vocabulary()  # the status labels come from the schema (x-enum-labels)
    assert [(c["old"], c["new"]) for c in status] == [
        (labels.enum_label("role", "status", "active"), labels.enum_label("role", "status", "retired"))]


def test_role_filter_and_shared_entries_that_touch_it(kb, cli):
    kb.edit(REP, "headcount: 20", "headcount: 21")
    kb.edit("roles/sales/sales-team-lead.yaml", "headcount: 4", "headcount: 5")
    kb.edit("roles/_kpis.yaml", "definition: 被投诉订单占全部订单的比例。", "definition: 投诉订单的比例。")
    data = diff_json(cli, kb, "--role", "sales-rep")
    assert [r["id"] for r in data["roles"]] == ["sales-rep"]
    assert data["shared"] == []  # complaint-rate is not a KPI of sales-rep
    code, _, err = cli("diff", "--root", str(kb.path), "--role", "no-such-role")
    assert code == 2 and "没有岗位 no-such-role" in err


def test_markdown_for_a_merge_request_escapes_yaml_text(kb, cli):
    kb.edit(REP, "      - 建立客户档案。", "      - 建立客户档案 | 见 <script>alert(1)</script> **重要**")
    code, out, _ = cli("diff", "--root", str(kb.path), "--format", "markdown")
    assert code == 0
    assert out.startswith("## 岗位说明书变更：")
    row = next(line for line in out.splitlines() if "alert" in line)
    cells = row.replace("\\|", "").split("|")
    assert len(cells) == 6 and "\\|" in row  # 4 cells: the YAML's pipe cannot open a new one
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\\*\\*重要\\*\\*" in out


def test_compare_two_roles_what_a_promotion_adds(kb, cli):
    code, out, err = cli("diff", "--roles", "sales-rep", "sales-team-lead", "--root", str(kb.path))
    assert code == 0, err
    assert out.splitlines()[0] == "比较岗位 销售代表（sales-rep） → 销售组长（sales-team-lead）"
    assert "岗位职责：新增「团队管理」" in out
    assert "岗位职责：删除「客户关系维护」" in out
    assert "学历：改写 「大专及以上」 → 「本科及以上」" in out
    assert "文件编号" not in out  # document control says nothing about the work
    code, out, _ = cli("diff", "--roles", "sales-rep", "sales-team-lead", "--root", str(kb.path),
                       "--format", "json")
    data = json.loads(out)
    assert data["a"]["id"] == "sales-rep" and data["b"]["title"] == "销售组长"
    # 客户开发 exists in both: matched by title, its differing task shown as a task change
    assert any(c["field"] == "duties.tasks" and c["where"] == "岗位职责「客户开发」" for c in data["changes"])


def test_compare_two_roles_works_without_git(tmp_path, cli):
    kb = GitKB.create(tmp_path / "project")
    import shutil

    shutil.rmtree(kb.path / ".git")
    code, out, _ = cli("diff", "--roles", "sales-rep", "sales-team-lead", "--root", str(kb.path))
    assert code == 0 and "新增「团队管理」" in out
    code, _, err = cli("diff", "--roles", "sales-rep", "nobody", "--root", str(kb.path))
    assert code == 2 and "没有岗位 nobody" in err


def test_two_duties_with_one_title_pair_up_in_order(kb, cli):
    text = kb.read(REP).replace("  - title: 合同签订", "  - title: 客户开发")  # two duties called 客户开发
    kb.write(REP, text)
    kb.commit("两项职责同名", date="2026-02-01")
    kb.edit(REP, "      - 负责商务谈判，签订销售合同。", "      - 负责商务谈判。")
    data = diff_json(cli, kb)
    assert [(c["field"], c["change"], c["where"]) for c in changes(data, "sales-rep")] == [
        ("duties.tasks", "reworded", "岗位职责「客户开发」")]


def test_the_comparison_is_the_same_in_every_process():
    """Removed KPIs and cases are listed in the order they are written, not in the order of a set
    (which follows PYTHONHASHSEED: the site's comparison with the superior changed from build to build)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    outputs = {subprocess.run([sys.executable, "-m", "roledocs.cli", "diff", "--roles", "sales-director", "sales-rep",
                               "--format", "json"], cwd=repo, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3", "4")}
    assert len(outputs) == 1
