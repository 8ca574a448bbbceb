"""The HR formats of `roledocs render` (`-f appraisal`, `-f posting`), made from the typed model.

`render` hands them the same typed model as its own writers.
"""
from __future__ import annotations

from pathlib import Path

from ..kb.problems import Problem

HR_FORMATS = ("appraisal", "posting")


def render_hr_documents(kb, formats, role_ids, out_dir: Path, problems: list[Problem] | None = None) -> list[Path]:
    """Write the appraisal workbook (one sheet per role) and/or each role's posting (md, html,
    docx); returns the paths. Warnings and notices of the fair-hiring check are appended to
    `problems`; a forbidden requirement raises PostingRefused before anything is written."""
    from .appraisal import write_appraisal
    from .posting_files import write_postings
    from .selection import select

    roles = list(select(kb, role_ids).roles)
    paths: list[Path] = []
    if "posting" in formats:  # first: a refused posting stops the run before any file is written
        written, found = write_postings(kb, roles, out_dir)
        paths += written
        if problems is not None:
            problems.extend(found)
    if "appraisal" in formats:
        paths.append(write_appraisal(kb, roles, out_dir))
    return paths
