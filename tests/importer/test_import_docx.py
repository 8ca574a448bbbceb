"""A Word job description in the usual company layout, built here with python-docx:
a 4-column identification table, a 序号/工作项目/具体职责 duty table, a 2-column
qualifications table and KPI paragraphs. Everything lands in the right field."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml

from roledocs.importer import import_files
from roledocs.importer.readers import read_document
from roledocs.kb.load import Document
from roledocs.kb.schema import check_document

REPO = Path(__file__).resolve().parents[2]

DUTIES = [
    ("大客户开发", ["1、制定重点行业大客户开发计划；", "2、拜访目标客户，完成商务谈判与签约。"]),
    ("客户关系维护", ["1、每月回访重点客户，收集意见与需求；", "2、处理大客户投诉，跟踪整改结果。"]),
    ("回款管理", ["1、跟踪合同执行与开票；", "2、催收应收账款，确保按期回款。"]),
]
KPIS = [
    "1. 重点客户回款率(权重30%):≥90%为合格,≥98%为优秀",
    "2. 销售计划完成率（权重50%）：≥90%为合格，≥105%为优秀",
    "3. 客户满意度（权重20%）：≥80%为合格，≥90%为优秀",
]


def build_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("大客户经理岗位说明书", level=1)
    ident = document.add_table(rows=3, cols=4)
    for row, cells in zip(ident.rows, [("岗位名称", "大客户经理", "所属部门", "销售部"),
                                       ("直接上级", "销售总监", "直接下级", "销售代表"),
                                       ("岗位定员", "2", "职级", "")]):  # an empty cell, as in real forms
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("一、岗位目的")
    document.add_paragraph("负责公司重点行业大客户的开发与维护，完成大客户销售额与回款目标。")
    document.add_paragraph("二、岗位职责")
    duty_table = document.add_table(rows=1 + len(DUTIES), cols=3)
    for cell, text in zip(duty_table.rows[0].cells, ("序号", "工作项目", "具体职责")):
        cell.text = text
    for n, (title, tasks) in enumerate(DUTIES, 1):
        cells = duty_table.rows[n].cells
        cells[0].text = str(n)
        cells[1].text = title
        cells[2].text = tasks[0]
        for task in tasks[1:]:
            cells[2].add_paragraph(task)
    document.add_paragraph("三、任职资格")
    quals = document.add_table(rows=4, cols=2)
    for row, (label, value) in zip(quals.rows, [("学历", "本科及以上"), ("专业", "市场营销、工商管理"),
                                                 ("工作经验", "5年以上大客户销售经验"),
                                                 ("技能", "熟练使用CRM系统和办公软件")]):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("四、考核指标")
    for line in KPIS:
        document.add_paragraph(line)
    document.save(path)
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("docx")
    source = build_docx(tmp / "大客户经理.docx")
    report = import_files([source], tmp / "drafts", root=REPO)
    assert [d.status for d in report.drafts()] == ["created"]
    path = Path(report.drafts()[0].path)
    return report, yaml.safe_load(path.read_text(encoding="utf-8")), path


def test_reader_keeps_tables_in_document_order(tmp_path):
    lines = [line.text for line in read_document(build_docx(tmp_path / "jd.docx"))]
    assert lines.index("岗位名称：大客户经理") < lines.index("一、岗位目的") < lines.index("1. 大客户开发")
    assert "所属部门：销售部" in lines and "直接上级：销售总监" in lines
    assert lines.index("1. 大客户开发") < lines.index("学历：本科及以上") < lines.index(KPIS[0])


def test_identification_table_fields(imported):
    _, data, _ = imported
    assert data["title"] == "大客户经理"
    assert data["department"] == "sales"  # 销售部 → the department id in _departments.yaml
    assert data["reports_to"] == "sales-director"  # 销售总监 → the role id
    assert data["headcount"] == 2
    assert data["status"] == "draft"
    assert data["sources"] == ["大客户经理.docx"]
    assert data["summary"].startswith("负责公司重点行业大客户的开发与维护")
    assert "直接下级：销售代表" in data["relationships"]["internal"]


def test_every_duty_with_its_tasks(imported):
    _, data, _ = imported
    assert [d["title"] for d in data["duties"]] == [title for title, _ in DUTIES]
    for duty, (_, tasks) in zip(data["duties"], DUTIES):
        assert duty["tasks"] == [t[2:].rstrip("；") for t in tasks]  # the 「1、」 marker and the list's 「；」 go


def test_every_kpi_with_weight_and_thresholds(imported):
    _, data, _ = imported
    kpis = data["kpis"]
    assert [k.get("weight") for k in kpis] == [30, 50, 20]
    assert [(k.get("pass"), k.get("excellent")) for k in kpis] == [(90, 98), (90, 105), (80, 90)]
    # names the KPI library knows become its ids; the others keep the original name in the review notes
    # (never in `note`, which the job description prints)
    assert kpis[1]["kpi"] == "sales-target-achievement"
    assert kpis[2]["kpi"] == "customer-satisfaction"
    assert "note" not in kpis[0]
    assert any("重点客户回款率" in n and kpis[0]["kpi"] in n for n in data["review_notes"])


def test_qualifications(imported):
    _, data, _ = imported
    assert data["qualifications"] == {
        "education": "本科及以上", "majors": ["市场营销", "工商管理"], "experience": "5年以上大客户销售经验",
        "skills": ["熟练使用CRM系统和办公软件"]}


def test_draft_is_schema_valid_and_readable(imported):
    report, data, path = imported
    assert check_document(Document(path, path.name, "role", data)) == []
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "大客户经理" in text and "\\u" not in text  # Chinese stays readable
    assert list(data)[:3] == ["id", "title", "department"]  # schema order, not sorted
    assert report.drafts()[0].unused == []
    assert "grade" not in data  # 职级 was left empty: nothing invented


def test_a_broken_docx_is_reported_not_raised(tmp_path):
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    report = import_files([bad], tmp_path / "drafts", root=REPO)
    assert report.files[0].error and "docx" in report.files[0].error
    assert report.failed
    assert not list((tmp_path / "drafts").glob("*")) if (tmp_path / "drafts").exists() else True


def test_merged_cells_and_a_kpi_table(tmp_path):
    """Word tables as HR really makes them: a duty name merged over two rows, a 2-column
    identification table, and KPIs in a table with 权重 / 合格 / 优秀 columns."""
    document = docx.Document()
    document.add_paragraph("客服专员岗位说明书")
    ident = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(ident.rows, [("岗位名称", "客服专员"), ("所属部门", "客服部"),
                                                 ("直接上级", "客服主管")]):
        row.cells[0].text, row.cells[1].text = label, value
    duties = document.add_table(rows=4, cols=3)
    for cell, text in zip(duties.rows[0].cells, ("序号", "工作项目", "具体职责")):
        cell.text = text
    rows = [("1", "投诉处理", "受理客户投诉并登记"), ("2", "投诉处理", "跟踪投诉处理结果并回访"), ("3", "客户档案", "更新客户档案")]
    for row, (number, title, task) in zip(duties.rows[1:], rows):
        row.cells[0].text, row.cells[2].text = number, task
        row.cells[1].text = title
    duties.cell(1, 1).merge(duties.cell(2, 1))  # 投诉处理 spans two rows
    duties.cell(1, 1).text = "投诉处理"
    kpis = document.add_table(rows=3, cols=4)
    for row, cells in zip(kpis.rows, [("考核指标", "权重", "合格标准", "优秀标准"),
                                       ("客户投诉解决及时率", "60%", "≥90%", "≥98%"),
                                       ("客户满意度", "40%", "≥85%", "≥95%")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    source = tmp_path / "客服专员.docx"
    document.save(source)

    report = import_files([source], tmp_path / "drafts", root=REPO)
    data = yaml.safe_load(Path(report.drafts()[0].path).read_text(encoding="utf-8"))
    assert data["title"] == "客服专员" and data["department"] == "customer-service"
    assert data["reports_to"] == "customer-service-supervisor"
    assert [d["title"] for d in data["duties"]] == ["投诉处理", "客户档案"]
    assert data["duties"][0]["tasks"] == ["受理客户投诉并登记", "跟踪投诉处理结果并回访"]
    assert [(k["kpi"], k["weight"], k["pass"], k["excellent"]) for k in data["kpis"]] == [
        ("complaint-resolution-timeliness", 60, 90, 98), ("customer-satisfaction", 40, 85, 95)]
    assert check_document(Document(source, "x", "role", data)) == []
