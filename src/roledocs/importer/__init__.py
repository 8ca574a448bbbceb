"""Import legacy job descriptions (Word, text, Markdown, web pages) into draft role files.

    from roledocs.importer import import_files
    report = import_files([Path("旧岗位说明书.docx")], Path("roles/_drafts"), root=Path("."))

Modules, in the order the data flows: readers (file → lines, Word tables included),
clean (noise, broken characters, repeats, Traditional → Simplified), segment
(run-together text → lines), split (one document → roles), sections (a role's
lines → fields) with duties and kpi, labels (the headings and enumerations of
Chinese job descriptions), reference (titles → ids from the knowledge base),
draft (fields → schema-valid dict with placeholders), write (YAML, atomic, never
over an existing file), report (what was filled, what was not used), pipeline.
"""
from .pipeline import extract_roles, import_files
from .readers import SUPPORTED_SUFFIXES, ReadError

__all__ = ["import_files", "extract_roles", "ReadError", "SUPPORTED_SUFFIXES"]
