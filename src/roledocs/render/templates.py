"""Where the document templates live and the Jinja2 environments that fill them.

Values from YAML are data, never template: they enter only through `{{ … }}`
expressions, and every environment escapes them for its output format by
`finalize`/autoescape, so a value such as `{{ 7*7 }}` or `<script>` prints literally.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2

from .errors import RenderEnvironmentError


class TemplateNotFound(RenderEnvironmentError):
    """A document template is missing from templates/."""


def packaged_template_dir() -> Path:
    """templates/ in a source checkout, or the copy packaged with roledocs."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[3] / "templates", here.parents[1] / "_data" / "templates"):
        if (candidate / "jd.html.j2").is_file():
            return candidate
    raise TemplateNotFound("找不到岗位说明书模板（templates/jd.html.j2）。请在项目目录中运行，或重新安装 roledocs。")


def template_dirs(project: Path | None = None) -> tuple[Path, ...]:
    """Where templates are looked up, first match wins: the project's own templates/ (a
    company's restyled jd.docx or CSS, file by file: docs/customize.md), then roledocs's."""
    shipped = packaged_template_dir()
    own = Path(project).resolve() / "templates" if project is not None else None
    return (own, shipped) if own is not None and own.is_dir() and own != shipped.resolve() else (shipped,)


def template_path(name: str, project: Path | None = None) -> Path:
    """The path of a template file (the project's own copy when it has one); TemplateNotFound
    (Chinese message) when it is missing."""
    dirs = template_dirs(project)
    for folder in dirs:
        if (folder / name).is_file():
            return folder / name
    raise TemplateNotFound(f"找不到模板文件 {dirs[-1] / name}。")


# One environment per process: Jinja compiles each template once and checks its file's
# mtime on every get_template, so an edited template is still picked up.
def html_environment(project: Path | None = None) -> jinja2.Environment:
    """The process's Jinja environment for the HTML templates (the project's own first),
    autoescaping every value."""
    return _html_environment(template_dirs(project))


@functools.lru_cache(maxsize=None)
def _html_environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# Markdown meaning: backslash escapes for inline syntax, entities for HTML.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_MD_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_text(value) -> str:
    """A value as Markdown that shows exactly that text: no markup, no raw HTML, one line."""
    text = " ".join(str(value).split("\n"))
    text = "".join(_MD_HTML.get(ch, ch) for ch in text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_environment(project: Path | None = None) -> jinja2.Environment:
    """The process's Jinja environment for the Markdown templates (the project's own first):
    values shown as plain text."""
    return _markdown_environment(template_dirs(project))


@functools.lru_cache(maxsize=None)
def _markdown_environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=False,
        finalize=markdown_text,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
