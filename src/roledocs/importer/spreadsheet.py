"""Excel job descriptions (.xlsx) as lines, sheet by sheet.

Read with openpyxl (measured against python-calamine in benchmarks/import_readers.py:
calamine reads 40 times faster but gives a KPI weight typed as 50 % as 0.5 — it has no
number formats — and HR types percentages that way). A sheet is read the way a person reads
the form: a row with one filled cell (often merged across the sheet) is a heading or a
paragraph; a run of rows with several cells is a table — identification rows
「岗位名称 | 客服专员 | 所属部门 | 客服部」, a duty table, a KPI table with 权重 — turned into lines
by roledocs.importer.tables like a Word table. A cell merged down over several rows (a duty's
工作项目 beside its tasks) counts in each of those rows. Every line keeps its row number and
sheet name. One role per sheet or one per file: the roles are found in the lines as in any
other document.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from ..oserrors import reason
from .limits import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS
from .model import Line
from .tables import is_duty_header, is_kpi_header, table_lines

_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an encrypted .xlsx or an old .xls
_BARE_MARKER = re.compile(r"^\s*(?:[（(]?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]?\s*[、.．]?|[①-⑳])\s*$")


def read_xlsx(path: Path) -> list[Line]:
    """The lines of every sheet, in order (raises ReadError with a Chinese message)."""
    from .readers import ReadError

    try:
        head = path.read_bytes()[:8] if path.stat().st_size < 64 else path.open("rb").read(8)
    except OSError as exc:
        raise ReadError(f"无法读取文件：{reason(exc)}") from exc
    if head == _CFB:
        if _ENCRYPTED in path.read_bytes():
            raise ReadError("Excel 文件设置了打开密码（加密），无法读取。请用密码打开后另存一份没有密码的 .xlsx 再导入",
                            "RD403")
        raise ReadError("这是旧的 Excel 97-2003（.xls）文件，只是扩展名写成了 .xlsx：请在 Excel 中另存为 .xlsx 再导入")
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ReadError("读取 Excel 文件需要 openpyxl：pip install openpyxl") from exc
    try:
        workbook = load_workbook(path, data_only=True)  # merged ranges need the normal (not read-only) mode
    except Exception as exc:  # zipfile, XML and openpyxl's own errors: all mean a file we cannot read
        raise ReadError("不是有效的 Excel（.xlsx）文件（文件已损坏或不完整）；请在 Excel 中打开并另存为 .xlsx 后再导入"
                        ) from exc
    lines: list[Line] = []
    for sheet in workbook.worksheets:
        if sheet.max_row > MAX_SHEET_ROWS or sheet.max_column > MAX_SHEET_COLUMNS:
            raise ReadError(f"工作表「{sheet.title}」有 {sheet.max_row} 行 × {sheet.max_column} 列，超过上限"
                            f"（{MAX_SHEET_ROWS} 行 × {MAX_SHEET_COLUMNS} 列）：一份岗位说明书只有几十行。"
                            "请删除多余的行列，或把岗位说明书单独另存后再导入")
        page = f"工作表「{sheet.title}」"
        lines.extend(Line(text, number, 0, page) for number, text in sheet_lines(_grid(sheet)))
    return lines


def _grid(sheet) -> list[list[str]]:
    """The sheet's cells as text; a cell merged down over several rows repeats in each of them."""
    rows = [[cell_text(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
    for merged in sheet.merged_cells.ranges:
        if merged.max_row == merged.min_row:
            continue  # merged across only: a title or a value that spans the form
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                rows[r][c] = value if c == merged.min_col - 1 else ""
    return rows


def cell_text(value, number_format: str = "General") -> str:
    """A cell as HR sees it: 50 % typed as a number is 「50%」, a whole number has no 「.0」, a date is 2025-03-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            return f"{round(value * 100, 6):g}%"
        return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value).strip()


def sheet_lines(rows: list[list[str]]) -> list[tuple[int, str]]:
    """(row number, line) for one sheet: headings and paragraphs as they are, tables as tables.lines makes them."""
    out: list[tuple[int, str]] = []
    block: list[tuple[int, list[str]]] = []

    def flush():
        if block:
            out.extend((block[i][0], text) for i, text in table_lines([cells for _, cells in block]))
            block.clear()

    for number, cells in enumerate(rows, 1):
        filled = [c for c in cells if c]
        if len(filled) >= 2 and _BARE_MARKER.match(filled[0]) and not block:
            out.append((number, f"{filled[0]} {' '.join(filled[1:])}"))  # 「1. | 开发新客户」: one numbered item
            continue
        if len(filled) < 2:
            flush()
            if filled:
                out.extend((number, part) for part in filled[0].splitlines() if part.strip())
            continue
        if block and (is_duty_header(filled) or is_kpi_header(filled)):
            flush()  # a table starts right under the rows before it
        block.append((number, cells))
    flush()
    return out
