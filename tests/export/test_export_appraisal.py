"""`roledocs render ROLE... -f appraisal`: the 绩效考核表, read back with openpyxl, filled in
like a reviewer would, and computed by LibreOffice Calc.

The expected scores come from the scoring rule written on the sheet, implemented here
independently of the Excel formulas.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from roledocs.export.appraisal import HEADERS, SCORING_RULE, SIGNERS
from roledocs.kb import open_knowledge_base
from support.calc import calc_sheets
from support.hr_project import REPO

COL = {h: i + 1 for i, h in enumerate(HEADERS)}  # openpyxl columns are 1-based
FIRST_KPI_ROW = 7


@pytest.fixture(scope="module")
def kb():
    return open_knowledge_base(REPO)


def weighted_role(kb):
    """A role with weights and a KPI with both thresholds."""
    return next(r for r in kb.roles.values() if r.kpis and all(k.weight is not None for k in r.kpis)
                and any(k.passing is not None and k.excellent is not None for k in r.kpis))


def lower_role(kb):
    """A role with a lower-is-better KPI that has both thresholds (成本控制偏差率 ≤5% / ≤2%)."""
    return next(r for r in kb.roles.values() if any(
        k.kpi.direction == "lower" and k.passing is not None and k.excellent is not None
        and k.passing != k.excellent for k in r.kpis))


@pytest.fixture(scope="module")
def form(cli, kb, tmp_path_factory):
    roles = [weighted_role(kb), lower_role(kb), kb.roles["store-team-lead"]]
    out = tmp_path_factory.mktemp("appraisal")
    result = cli("render", *[r.id for r in roles], "-f", "appraisal", "--root", REPO, "-o", out)
    assert result.returncode == 0
    return out / "appraisal.xlsx", roles


def expected_score(item, actual: float, manual: float) -> float:
    """The rule stated on the sheet: 0 below 合格, 60 at 合格, 100 at 优异 (capped), linear
    between; a single threshold is pass/fail; no threshold: the reviewer's score."""
    passing, excellent = item.passing, item.excellent
    lower = item.kpi.direction == "lower"
    meets = (lambda bar: actual <= bar) if lower else (lambda bar: actual >= bar)
    if passing is None and excellent is None:
        return manual
    if passing is None or excellent is None or passing == excellent:
        return 100.0 if meets(passing if passing is not None else excellent) else 0.0
    if not meets(passing):
        return 0.0
    if meets(excellent):
        return 100.0
    return 60 + 40 * abs(actual - passing) / abs(excellent - passing)


def actual_values(item, i: int) -> float:
    """Values that walk through the rule: below 合格, between, beyond 优异, in turn."""
    passing, excellent = item.passing, item.excellent
    if passing is None or excellent is None or passing == excellent:
        bar = passing if passing is not None else (excellent if excellent is not None else 50)
        return bar + (1 if i % 2 else -1) * (1 if item.kpi.direction == "higher" else -1)
    step = (excellent - passing)
    return [passing - step / 2, passing + step * 0.25, excellent + step][i % 3]


def test_one_sheet_per_role_with_its_kpis(form, kb):
    path, roles = form
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [r.title for r in roles]
    for role, ws in zip(roles, wb.worksheets):
        assert [c.value for c in ws[FIRST_KPI_ROW - 1]][:len(HEADERS)] == list(HEADERS)
        names = [ws.cell(FIRST_KPI_ROW + i, COL["考核指标"]).value for i in range(len(role.kpis))]
        assert names == [k.name for k in role.kpis]
        assert ws.cell(FIRST_KPI_ROW + len(role.kpis), 1).value == "合计"
        text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
        assert SCORING_RULE in text
        for label in ("考核期间", "被考核人", *(f"{s}（签字）：" for s in SIGNERS)):
            assert label in text


