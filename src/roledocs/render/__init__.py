"""Job descriptions (岗位说明书) as Word, PDF, HTML and Markdown files.

    from roledocs.kb import open_knowledge_base
    from roledocs.render import render_role, render_documents

    kb = open_knowledge_base(".", audience="public")
    render_role(kb, "sales-rep", "pdf", Path("out"))          # → out/sales-rep.pdf
                                                               #   (internal kb: sales-rep.internal.pdf)
    render_documents(kb, Path("out"), formats=("docx", "pdf"))  # every role

What a document says is decided once, by `roledocs.content.job_description`;
`html`, `pdf`, `docx`, `markdown` decide how it looks; `files` writes atomically.
WeasyPrint and python-docx are imported only when a PDF or .docx is made.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..content.job_description import JobDescription, job_description
from ..kb.model import KnowledgeBase
from .errors import RenderEnvironmentError, RenderError, UnknownRole
from ..fileio import atomic_output, remove_stale_temporary_files

from ..export.documents import HR_FORMATS  # appraisal, posting: made by roledocs.export from the typed model

FORMATS = ("docx", "pdf", "html", "md")

__all__ = ["FORMATS", "RenderEnvironmentError", "RenderError", "UnknownRole", "check_environment",
           "document_name", "render_bytes", "render_documents", "render_role"]


def document_name(role_id: str, fmt: str, audience: str = "public") -> str:
    """`sales-rep.pdf`, or `sales-rep.internal.pdf` for the internal version: a file with
    confidential fields never shares a name with (or overwrites) a public one."""
    return f"{role_id}.internal.{fmt}" if audience == "internal" else f"{role_id}.{fmt}"


def check_environment(formats: Iterable[str]) -> None:
    """Fail before the first document when the machine cannot make one of these formats."""
    if "pdf" in formats:
        from .pdf import check_pdf_environment
        check_pdf_environment()


_TEMPLATE_OF = {"docx": "jd.docx", "pdf": "jd.html.j2", "html": "jd.html.j2", "md": "jd.md.j2"}


def _write(jd: JobDescription, fmt: str, handle, project: Path | None) -> None:
    import jinja2

    try:
        _fill(jd, fmt, handle, project)
    except jinja2.TemplateError as exc:  # most often a company's own copy in templates/
        from .errors import template_problem
        from .templates import template_path
        raise template_problem(exc, str(template_path(_TEMPLATE_OF[fmt], project))) from None


def _fill(jd: JobDescription, fmt: str, handle, project: Path | None) -> None:
    if fmt == "docx":
        from .docx import write_docx
        write_docx(jd, handle, project)
    elif fmt == "pdf":
        from .html import render_html
        from .pdf import write_pdf
        write_pdf(render_html(jd, project), handle, name=f"{jd.id}.pdf")
    elif fmt == "html":
        from .html import render_html
        handle.write(render_html(jd, project).encode("utf-8"))
    elif fmt == "md":
        from .markdown import render_markdown
        handle.write(render_markdown(jd, project).encode("utf-8"))
    else:
        raise RenderError(f"不支持的格式 {fmt!r}，可选：{'、'.join(FORMATS)}。")


def _job_description(kb: KnowledgeBase, role_id: str) -> JobDescription:
    if role_id not in kb.roles:
        raise UnknownRole(f"知识库中没有岗位 {role_id!r}。岗位编号是 roles/ 下 YAML 文件的文件名（不含 .yaml）。")
    return job_description(kb, kb.roles[role_id])


def render_role(kb: KnowledgeBase, role_id: str, fmt: str, out_dir: Path) -> Path:
    """Write `<out_dir>/<document_name(…)>` atomically and return its path.

    What the document contains follows `kb.audience`: compensation only when the
    knowledge base was opened with audience="internal".
    """
    if fmt not in FORMATS:
        raise RenderError(f"不支持的格式 {fmt!r}，可选：{'、'.join(FORMATS)}。")
    jd = _job_description(kb, role_id)
    path = Path(out_dir) / document_name(role_id, fmt, kb.audience)
    with atomic_output(path) as handle:
        _write(jd, fmt, handle, kb.project)
    return path


def render_bytes(kb: KnowledgeBase, role_id: str, fmt: str) -> bytes:
    """The document as bytes, for callers that keep it in memory (the site)."""
    import io

    if fmt not in FORMATS:
        raise RenderError(f"不支持的格式 {fmt!r}，可选：{'、'.join(FORMATS)}。")
    buffer = io.BytesIO()
    _write(_job_description(kb, role_id), fmt, buffer, kb.project)
    return buffer.getvalue()


_worker_kb: KnowledgeBase | None = None


def _start_worker(kb: KnowledgeBase) -> None:
    global _worker_kb
    _worker_kb = kb


def _render_in_worker(task: tuple[str, str, Path]) -> Path:
    role_id, fmt, out_dir = task
    return render_role(_worker_kb, role_id, fmt, out_dir)


def render_documents(kb: KnowledgeBase, out_dir: Path, formats: Iterable[str] = ("docx", "pdf"),
                     role_ids: Iterable[str] | None = None, jobs: int = 1, problems: list | None = None) -> list[Path]:
    """Render every role (or role_ids) in every format; returns the paths written.

    Unknown ids and unusable environments fail before anything is written.
    Documents are independent, so `jobs` > 1 renders them in that many processes
    (the knowledge base is sent to each worker once).
    """
    formats = tuple(dict.fromkeys(formats))
    hr_formats = [f for f in formats if f in HR_FORMATS]
    formats = tuple(f for f in formats if f not in HR_FORMATS)
    ids = list(kb.roles) if role_ids is None else list(dict.fromkeys(role_ids))
    unknown = [r for r in ids if r not in kb.roles]
    if unknown:
        raise UnknownRole(f"知识库中没有岗位 {'、'.join(unknown)}。")
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise RenderError(f"不支持的格式 {'、'.join(bad)}，可选：{'、'.join(FORMATS + HR_FORMATS)}。")
    check_environment(formats)
    remove_stale_temporary_files(Path(out_dir))  # left by a render that was killed
    paths = []
    if hr_formats:  # appraisal forms and postings (warnings of their checks go to `problems`)
        from ..export.documents import render_hr_documents
        paths = render_hr_documents(kb, hr_formats, ids, out_dir, problems)
    tasks = [(role_id, fmt, Path(out_dir)) for role_id in ids for fmt in formats]
    if jobs <= 1 or len(tasks) < 2:
        return paths + [render_role(kb, *task) for task in tasks]
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_start_worker, initargs=(kb,))
    try:
        return paths + list(pool.map(_render_in_worker, tasks))
    finally:  # interrupted or failed: the documents not started yet are not rendered at all
        pool.shutdown(wait=True, cancel_futures=True)
