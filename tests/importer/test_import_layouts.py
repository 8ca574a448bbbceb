"""Job descriptions the importer has never seen, in three common layouts
(tests/fixtures/import/): numbered chapters with 「标签：值」 fields; Markdown with
【】 headings, ① items, ♦ bullets and two fields per line; a table pasted as
tab-separated text with 「-」 duties and weights after the KPI names."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from roledocs.importer import import_files
from roledocs.kb.load import Document
from roledocs.kb.schema import check_document

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "import"


def _import(name: str, tmp_path: Path):
    report = import_files([FIXTURES / name], tmp_path, root=REPO)
    assert len(report.drafts()) == 1
    draft = report.drafts()[0]
    path = Path(draft.path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert check_document(Document(path, path.name, "role", data)) == []
    return draft, data


def test_numbered_chapters_with_label_fields(tmp_path):
    draft, data = _import("warehouse_supervisor.txt", tmp_path)
    assert data["title"] == "仓储主管"
    assert data["department"] == "operations"  # 营运部 is an alias of operations
    assert data["reports_to"] == "store-manager"  # 店长 is a position in _positions.yaml
    assert data["headcount"] == 2
    assert data["summary"].startswith("负责门店后仓的收发存管理")
    assert [d["title"] for d in data["duties"]] == ["入库管理", "出库与补货", "库存盘点"]
    assert data["duties"][2]["tasks"] == ["每月组织一次全面盘点，编制《盘点报告》", "分析盘盈盘亏原因，提出处理意见。"]
    assert data["authorities"] == ["对仓库人员的排班和考核有建议权", "对不合格到货有拒收权。"]
    assert data["relationships"]["external"] == ["物流公司、供应商送货人员"]
    assert "营运部各门店、财务部、质检部" in data["relationships"]["internal"]
    assert data["qualifications"] == {
        "education": "大专及以上", "majors": ["物流管理", "工商管理"], "experience": "3年以上仓储管理经验",
        "skills": ["熟练使用进销存系统和Excel"], "traits": ["责任心强，细致严谨"]}
    kpis = data["kpis"]
    assert [(k["weight"], k["pass"], k["excellent"]) for k in kpis] == [(40, 98, 99.5), (35, 95, 99), (25, 0.5, 0.2)]
    # not in the KPI library: the name is kept for HR in the review notes, never in a printed note
    assert not any("note" in k for k in kpis)
    assert all(any(f"「{name}」不在指标库中" in n for n in data["review_notes"]) for name in ("账物相符率", "补货及时率", "库存损耗率"))
    assert data["conditions"] == {"environment": "仓库现场，需倒班", "hours": "综合工时", "tools": ["叉车", "扫码枪", "电脑"]}
    assert draft.unused == []


def test_markdown_with_bracket_headings_and_two_fields_per_line(tmp_path):
    draft, data = _import("channel_manager.md", tmp_path)
    assert data["title"] == "区域招商经理"
    assert data["id"] == "regional-franchise-manager"  # a new role: English words from the HR dictionary
    assert data["department"] == "sales"
    assert data["reports_to"] == "sales-director"
    assert "直接下级：招商专员" in data["relationships"]["internal"]
    assert data["summary"].startswith("在销售总监领导下")
    assert [d["title"] for d in data["duties"]] == ["经销商招募", "经销商管理", "回款管理"]
    assert len(data["duties"][1]["tasks"]) == 2
    quals = data["qualifications"]
    assert quals["education"] == "本科及以上学历"
    assert quals["experience"].startswith("5年以上快消品招商经验")
    assert quals["competencies"] == ["具备较强的谈判能力和沟通协调能力"]
    assert any("C1" in q for q in quals.get("certificates", []) + quals.get("other", []))
    assert [k.get("weight") for k in data["kpis"]] == [30, 40, 30]
    assert data["kpis"][0]["period"] == "季度"
    assert (data["kpis"][1]["pass"], data["kpis"][1]["excellent"]) == (90, 98)
    assert data["career"] == {"promotes_to": ["sales-director"]}


def test_pasted_table_and_dash_duties(tmp_path):
    draft, data = _import("trainer.txt", tmp_path)
    assert data["title"] == "培训专员"
    assert data["headcount"] == 1
    # 人力资源部 and 人力资源经理 are not in this knowledge base: placeholders, the original text kept
    assert data["department"] == "todo" and data["reports_to"] == "todo"
    assert any("人力资源部" in w for w in draft.warnings)
    assert "直接上级：人力资源经理" in data["relationships"]["internal"]
    assert not any("待核对" in text for text in data["relationships"]["internal"])
    assert [d["title"] for d in data["duties"]] == ["调研各部门培训需求", "组织实施新员工入职培训",
                                                   "维护内部讲师队伍和课程库", "管理培训费用预算"]
    assert data["duties"][0]["frequency"] == "每年" and data["duties"][1]["frequency"] == "每月"
    assert data["qualifications"]["education"] == "本科"
    assert data["qualifications"]["knowledge"] == ["成人学习理论、课程设计方法"]
    assert [k["weight"] for k in data["kpis"]] == [40, 30, 30]
    assert data["kpis"][0]["kpi"] == "training-plan-completion"  # found in the KPI library by name


@pytest.mark.parametrize("name", ["warehouse_supervisor.txt", "channel_manager.md", "trainer.txt"])
def test_placeholders_are_reported(name, tmp_path):
    draft, data = _import(name, tmp_path)
    for key in draft.placeholders:
        assert key in data  # still schema-valid: the placeholder is there, and it is listed for review
    assert "category" in draft.placeholders  # no layout names the 岗位类别: always a guess to check


def test_markdown_tables_and_emphasis(tmp_path):
    draft, data = _import("admin_assistant.md", tmp_path)
    assert data["title"] == "行政专员"
    assert data["department"] == "customer-service" and data["reports_to"] == "customer-service-supervisor"
    assert [d["title"] for d in data["duties"]] == ["会务管理", "办公用品管理"]  # 「**会务管理**：…」
    assert data["kpis"] == [{"kpi": "customer-satisfaction", "weight": 100, "pass": 80, "excellent": 90}]
    assert draft.unused == []
