"""Read a legacy job description into plain text lines, in document order.

Every format ends up as the same thing, a list of `Line`s, so the rest of the
importer never knows where a line came from. Word tables are turned into the
lines a person would type: an identification table row `岗位名称 | 销售经理 |
所属部门 | 销售部` becomes `岗位名称：销售经理` and `所属部门：销售部`; a duty
table (序号 / 工作项目 / 具体职责) becomes one numbered duty per row with its
tasks indented below it; a KPI table (指标 / 权重 / 合格 / 优秀) becomes one
KPI line per row in the 「名称（权重30%）：≥90%为合格，≥98%为优秀」 form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import EXIT_PROBLEMS, RoledocsError
from ..oserrors import reason
from .encoding import EncodingError, decode_text
from .limits import size_problem

SUPPORTED_SUFFIXES = (".docx", ".txt", ".md", ".html", ".htm")


# control characters are never content (a stray ESC, BEL, Word's vertical tab): dropped, so a
# draft holds only text that validate accepts and that a terminal shows as it is
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ReadError(RoledocsError):
    """The file cannot be read as a job description (the message is Chinese)."""

    exit_code = EXIT_PROBLEMS


@dataclass
class Line:
    text: str
    number: int  # 1-based position in the source, shown in the report
    indent: int = 0


def read_document(path: Path) -> list[Line]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(f"不支持的文件类型 {path.suffix or '（无扩展名）'}；支持 " + "、".join(SUPPORTED_SUFFIXES))
    try:
        problem = size_problem(path)  # before parsing: a zip bomb must not get near memory
    except OSError as exc:
        raise ReadError(f"无法读取文件：{reason(exc)}") from exc
    if problem:
        raise ReadError(problem)
    if suffix == ".docx":
        texts = _read_docx(path)
    elif suffix == ".txt":
        texts = _read_text(path).splitlines()
    elif suffix == ".md":
        texts = markdown_to_lines(_read_text(path))
    else:
        texts = html_to_lines(_read_text(path))
    lines = []
    for number, raw in enumerate(texts, 1):
        raw = _CONTROL.sub("", raw.replace("\t", "    ").replace("\u3000", "  ")).rstrip()
        stripped = raw.lstrip()
        if stripped:
            lines.append(Line(stripped, number, len(raw) - len(stripped)))
    return lines


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件：{reason(exc)}") from exc
    try:
        return decode_text(raw, path.name)[0]
    except EncodingError as exc:
        raise ReadError(str(exc)) from exc


# ── Markdown ────────────────────────────────────────────────────────────────
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def markdown_to_lines(text: str) -> list[str]:
    """Markdown as lines: tables (| a | b |) like Word tables, emphasis marks dropped."""
    lines: list[str] = []
    table: list[list[str]] = []
    table_lines = 0
    for raw in text.splitlines() + [""]:
        stripped = raw.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            if not _MD_RULE.match(stripped):
                table.append([c.strip() for c in stripped[1:-1].split("|")])
            table_lines += 1
            continue
        if table_lines:
            converted = table_to_lines([[_md_inline(c) for c in row] for row in table])
            lines.extend(converted + [""] * (table_lines - len(converted)))  # keep later line numbers right
            table, table_lines = [], 0
        lines.append(_md_inline(raw))
    return lines


def _md_inline(text: str) -> str:
    return re.sub(r"(\*\*|__|`)", "", text)


# ── HTML ────────────────────────────────────────────────────────────────────
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
               "section", "article", "header", "footer", "blockquote", "pre", "dt", "dd", "hr", "title"}
_SKIP_TAGS = {"script", "style", "nav", "noscript", "template", "svg", "head"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title = ""

    def _flush(self):
        text = "".join(self.current).strip()
        if text:
            self.lines.append(re.sub(r"[ \t\r\n]+", " ", text).strip("\x1f "))
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
        elif tag in ("td", "th"):
            self.current.append("\x1f")  # a cell boundary no text contains
        if tag == "li" and not self.skip_depth:
            self.current.append("- ")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr"):
            self._flush()

    def handle_data(self, data):
        if not self.skip_depth:
            self.current.append(data)


def html_to_lines(html: str) -> list[str]:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    parser._flush()
    lines = []
    for line in parser.lines:
        if "\x1f" in line:  # a table row: label cells become "label：value" like in Word tables
            cells = [c.strip() if c.strip() not in ("-", "—") else "" for c in line.split("\x1f")]
            lines.extend(row_to_lines(cells))
        else:
            lines.append(line)
    return lines


# ── Word ────────────────────────────────────────────────────────────────────
def _read_docx(path: Path) -> list[str]:
    import zipfile

    try:
        import docx  # python-docx: slow to import, only needed here
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from lxml.etree import XMLSyntaxError
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ReadError("读取 Word 文件需要 python-docx：pip install python-docx") from exc
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise ReadError("不是有效的 Word（.docx）文件；旧的 .doc 文件请先在 Word 中另存为 .docx") from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件：{reason(exc)}") from exc
    lines: list[str] = _header_lines(document, Paragraph, Table)
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(_paragraph_lines(Paragraph(block, document)))
        elif tag == "tbl":
            lines.extend(table_to_lines(_table_rows(Table(block, document))))
    return lines


def _header_lines(document, Paragraph, Table) -> list[str]:
    """The page headers (文件编号、版本、生效日期 often live there), each different one once, before the body."""
    lines: list[str] = []
    seen: set[str] = set()
    for section in document.sections:
        try:
            header = section.header
            if header.is_linked_to_previous and lines:
                continue
            blocks = list(header._element.iterchildren())
        except (AttributeError, KeyError, ValueError):  # a damaged header part: the body still counts
            continue
        for block in blocks:
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                found = _paragraph_lines(Paragraph(block, header))
            elif tag == "tbl":
                found = table_to_lines(_table_rows(Table(block, header)))
            else:
                continue
            for text in found:
                if text.strip() and text not in seen:
                    seen.add(text)
                    lines.append(text)
    return lines


def _paragraph_lines(paragraph) -> list[str]:
    text = paragraph.text
    # the style id from the XML: resolving paragraph.style by name costs more than the rest of the import
    style = paragraph._p.style or ""
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if (style.lower().startswith("list") or numbered) and text.strip() and not _has_marker(text):
        text = "- " + text.strip()
    return text.split("\n")


def _table_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:  # a merged cell repeats; keep it once
                continue
            previous = cell._tc
            text = "\n".join(p.text for p in cell.paragraphs).strip()
            for nested in cell.tables:  # a table inside a cell: flatten its rows into the cell
                text += "\n" + "\n".join("：".join(c for c in r if c) for r in _table_rows(nested))
            cells.append(text.strip())
        rows.append(cells)
    return rows


_GENERIC_HEADER = {"项目", "内容", "说明", "名称", "要求", "栏目", "备注", "类别", "信息"}
_DUTY_HEADER = re.compile(r"工作项目|职责项目|工作内容|主要职责|具体职责|工作任务|职责描述|职责")
_NUMBER_HEADER = re.compile(r"^(序号|编号|No\.?)$", re.I)
_KPI_HEADER = re.compile(r"指标|考核项目|考核内容")


def table_to_lines(rows: list[list[str]]) -> list[str]:
    """A Word table as the lines a person would write for it."""
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        return []
    header = [c.replace(" ", "") for c in rows[0]]
    if all(c in _GENERIC_HEADER for c in header if c):  # 「项目 | 内容」: a header that says nothing
        rows, header = rows[1:], [c.replace(" ", "") for c in rows[1]] if len(rows) > 1 else []
        if not rows:
            return []
    if any(_NUMBER_HEADER.match(c) for c in header) and any(_DUTY_HEADER.search(c) for c in header):
        return _duty_table(header, rows[1:])
    if any(_KPI_HEADER.search(c) for c in header) and any("权重" in c for c in header):
        return _kpi_table(header, rows[1:])
    lines = []
    for cells in rows:
        lines.extend(row_to_lines(cells))
    return lines


def _duty_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["岗位职责"]
    number_col = next(i for i, c in enumerate(header) if _NUMBER_HEADER.match(c))
    text_cols = [i for i in range(len(header)) if i != number_col]
    # with three columns the first text column names the duty (工作项目) and the last holds its tasks
    title_col = text_cols[0] if len(text_cols) > 1 else None
    detail_cols = text_cols[1:] if len(text_cols) > 1 else text_cols
    for n, cells in enumerate(rows, 1):
        cells = cells + [""] * (len(header) - len(cells))
        title = cells[title_col].replace("\n", "") if title_col is not None else ""
        details = [ln.strip() for i in detail_cols for ln in cells[i].splitlines() if ln.strip()]
        if title:
            lines.append(f"{n}. {title}")
            lines.extend("    " + (d if _has_marker(d) else "- " + d) for d in details)
        else:
            lines.extend(f"{n}. {d}" for d in details)
    return lines


def _kpi_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["绩效考核指标"]
    col = {name: next((i for i, c in enumerate(header) if re.search(pattern, c)), None)
           for name, pattern in (("name", _KPI_HEADER.pattern), ("weight", "权重"), ("pass", "合格|达标|及格"),
                                 ("excellent", "优秀|优异|卓越"), ("target", "目标|标准"), ("period", "周期"))}
    for cells in rows:
        get = lambda key: cells[col[key]].strip() if col[key] is not None and col[key] < len(cells) else ""  # noqa: E731
        name = get("name")
        if not name or re.fullmatch(r"(合计|总计)", name):
            continue
        text = name
        weight = get("weight").rstrip("%％")
        if weight:
            text += f"（权重{weight}%）"
        standards = []
        for key, word in (("pass", "合格"), ("excellent", "优秀")):
            value = get(key)
            if value:
                standards.append(value if re.search("合格|优秀|优异", value) else f"{value}为{word}")
        if not standards and get("target") and col["target"] not in (col["pass"], col["excellent"]):
            standards.append(get("target"))
        if get("period"):
            standards.append("考核周期：" + get("period"))
        lines.append(text + ("：" + "，".join(standards) if standards else ""))
    return lines


_MARKER = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*、|\d{1,2}\s*[、.．)）]"
                     r"|[①-⑳]|[♦◆●•·▪■\-*])")


def _has_marker(text: str) -> bool:
    return bool(_MARKER.match(text))


def row_to_lines(cells: list[str]) -> list[str]:
    """One row of an identification table: label, value, label, value … → "label：value" lines.

    Empty cells count: 「岗位编号 | (空) | 所属部门 | 销售部」 pairs 岗位编号 with nothing,
    not with 所属部门.
    """
    from .labels import is_label

    cells = [c.strip() for c in cells]
    lines, i = [], 0
    while i < len(cells):
        cell = cells[i].replace("\n", "") if len(cells[i]) <= 12 else cells[i]
        if not cell:
            i += 1
            continue
        if is_label(cell) and i + 1 < len(cells) and not is_label(cells[i + 1].replace("\n", "")):
            value = cells[i + 1]
            parts = [p.strip() for p in value.splitlines() if p.strip()]
            if len(parts) == 1:
                lines.append(f"{cell}：{parts[0]}")
            elif parts:  # a label whose value is a list (任职资格 | 1. … 2. …)
                lines.append(cell)
                lines.extend(parts)
            i += 2
        else:
            lines.extend(p.strip() for p in cells[i].splitlines() if p.strip())
            i += 1
    return lines
