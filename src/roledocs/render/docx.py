"""岗位说明书 as Word: docxtpl fills templates/jd.docx, which HR may restyle in Word.

Values are data, not template: Jinja never re-reads its output, every value is
XML-escaped, and underscores are written as character references because
docxtpl rewrites `{_{` / `_%` in its output back into `{{` / `%` (its own
escape for literal braces) — a YAML value must come out exactly as written.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

import jinja2
from markupsafe import Markup, escape

from .templates import template_path

# Characters XML 1.0 forbids; YAML double-quoted strings can carry them ("\a").
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def docx_text(value) -> Markup:
    """A value as WordprocessingML text: escaped, valid XML, immune to docxtpl's brace rewriting."""
    text = value if isinstance(value, Markup) else escape(str(value))
    text = _XML_INVALID.sub("", str(text)).replace("_", "&#95;")
    return Markup(text)


def nobreak(value) -> str:
    """A short value kept on one line: 「≥ 105%」 and 「≤ 0 件」 must not wrap after the sign."""
    return str(value).replace(" ", "\u00a0")


def docx_environment() -> jinja2.Environment:
    """The Jinja environment for the Word template: every value becomes escaped WordprocessingML text."""
    env = jinja2.Environment(autoescape=True, finalize=docx_text, undefined=jinja2.StrictUndefined)
    env.filters["nobreak"] = nobreak
    return env


def write_docx(jd, target: BinaryIO, project: Path | None = None) -> None:
    """Fill the Word template (the project's own templates/jd.docx when it has one) with one
    job description and save it into target."""
    from docxtpl import DocxTemplate  # slow import: only when a .docx is made

    template = DocxTemplate(str(template_path("jd.docx", project)))
    template.render({"jd": jd, "h": jd.h, "L": jd.labels}, docx_environment(), autoescape=True)
    props = template.docx.core_properties
    # Word's document properties hold at most 255 characters (python-docx raises beyond that).
    props.title = f"{jd.title} 岗位说明书"[:255]
    props.subject = "岗位说明书"
    props.identifier = jd.document.number[:255]
    props.version = jd.document.version[:255]
    props.language = "zh-CN"
    props.keywords = f"{jd.title}；{jd.department}；岗位说明书"[:255]
    template.save(target)
