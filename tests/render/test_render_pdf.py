"""PDF job descriptions of the real knowledge base, read back with poppler (pdftotext, pdffonts, pdfinfo)."""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest

from support.render_project import REPO, ROLE_IDS, pdf_text, squash
from roledocs.kb import open_knowledge_base
from roledocs.render import RenderError, render_documents

pytestmark = pytest.mark.slow  # 17 PDFs: a few seconds


@pytest.fixture(scope="module")
def kb():
    return open_knowledge_base(REPO)


@pytest.fixture(scope="module")
def pdf_dir(kb, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    render_documents(kb, out, formats=("pdf",))
    return out


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def test_one_pdf_per_role_and_no_temporary_files(pdf_dir):
    assert sorted(p.name for p in pdf_dir.iterdir()) == sorted(f"{r}.pdf" for r in ROLE_IDS)


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_pdf_text_has_duties_kpis_and_reporting_lines(kb, pdf_dir, role_id):
    role = kb.roles[role_id]
    text = squash(pdf_text(pdf_dir / f"{role_id}.pdf"))
    expected = [role.title, role.summary, role.superior.title, *(s.title for s in role.subordinates)]
    expected += [d.title for d in role.duties] + [t for d in role.duties for t in d.tasks]
    expected += [k.name for k in role.kpis]
    missing = [e for e in expected if squash(e) not in text]
    assert not missing, f"{role_id}.pdf lacks {missing}"


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_pdf_embeds_a_subset_chinese_font(pdf_dir, role_id):
    listing = subprocess.run(["pdffonts", str(pdf_dir / f"{role_id}.pdf")], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    fonts = [line.split() for line in listing]
    assert any("CJK-SC" in f[0] for f in fonts), listing
    # columns from the right: emb sub uni object-id generation
    assert all(f[-5] == "yes" and f[-4] == "yes" for f in fonts), f"a font is not embedded as a subset: {listing}"
    assert any("Bold" in f[0] for f in fonts), "headings need the real Bold face, not synthetic bold"


def test_every_page_has_header_and_page_x_of_y(kb, pdf_dir):
    path = pdf_dir / "sales-director.pdf"
    total = pages(path)
    assert total >= 2
    number = kb.roles["sales-director"].document.number
    for page in range(1, total + 1):
        text = pdf_text(path, "-f", str(page), "-l", str(page))
        assert f"第 {page} 页 / 共 {total} 页" in text
        assert number in text and "岗位说明书" in text


def test_kpi_table_header_repeats_when_the_table_breaks(tmp_path):
    """A long KPI table continues on the next page under its repeated header row."""
    from roledocs.render.html import render_html
    from roledocs.render.pdf import write_pdf
    from roledocs.content.job_description import job_description

    kb = open_knowledge_base(REPO)
    jd = job_description(kb, kb.roles["sales-director"])
    jd.kpis = jd.kpis * 12
    buffer = io.BytesIO()
    write_pdf(render_html(jd), buffer)
    path = tmp_path / "long.pdf"
    path.write_bytes(buffer.getvalue())
    headers = pdf_text(path).count("指标定义与计算方法")
    assert headers >= 2


def test_a_character_no_font_has_fails_instead_of_printing_a_box():
    from roledocs.render.pdf import write_pdf

    with pytest.raises(RenderError, match="U\\+10FFFD"):
        write_pdf('<html lang="zh-CN"><body><p>岗位\U0010fffd</p></body></html>', io.BytesIO(), name="x.pdf")


@pytest.mark.parametrize("silence", ["level CRITICAL", "disabled", "propagate off, no handlers"])
def test_a_silenced_weasyprint_logger_still_fails_the_document(silence):
    """Someone (an app embedding roledocs, a logging config) silenced WeasyPrint: the missing
    glyph must still fail the document, and the logger is left as it was found."""
    import logging

    import weasyprint  # noqa: F401 - its import adds a NullHandler: part of the state to keep
    from roledocs.render.pdf import write_pdf

    logger = logging.getLogger("weasyprint")
    before = (logger.level, logger.disabled, logger.propagate, list(logger.handlers))
    try:
        if silence == "level CRITICAL":
            logger.setLevel(logging.CRITICAL)
        elif silence == "disabled":
            logger.disabled = True
        else:
            logger.propagate = False
            logger.handlers.clear()
        state = (logger.level, logger.disabled, logger.propagate, list(logger.handlers))
        with pytest.raises(RenderError, match="U\\+10FFFD"):
            write_pdf('<html lang="zh-CN"><body><p>岗位\U0010fffd</p></body></html>', io.BytesIO(), name="x.pdf")
        assert (logger.level, logger.disabled, logger.propagate, list(logger.handlers)) == state
    finally:
        logger.setLevel(before[0])
        logger.disabled, logger.propagate, logger.handlers[:] = before[1], before[2], before[3]


# The sign-off block as printed: approvers' table and the holder's acknowledgement (templates/jd.html.j2).
SIGN_OFF_FIXED = ("部门 / 职务", "签字", "日期", "年　　月　　日", "任职者确认：本人已阅读并理解本岗位说明书的全部内容。",
                  "任职者签字：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日")


def page_body(text: str, page: int, total: int, jd) -> str:
    """A page's text without the running header (岗位说明书 · 标题 受控 文件编号：N 版本：V, wherever -raw puts
    it) and the footer (第 p 页 / 共 n 页)."""
    header = (re.escape(squash(f"岗位说明书 · {jd.title}")) + r"\w*：" + re.escape(squash(jd.document.number))
              + r"\w*：" + re.escape(squash(jd.document.version)))
    text = re.sub(header, "", squash(text), count=1)
    return text.replace(f"第{page}页/共{total}页", "", 1)


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_the_sign_off_block_is_whole_and_never_alone_on_its_page(kb, pdf_dir, role_id):
    """Issue 14 point 10: the approvers' table and the holder's signature stay together, on a page
    that also carries what precedes them (the document-control section), never alone on the last page."""
    from roledocs.content.job_description import job_description

    jd = job_description(kb, kb.roles[role_id])
    path = pdf_dir / f"{role_id}.pdf"
    total = pages(path)
    bodies = [page_body(pdf_text(path, "-f", str(p), "-l", str(p)), p, total, jd) for p in range(1, total + 1)]
    starts = [i for i, body in enumerate(bodies) if squash("部门 / 职务") in body]
    ends = [i for i, body in enumerate(bodies) if "任职者签字" in body]
    assert starts and ends and starts[-1] == ends[-1] == total - 1, f"{role_id}: the sign-off block is split"
    sign_off = set(squash("".join([*SIGN_OFF_FIXED, *(s.label + s.by for s in jd.document.signatures)])))
    rest = [c for c in bodies[-1] if c not in sign_off]
    assert rest, f"{role_id}.pdf: the sign-off block is alone on page {total}"
