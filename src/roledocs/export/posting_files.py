"""招聘启事 files: Markdown (job boards, wikis), HTML (the intranet, e-mail) and Word (HR edits
and prints it). `<role-id>.posting.md|html|docx`, each written atomically, none of them
before every posting of the run has passed the fair-hiring check.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import EnvironmentProblem
from ..kb.model import KnowledgeBase, Role
from ..kb.problems import Problem
from .posting import Posting, prepare_postings

POSTING_FORMATS = ("md", "html", "docx")
# Characters XML 1.0 forbids; a YAML double-quoted string can carry them ("\a").
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def posting_name(role: Role, fmt: str, internal: bool = False) -> str:
    """`sales-rep.posting.md`; the internal version (薪酬, 待核对事项) is `sales-rep.posting.internal.md`."""
    return f"{role.id}.posting.internal.{fmt}" if internal else f"{role.id}.posting.{fmt}"


def render_posting(posting: Posting, fmt: str, project: Path | None = None) -> bytes:
    """The posting as a file's bytes in one format (md, html or docx); ValueError for any other.
    The md and html templates are the project's own when it has them."""
    if fmt == "md":
        from ..render.templates import markdown_environment
        return markdown_environment(project).get_template("posting.md.j2").render(p=posting).encode("utf-8")
    if fmt == "html":
        from ..render.templates import html_environment
        return html_environment(project).get_template("posting.html.j2").render(p=posting).encode("utf-8")
    if fmt == "docx":
        return posting_docx(posting)
    raise ValueError(fmt)


def write_postings(kb: KnowledgeBase, roles: list[Role], out_dir: Path,
                   formats=POSTING_FORMATS) -> tuple[list[Path], list[Problem]]:
    """Write every role's posting in every format; returns (paths, warnings and notices).
    Raises PostingRefused before writing anything when a posting breaks a fair-hiring rule."""
    from ..fileio import atomic_output

    postings, problems = prepare_postings(kb, roles)
    contents = [(Path(out_dir) / posting_name(p.role, fmt, p.internal), render_posting(p, fmt, kb.project))
                for p in postings for fmt in formats]
    paths = []
    try:
        for path, content in contents:
            with atomic_output(path) as handle:
                handle.write(content)
            paths.append(path)
    except OSError as exc:
        raise EnvironmentProblem(f"无法写入 {exc.filename or out_dir}：{exc.strerror or exc}") from exc
    return paths, problems


# ── Word ──────────────────────────────────────────────────────────────────────

def _xml(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _labelled(doc, label: str, text: str, style: str | None = None) -> None:
    paragraph = doc.add_paragraph(style=style)
    paragraph.add_run(_xml(f"{label}：")).bold = True
    paragraph.add_run(_xml(text))


def posting_docx(posting: Posting) -> bytes:
    """The posting as a Word document's bytes."""
    import io

    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from ..render.word_fonts import BODY_FONT, HEADING_FONT, font_table, set_fonts

    doc = Document()
    set_fonts(doc.styles["Normal"].element.get_or_add_rPr(), BODY_FONT)
    doc.styles["Normal"].font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2", "List Number", "List Bullet"):
        set_fonts(doc.styles[name].element.get_or_add_rPr(), HEADING_FONT if name.startswith(("Title", "Heading"))
                  else BODY_FONT)
    font_table(doc)  # Word without Noto CJK: 宋体 / 黑体
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    doc.styles["Normal"].element.get_or_add_rPr().append(lang)
    doc.core_properties.title = _xml(f"招聘：{posting.title}")
    doc.core_properties.author = "roledocs"

    doc.add_heading(_xml(f"招聘：{posting.title}"), level=0)
    if posting.internal:
        doc.add_paragraph().add_run("内部版本：含薪酬和待核对事项，不可直接对外发布。").bold = True
    _labelled(doc, posting.labels["department"], posting.department)
    for label, text in posting.conditions:
        _labelled(doc, label, text)
    if posting.summary:
        doc.add_heading("岗位概述", level=1)
        doc.add_paragraph(_xml(posting.summary))
    if posting.duties:
        doc.add_heading("岗位职责", level=1)
        for title, description in posting.duties:
            paragraph = doc.add_paragraph(style="List Number")
            paragraph.add_run(_xml(title)).bold = True
            if description:
                paragraph.add_run(_xml(f"：{description}"))
    if posting.qualifications:
        doc.add_heading("任职要求", level=1)
        for label, text in posting.qualifications:
            _labelled(doc, label, text, "List Bullet")
    if posting.compensation:
        doc.add_heading(posting.labels["compensation"], level=1)
        for label, text in posting.compensation:
            _labelled(doc, label, text, "List Bullet")
    doc.add_heading("应聘方式", level=1)
    doc.add_paragraph(_xml(posting.apply))
    if posting.review_notes:
        doc.add_heading(f"{posting.labels['review_notes']}：发布前请核对", level=1)
        for note in posting.review_notes:
            doc.add_paragraph(_xml(note), style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
