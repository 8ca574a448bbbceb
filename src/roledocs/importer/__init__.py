"""Import legacy job descriptions (Word, Excel, PDF, text, Markdown, web pages) into draft role files.

    from roledocs.importer import import_files
    report = import_files([Path("旧岗位说明书.docx")], Path("roles/_drafts"), root=Path("."))

Modules, in the order the data flows: model (the data every stage hands on; imports
nothing else), readers (file → lines) with spreadsheet (.xlsx), pdf (.pdf), tables
(any table → lines), encoding and limits, clean (noise, broken characters, repeats, page
furniture, Traditional → Simplified), segment (run-together text → lines), split (one
document → roles), sections (a role's lines → fields) with duties and kpi, labels (the
headings and enumerations of Chinese job descriptions), reference (names → ids from the
knowledge base, close KPIs), slugs (ids for new roles and KPIs), draft (fields →
schema-valid dict, review notes, RD4xx problems), coverage (what of the source the draft
does not hold), write (YAML, atomic, never over an existing file), report (text and JSON),
destination (where drafts go), pipeline.
"""
from .pipeline import extract_roles, import_files
from .readers import SUPPORTED_SUFFIXES, ReadError

__all__ = ["import_files", "extract_roles", "ReadError", "SUPPORTED_SUFFIXES"]
