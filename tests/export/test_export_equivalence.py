"""The fast table writer of `roledocs export` writes the same workbook as the obvious one.

The reference below writes every cell of every row, empty ones included, with its column's
format, and sizes each column by measuring every cell: slow and plainly right. Both write the
real knowledge base (both audiences); every cell's value, formula, number format, font and
alignment, and every column's width must agree. An empty cell the fast writer leaves out must
look the same through its column's format.
"""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from roledocs.export import export_workbook, select
from roledocs.export import workbook as workbook_module
from roledocs.export.sheets import MAX_WIDTH, MIN_WIDTH, PRINT_WIDTH, Formula, text_width
from roledocs.kb import open_knowledge_base
from support.hr_project import REPO


def reference_write_table(ws, formats, columns, rows, *, first_row=0, freeze=True, autofilter=True) -> int:
    kinds = {"text": formats.text, "number": formats.number, "date": formats.date, "mark": formats.mark}
    for col, column in enumerate(columns):
        ws.write_string(first_row, col, column.header,
                        formats.vertical_header if column.kind == "mark" else formats.header)
    cells = [[column.header] for column in columns]
    row = first_row
    for row_values in rows:
        row += 1
        for col, value in enumerate(row_values):
            fmt = kinds[columns[col].kind]
            cells[col].append(value)
            if value is None or value == "":
                ws.write_blank(row, col, None, fmt)
            elif isinstance(value, Formula):
                ws.write_formula(row, col, value.text, fmt, value.value)
            elif isinstance(value, bool):
                ws.write_boolean(row, col, value, fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(row, col, value, fmt)
            elif isinstance(value, dt.date):
                ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
            else:
                ws.write_string(row, col, str(value), fmt)
    widths = []
    for col, column in enumerate(columns):
        if column.width is not None:
            widths.append(column.width)
        elif column.kind == "mark":
            widths.append(4)
        else:
            widths.append(min(MAX_WIDTH, max(MIN_WIDTH, max(text_width(v) for v in cells[col]) + 2)))
        ws.set_column(col, col, widths[-1])
    ws.set_paper(9)
    ws.set_landscape()
    ws.repeat_rows(first_row)
    if sum(widths) <= PRINT_WIDTH:
        ws.fit_to_pages(1, 0)
    if freeze:
        ws.freeze_panes(first_row + 1, 0)
    if autofilter and columns:
        ws.autofilter(first_row, 0, max(row, first_row), len(columns) - 1)
    return row


def column(ws, col: int):
    """The column's dimension (width and format); XlsxWriter writes alike neighbours as one range."""
    return next((d for d in ws.column_dimensions.values() if d.min <= col <= d.max), None)


def look(cell_or_column) -> tuple:
    """What a reader sees of a cell's formatting."""
    font, alignment = cell_or_column.font, cell_or_column.alignment
    return (cell_or_column.number_format, font.name, font.sz, font.b, alignment.wrap_text,
            alignment.horizontal, alignment.vertical, alignment.text_rotation)


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_fast_writer_writes_the_reference_workbook(audience, tmp_path, monkeypatch):
    kb = open_knowledge_base(REPO, audience=audience)
    fast = export_workbook(kb, select(kb), tmp_path / "fast")
    monkeypatch.setattr(workbook_module, "write_table", reference_write_table)
    reference = export_workbook(kb, select(kb), tmp_path / "reference")

    for data_only in (False, True):  # formulas, then their cached values
        got, want = (openpyxl.load_workbook(p, data_only=data_only) for p in (fast, reference))
        assert got.sheetnames == want.sheetnames
        for name in want.sheetnames:
            g, w = got[name], want[name]
            assert (g.max_row, g.max_column) == (w.max_row, w.max_column), name
            assert (g.freeze_panes, g.auto_filter.ref) == (w.freeze_panes, w.auto_filter.ref), name
            for row in w.iter_rows():
                for cell in row:
                    mine = g.cell(cell.row, cell.column)
                    assert mine.value == cell.value, (name, cell.coordinate)
                    if cell.has_style:  # a cell the reference wrote (the rest are written by neither)
                        seen = mine if mine.has_style else column(g, cell.column)  # left out: the column's format
                        assert look(seen) == look(cell), (name, cell.coordinate)
            for col in range(1, w.max_column + 1):
                assert column(g, col).width == column(w, col).width, (name, get_column_letter(col))
