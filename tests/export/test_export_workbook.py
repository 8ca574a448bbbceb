"""`roledocs export`: the HR workbook, read back with openpyxl and computed by LibreOffice.

Every expectation is counted from the typed model of the same knowledge base, never typed in.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from roledocs.cjk import display_width
from roledocs.export import SHEETS
from roledocs.kb import open_knowledge_base
from support.calc import calc_sheets
from support.hr_project import REVIEW_CANARY, SALARY_CANARY, copy_project, edit_role, plant_secrets

PUBLIC, INTERNAL = "roles-export.xlsx", "roles-export-internal.xlsx"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("export"))
    plant_secrets(project, "sales-rep")
    edit_role(project, "sales-clerk", lambda d: d.update(title="=HYPERLINK(\"http://x\")销售内勤"))
    return project


@pytest.fixture(scope="module")
def kb(project):
    return open_knowledge_base(project, audience="public")


@pytest.fixture(scope="module")
def export(cli):
    """`export(project, out, *args)`: `roledocs export` of `project` into `out`."""
    return lambda project, out, *args: cli("export", "--root", project, "--out", out, *args)


@pytest.fixture(scope="module")
def workbooks(export, project, tmp_path_factory):
    out = tmp_path_factory.mktemp("export-out")
    assert export(project, out).returncode == 0
    assert export(project, out, "--audience", "internal").returncode == 0
    return {"public": out / PUBLIC, "internal": out / INTERNAL}


@pytest.fixture(scope="module")
def book(workbooks):
    return openpyxl.load_workbook(workbooks["public"])


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=2, values_only=True))


def header(ws) -> list[str]:
    return [c.value for c in ws[1] if c.value is not None]


def all_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def test_sheets_in_order_and_internal_adds_compensation(workbooks, book):
    assert book.sheetnames == list(SHEETS)
    assert openpyxl.load_workbook(workbooks["internal"]).sheetnames == [*SHEETS, "薪酬（保密）"]


def test_confidential_text_only_in_the_internal_workbook(workbooks):
    public, internal = all_text(workbooks["public"]), all_text(workbooks["internal"])
    for canary in (SALARY_CANARY, REVIEW_CANARY):
        assert canary not in public
        assert canary in internal


def test_every_sheet_has_a_frozen_filtered_header(book):
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        for cell in ws[1]:
            if cell.value is not None:
                assert cell.font.b, (ws.title, cell.value)


def test_role_overview_rows_types_and_labels(book, kb):
    ws = book["岗位一览"]
    vocab = kb.vocabulary
    assert header(ws) == [vocab.label("role", p) for p in (
        "id", "title", "department", "category", "grade", "headcount", "reports_to", "dotted_line_to", "status",
        "document.version", "document.effective_date", "review_due")]
    got = {r[0]: r for r in rows(ws)}
    assert list(got) == list(kb.roles)
    assert ws.auto_filter.ref == f"A1:L{len(kb.roles) + 1}"
    for role in kb.roles.values():
        row = got[role.id]
        assert row[1] == role.title and row[2] == role.department.name
        assert row[5] == role.headcount and isinstance(row[5], int)          # a number, not text
        assert row[6] == role.superior.title
        assert row[8] == vocab.enum_label("role", "status", role.status) != role.status
        assert row[9] == role.document.version and isinstance(row[9], str)   # "1.0" stays text
        assert row[10] == dt.datetime.fromisoformat(role.document.effective_date)  # a date, not text
    dates = [c for c in ws["K"][1:]]
    assert all(c.is_date and "年" in c.number_format for c in dates)


def test_text_that_looks_like_a_formula_stays_text(book, kb):
    ws = book["岗位一览"]
    (cell,) = [c for c in ws["B"] if c.value == kb.roles["sales-clerk"].title]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_duties_one_row_per_task(book, kb):
    ws = book["岗位职责"]
    assert header(ws) == [kb.vocabulary.label("role", p) for p in (
        "title", "duties.title", "duties.tasks", "duties.frequency", "duties.core", "duties.deliverables")]
    expected = [(r.title, d.title, task) for r in kb.roles.values() for d in r.duties
                for task in (d.tasks or (d.description,))]
    assert [r[:3] for r in rows(ws)] == expected
    assert ws["C2"].alignment.wrap_text


def test_kpis_role_by_kpi_with_numbers(book, kb):
    ws = book["考核指标"]
    got = rows(ws)
    expected = [(r.id, k.kpi.id, k.weight, k.passing, k.excellent) for r in kb.roles.values() for k in r.kpis]
    assert [(r[0], r[2], r[4], r[6], r[7]) for r in got] == expected
    assert any(isinstance(r[4], (int, float)) for r in got) and any(isinstance(r[6], (int, float)) for r in got)
    directions = {r[12] for r in got}
    assert directions <= {kb.vocabulary.enum_label("kpis", "kpis.direction", d) for d in ("higher", "lower")}


def test_kpi_library_lists_the_roles_using_each_kpi(book, kb):
    got = {r[0]: r for r in rows(book["指标库"])}
    assert list(got) == list(kb.kpis)
    for kpi in kb.kpis.values():
        assert got[kpi.id][13] == len(kpi.users)
        assert got[kpi.id][12] == ("、".join(r.title for r in kpi.users) or None)


def test_function_matrix_marks_the_roles_carrying_each_item(book, kb):
    ws = book["部门职能分解"]
    titles = header(ws)[4:]
    got = rows(ws)
    expected_rows = sum(len(item.duties or ("",)) if function.items else 1
                        for dept in kb.departments.values() for function in dept.functions
                        for item in (function.items or (None,)))
    assert len(got) == expected_rows
    by_title = {r.title: r for r in kb.roles.values()}
    marks = 0
    for row in got:
        dept = next(d for d in kb.departments.values() if d.name == row[0])
        function = next(f for f in dept.functions if f.name == row[1])
        item = next((i for i in function.items if i.name == row[2]), None)
        carriers = set(function.role_ids) | (set(item.role_ids) if item else set())
        for title, mark in zip(titles, row[4:]):
            assert (mark == "●") == (by_title[title].id in carriers), (row[:3], title)
            marks += mark == "●"
    assert marks > 0
    vertical = [c for c in ws[1][4:] if c.value]
    assert all(c.alignment.textRotation == 255 for c in vertical)  # stacked, read top to bottom


def test_reporting_lines_and_span_of_control(book, kb):
    got = {r[0]: r for r in rows(book["汇报关系"])}
    for role in kb.roles.values():
        assert got[role.id][6] == len(role.subordinates)
        assert got[role.id][7] == sum(s.headcount or 0 for s in role.subordinates)
    assert max(r[6] for r in got.values()) >= 2


def staffing_expected(kb, roles=None):
    roles = list(roles or kb.roles.values())
    by_category, by_grade = {}, {}
    for r in roles:
        key = r.department.name
        by_category[(key, r.category)] = by_category.get((key, r.category), 0) + (r.headcount or 0)
        by_grade[(key, r.grade)] = by_grade.get((key, r.grade), 0) + (r.headcount or 0)
    return by_category, by_grade, sum(r.headcount or 0 for r in roles)


def test_staffing_counts_are_formulas_with_cached_values(workbooks, kb):
    formulas = openpyxl.load_workbook(workbooks["public"])["定岗定编"]
    values = openpyxl.load_workbook(workbooks["public"], data_only=True)["定岗定编"]
    by_category, _, total = staffing_expected(kb)
    first_header = header(formulas)
    categories = first_header[1:first_header.index("合计")]
    assert categories == list(kb.vocabulary.enum_values("role", "category"))
    for r in range(2, 2 + len({d for d, _ in by_category})):
        dept = formulas.cell(r, 1).value
        for c, category in enumerate(categories, 2):
            assert formulas.cell(r, c).value.startswith("=SUMPRODUCT(")
            assert values.cell(r, c).value == by_category.get((dept, category), 0)
    totals_row = next(r for r in range(2, 40) if formulas.cell(r, 1).value == "合计")
    assert formulas.cell(totals_row, len(categories) + 2).value.startswith("=SUM(")
    assert values.cell(totals_row, len(categories) + 2).value == total


@pytest.mark.slow
def test_libreoffice_computes_the_staffing_table(export, project, tmp_path):
    """LibreOffice recalculates every formula (its own engine, not our cached values). A
    department named 「*部」 must count only itself, not every name ending in 部 (as a SUMIFS
    criterion would): the counts compare exactly."""
    departments = project / "roles" / "_departments.yaml"
    text = departments.read_text(encoding="utf-8")
    departments.write_text(text.replace("name: 销售部", 'name: "*部"', 1), encoding="utf-8")
    try:
        kb = open_knowledge_base(project)
        assert export(project, tmp_path).returncode == 0
    finally:
        departments.write_text(text, encoding="utf-8")
    sheet = calc_sheets(tmp_path / PUBLIC, tmp_path)["定岗定编"]
    by_category, by_grade, total = staffing_expected(kb)
    categories = sheet[0][1:len(kb.vocabulary.enum_values("role", "category")) + 1]
    first_total = next(i for i, row in enumerate(sheet) if row[0] == "合计")
    table = {row[0]: row for row in sheet[1:first_total + 1]}
    assert "*部" in table and len(table) > 2
    for (dept, category), count in by_category.items():
        assert float(table[dept][1 + categories.index(category)]) == count
    assert float(table["合计"][1 + len(categories)]) == total
    grades_header = next(row for row in sheet if row[0] == kb.vocabulary.label("role", "department")
                         and row is not sheet[0])
    start = sheet.index(grades_header)
    grade_table = {row[0]: row for row in sheet[start + 1:] if row[0]}
    assert len(grade_table) == len(table)  # every department and the totals
    for (dept, grade), count in by_grade.items():
        assert float(grade_table[dept][grades_header.index(grade)]) == count
    assert float(grade_table["合计"][grades_header.index("合计")]) == total


def test_column_widths_count_chinese_characters_double(book, kb):
    ws = book["岗位一览"]
    longest = max(display_width(r.department.name) for r in kb.roles.values())
    header_width = display_width(ws["C1"].value)
    assert ws.column_dimensions["C"].width >= max(longest, header_width)
    # a column of ASCII ids is sized by characters, a Chinese one by double width
    ids = max(len(r) for r in kb.roles)
    assert ids <= ws.column_dimensions["A"].width <= ids + 4


def test_select_roles(export, project, kb, tmp_path):
    assert export(project, tmp_path, "--role", "sales-rep", "--role", "sales-manager").returncode == 0
    wb = openpyxl.load_workbook(tmp_path / PUBLIC)
    assert [r[0] for r in rows(wb["岗位一览"])] == ["sales-rep", "sales-manager"]  # the order asked for
    assert {r[0] for r in rows(wb["考核指标"])} == {"sales-manager", "sales-rep"}
    assert sorted(header(wb["部门职能分解"])[4:]) == sorted(kb.roles[i].title for i in ("sales-manager", "sales-rep"))
    used = {k.kpi.id for i in ("sales-rep", "sales-manager") for k in kb.roles[i].kpis}
    assert {r[0] for r in rows(wb["指标库"])} == used


def test_select_department(export, project, kb, tmp_path):
    assert export(project, tmp_path, "--department", "customer-service").returncode == 0
    wb = openpyxl.load_workbook(tmp_path / PUBLIC)
    expected = [r.id for r in kb.roles.values() if r.department_id == "customer-service"]
    assert [r[0] for r in rows(wb["岗位一览"])] == expected
    assert {r[0] for r in rows(wb["部门职能分解"])} == {kb.departments["customer-service"].name}


@pytest.mark.parametrize("args, words", [
    (("--role", "no-such-role"), "知识库中没有岗位 no-such-role"),
    (("--department", "no-such-dept"), "知识库中没有部门 no-such-dept"),
    (("--role", "sales-rep", "--department", "sales"), "只能用一个"),
])
def test_unknown_ids_fail_before_writing(export, project, tmp_path, args, words):
    out = tmp_path / "out"
    result = export(project, out, *args)
    assert result.returncode == 2
    err = result.stderr
    assert words in err and err.startswith("错误：")
    assert not out.exists()


def test_unwritable_out_is_an_environment_error_and_leaves_no_file(export, project, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = export(project, blocker / "sub")
    assert result.returncode == 2
    err = result.stderr
    assert "错误：无法写入" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_failed_export_keeps_the_previous_workbook(export, project, tmp_path):
    assert export(project, tmp_path).returncode == 0
    before = (tmp_path / PUBLIC).read_bytes()
    assert export(project, tmp_path, "--role", "ghost").returncode == 2
    assert (tmp_path / PUBLIC).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [PUBLIC]  # no temporary file left behind


def test_invalid_knowledge_base_exits_1(export, tmp_path):
    project = copy_project(tmp_path)
    edit_role(project, "sales-rep", lambda d: d.update(reports_to="nobody"))
    result = export(project, tmp_path / "out")
    assert result.returncode == 1
    err = result.stderr
    assert "RD304" in err and "未导出工作簿" in err
    assert not (tmp_path / "out").exists()


def test_json_output(export, project, tmp_path):
    result = export(project, tmp_path, "--format", "json", "--department", "sales")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["command"] == "export" and data["status"] == "ok" and data["problems"] == []
    assert Path(data["path"]) == tmp_path / PUBLIC and data["sheets"] == list(SHEETS)
