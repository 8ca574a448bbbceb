"""岗位说明书 as one self-contained HTML page: the source of the PDF, and a format of its own."""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .templates import html_environment, template_path


def render_html(jd, project: Path | None = None) -> str:
    """The page for one job description (a content.JobDescription); CSS is inlined. Templates
    and CSS are the project's own when it has them (render.templates.template_dirs)."""
    css = template_path("jd.css", project).read_text(encoding="utf-8")
    # The stylesheet is ours, not data: it is the one value marked safe.
    return html_environment(project).get_template("jd.html.j2").render(jd=jd, h=jd.h, css=Markup(css))
