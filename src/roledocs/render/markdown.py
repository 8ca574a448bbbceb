"""岗位说明书 as Markdown, for git diffs and for pasting into wikis."""
from __future__ import annotations

from pathlib import Path

from .templates import markdown_environment


def render_markdown(jd, project: Path | None = None) -> str:
    """The Markdown text of one job description (a content.JobDescription)."""
    return markdown_environment(project).get_template("jd.md.j2").render(jd=jd, h=jd.h)
