"""岗位说明书 as one self-contained HTML page: the source of the PDF, and a format of its own."""
from __future__ import annotations

from markupsafe import Markup

from .templates import html_environment, template_path


def render_html(jd) -> str:
    """The page for one job description (a content.JobDescription); CSS is inlined."""
    css = template_path("jd.css").read_text(encoding="utf-8")
    # The stylesheet is ours, not data: it is the one value marked safe.
    return html_environment().get_template("jd.html.j2").render(jd=jd, h=jd.h, css=Markup(css))