def test_scores_are_formulas_from_the_actual_value_thresholds_and_direction(form):
    path, roles = form
    wb = openpyxl.load_workbook(path)
    for role, ws in zip(roles, wb.worksheets):
        for i, item in enumerate(role.kpis):
            row = FIRST_KPI_ROW + i
            score = ws.cell(row, COL["得分"])
            assert ws.cell(row, COL["合格标准"]).value == item.passing
            assert ws.cell(row, COL["优异标准"]).value == item.excellent
            assert ws.cell(row, COL["权重（%）"]).value == item.weight
            if item.passing is None and item.excellent is None:
                assert score.value is None and not score.protection.locked  # typed by the reviewer
            else:
                assert str(score.value).startswith("=IF(") and f"K{row}" in score.value
                assert ("<=" in score.value) == (item.kpi.direction == "lower")
                assert score.protection.locked
        total = ws.cell(FIRST_KPI_ROW + len(role.kpis), COL["得分"]).value
        assert total.startswith("=IF(COUNT(")
        assert ("SUMPRODUCT" in total) == any(k.weight is not None for k in role.kpis)


def test_only_the_cells_to_fill_in_are_unlocked(form):
    path, roles = form
    wb = openpyxl.load_workbook(path)
    for role, ws in zip(roles, wb.worksheets):
        assert ws.protection.sheet and not ws.protection.password
        unlocked = {(c.row, c.column) for row in ws.iter_rows() for c in row if c.protection.locked is False}
        kpi_rows = range(FIRST_KPI_ROW, FIRST_KPI_ROW + len(role.kpis))
        for row in kpi_rows:
            assert (row, COL["实际值"]) in unlocked
        for label in ("考核期间", "被考核人"):  # the cell right of the label is the one to fill in
            (cell,) = [c for row in ws.iter_rows(max_row=FIRST_KPI_ROW) for c in row if c.value == label]
            merged = next((r for r in ws.merged_cells.ranges if cell.coordinate in r), None)
            right = (merged.max_col if merged else cell.column) + 1
            assert (cell.row, right) in unlocked, label
        for row in kpi_rows:
            for header in ("考核指标", "权重（%）", "合格标准", "优异标准", "方向"):
                assert (row, COL[header]) not in unlocked


@pytest.mark.slow
def test_libreoffice_computes_the_scores_and_the_weighted_total(form, tmp_path):
    path, roles = form
    wb = openpyxl.load_workbook(path)
    expected = {}
    for role, ws in zip(roles, wb.worksheets):
        scores = []
        for i, item in enumerate(role.kpis):
            row = FIRST_KPI_ROW + i
            actual, manual = actual_values(item, i), 70 + i
            ws.cell(row, COL["实际值"]).value = actual
            if item.passing is None and item.excellent is None:
                ws.cell(row, COL["得分"]).value = manual
            scores.append(expected_score(item, actual, manual))
        weights = [k.weight for k in role.kpis]
        total = (sum(w * s for w, s in zip(weights, scores)) / sum(weights) if all(w is not None for w in weights)
                 else sum(scores) / len(scores))
        expected[ws.title] = (scores, total)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    sheets = calc_sheets(filled, tmp_path)
    kinds = set()
    for title, (scores, total) in expected.items():
        rows = sheets[title]
        got = [float(rows[FIRST_KPI_ROW - 1 + i][COL["得分"] - 1]) for i in range(len(scores))]
        assert got == pytest.approx(scores), title
        assert float(rows[FIRST_KPI_ROW - 1 + len(scores)][COL["得分"] - 1]) == pytest.approx(total), title
        kinds.update(0 < s < 100 for s in scores)
        kinds.update(s in (0, 100) for s in scores)
    assert kinds == {True, False}  # the values exercised both the linear part and the caps


@pytest.mark.slow
def test_libreoffice_leaves_the_total_empty_until_every_kpi_is_scored(form, tmp_path):
    path, roles = form
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws.cell(FIRST_KPI_ROW, COL["实际值"]).value = 100
    filled = tmp_path / "partial.xlsx"
    wb.save(filled)
    rows = calc_sheets(filled, tmp_path)[ws.title]
    assert rows[FIRST_KPI_ROW - 1 + len(roles[0].kpis)][COL["得分"] - 1] == ""


def test_single_role_file_name(cli, kb, tmp_path):
    result = cli("render", "sales-rep", "-f", "appraisal", "--root", REPO, "-o", tmp_path)
    assert result.returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "sales-rep.appraisal.xlsx")
    assert wb.sheetnames == [kb.roles["sales-rep"].title]


def test_unknown_role_writes_nothing(tmp_path, cli):
    out = tmp_path / "out"
    result = cli("render", "ghost", "-f", "appraisal", "--root", REPO, "-o", out)
    assert result.returncode == 2
    assert "ghost" in result.stderr
    assert not out.exists()
