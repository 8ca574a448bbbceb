"""The monthly HR workbook (`roledocs export`): one .xlsx with the tables management asks for.

Sheets, in order: 岗位一览 (one row per role), 岗位职责 (one row per task), 考核指标 (role ×
KPI), 指标库 (the KPI library and who uses each KPI), 部门职能分解 (function → item → duty ×
the roles carrying it, ● marks), 定岗定编 (headcount by department × category and × grade,
every count and total an Excel formula over 岗位一览, so HR's edits there flow through), 汇报关系
(superior, dotted lines, span of control). The internal audience adds 薪酬（保密）.

Headers are the schema's field titles (the vocabulary); cells keep their types.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..kb.model import KnowledgeBase, Role
from .selection import Selection
from .sheets import Column, Formats, Formula, as_date, column_letter, save_workbook, write_table

SHEETS = ("岗位一览", "岗位职责", "考核指标", "指标库", "部门职能分解", "定岗定编", "汇报关系")
COMPENSATION_SHEET = "薪酬（保密）"
MARK = "●"
UNGRADED = "未定级"
TOTAL = "合计"


def workbook_name(audience: str) -> str:
    """The file name: the internal workbook never overwrites (or passes for) the public one."""
    return "roles-export-internal.xlsx" if audience == "internal" else "roles-export.xlsx"


def export_workbook(kb: KnowledgeBase, selection: Selection, out_dir: Path) -> Path:
    """Write the workbook for the selected roles into out_dir; returns its path."""
    return save_workbook(Path(out_dir) / workbook_name(kb.audience),
                         lambda workbook, formats: fill_workbook(kb, selection, workbook, formats))


def fill_workbook(kb: KnowledgeBase, selection: Selection, workbook, formats: Formats) -> None:
    """Fills the summary workbook with its sheets (the 薪酬 sheet only for the internal audience)."""
    workbook.set_properties({"title": "岗位说明书汇总", "subject": "岗位职责汇总表、定岗定编表、部门职能分解表",
                             "author": "roledocs", "comments": "由 roledocs export 根据 roles/ 生成"})
    label = _Labels(kb)
    roles = list(selection.roles)
    overview = roles_sheet(workbook.add_worksheet("岗位一览"), formats, label, roles)
    duties_sheet(workbook.add_worksheet("岗位职责"), formats, label, roles)
    kpis_sheet(workbook.add_worksheet("考核指标"), formats, label, roles)
    kpi_library_sheet(workbook.add_worksheet("指标库"), formats, label, kb, selection)
    functions_sheet(workbook.add_worksheet("部门职能分解"), formats, label, kb, selection)
    staffing_sheet(workbook.add_worksheet("定岗定编"), formats, label, kb, roles, overview)
    reporting_sheet(workbook.add_worksheet("汇报关系"), formats, label, roles)
    if kb.audience == "internal":
        compensation_sheet(workbook.add_worksheet(COMPENSATION_SHEET), formats, label, roles)


class _Labels:
    """Column headers from the schemas: role fields, KPI library fields, departments fields."""

    def __init__(self, kb: KnowledgeBase):
        self.vocab = kb.vocabulary

    def __call__(self, path: str, kind: str = "role") -> str:
        return self.vocab.label(kind, path)

    def enum(self, path: str, value, kind: str = "role") -> str:
        return self.vocab.enum_label(kind, path, value) if value else ""


def _titles(refs) -> str:
    return "、".join(r.title for r in refs)


def _department(role: Role) -> str:
    return role.department.name if role.department else role.department_id


# ── 岗位一览 ─────────────────────────────────────────────────────────────────

class Overview:
    """Where 岗位一览 keeps the columns 定岗定编 sums over."""

    def __init__(self, columns: list[Column], rows: int):
        self.columns, self.rows = columns, rows

    def range(self, header: str) -> str:
        """The absolute 岗位一览 cell range of the column with this header, for formulas on other sheets."""
        col = column_letter([c.header for c in self.columns].index(header))
        return f"'岗位一览'!${col}$2:${col}${max(2, self.rows + 1)}"


def roles_sheet(ws, formats: Formats, label: _Labels, roles: list[Role]) -> Overview:
    """Writes the 岗位一览 sheet (one row per role); returns where its columns are for 定岗定编."""
    columns = [Column(label("id")), Column(label("title")), Column(label("department")), Column(label("category")),
               Column(label("grade")), Column(label("headcount"), "number"), Column(label("reports_to")),
               Column(label("dotted_line_to")), Column(label("status")), Column(label("document.version")),
               Column(label("document.effective_date"), "date"), Column(label("review_due"), "date")]
    rows = [[r.id, r.title, _department(r), r.category, r.grade, r.headcount,
             r.superior.title if r.superior else r.reports_to, _titles(r.dotted_line_to),
             label.enum("status", r.status), r.document.version, as_date(r.document.effective_date),
             as_date(r.review_due)] for r in roles]
    write_table(ws, formats, columns, rows)
    return Overview(columns, len(rows))


# ── 岗位职责 ─────────────────────────────────────────────────────────────────

def duties_sheet(ws, formats: Formats, label: _Labels, roles: list[Role]) -> None:
    """Writes the 岗位职责 sheet: one row per task of each duty (the description when it has no tasks)."""
    columns = [Column(label("title")), Column(label("duties.title")), Column(label("duties.tasks")),
               Column(label("duties.frequency")), Column(label("duties.core")), Column(label("duties.deliverables"))]

    def rows():
        for role in roles:
            for duty in role.duties:
                core = "" if duty.core is None else ("是" if duty.core else "否")
                deliverables = "\n".join(duty.deliverables)
                for task in duty.tasks or (duty.description,):
                    yield [role.title, duty.title, task, duty.frequency, core, deliverables]
    write_table(ws, formats, columns, rows())


# ── 考核指标 / 指标库 ─────────────────────────────────────────────────────────

def kpis_sheet(ws, formats: Formats, label: _Labels, roles: list[Role]) -> None:
    """Writes the 考核指标 sheet: one row per KPI of each role, with the role's weight and targets."""
    k = lambda path: label(f"kpis.{path}", "kpis")  # noqa: E731 - KPI library labels
    columns = [Column(label("id")), Column(label("title")), Column(k("id")), Column(k("name")),
               Column(label("kpis.weight"), "number"), Column(label("kpis.target")),
               Column(label("kpis.pass"), "number"), Column(label("kpis.excellent"), "number"), Column(k("unit")),
               Column(label("kpis.period")), Column(k("definition")), Column(k("formula")), Column(k("direction"))]
    rows = [[role.id, role.title, item.kpi.id, item.name, item.weight, item.target, item.passing, item.excellent,
             item.kpi.unit, item.period, item.kpi.definition, item.kpi.formula,
             label.enum("kpis.direction", item.kpi.direction, "kpis")]
            for role in roles for item in role.kpis]
    write_table(ws, formats, columns, rows)


