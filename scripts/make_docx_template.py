"""Build templates/jd.docx, the default Word template of the 岗位说明书.

Run `python scripts/make_docx_template.py` to rebuild it. HR may instead open
templates/jd.docx in Word and restyle it (letterhead, fonts, colours): the
document only needs to keep the `{{ … }}` and `{%p … %}` / `{%tr … %}` tags.
Tag rules (docxtpl): a `{%p %}` / `{%tr %}` tag sits alone in its paragraph /
table row, which is removed; straight quotes only (Word's curly quotes break tags).

Chinese Word needs the East Asian font attribute (w:eastAsia) on every style —
`font.name` alone sets only the Latin fonts — and zh-CN as East Asian language.
Latin text (HR-JD-014, P1, 105%) takes the same font as the Chinese: with a Latin
font of its own LibreOffice sets it in DejaVu Serif, higher than the Chinese.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))  # run from a checkout
from roledocs.render.word_fonts import BODY_FONT, HEADING_FONT, font_table, set_font_attributes, set_fonts  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "templates" / "jd.docx"

CELL_MARGIN_CM = 0.1  # left and right in table cells: Word's 0.19 cm wraps 序号 and 合格标准
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
HEADER_FILL = "E8EDF3"
TEXT_WIDTH_CM = 16.6  # A4 21 cm minus 2 × 2.2 cm margins


# ── fonts and styles (the fonts themselves: roledocs.render.word_fonts) ────

def set_language(r_pr) -> None:
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def setup_defaults(doc) -> None:
    styles = doc.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    r_pr = doc_defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(r_pr, BODY_FONT)
    set_language(r_pr)


def style_fonts(doc) -> None:
    """Our font on every paragraph, character and table style of the template, including the
    theme fonts of the table styles' conditional formats (first row, banding)."""
    for style in doc.styles:
        if style.type == WD_STYLE_TYPE.LIST:
            continue
        heading = style.name.startswith(("Heading", "Title", "Subtitle")) or style.name == "JD Label"
        set_fonts(style.element.get_or_add_rPr(), HEADING_FONT if heading else BODY_FONT)
        for fonts in style.element.iter(qn("w:rFonts")):
            if fonts.get(qn("w:ascii")) is None:
                set_font_attributes(fonts, BODY_FONT)


def paragraph_style(doc, name: str, *, base: str = "Normal", size: float | None = None, bold: bool | None = None,
                    color: RGBColor | None = None, align=None, before: float = 0, after: float = 0,
                    indent_cm: float | None = None, hanging_cm: float | None = None, keep_next: bool = False):
    style = doc.styles[name] if name in [s.name for s in doc.styles] else doc.styles.add_style(
        name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base] if name != base else None
    font, fmt = style.font, style.paragraph_format
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.italic = False
    if color is not None:
        font.color.rgb = color
    if align is not None:
        fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent_cm is not None:
        fmt.left_indent = Cm(indent_cm)
    if hanging_cm is not None:
        fmt.first_line_indent = Cm(-hanging_cm)
    fmt.keep_with_next = keep_next
    return style


