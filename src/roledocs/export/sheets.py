"""Tables in XlsxWriter worksheets the way HR expects them: a bold header row that stays in
view and filters, columns as wide as their text (a Chinese character counts double), long
text wrapped, numbers as numbers, dates as dates, formulas with their computed value cached
(so a reader that does not calculate still sees the result).

Workbooks are written to a temporary file next to the target and renamed when complete:
an export either replaces the old file or leaves it untouched.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from ..cjk import display_width
from ..content.format import parse_date
from ..errors import EnvironmentProblem

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
MAX_WIDTH = 60    # wider text wraps
MIN_WIDTH = 6
PRINT_WIDTH = 260  # column widths that still read well fitted to one A4 landscape page
MAX_SHEET_NAME = 31
_SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Formula:
    """An Excel formula and the value it computes, cached in the file."""

    text: str
    value: Any = 0


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, kind of cells and width."""

    header: str
    kind: str = "text"   # text | number | date | mark (● cells, narrow, vertical header)
    width: float | None = None  # fixed width; None: sized to the content


class Formats:
    """The cell formats of one workbook (XlsxWriter formats belong to a workbook)."""

    def __init__(self, workbook):
        base = {"font_name": "等线", "font_size": 10, "valign": "top"}
        self.workbook = workbook
        self.header = workbook.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1,
                                           "text_wrap": True, "valign": "vcenter"})
        self.vertical_header = workbook.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1,
                                                    "rotation": 270, "align": "center", "valign": "bottom"})
        self.text = workbook.add_format({**base, "text_wrap": True})
        self.number = workbook.add_format({**base, "num_format": "General"})
        self.date = workbook.add_format({**base, "num_format": DATE_FORMAT, "align": "left"})
        self.mark = workbook.add_format({**base, "align": "center"})
        self.total = workbook.add_format({**base, "bold": True, "top": 1})
        self.title = workbook.add_format({**base, "bold": True, "font_size": 14, "valign": "vcenter"})

    def add(self, **properties):
        """A new format of this workbook: the shared base font and alignment with `properties` on top."""
        return self.workbook.add_format({"font_name": "等线", "font_size": 10, "valign": "top", **properties})


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet name: no []:*?/\\ , at most 31 characters."""
    base = name.translate(_SHEET_NAME_FORBIDDEN).strip("'") or "Sheet"
    candidate, n = base[:MAX_SHEET_NAME], 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f"({n})"
        candidate, n = base[:MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def text_width(value) -> int:
    """Display width of a cell's longest line."""
    if value is None:
        return 0
    if isinstance(value, Formula):
        value = value.value
    if isinstance(value, dt.date):
        return 16
    return max((display_width(line) for line in str(value).split("\n")), default=0)


def as_date(value) -> dt.date | str:
    """A YYYY-MM-DD value as a date cell; anything else stays text."""
    if not value:
        return ""
    return parse_date(value) or str(value)


def write_cell(ws, row: int, col: int, value, fmt) -> None:
    """Writes one cell by the value's type; text is always written as text, never as a formula."""
    if isinstance(value, str) and value:  # most cells: test it first
        ws.write_string(row, col, value, fmt)  # never a formula, even when it starts with "="
    elif value is None or value == "":
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
        ws.write_string(row, col, str(value), fmt)  # never a formula, even when it starts with "="


def write_table(ws, formats: Formats, columns: list[Column], rows: Iterable[list], *, first_row: int = 0,
                freeze: bool = True, autofilter: bool = True) -> int:
    """Write a header and rows from `first_row`; returns the index of the last row written.

    Empty cells are not written: each column carries its cell format, which Excel shows on
    them too (at 1,000 roles one cell in seven is empty; XlsxWriter's time goes per cell)."""
    by_kind = {"text": formats.text, "number": formats.number, "date": formats.date, "mark": formats.mark}
    cell_formats = [by_kind[c.kind] for c in columns]
    distinct = [set() if c.kind != "mark" and c.width is None else None for c in columns]  # to size the column
    for col, column in enumerate(columns):
        ws.write_string(first_row, col, column.header,
                        formats.vertical_header if column.kind == "mark" else formats.header)
    write_string = ws.write_string
    row = first_row
    for values in rows:
        row += 1
        for col, value in enumerate(values):
            if value.__class__ is str:  # most cells: never a formula, even when it starts with "="
                if not value:
                    continue
                write_string(row, col, value, cell_formats[col])
            elif value is None:
                continue
            else:
                write_cell(ws, row, col, value, cell_formats[col])
            if distinct[col] is not None:
                distinct[col].add(value)
    total_width = 0
    for col, column in enumerate(columns):
        if column.width is not None:
            width = column.width
        elif column.kind == "mark":
            width = 4
        else:
            width = min(MAX_WIDTH, max(MIN_WIDTH, widest(distinct[col], text_width(column.header)) + 2))
        ws.set_column(col, col, width, cell_formats[col])
        total_width += width
    ws.set_paper(9)  # A4 landscape, the header row repeated on every printed page
    ws.set_landscape()
    ws.repeat_rows(first_row)
    if total_width <= PRINT_WIDTH:  # a wide matrix would print too small to read: let it span pages
        ws.fit_to_pages(1, 0)
    if column_has_vertical_header(columns):
        longest = max(display_width(c.header) for c in columns if c.kind == "mark")
        ws.set_row(first_row, min(300, 8 + 7 * longest))
    if freeze:
        ws.freeze_panes(first_row + 1, 0)
    if autofilter and columns:
        ws.autofilter(first_row, 0, max(row, first_row), len(columns) - 1)
    return row


def widest(values, at_least: int = 0) -> int:
    """The largest text_width among `values`, at least `at_least`. Texts are measured longest first,
    stopping once none left can be wider (a character is at most 2 wide) or the column is at MAX_WIDTH."""
    texts = sorted((v for v in values if v.__class__ is str), key=len, reverse=True)
    best = max([at_least] + [text_width(v) for v in values if v.__class__ is not str])
    for text in texts:
        if best >= MAX_WIDTH or 2 * len(text) <= best:
            break
        best = max(best, text_width(text))
    return best


def column_has_vertical_header(columns: list[Column]) -> bool:
    """Whether any column is a mark column, whose header is written vertically."""
    return any(c.kind == "mark" for c in columns)


def column_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def save_workbook(path: Path, fill: Callable[[Any, Formats], None]) -> Path:
    """Create a workbook, let `fill(workbook, formats)` write it, and save it at `path`
    atomically. Folders that cannot be written to are an environment problem (exit 2)."""
    import xlsxwriter

    from ..fileio import atomic_output

    path = Path(path)
    try:
        with atomic_output(path) as handle:
            workbook = xlsxwriter.Workbook(handle, {"in_memory": True, "strings_to_formulas": False,
                                                    "strings_to_urls": False})
            fill(workbook, Formats(workbook))
            workbook.close()
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入 {exc.filename or path}：{exc.strerror or exc}") from exc
    return path
