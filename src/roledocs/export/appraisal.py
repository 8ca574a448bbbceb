"""绩效考核表: an appraisal form per role (`roledocs render ROLE... -f appraisal`), one sheet per
role in one .xlsx.

Each KPI row has its weight, target, 合格 / 优异 thresholds, unit, direction, definition and
formula; the reviewer types the 实际值 and Excel (or LibreOffice) computes the 得分 from it,
the thresholds and the direction, and the 合计 as the weighted average. The scoring rule is
written on the sheet. Only the cells to fill in (考核期间, 被考核人, 实际值, scores of KPIs
without thresholds, 考核意见) are unlocked; the sheet is protected without a password so
nobody overwrites a formula by accident, yet HR can unprotect it to change the layout.
"""
from __future__ import annotations

from pathlib import Path

from ..content.job_description import kpi_row
from ..kb.model import KnowledgeBase, Role, RoleKPI
from .sheets import Formats, column_letter, save_workbook, sheet_name, text_width, write_cell

PASS_SCORE, FULL_SCORE = 60, 100
SCORING_RULE = (
    "评分规则：实际值达到优异标准得 100 分（封顶）；在合格标准与优异标准之间按比例得 60–100 分；"
    "未达到合格标准得 0 分。「越高越好」的指标以不低于标准为达到，「越低越好」的指标以不高于标准为达到。"
    "只有一个标准（或合格与优异相同）的指标：达到得 100 分，否则 0 分。"
    "没有量化标准的指标由考核人直接填写 0–100 分。"
    "合计 = Σ（得分 × 权重）÷ Σ权重；未设权重时取各指标得分的平均值。全部指标有得分后才显示合计。")
HEADERS = ("序号", "考核指标", "定义", "计算公式", "权重（%）", "目标值", "合格标准", "优异标准", "单位", "方向",
           "实际值", "得分")
COL = {h: i for i, h in enumerate(HEADERS)}
WIDTHS = {"序号": 6, "考核指标": 18, "定义": 36, "计算公式": 30, "权重（%）": 10, "目标值": 14, "合格标准": 10,
          "优异标准": 10, "单位": 8, "方向": 10, "实际值": 12, "得分": 10}
SIGNERS = ("被考核人", "考核人", "审核人")
FIRST_KPI_ROW = 6  # 0-based: title, facts, fill-in line, rule, blank, header


def appraisal_name(roles: list[Role]) -> str:
    """The appraisal workbook's file name: <role id>.appraisal.xlsx for one role, else appraisal.xlsx."""
    return f"{roles[0].id}.appraisal.xlsx" if len(roles) == 1 else "appraisal.xlsx"


def write_appraisal(kb: KnowledgeBase, roles: list[Role], out_dir: Path) -> Path:
    """One workbook with a sheet per role; returns its path."""
    return save_workbook(Path(out_dir) / appraisal_name(roles),
                         lambda workbook, formats: fill_appraisal(kb, roles, workbook, formats))


class _Formats:
    """The form's own formats on top of the shared ones."""

    def __init__(self, formats: Formats):
        add = formats.add
        self.base = formats
        self.label = add(bold=True, bg_color="#F2F2F2", border=1, valign="vcenter")
        self.label_right = add(bold=True, bg_color="#F2F2F2", border=1, valign="vcenter", align="right")
        self.bold = add(bold=True)
        self.value = add(border=1, text_wrap=True, valign="vcenter")
        self.input = add(border=1, bg_color="#FFF2CC", locked=False, valign="vcenter")
        self.input_number = add(border=1, bg_color="#FFF2CC", locked=False, num_format="General")
        self.rule = add(text_wrap=True, italic=True, font_color="#595959")
        self.cell = add(border=1, text_wrap=True)
        self.number = add(border=1, num_format="General")
        self.score = add(border=1, num_format="0.0", bold=True)
        self.total_label = add(border=1, bold=True, align="right")
        self.signature = add(valign="bottom", align="right")
        self.line = add(bottom=1)


