"""`roledocs lint` on the command line: output, exit codes, options, settings, markers."""
from __future__ import annotations

import json

from support.lint_project import copy_roles, edit


def test_clean_knowledge_base_exits_0(tmp_path, cli):
    project = copy_roles(tmp_path)
    result = cli("lint", "--root", project)
    assert result.returncode == 0
    out = result.stdout
    assert "没有发现问题" in out and "按例外标记忽略" in out


def test_json_envelope_lists_every_check(tmp_path, cli):
    project = copy_roles(tmp_path)
    result = cli("lint", "--root", project, "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["command"] == "lint" and data["status"] == "ok" and data["problems"] == []
    assert len(data["checks"]) == 25 and all(c["count"] == 0 for c in data["checks"])


def plant_two(project):
    """A warning (RD553) in sales-rep and an error (RD534) in the KPI library."""
    edit(project, "sales/sales-rep.yaml", "      - 建立客户档案，维护客户关系。\n", "      - 建立客户档案，维护客户关系。\n      - 负责相关工作。\n")
    edit(project, "_kpis.yaml", "    pass: 90\n    excellent: 105\n", "    pass: 900\n    excellent: 1050\n")


def test_findings_grouped_by_check_and_exit_code_follows_fail_on(tmp_path, cli):
    project = copy_roles(tmp_path)
    plant_two(project)
    result = cli("lint", "--root", project)
    assert result.returncode == 1  # an error
    out = result.stdout
    assert out.index("指标标准与单位矛盾（RD534") < out.index("空泛表述（RD553")  # catalogue order
    assert "roles/_kpis.yaml:" in out and ": 错误 RD534 " in out and "    提示：" in out
    result = cli("lint", "--root", project, "--disable", "RD534")
    assert result.returncode == 0  # only a warning left
    result = cli("lint", "--root", project, "--disable", "kpi", "--fail-on", "warning")
    assert result.returncode == 1
    result = cli("lint", "--root", project, "--only", "writing", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [p["code"] for p in data["problems"]] == ["RD553"] and {c["family"] for c in data["checks"]} == {"writing"}
    assert data["findings"] == [{"code": "RD553", "role": "sales-rep", "department": "sales"}]


def test_unknown_check_exits_2(tmp_path, cli):
    project = copy_roles(tmp_path)
    result = cli("lint", "--root", project, "--only", "RD599")
    assert result.returncode == 2
    assert "RD599 不是已有的检查" in result.stderr


def test_invalid_knowledge_base_shows_validation_errors_and_runs_no_check(tmp_path, cli):
    project = copy_roles(tmp_path)
    plant_two(project)
    edit(project, "sales/sales-rep.yaml", "  - kpi: sales-profit\n", "  - kpi: sales-profit\n    weight: 50\n")
    result = cli("lint", "--root", project)
    assert result.returncode == 1
    assert "RD307" in result.stderr and "RD534" not in result.stdout + result.stderr
    result = cli("lint", "--root", project, "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["status"] == "fail" and [p["code"] for p in data["problems"]] == ["RD307"]


def test_settings_in_pyproject(tmp_path, cli):
    project = copy_roles(tmp_path)
    plant_two(project)
    (project / "pyproject.toml").write_text(
        '[tool.roledocs.lint]\ndisable = ["RD534"]\nfail-on = "warning"\nseverity = { vague-filler = "notice" }\n'
        '[tool.roledocs.lint.thresholds]\nmax-task-length = 150\n', encoding="utf-8")
    result = cli("lint", "--root", project)
    assert result.returncode == 0  # the only finding is now a notice
    out = result.stdout
    assert ": 提醒 RD553 " in out and "RD534" not in out


def test_bad_settings_exit_2_in_chinese(tmp_path, cli):
    project = copy_roles(tmp_path)
    (project / "pyproject.toml").write_text('[tool.roledocs.lint]\ndisabel = ["RD534"]\n', encoding="utf-8")
    result = cli("lint", "--root", project)
    assert result.returncode == 2
    assert "没有设置 disabel，是否想写 disable？" in result.stderr
    (project / "pyproject.toml").write_text('[tool.roledocs.lint\n', encoding="utf-8")
    result = cli("lint", "--root", project)
    assert result.returncode == 2
    assert "不是有效的 TOML 文件（第 1 行" in result.stderr


def test_markers_need_a_reason_a_known_check_and_something_to_cover(tmp_path, cli):
    project = copy_roles(tmp_path)
    edit(project, "sales/sales-rep.yaml", "      - 建立客户档案，维护客户关系。\n",
         "      - 建立客户档案，维护客户关系。\n      # roledocs-lint: disable=RD553\n      - 负责相关工作。\n"
         "      - 建立客户名册。  # roledocs-lint: disable=RD5O1 拼错了\n"
         "      - 建立客户联络表。  # roledocs-lint: disable=RD501 早已改好\n")
    result = cli("lint", "--root", project, "--format", "json")
    assert result.returncode == 0
    problems = json.loads(result.stdout)["problems"]
    messages = sorted(p["message"] for p in problems if p["code"] == "RD590")
    assert [p["code"] for p in problems] == ["RD590"] * 3  # the RD553 finding itself is covered
    assert any("没有写原因" in m for m in messages) and any("RD5O1 不是已有的检查" in m for m in messages)
    assert any("没有忽略任何问题" in m for m in messages)


def test_list_shows_the_catalogue(cli):
    result = cli("lint", "--list")
    assert result.returncode == 0
    out = result.stdout
    assert "RD501" in out and "职责交叉" in out and "RD555" in out


def test_a_threshold_that_makes_a_marker_needless_reports_the_marker(tmp_path, cli):
    project = copy_roles(tmp_path)
    (project / "pyproject.toml").write_text('[tool.roledocs.lint.thresholds]\nmax-kpis = 12\n', encoding="utf-8")
    result = cli("lint", "--root", project, "--fail-on", "warning")
    assert result.returncode == 1
    assert "roles/sales/sales-rep.yaml:" in (out := result.stdout) and "RD590 例外标记（RD533）没有忽略任何问题" in out
