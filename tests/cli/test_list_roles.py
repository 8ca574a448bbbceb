"""`roledocs list`: every role's id beside its Chinese title, department, status and superior."""
from __future__ import annotations

import json

import pytest
import yaml

from support.render_project import REPO, ROLE_IDS, copy_roles


def role_data() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in (REPO / "roles").rglob("*.yaml") if not p.name.startswith("_")}


def test_text_lists_every_role_with_its_title_and_superior(cli):
    code, out, err = cli("list", "--root", str(REPO))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["岗位编号", "岗位名称", "所属部门", "状态", "直接上级"]
    assert lines[-1] == f"共 {len(ROLE_IDS)} 个岗位"
    rows = {line.split()[0]: line.split() for line in lines[1:-1]}
    assert sorted(rows) == ROLE_IDS
    data = role_data()
    for rid, row in rows.items():
        assert row[1] == data[rid]["title"]
        assert row[4].endswith(f"（{data[rid]['reports_to']}）")
    # grouped by department, in _departments.yaml order
    order = [d["id"] for d in yaml.safe_load((REPO / "roles/_departments.yaml").read_text(encoding="utf-8"))["departments"]]
    listed = [data[line.split()[0]]["department"] for line in lines[1:-1]]
    assert listed == sorted(listed, key=order.index)


def test_department_by_id_or_name(cli):
    sales = sorted(rid for rid, d in role_data().items() if d["department"] == "sales")
    for name in ("sales", "销售部"):
        code, out, _ = cli("list", "--department", name, "--root", str(REPO))
        assert code == 0
        assert sorted(line.split()[0] for line in out.splitlines()[1:-1]) == sales


def test_unknown_department_says_which_exist(cli):
    code, out, err = cli("list", "-d", "sale", "--root", str(REPO))
    assert code == 2 and out == ""
    assert "没有编号为「sale」的部门。是否想写 sales（销售部）？" in err


def test_json_envelope_and_drafts(tmp_path, cli):
    project = copy_roles(tmp_path)
    path = project / "roles/sales/sales-rep.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: draft"), encoding="utf-8")
    code, out, _ = cli("list", "--format", "json", "--root", str(project))
    data = json.loads(out)
    assert code == 0 and data["command"] == "list" and data["status"] == "ok" and data["problems"] == []
    rep = next(r for r in data["roles"] if r["id"] == "sales-rep")
    assert rep == {"id": "sales-rep", "title": "销售代表", "department": "sales", "department_name": "销售部",
                   "status": "draft", "status_label": "草稿", "reports_to": "sales-team-lead",
                   "reports_to_title": "销售组长", "file": "roles/sales/sales-rep.yaml"}
    assert len(data["roles"]) == len(ROLE_IDS)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_invalid_knowledge_base_exits_1(tmp_path, cli, fmt):
    project = copy_roles(tmp_path)
    path = project / "roles/sales/sales-rep.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("department: sales", "department: nowhere"),
                    encoding="utf-8")
    code, out, err = cli("list", "--format", fmt, "--root", str(project))
    assert code == 1 and "无法列出岗位" in (err if fmt == "text" else out + err)
