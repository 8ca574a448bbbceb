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
from html.parser import HTMLParser
from pathlib import Path

from ..errors import EXIT_PROBLEMS, RoledocsError
from ..oserrors import reason
from .encoding import EncodingError, decode_text
from .limits import size_problem
from .model import Line
from .tables import has_marker as _has_marker
from .tables import row_to_lines, table_to_lines

SUPPORTED_SUFFIXES = (".docx", ".xlsx", ".pdf", ".txt", ".md", ".html", ".htm")


# control characters are never content (a stray ESC, BEL, Word's vertical tab): dropped, so a
# draft holds only text that validate accepts and that a terminal shows as it is
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ReadError(RoledocsError):
    """The file cannot be read as a job description (the message is Chinese; `code` the RD4xx code)."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str, code: str = "RD401"):
        super().__init__(message)
        self.code = code


def read_document(path: Path) -> list[Line]:
    """The document's non-empty lines, in order, numbered as in the source."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(f"不支持的文件类型 {path.suffix or '（无扩展名）'}；支持 " + "、".join(SUPPORTED_SUFFIXES))
    try:
        problem = size_problem(path)  # before parsing: a zip bomb must not get near memory
    except OSError as exc:
        raise ReadError(f"无法读取文件：{reason(exc)}") from exc
    if problem:
        raise ReadError(problem)
    if suffix == ".xlsx":
        from .spreadsheet import read_xlsx

        raw_lines = read_xlsx(path)
    elif suffix == ".pdf":
        from .pdf import read_pdf

        raw_lines = read_pdf(path)
    else:
        if suffix == ".docx":
            texts = _read_docx(path)
        elif suffix == ".txt":
            texts = _read_text(path).splitlines()
        elif suffix == ".md":
            texts = markdown_to_lines(_read_text(path))
        else:
            texts = html_to_lines(_read_text(path))
        raw_lines = [Line(text, number) for number, text in enumerate(texts, 1)]
    lines = []
    for line in raw_lines:
        raw = _CONTROL.sub("", line.text.replace("\t", "    ").replace("\u3000", "  ")).rstrip()
        stripped = raw.lstrip()
        if stripped:
            lines.append(Line(stripped, line.number, len(raw) - len(stripped), line.page))
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
    """A web page's text as lines: blocks, list items with 「- 」, table rows like Word tables; scripts and nav dropped."""
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