def setup_styles(doc) -> None:
    normal = paragraph_style(doc, "Normal", base="Normal", size=10.5, after=2)
    normal.paragraph_format.line_spacing = 1.25
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified CJK lines look ragged
    paragraph_style(doc, "Title", size=22, bold=True, color=NAVY, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    title = doc.styles["Title"].element.find(qn("w:pPr"))
    if title is not None and title.find(qn("w:pBdr")) is not None:  # python-docx's default draws a rule
        title.remove(title.find(qn("w:pBdr")))
    paragraph_style(doc, "Subtitle", size=12, bold=False, color=NAVY, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    doc.styles["Subtitle"].font.italic = False
    paragraph_style(doc, "Heading 1", size=14, bold=True, color=NAVY, before=12, after=4, keep_next=True)
    paragraph_style(doc, "Heading 2", size=11.5, bold=True, color=NAVY, before=8, after=2, keep_next=True)
    paragraph_style(doc, "JD Meta", size=9, color=RGBColor(0x55, 0x55, 0x55), after=2)
    paragraph_style(doc, "JD Label", size=10, bold=True, before=3, after=1, keep_next=True)
    paragraph_style(doc, "JD Item", indent_cm=0.74, hanging_cm=0.5, after=1)
    paragraph_style(doc, "JD Table", size=9.5, after=0)
    doc.styles["JD Table"].paragraph_format.line_spacing = 1.1
    paragraph_style(doc, "JD Notice", size=10.5, bold=True, color=RGBColor(0xAA, 0x11, 0x11),
                    align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    paragraph_style(doc, "Header", size=8.5, color=RGBColor(0x44, 0x44, 0x44))
    paragraph_style(doc, "Footer", size=8.5, color=RGBColor(0x44, 0x44, 0x44), align=WD_ALIGN_PARAGRAPH.CENTER)


# ── page, header, footer ──────────────────────────────────────────────────

def add_field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word computes the value when it lays out the page."""
    def fld_char(kind: str):
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


def bottom_border(paragraph, color: str = "1F3A5F") -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def setup_page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.2)

    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    bottom_border(header)  # before the tab stops: w:pBdr precedes w:tabs in w:pPr
    stops = header.paragraph_format.tab_stops
    for inherited in doc.styles["Header"].paragraph_format.tab_stops:  # the style's centre tab would catch the \t
        stops.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    header.add_run("岗位说明书 · {{ jd.title }}\t{% if jd.document.control %}{{ jd.document.control }}　{% endif %}"
                   "{{ L['document.number'] }}：{{ jd.document.number }}　{{ L['document.version'] }}：{{ jd.document.version }}")

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.add_run("第 ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" 页 / 共 ")
    add_field(footer, "NUMPAGES", "1")
    footer.add_run(" 页")
    footer.add_run("{% if jd.internal %}　　内部资料　注意保密{% endif %}")


# ── tables ────────────────────────────────────────────────────────────────

def _set(element, tag: str, **attrs) -> None:
    child = element.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        element.append(child)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)


def shade(cell, fill: str = HEADER_FILL) -> None:
    _set(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=fill)


def table(doc, widths_cm: list[float], rows: list[list[str]], *, header_rows: int = 0, label_cols=(),
          centered_cols=()):
    """A bordered table with fixed column widths (on gridCol and every cell, as Word expects).

    Header rows repeat on every page (w:tblHeader); no row splits across pages (w:cantSplit).
    """
    t = doc.add_table(rows=len(rows), cols=len(widths_cm))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False  # w:tblLayout fixed: Word keeps the column widths below
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        _set(margins, f"w:{side}", w=str(int(Cm(CELL_MARGIN_CM).twips)), type="dxa")
    look = t._tbl.tblPr.find(qn("w:tblLook"))  # schema order: tblCellMar before tblLook
    if look is None:
        t._tbl.tblPr.append(margins)
    else:
        look.addprevious(margins)
    for col, width in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for r, values in enumerate(rows):
        row = t.rows[r]
        tr_pr = row._tr.get_or_add_trPr()
        _set(tr_pr, "w:cantSplit")
        if r < header_rows:
            _set(tr_pr, "w:tblHeader")
        for c, (cell, value) in enumerate(zip(row.cells, values)):
            cell.width = Cm(widths_cm[c])
            paragraph = cell.paragraphs[0]
            paragraph.style = doc.styles["JD Table"]
            paragraph.add_run(value)
            is_tag_row = value.startswith("{%tr")
            if not is_tag_row and (r < header_rows or c in label_cols):
                shade(cell)
                paragraph.runs[0].bold = True
            if not is_tag_row and (r < header_rows or c in centered_cols):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return t


def loop_table(doc, widths_cm, header: list[str] | None, loop: str, cells: list[str], **kw):
    """A table whose body rows come from a docxtpl `{%tr for %}` loop."""
    blank = [""] * (len(widths_cm) - 1)
    rows = ([header] if header else []) + [[f"{{%tr for {loop} %}}"] + blank, cells, ["{%tr endfor %}"] + blank]
    return table(doc, widths_cm, rows, header_rows=1 if header else 0, **kw)


def labelled_table(doc, rows_expr: str):
    return loop_table(doc, [3.0, TEXT_WIDTH_CM - 3.0], None, f"row in {rows_expr}",
                      ["{{ row.label }}", "{{ row.lines | join('\\n') }}"], label_cols=(0,))


# ── the document ──────────────────────────────────────────────────────────

def para(doc, text: str, style: str = "Normal"):
    return doc.add_paragraph(text, style=doc.styles[style])


def heading(doc, key: str):
    return para(doc, f"{{{{ h.{key} }}}}", "Heading 1")


def optional_section(doc, key: str, body) -> None:
    para(doc, f"{{%p if h.{key} %}}")
    heading(doc, key)
    body()
    para(doc, "{%p endif %}")


def build(doc) -> None:
    para(doc, "岗位说明书", "Subtitle")
    para(doc, "{{ jd.title }}", "Title")
    para(doc, "{%p if jd.title_en %}")
    para(doc, "{{ jd.title_en }}", "Subtitle")
    para(doc, "{%p endif %}")
    para(doc, "{%p if jd.internal %}")
    para(doc, "内部资料　注意保密", "JD Notice")
    para(doc, "{%p endif %}")
    para(doc, "{%p if jd.retired %}")
    para(doc, "{{ jd.retired.stamp }}　{{ jd.retired.text }}", "JD Notice")
    para(doc, "{%p endif %}")
    # Widths (cm, 16.6 in all) leave each label, 2026年12月31日 and HR-JD-2026-014 on one line.
    table(doc, [1.75, 3.4, 1.1, 1.7, 1.75, 3.9, 1.1, 1.9], [[
        "{{ L['document.number'] }}", "{{ jd.document.number }}", "{{ L['document.version'] }}",
        "{{ jd.document.version }}", "{{ L['document.effective_date'] }}", "{{ jd.document.effective_date }}",
        "{{ L['status'] }}", "{{ jd.document.status }}"]],
        label_cols=(0, 2, 4, 6), centered_cols=range(8))

    heading(doc, "basic")
    w = [2.4, TEXT_WIDTH_CM / 2 - 2.4] * 2
    loop_table(doc, w, None, "pair in jd.fact_pairs",
               ["{{ pair[0].label }}", "{{ pair[0].lines | join('、') }}", "{{ pair[1].label }}",
                "{{ pair[1].lines | join('、') }}"], label_cols=(0, 2))

    optional_section(doc, "purpose", lambda: para(doc, "{{ jd.summary }}"))

    heading(doc, "duties")
    para(doc, "{%p for duty in jd.duties %}")
    para(doc, "{{ duty.no }}. {{ duty.title }}", "Heading 2")
    for key, style in (("meta", "JD Meta"), ("description", "Normal")):
        para(doc, f"{{%p if duty.{key} %}}")
        para(doc, f"{{{{ duty.{key} }}}}", style)
        para(doc, "{%p endif %}")
    para(doc, "{%p if duty.tasks %}")
    para(doc, "{{ L['duties.tasks'] }}", "JD Label")
    para(doc, "{%p for task in duty.tasks %}")
    para(doc, "{{ loop.index }}. {{ task }}", "JD Item")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if duty.coordination %}")
    para(doc, "{{ L['duties.coordination'] }}", "JD Label")
    para(doc, "{%p for item in duty.coordination %}")
    para(doc, "• {{ item }}", "JD Item")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if duty.deliverables %}")
    para(doc, "{{ L['duties.deliverables'] }}", "JD Label")
    para(doc, "{{ duty.deliverables | join('、') }}", "JD Item")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")

    def functions():
        para(doc, "{%p for f in jd.functions %}")
        para(doc, "{{ f.department.name }} › {{ f.name }}", "Heading 2")
        para(doc, "{%p if f.description %}")
        para(doc, "{{ f.description }}")
        para(doc, "{%p endif %}")
        para(doc, "{%p for item in f['items'] %}")
        para(doc, "• {{ item.name }}{% if item.duties %}：{{ item.duties | join('；') }}{% endif %}", "JD Item")
        para(doc, "{%p endfor %}")
        para(doc, "{%p endfor %}")
    optional_section(doc, "functions", functions)

    def authorities():
        para(doc, "{%p for item in jd.authorities %}")
        para(doc, "{{ loop.index }}. {{ item }}", "JD Item")
        para(doc, "{%p endfor %}")
    optional_section(doc, "authorities", authorities)
    optional_section(doc, "relationships", lambda: labelled_table(doc, "jd.relationships"))
    optional_section(doc, "qualifications", lambda: labelled_table(doc, "jd.qualifications"))
    optional_section(doc, "kpis", lambda: loop_table(
        # Each header label and a threshold up to 「≥ 100.5%」 fits its column on one line.
        doc, [1.0, 2.0, 4.65, 2.0, 1.5, 1.9, 1.9, 1.65],
        ["序号", "考核指标", "指标定义与计算方法", "{{ L['kpis.weight'] }}", "{{ L['kpis.target'] }}",
         "{{ L['kpis.pass'] }}", "{{ L['kpis.excellent'] }}", "{{ L['kpis.period'] }}"],
        "kpi in jd.kpis",
        ["{{ kpi.no }}", "{{ kpi.name }}", "{{ kpi.explanation | join('\\n') }}", "{{ kpi.weight | nobreak }}",
         "{{ kpi.target }}", "{{ kpi.passing | nobreak }}", "{{ kpi.excellent | nobreak }}", "{{ kpi.period }}"],
        centered_cols=(0, 3, 5, 6, 7)))
    optional_section(doc, "conditions", lambda: labelled_table(doc, "jd.conditions"))
    optional_section(doc, "extra", lambda: labelled_table(doc, "jd.extra"))
    optional_section(doc, "career", lambda: labelled_table(doc, "jd.career"))

    def cases():
        para(doc, "{%p for case in jd.cases %}")
        para(doc, "{{ loop.index }}. {{ case.title }}", "Heading 2")
        labelled_table(doc, "case.parts")
        para(doc, "{%p endfor %}")
    optional_section(doc, "cases", cases)
    optional_section(doc, "compensation", lambda: labelled_table(doc, "jd.compensation"))

    def review_notes():
        para(doc, "{%p for item in jd.review_notes %}")
        para(doc, "{{ loop.index }}. {{ item }}", "JD Item")
        para(doc, "{%p endfor %}")
    optional_section(doc, "review_notes", review_notes)

    heading(doc, "document")
    w = [2.4, TEXT_WIDTH_CM / 2 - 2.4] * 2
    table(doc, w, [["{{ L['document.number'] }}", "{{ jd.document.number }}", "{{ L['document.version'] }}",
                    "{{ jd.document.version }}"],
                   ["{{ L['document.effective_date'] }}", "{{ jd.document.effective_date }}", "{{ L['review_due'] }}",
                    "{{ jd.document.review_due }}"]],
          label_cols=(0, 2))
    para(doc, "{%p if jd.document.history %}")
    para(doc, "{{ L['document.history'] }}", "JD Label")
    loop_table(doc, [1.8, 3.4, TEXT_WIDTH_CM - 5.2], ["{{ L['document.history.version'] }}",
               "{{ L['document.history.date'] }}", "{{ L['document.history.change'] }}"], "item in jd.document.history",
               ["{{ item.version }}", "{{ item.date }}", "{{ item.change }}"], centered_cols=(0, 1))
    para(doc, "{%p endif %}")
    para(doc, "审批签字", "JD Label")
    sig_w = [2.9] + [(TEXT_WIDTH_CM - 2.9) / 3] * 3
    signatures = table(doc, sig_w, [
        [""] + [f"{{{{ jd.document.signatures[{i}].label }}}}" for i in range(3)],
        ["部门 / 职务"] + [f"{{{{ jd.document.signatures[{i}].by }}}}" for i in range(3)],
        ["签字", "", "", ""],
        ["日期"] + ["年　　月　　日"] * 3,
    ], header_rows=1, label_cols=(0,), centered_cols=(1, 2, 3))
    signatures.rows[2].height = Cm(1.4)
    para(doc, "")
    para(doc, "任职者确认：本人已阅读并理解本岗位说明书的全部内容。")
    para(doc, "签字：＿＿＿＿＿＿＿＿　　　日期：＿＿＿＿年＿＿月＿＿日")


def main(out: Path = OUT) -> Path:
    doc = Document()
    # python-docx's blank document starts with one empty paragraph
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    setup_defaults(doc)
    setup_styles(doc)
    setup_page(doc)
    build(doc)
    style_fonts(doc)
    font_table(doc)
    doc.core_properties.title = "岗位说明书模板"
    doc.core_properties.author = "roledocs"
    doc.core_properties.language = "zh-CN"
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
