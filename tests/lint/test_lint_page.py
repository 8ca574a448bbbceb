"""The 知识库体检 page's data, Markdown and SVG chart (the site wires them in)."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from roledocs.kb import open_knowledge_base
from roledocs.lint import lint_knowledge_base
from roledocs.lint.page import department_chart, health_page, page_markdown
from support.lint_project import copy_roles, edit

EVIL = '<img src=x onerror="alert(1)">&amp;'


def planted(tmp_path):
    project = copy_roles(tmp_path)
    edit(project, "sales/sales-rep.yaml", "      - 建立客户档案，维护客户关系。\n",
         f"      - 建立客户档案，维护客户关系。\n      - 负责相关工作。\n      - '{EVIL}'\n")
    edit(project, "_departments.yaml", "    name: 客服部\n", f"    name: '客服部{EVIL}'\n")
    edit(project, "_departments.yaml", "    head: customer-service-supervisor\n", "")
    return project


def test_counts_per_check_and_department(tmp_path):
    project = planted(tmp_path)
    report = lint_knowledge_base(project, today=dt.date(2026, 12, 2))
    page = health_page(report, open_knowledge_base(project))
    counts = {c["code"]: c["count"] for c in page.checks}
    assert counts["RD553"] == 1 and counts["RD514"] == 1 and counts["RD501"] == 0 and len(page.checks) == 25
    by_dept = {d.id: d.counts for d in page.departments}
    assert by_dept["customer-service"]["warning"] == 1 and by_dept["sales"]["warning"] >= 1
    assert by_dept["engineering"] == {"error": 0, "warning": 0, "notice": 0}
    vague = next(f for f in page.findings if f.code == "RD553")
    assert (vague.role_id, vague.role_title, vague.file) == ("sales-rep", "销售代表", "roles/sales/sales-rep.yaml")
    assert vague.line and vague.line > 1


def test_yaml_text_is_escaped_in_markdown_and_svg(tmp_path):
    project = planted(tmp_path)
    page = health_page(lint_knowledge_base(project), open_knowledge_base(project))
    markdown = page_markdown(page, role_url=lambda rid: f"/roles/{rid}/", edit_url=lambda f, n: f"/edit/{f}#L{n}")
    assert "<img" not in markdown and "onerror=\"" not in markdown
    assert '<a href="/roles/sales-rep/">销售代表</a>' in markdown
    svg = department_chart(page)
    root = ET.fromstring(svg)  # well-formed even with the hostile department name
    assert "<img" not in svg and any("客服部<img" in (t.text or "") for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "") and "<script" not in svg


def test_clean_knowledge_base_page(tmp_path):
    project = copy_roles(tmp_path)
    page = health_page(lint_knowledge_base(project, today=dt.date(2026, 12, 2)), open_knowledge_base(project))
    assert page.findings == [] and page.totals == {"error": 0, "warning": 0, "notice": 0}
    assert "没有发现问题" in page_markdown(page)
    ET.fromstring(department_chart(page))
