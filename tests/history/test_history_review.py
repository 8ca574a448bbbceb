"""`roledocs review`: roles due for their periodic review, grouped by department with its head."""
from __future__ import annotations

import json

import pytest

from support.gitkb import GitKB

REP = "roles/sales/sales-rep.yaml"


@pytest.fixture
def kb(tmp_path) -> GitKB:
    kb = GitKB.create(tmp_path / "project")
    # review_due: sales-rep 2026-12-31; the others 2027-06-30
    kb.edit("roles/customer-service/cs-agent.yaml", "reports_to: sales-manager",
            "reports_to: sales-manager\nreview_notes:\n  - 核对投诉处理时限。")
    return kb


def test_overdue_role_fails_the_scheduled_job(kb, cli):
    code, out, err = cli("review", "--date", "2027-01-10", "--root", str(kb.path))
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0] == "复审检查（2027-01-10，提前 30 天提醒）：1 个已过复审日期，0 个即将到期，1 个有待核对事项"
    assert "销售部（负责人：销售经理（sales-manager））" in lines
    assert "  ✗ 销售代表（sales-rep）复审日期 2026-12-31，已过期 10 天" in lines
    assert "客服部（没有指定负责人）" in lines
    assert "  · 客服专员（cs-agent）待核对事项 1 条：核对投诉处理时限。" in lines


def test_within_days_and_json(kb, cli):
    code, out, _ = cli("review", "--date", "2026-12-10", "--within", "30", "--format", "json",
                       "--root", str(kb.path))
    assert code == 0  # due soon, nothing overdue
    data = json.loads(out)
    assert data["command"] == "review" and data["status"] == "ok" and data["within"] == 30
    rows = {r["id"]: r for d in data["departments"] for r in d["roles"]}
    assert rows["sales-rep"]["days_left"] == 21 and rows["sales-rep"]["overdue"] is False
    assert set(rows) == {"sales-rep", "cs-agent"}
    assert data["departments"][0]["head"] == {"id": "sales-manager", "title": "销售经理"}
    code, out, _ = cli("review", "--date", "2026-12-10", "--within", "7", "--format", "json",
                       "--root", str(kb.path))
    assert {r["id"] for d in json.loads(out)["departments"] for r in d["roles"]} == {"cs-agent"}


def test_retired_roles_and_drafts_notes_are_not_listed(kb, cli):
    kb.edit(REP, "status: active", "status: retired")
    kb.edit("roles/customer-service/cs-agent.yaml", "status: active", "status: draft")
    code, out, _ = cli("review", "--date", "2027-01-10", "--root", str(kb.path))
    assert code == 0 and "没有需要复审的岗位。" in out


def test_bad_date_and_invalid_knowledge_base(kb, cli):
    code, _, err = cli("review", "--date", "明天", "--root", str(kb.path))
    assert code == 2 and "--date 的值 '明天' 不是 YYYY-MM-DD" in err
    kb.edit(REP, "headcount: 20", "headcount: 很多")
    code, _, err = cli("review", "--root", str(kb.path))
    assert code == 1 and "RD203" in err and "无法检查复审" in err