def fill_appraisal(kb: KnowledgeBase, roles: list[Role], workbook, formats: Formats) -> None:
    """Fills the workbook with one 绩效考核表 sheet per role."""
    workbook.set_properties({"title": "绩效考核表", "author": "roledocs",
                             "comments": "由 roledocs render -f appraisal 根据 roles/ 生成"})
    f, taken = _Formats(formats), set()
    for role in roles:
        _role_sheet(workbook.add_worksheet(sheet_name(role.title, taken)), f, kb, role)


def score_formula(item: RoleKPI, row: int) -> str | None:
    """The 得分 formula for the KPI on Excel row `row` (1-based), or None when the KPI has no
    threshold (the reviewer scores it by hand)."""
    actual = f"{column_letter(COL['实际值'])}{row}"
    passing = f"{column_letter(COL['合格标准'])}{row}"
    excellent = f"{column_letter(COL['优异标准'])}{row}"
    lower = item.kpi.direction == "lower"
    meets = (lambda x, bar: f"{x}<={bar}") if lower else (lambda x, bar: f"{x}>={bar}")
    if item.passing is None and item.excellent is None:
        return None
    if item.passing is None or item.excellent is None or item.passing == item.excellent:
        bar = passing if item.passing is not None else excellent
        return f'IF({actual}="","",IF({meets(actual, bar)},{FULL_SCORE},0))'
    between = (f"{PASS_SCORE}+{FULL_SCORE - PASS_SCORE}*({passing}-{actual})/({passing}-{excellent})" if lower
               else f"{PASS_SCORE}+{FULL_SCORE - PASS_SCORE}*({actual}-{passing})/({excellent}-{passing})")
    return (f'IF({actual}="","",IF(NOT({meets(actual, passing)}),0,'
            f'IF({meets(actual, excellent)},{FULL_SCORE},{between})))')