def kpi_library_sheet(ws, formats: Formats, label: _Labels, kb: KnowledgeBase, selection: Selection) -> None:
    """Writes the 指标库 sheet: the KPI library (only the selected roles' KPIs for a partial export)."""
    k = lambda path: label(f"kpis.{path}", "kpis")  # noqa: E731
    columns = [Column(k("id")), Column(k("name")), Column(k("category")), Column(k("definition")),
               Column(k("formula")), Column(k("unit")), Column(k("direction")), Column(k("period")),
               Column(k("target")), Column(k("pass"), "number"), Column(k("excellent"), "number"),
               Column(k("data_source")), Column("使用岗位"), Column("使用岗位数", "number")]
    chosen = selection.role_ids
    rows = []
    for kpi in kb.kpis.values():
        users = [r for r in kpi.users if r.id in chosen]
        if not users and len(chosen) < len(kb.roles):
            continue  # a partial export lists the KPIs its roles use; a full one the whole library
        rows.append([kpi.id, kpi.name, kpi.category, kpi.definition, kpi.formula, kpi.unit,
                     label.enum("kpis.direction", kpi.direction, "kpis"), kpi.period, kpi.target, kpi.passing,
                     kpi.excellent, kpi.data_source, _titles(users), len(users)])
    write_table(ws, formats, columns, rows)


# ── 部门职能分解 ─────────────────────────────────────────────────────────────

def functions_sheet(ws, formats: Formats, label: _Labels, kb: KnowledgeBase, selection: Selection) -> None:
    """Function → item → duty rows × role columns; ● where the role carries the item (or the
    whole function)."""
    d = lambda path: label(f"departments.{path}", "departments")  # noqa: E731
    chosen = selection.role_ids
    lines = []  # (department, function, item name, duty, carriers)
    for dept in kb.departments.values():
        if not selection.includes_department(dept):
            continue
        for function in dept.functions:
            whole = set(function.role_ids)
            parts = [(item.name, item.duties or ("",), whole | set(item.role_ids)) for item in function.items]
            for name, duties, carriers in parts or [("", (function.description,), whole)]:
                if selection.by_role and not carriers & chosen:
                    continue
                lines.extend((dept.name, function.name, name, duty, carriers) for duty in duties)
    named = set().union(*(c for *_, c in lines)) if lines else set()
    role_columns = [r for r in kb.roles.values() if r.id in named and (not selection.by_role or r.id in chosen)]
    repeated = Counter(r.title for r in role_columns)  # a title two roles share gets their ids
    headers = [r.title if repeated[r.title] == 1 else f"{r.title}（{r.id}）" for r in role_columns]
    columns = [Column(d("name")), Column(d("functions.name")), Column(d("functions.items.name")),
               Column(d("functions.items.duties"))] + [Column(h, "mark") for h in headers]
    rows = ([dept, function, item, duty] + [MARK if r.id in carriers else "" for r in role_columns]
            for dept, function, item, duty, carriers in lines)
    write_table(ws, formats, columns, rows)


