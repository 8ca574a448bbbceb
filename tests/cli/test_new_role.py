"""`roledocs new`: a starting point for a new role (a commented draft that validates, its
placeholders reported until filled) and for a new KPI (appended to _kpis.yaml, the rest kept)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from support.render_project import copy_roles, pdf_text
from roledocs.kb import open_knowledge_base

NEW = ["new", "key-account-manager", "--title", "大客户经理", "--department", "sales",
       "--reports-to", "sales-director"]
NEW_FILE = "roles/sales/key-account-manager.yaml"


def run(cli, project, *args):
    return cli(*args, "--root", project)


def files(project: Path) -> dict[str, bytes]:
    """Every file of the knowledge base and its bytes: what a refusal must leave alone."""
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


def problems(cli, project) -> list[dict]:
    code, out, _ = run(cli, project, "validate", "--format", "json")
    data = json.loads(out)
    assert (code == 0) == (data["status"] == "ok")
    return data["problems"]


@pytest.fixture
def project(tmp_path):
    return copy_roles(tmp_path)


def test_new_role_is_a_commented_draft_that_validates(project, cli):
    before = files(project)
    code, out, err = run(cli, project, *NEW)
    assert code == 0, err
    path = project / NEW_FILE
    text = path.read_text(encoding="utf-8")
    # nothing else changed: only the new file
    assert {k: v for k, v in files(project).items() if k != NEW_FILE} == before
    data = yaml.safe_load(text)
    assert (data["id"], data["title"], data["department"], data["reports_to"], data["status"]) == \
        ("key-account-manager", "大客户经理", "sales", "sales-director", "draft")
    # comments in Chinese with the schema's labels, naming the chosen department and superior
    assert "# 岗位名称" in text and "# 所属部门：sales（销售部）" in text and "# 直接上级：sales-director（销售总监）" in text
    assert "# 岗位类别，可选：职能管理类、经营管理类、业务类、技术类、其他类" in text
    # validate: exit 0, and every placeholder is a warning at its own line, nothing else
    found = problems(cli, project)
    lines = text.splitlines()
    placeholders = [n for n, line in enumerate(lines, 1) if "【待填写】" in line and not line.lstrip().startswith("#")]
    assert len(placeholders) >= 5
    assert sorted(p["line"] for p in found) == placeholders
    assert {(p["code"], p["severity"], p["file"]) for p in found} == {("RD318", "warning", NEW_FILE)}
    assert "还有 " in out and "处待填写" in out


def test_new_role_is_listed_and_renders_to_pdf(cli, project, tmp_path):
    assert run(cli, project, *NEW)[0] == 0
    code, out, _ = run(cli, project, "list", "--department", "sales")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("key-account-manager "))
    assert "大客户经理" in row and "草稿" in row and "销售总监（sales-director）" in row
    # a draft is an internal document
    done = cli("render", "key-account-manager", "-f", "pdf", "--audience", "internal",
                    "-o", str(tmp_path / "out"), "--root", str(project))
    assert done.returncode == 0, done.stderr
    pdf = next((tmp_path / "out").glob("key-account-manager*.pdf"))
    text = pdf_text(pdf)
    assert "大客户经理" in text and "销售总监" in text


def test_placeholders_are_errors_once_the_role_is_active_and_gone_when_filled(project, cli):
    assert run(cli, project, *NEW)[0] == 0
    path = project / NEW_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: draft", "status: active"), encoding="utf-8")
    found = problems(cli, project)
    # one report per mistake: RD317 (error) for each placeholder, no RD318 beside it; RD315 for the notes
    assert sorted({p["code"] for p in found}) == ["RD315", "RD317"]
    placeholders = [n for n, line in enumerate(text.splitlines(), 1)
                    if "【待填写】" in line and not line.lstrip().startswith("#")]
    assert sorted(p["line"] for p in found if p["code"] == "RD317") == placeholders
    # filled in: no placeholder, notes handled → no problems at all
    filled = re.sub(r"【待填写】[^\n#]*?(?=(?:  #|\n))", "负责大客户的开发与维护。", text)
    filled = filled[:filled.index("review_notes:")]
    path.write_text(filled.replace("status: draft", "status: active"), encoding="utf-8")
    assert problems(cli, project) == []


def test_title_is_data_in_yaml(project, cli):
    title = "大客户经理: #1 'A' [B] {{ x }}"
    code, _, err = run(cli, project, "new", "kam", "--title", title, "--department", "sales",
                       "--reports-to", "sales-director")
    assert code == 0, err
    kb = open_knowledge_base(project, audience="internal")
    assert kb.roles["kam"].title == title


@pytest.mark.parametrize("args, said", [
    (["sales-rep"], "岗位编号 sales-rep 已经用于 roles/sales/sales-rep.yaml（销售代表）"),
    (["general-manager"], "_positions.yaml 中的职位「总经理」"),
    (["Key_Account"], "岗位编号「Key_Account」不符合要求：小写英文短名"),
    (["kam", "--department", "销售部"], "部门「销售部」请写编号 sales（销售部）"),
    (["kam", "--reports-to", "销售总监"], "直接上级「销售总监」请写编号 sales-director（销售总监）"),
    (["kam", "--department", "sale"], "没有编号为「sale」的部门。是否想写 sales（销售部）？"),
    (["kam", "--reports-to", "nobody"], "没有编号为「nobody」的直接上级"),
    (["kam", "--category", "销售类"], "岗位类别「销售类」不在可选范围内。可选：职能管理类"),
    (["kam", "--title", "大客户\n经理"], "岗位名称不能为空，也不能含换行或控制字符"),
])
def test_refusals_write_nothing(project, cli, args, said):
    options = {"--title": "大客户经理", "--department": "sales", "--reports-to": "sales-director"}
    given = dict(zip(args[1::2], args[2::2]))
    argv = ["new", args[0], *[x for k, v in {**options, **given}.items() for x in (k, v)]]
    before = files(project)
    code, out, err = run(cli, project, *argv)
    assert code == 2
    assert said in err, err
    assert files(project) == before


def test_missing_reports_to_is_a_usage_error(project, cli):
    before = files(project)
    code, _, err = run(cli, project, "new", "kam", "--title", "大客户经理", "--department", "sales")
    assert code == 2 and "新建岗位需要 --reports-to" in err
    assert files(project) == before


# ── KPIs ──────────────────────────────────────────────────────────────────────

def test_new_kpi_is_appended_keeping_the_file(project, cli):
    path = project / "roles/_kpis.yaml"
    original = path.read_bytes()
    code, out, err = run(cli, project, "new", "repeat-purchase-rate", "--kind", "kpi", "--name", "复购率",
                         "--unit", "%", "--direction", "higher")
    assert code == 0, err
    after = path.read_bytes()
    assert after.startswith(original)  # appended: every byte and comment before it kept
    kb = open_knowledge_base(project, audience="internal")
    kpi = kb.kpis["repeat-purchase-rate"]
    assert (kpi.name, kpi.unit, kpi.direction) == ("复购率", "%", "higher")
    assert list(kb.kpis)[-1] == "repeat-purchase-rate"
    found = problems(cli, project)
    assert found and {(p["code"], p["file"]) for p in found} == {("RD318", "roles/_kpis.yaml")}
    added = after[len(original):].decode().splitlines()
    assert sorted(p["line"] for p in found) == [
        original.count(b"\n") + n for n, line in enumerate(added, 1)
        if "【待填写】" in line and not line.lstrip().startswith("#")]
    # a role can use it at once
    role = project / "roles/sales/sales-rep.yaml"
    data = yaml.safe_load(role.read_text(encoding="utf-8"))
    data["kpis"] = [{"kpi": "repeat-purchase-rate"}]
    role.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert not [p for p in problems(cli, project) if p["severity"] == "error"]


def test_new_kpi_keeps_crlf_line_ends(project, cli):
    path = project / "roles/_kpis.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    original = path.read_bytes()
    assert run(cli, project, "new", "repeat-purchase-rate", "--kind", "kpi", "--name", "复购率")[0] == 0
    added = path.read_bytes()[len(original):]
    assert path.read_bytes().startswith(original) and b"\r\n" in added and b"\n" not in added.replace(b"\r\n", b"")


@pytest.mark.parametrize("kpi_id, name, said", [
    ("csat", "客户满意度", "指标库中已有「客户满意度」：customer-satisfaction（客户满意度）。岗位中引用它时写 kpi: customer-satisfaction"),
    ("sales-revenue", "营收", "指标编号 sales-revenue 已经用于指标「销售额」"),
    ("复购率", "复购率", "指标编号「复购率」不符合要求"),
])
def test_kpi_refusals_write_nothing(project, cli, kpi_id, name, said):
    before = files(project)
    code, _, err = run(cli, project, "new", kpi_id, "--kind", "kpi", "--name", name)
    assert code == 2 and said in err, err
    assert files(project) == before


def test_json_output(project, cli):
    code, out, _ = run(cli, project, *NEW, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["command"] == "new" and data["status"] == "ok" and data["kind"] == "role"
    assert {p["code"] for p in data["problems"]} == {"RD318"}


def test_kpi_direction_from_the_schema(project, cli):
    before = files(project)
    code, _, err = run(cli, project, "new", "csat2", "--kind", "kpi", "--name", "满意度", "--direction", "up")
    assert code == 2 and "方向「up」不在可选范围内。可选：higher、lower" in err
    assert files(project) == before


def test_json_refusal_is_an_envelope(project, cli):
    code, out, err = run(cli, project, "new", "sales-rep", "--title", "x", "--department", "sales",
                         "--reports-to", "sales-director", "--format", "json")
    data = json.loads(out)
    assert code == 2 and data["status"] == "fail" and "已经用于" in data["error"]
