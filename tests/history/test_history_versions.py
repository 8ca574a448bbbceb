"""`roledocs validate --since REV`: the version rule of controlled documents, as the CI gate
of a merge request, on real git repositories."""
from __future__ import annotations

import json

import pytest

from roledocs.history.versions import next_version, parse_version
from support.gitkb import GitKB, bump_text

REP = "roles/sales/sales-rep.yaml"


def version_problems(cli, kb, since="main"):
    code, out, err = cli("validate", "--root", str(kb.path), "--since", since, "--format", "json")
    return code, [p for p in json.loads(out)["problems"] if p["code"].startswith("RD6")]


@pytest.fixture
def kb(tmp_path) -> GitKB:
    return GitKB.create(tmp_path / "project")


def document_line(kb: GitKB, rel: str) -> int:
    return kb.read(rel).splitlines().index("document:") + 1


def test_changed_content_without_a_new_version_is_an_error_at_the_document_line(kb, cli):
    kb.edit(REP, "      - 定期拜访客户。", "      - 每月拜访重点客户。")
    kb.edit(REP, "weight: 55", "weight: 50")
    kb.edit(REP, "weight: 45", "weight: 50")
    code, out, _ = cli("validate", "--root", str(kb.path), "--since", "main")
    assert code == 1
    line = document_line(kb, REP)
    assert f"roles/sales/sales-rep.yaml:{line}:1: 错误 RD601 岗位内容自 main（" in out
    assert "日常任务" in out and "权重" in out and "但文件版本仍是 1.0" in out
    assert "roledocs bump sales-rep --change" in out
    code, problems = version_problems(cli, kb)
    assert [(p["code"], p["file"], p["line"], p["path"]) for p in problems] == [
        ("RD601", REP, line, "$.document")]


def test_raising_the_version_and_adding_history_passes(kb, cli):
    kb.edit(REP, "      - 定期拜访客户。", "      - 每月拜访重点客户。")
    kb.write(REP, bump_text(kb.read(REP), "1.1"))
    code, problems = version_problems(cli, kb)
    assert code == 1 and [p["code"] for p in problems] == ["RD602"]  # version raised, history missing
    kb.edit(REP, "      change: 首次发布。\n", "      change: 首次发布。\n    - version: \"1.1\"\n"
            "      date: \"2026-02-01\"\n      change: 拜访频率改为每月。\n")
    code, problems = version_problems(cli, kb)
    assert code == 0 and problems == []


def test_bump_satisfies_the_rule(kb, cli):
    kb.edit(REP, "reports_to: sales-team-lead", "reports_to: sales-manager")
    assert version_problems(cli, kb)[0] == 1
    assert cli("bump", "sales-rep", "--change", "改为向销售经理汇报", "--root", str(kb.path)).returncode == 0
    code, problems = version_problems(cli, kb)
    assert code == 0 and problems == []


def test_comments_whitespace_quoting_and_key_order_are_not_content(kb, cli):
    text = kb.read(REP)
    text = text.replace("# 销售代表向销售组长汇报\n", "# 汇报关系：见组织架构图\n\n")
    text = text.replace("headcount: 20\nstatus: active\n", "status: 'active'\nheadcount: 20   # 按编制\n")
    kb.write(REP, text)
    code, problems = version_problems(cli, kb)
    assert code == 0 and problems == []


def test_document_control_tags_and_sources_alone_need_no_new_version(kb, cli):
    kb.edit(REP, "  approved_by: 总经理", "  approved_by: 总经理办公会")
    kb.edit(REP, "  - 一线销售", "  - 一线销售\n  - 外勤")
    code, problems = version_problems(cli, kb)
    assert code == 0 and problems == []


def test_lower_version_is_an_error(kb, cli):
    kb.write("roles/sales/sales-team-lead.yaml", bump_text(kb.read("roles/sales/sales-team-lead.yaml"), "1.1"))
    code, problems = version_problems(cli, kb)
    assert code == 1 and [p["code"] for p in problems] == ["RD603"]
    assert "比 main（" in problems[0]["message"] and "1.2" in problems[0]["message"]


def test_a_kpi_library_change_warns_the_roles_whose_document_it_changes(kb, cli):
    kb.edit("roles/_kpis.yaml", "definition: 被投诉订单占全部订单的比例。", "definition: 投诉订单数 ÷ 订单总数。")
    code, problems = version_problems(cli, kb)
    assert code == 0  # a warning: HR decides whether the document must be signed again
    assert [(p["code"], p["severity"], p["file"]) for p in problems] == [
        ("RD604", "warning", "roles/customer-service/cs-agent.yaml")]
    assert "客户投诉率" in problems[0]["message"]


def test_moved_role_keeps_its_versions(kb, cli):
    kb.move("roles/sales/sales-manager.yaml", "roles/customer-service/sales-manager.yaml")
    code, problems = version_problems(cli, kb)
    assert code == 0 and [p["code"] for p in problems if p["severity"] == "error"] == []


def test_since_a_date_and_a_tag(kb, cli):
    kb.tag("v1")
    kb.edit(REP, "headcount: 20", "headcount: 22")
    kb.commit("增加编制", date="2026-03-01")
    assert version_problems(cli, kb, "v1")[0] == 1
    assert version_problems(cli, kb, "2026-02-15")[0] == 1   # the last commit on or before: the first one
    assert version_problems(cli, kb, "2026-03-01")[0] == 0   # that day's commit counts


def test_bad_revision_and_no_git_exit_2_and_say_why(kb, cli, tmp_path):
    code, out, err = cli("validate", "--root", str(kb.path), "--since", "no-such-branch")
    assert code == 2 and "找不到版本 no-such-branch" in err
    code, _, err = cli("validate", "--root", str(kb.path), "--since", "2020-01-01")
    assert code == 2 and "2020-01-01 或之前没有任何提交" in err
    import shutil

    plain = tmp_path / "tarball"
    shutil.copytree(kb.path / "roles", plain / "roles")
    code, _, err = cli("validate", "--root", str(plain), "--since", "main")
    assert code == 2 and "不在 git 仓库中" in err
    code, out, _ = cli("validate", "--root", str(plain))  # without --since it works as before
    assert code == 0 and "没有发现问题" in out


def test_version_numbers():
    assert parse_version("1.10") > parse_version("1.9")
    assert parse_version("v1") is None
    assert next_version("1.2") == "1.3" and next_version("1.9") == "1.10"
    assert next_version("1.3", major=True) == "2.0" and next_version("2") == "2.1"