# ── 定岗定编 ─────────────────────────────────────────────────────────────────

def _grade_key(grade: str):
    """M3 < M10 < P1: letters, then numbers as numbers."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", grade)]


def staffing_sheet(ws, formats: Formats, label: _Labels, kb: KnowledgeBase, roles: list[Role],
                   overview: Overview) -> None:
    """Headcount (岗位定员) by department × category, then by department × grade. Every count is a
    SUMPRODUCT over 岗位一览 (exact comparison: a name with * or ? is not a wildcard), every
    total a SUM, each with its computed value cached."""
    departments = list(dict.fromkeys(_department(r) for r in roles))
    dept_range, headcount = overview.range(label("department")), overview.range(label("headcount"))

    def block(first_row: int, title: str, values: list[str], field: str, key, freeze: bool) -> int:
        counts = Counter()
        for r in roles:
            counts[_department(r), key(r)] += r.headcount or 0
        columns = [Column(label("department"))] + [Column(v, "number") for v in values] + [Column(TOTAL, "number")]
        value_range, n = overview.range(label(field)), len(values)
        rows, start = [], first_row + 2  # 1-based Excel row of the first department
        for i, dept in enumerate(departments):
            excel_row = start + i
            cells = []
            for c, v in enumerate(values):
                # compare with the header cell; 未定级 stands for an empty cell in 岗位一览
                wanted = '""' if v == UNGRADED else f"{column_letter(c + 1)}${first_row + 1}"
                cells.append(Formula(f"SUMPRODUCT(({dept_range}=$A{excel_row})*({value_range}={wanted}),"
                                     f"{headcount})", counts[dept, "" if v == UNGRADED else v]))
            cells.append(Formula(f"SUM(B{excel_row}:{column_letter(n)}{excel_row})", sum(c.value for c in cells)))
            rows.append([dept] + cells)
        last = write_table(ws, formats, columns, rows, first_row=first_row, freeze=freeze, autofilter=freeze)
        totals_row = last + 1
        ws.write_string(totals_row, 0, TOTAL, formats.total)
        for c in range(1, n + 2):
            letter = column_letter(c)
            formula = f"SUM({letter}{start}:{letter}{start + len(rows) - 1})" if rows else "0"
            ws.write_formula(totals_row, c, formula, formats.total, sum(row[c].value for row in rows))
        if title:
            ws.write_string(first_row - 1, 0, title, formats.title)
        return totals_row

    categories = list(label.vocab.enum_values("role", "category"))
    end = block(0, "", categories, "category", lambda r: r.category, True)
    grades = sorted({r.grade for r in roles if r.grade}, key=_grade_key)
    if any(not r.grade for r in roles):
        grades.append(UNGRADED)
    block(end + 3, f"按{label('grade')}", grades, "grade", lambda r: r.grade, False)


# ── 汇报关系 ─────────────────────────────────────────────────────────────────

def reporting_sheet(ws, formats: Formats, label: _Labels, roles: list[Role]) -> None:
    """Writes the 汇报关系 sheet: each role's superior, dotted lines, direct reports and span of control."""
    columns = [Column(label("id")), Column(label("title")), Column(label("department")), Column(label("reports_to")),
               Column(label("dotted_line_to")), Column("直接下级"), Column("直接下级岗位数", "number"),
               Column("管理幅度（直接下级定员）", "number")]
    rows = [[r.id, r.title, _department(r), r.superior.title if r.superior else r.reports_to,
             _titles(r.dotted_line_to), _titles(r.subordinates), len(r.subordinates),
             sum(s.headcount or 0 for s in r.subordinates)] for r in roles]
    write_table(ws, formats, columns, rows)


# ── 薪酬（保密） ─────────────────────────────────────────────────────────────

def compensation_sheet(ws, formats: Formats, label: _Labels, roles: list[Role]) -> None:
    """Only in the internal workbook: the model for the public audience has no compensation."""
    keys = [key for key in ("summary", "structure", "salary_range", "incentives", "penalties", "notes")]
    columns = ([Column(label("id")), Column(label("title"))] + [Column(label(f"compensation.{k}")) for k in keys]
               + [Column(label("review_notes"))])
    rows = []
    for r in roles:
        comp = r.compensation
        rows.append([r.id, r.title] + ["\n".join(getattr(comp, k)) if comp else "" for k in keys]
                    + ["\n".join(r.review_notes)])
    write_table(ws, formats, columns, rows)