def _row_height(values: dict, widths: dict) -> float:
    """Excel does not grow a row for wrapped text written by a program: size it from the text."""
    lines = max((-(-text_width(v) // max(1, widths[h] - 1)) for h, v in values.items() if isinstance(v, str)),
                default=1)
    return max(16, 14 * lines + 3)


def _role_sheet(ws, f: _Formats, kb: KnowledgeBase, role: Role) -> None:
    vocab = kb.vocabulary
    last_col = len(HEADERS) - 1
    department = role.department.name if role.department else role.department_id
    ws.merge_range(0, 0, 0, last_col, f"{role.title} 绩效考核表", f.base.title)
    ws.set_row(0, 28)
    # facts as 「label：value」 cells, then the two blanks the reviewer fills in
    ws.merge_range(1, 0, 1, 1, "", f.value)
    for col, (label, value) in ((0, (vocab.label("role", "title"), role.title)),
                                (2, (vocab.label("role", "department"), department)),
                                (3, (vocab.label("role", "id"), role.id))):
        ws.write_rich_string(1, col, f.bold, f"{label}：", value, f.value)
    ws.merge_range(2, 0, 2, 1, "考核期间", f.label)
    ws.write_blank(2, 2, None, f.input)
    ws.write_string(2, 3, "被考核人", f.label_right)
    ws.merge_range(2, 4, 2, 7, "", f.input)
    ws.set_row(1, 20)
    ws.set_row(2, 20)
    ws.merge_range(3, 0, 3, last_col, SCORING_RULE, f.rule)
    ws.set_row(3, 48)
    for col, header in enumerate(HEADERS):
        ws.write_string(FIRST_KPI_ROW - 1, col, header, f.base.header)

    row = FIRST_KPI_ROW
    for no, item in enumerate(role.kpis, 1):
        view = kpi_row(no, item)
        excel_row = row + 1
        values = {"序号": no, "考核指标": item.name, "定义": item.kpi.definition, "计算公式": item.kpi.formula,
                  "权重（%）": item.weight, "目标值": view.target, "合格标准": item.passing,
                  "优异标准": item.excellent, "单位": item.kpi.unit,
                  "方向": vocab.enum_label("kpis", "kpis.direction", item.kpi.direction)}
        for header, value in values.items():
            numeric = isinstance(value, (int, float))
            write_cell(ws, row, COL[header], value, f.number if numeric else f.cell)
        ws.set_row(row, _row_height(values, WIDTHS))
        ws.write_blank(row, COL["实际值"], None, f.input_number)
        formula = score_formula(item, excel_row)
        if formula is None:  # no threshold: the reviewer types the score
            ws.write_blank(row, COL["得分"], None, f.input_number)
            ws.data_validation(row, COL["得分"], row, COL["得分"], {
                "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": FULL_SCORE,
                "error_title": "得分超出范围", "error_message": "请填写 0 到 100 之间的分数。"})
            ws.write_comment(row, COL["得分"], "本指标没有量化的合格 / 优异标准，由考核人直接评分（0–100）。")
        else:
            ws.write_formula(row, COL["得分"], formula, f.score, "")
        ws.data_validation(row, COL["实际值"], row, COL["实际值"], {
            "validate": "decimal", "criteria": "between", "minimum": -1e12, "maximum": 1e12,
            "error_title": "请填写数字", "error_message": f"「{item.name}」的实际值应为数字（单位：{item.kpi.unit or '无'}）。"})
        row += 1

    n = len(role.kpis)
    first, last = FIRST_KPI_ROW + 1, FIRST_KPI_ROW + n  # 1-based Excel rows of the KPIs
    ws.merge_range(row, 0, row, COL["权重（%）"] - 1, "合计", f.total_label)
    weights = f"{column_letter(COL['权重（%）'])}{first}:{column_letter(COL['权重（%）'])}{last}"
    scores = f"{column_letter(COL['得分'])}{first}:{column_letter(COL['得分'])}{last}"
    weighted = any(item.weight is not None for item in role.kpis)
    if n:
        if weighted:
            ws.write_formula(row, COL["权重（%）"], f"SUM({weights})", f.number,
                             sum(item.weight or 0 for item in role.kpis))
        else:
            ws.write_string(row, COL["权重（%）"], "未设权重", f.cell)
        total = f"SUMPRODUCT({weights},{scores})/SUM({weights})" if weighted else f"AVERAGE({scores})"
        ws.write_formula(row, COL["得分"], f'IF(COUNT({scores})<{n},"",{total})', f.score, "")
    else:
        ws.write_string(row, COL["权重（%）"], "本岗位没有设置考核指标", f.cell)
    for col in range(COL["目标值"], COL["得分"]):
        ws.write_blank(row, col, None, f.cell)

    row += 2
    ws.merge_range(row, 0, row, 1, "考核意见", f.label)
    ws.merge_range(row, 2, row + 2, last_col, "", f.input)
    row += 4
    # three signers side by side: (label columns, line columns)
    places = (((1, 1), (2, 2)), ((3, 3), (4, 6)), ((7, 9), (10, 11)))
    for signer, (label_cols, line_cols) in zip(SIGNERS, places):
        for offset, label in ((0, f"{signer}（签字）："), (1, "日期：")):
            _merged(ws, row + offset, label_cols, label, f.signature)
            _merged(ws, row + offset, line_cols, "", f.line)
    ws.set_row(row, 30)
    ws.set_row(row + 1, 24)

    for col, header in enumerate(HEADERS):
        ws.set_column(col, col, WIDTHS[header])
    ws.freeze_panes(FIRST_KPI_ROW, 0)
    ws.protect("", {"format_columns": True, "format_rows": True})  # no password: a guard, not a lock
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(FIRST_KPI_ROW - 1)


def _merged(ws, row: int, cols: tuple[int, int], text: str, fmt) -> None:
    if cols[0] == cols[1]:
        ws.write_string(row, cols[0], text, fmt) if text else ws.write_blank(row, cols[0], None, fmt)
    else:
        ws.merge_range(row, cols[0], row, cols[1], text, fmt)
