"""Word job descriptions of the real knowledge base, read back with python-docx."""
from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from support import system_tools
from support.render_project import REPO, ROLE_IDS, docx_text, pdf_text, squash
from roledocs.kb import open_knowledge_base
from roledocs.render import render_documents

W_TAGS = re.compile(r"\{[{%].*?[}%]\}")


@pytest.fixture(scope="module")
def kb():
    return open_knowledge_base(REPO)


@pytest.fixture(scope="module")
def soffice() -> str:
    return system_tools.soffice()


@pytest.fixture(scope="module")
def docx_dir(kb, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx")
    render_documents(kb, out, formats=("docx",))
    return out


def test_one_docx_per_role_and_no_temporary_files(docx_dir):
    assert sorted(p.name for p in docx_dir.iterdir()) == sorted(f"{r}.docx" for r in ROLE_IDS)


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_docx_has_duties_kpis_and_reporting_lines(kb, docx_dir, role_id):
    role = kb.roles[role_id]
    text = docx_text(docx_dir / f"{role_id}.docx")
    flat = squash(text)  # folded YAML lines join with a space the renderer drops between Chinese characters
    expected = [role.title, role.department.name, role.document.number]
    expected += [d.title for d in role.duties] + [t for d in role.duties for t in d.tasks]
    expected += [k.name for k in role.kpis]
    expected += [role.superior.title] + [s.title for s in role.subordinates]
    missing = [e for e in expected if squash(e) not in flat]
    assert not missing, f"{role_id}.docx lacks {missing}"
    assert not W_TAGS.search(text), f"template tags left in {role_id}.docx: {W_TAGS.findall(text)}"
    assert "薪酬待遇" not in text  # public audience: no compensation section


def test_reporting_lines_sit_in_the_identification_table(kb, docx_dir):
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in
            Document(str(docx_dir / "sales-director.docx")).tables[1].rows}
    assert rows["直接上级"][1] == "销售副总"
    assert rows["直接上级"][2] == "直接下级"
    assert rows["直接上级"][3] == "客服主管、营销协理、销售总监助理、销售经理、高级销售经理"


def test_dotted_line_row_only_when_the_role_has_one(kb, docx_dir):
    with_dotted = next(r for r in kb.roles.values() if r.dotted_line_to)
    without = next(r for r in kb.roles.values() if not r.dotted_line_to)
    labels = lambda rid: [row.cells[0].text for row in Document(str(docx_dir / f"{rid}.docx")).tables[1].rows]
    assert "虚线汇报" in labels(with_dotted.id)
    assert "虚线汇报" not in labels(without.id)


def test_east_asian_font_and_chinese_language_on_every_style(docx_dir):
    doc = Document(str(docx_dir / "sales-rep.docx"))
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "numbering":
            continue
        fonts = style.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        name = style.find(qn("w:name")).get(qn("w:val"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")), f"style {name} has no East Asian font"
        themed = [a for a in fonts.attrib if a.endswith("Theme")]
        assert not themed, f"style {name} keeps theme fonts {themed}, which override w:eastAsia"
    used = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Normal"} <= used


def test_header_has_number_and_version_and_footer_has_page_fields(kb, docx_dir):
    role = kb.roles["sales-rep"]
    doc = Document(str(docx_dir / "sales-rep.docx"))
    header = doc.sections[0].header.paragraphs[0].text
    assert role.document.number in header and f"版本：{role.document.version}" in header
    footer = doc.sections[0].footer._element.xml
    instructions = [i.strip() for i in re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", footer)]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "第" in doc.sections[0].footer.paragraphs[0].text
    assert abs(doc.sections[0].page_width.cm - 21.0) < 0.01  # A4, not python-docx's US Letter


def test_kpi_table_header_repeats_and_rows_do_not_split(kb, docx_dir):
    doc = Document(str(docx_dir / "sales-director.docx"))
    kpi_table = next(t for t in doc.tables if t.rows[0].cells[1].text == "考核指标")
    first, body = kpi_table.rows[0], kpi_table.rows[1:]
    assert first._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(body) == len(kb.roles["sales-director"].kpis)
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in body)
    assert body[0].cells[1].text == kb.roles["sales-director"].kpis[0].name


def test_signature_block(kb, docx_dir):
    text = docx_text(docx_dir / "sales-rep.docx")
    for label in ("编制", "审核", "批准", "签字", "日期"):
        assert label in text
    assert kb.roles["sales-rep"].document.approved_by in text


def test_template_script_matches_the_committed_template(tmp_path):
    """Someone editing scripts/make_docx_template.py must also rebuild templates/jd.docx (and vice versa)."""
    import runpy

    built = runpy.run_path(str(REPO / "scripts" / "make_docx_template.py"))["main"](tmp_path / "jd.docx")

    def tags(path):
        with zipfile.ZipFile(path) as z:
            xml = "".join(z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("word/") and n.endswith(".xml"))
        return sorted(W_TAGS.findall(re.sub(r"<[^>]+>", "", xml)))

    assert tags(built) == tags(REPO / "templates" / "jd.docx")


@pytest.mark.slow
def test_docx_converts_in_libreoffice(soffice, kb, docx_dir, tmp_path):
    """The acceptance check of issue 4: every .docx opens in LibreOffice and converts to PDF without errors."""
    files = sorted(docx_dir.glob("*.docx"))
    assert len(files) == len(kb.roles)
    result = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                             *map(str, files)], capture_output=True, text=True, timeout=600,
                            env={**os.environ, "HOME": str(tmp_path)})  # a private LibreOffice profile
    assert result.returncode == 0, result.stdout + result.stderr
    for path in files:
        role = kb.roles[path.stem]
        text = squash(pdf_text(tmp_path / "pdf" / f"{path.stem}.pdf"))
        assert squash(role.title) in text
        assert all(squash(duty.title) in text for duty in role.duties), path.stem


def test_header_tab_reaches_the_right_margin(docx_dir):
    """Issue 14.9: the one tab in the header must jump to the right-aligned stop at the text width;
    the Header style's own centre stop (4680) used to catch it and put 文件编号 mid-page."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    doc = Document(str(docx_dir / "sales-rep.docx"))
    paragraph = doc.sections[0].header.paragraphs[0]
    inherited = {t.position: t.alignment for t in paragraph.style.paragraph_format.tab_stops}
    own = {t.position: t.alignment for t in paragraph.paragraph_format.tab_stops}
    effective = {**inherited, **own}
    effective = {pos: kind for pos, kind in effective.items() if kind != WD_TAB_ALIGNMENT.CLEAR}
    section = doc.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert paragraph.text.count("\t") == 1
    [(position, kind)] = effective.items()
    assert kind == WD_TAB_ALIGNMENT.RIGHT and abs(position - text_width) < 3000  # EMU: within 0.1 mm
