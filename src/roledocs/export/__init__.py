"""What HR hands out every month, made from the typed model: the workbook of tables
(`workbook`), appraisal forms (`appraisal`) and job postings (`posting`).

    from roledocs.kb import open_knowledge_base
    from roledocs.export import select, export_workbook

    kb = open_knowledge_base(".", audience="public")
    export_workbook(kb, select(kb, department_ids=["sales"]), Path("out"))  # → out/roles-export.xlsx

`selection` chooses roles (unknown ids fail before anything is written), `sheets` writes
typed, sized, filterable tables with XlsxWriter and saves atomically. XlsxWriter is imported
only when a workbook is saved.
"""
from __future__ import annotations

from .selection import Selection, select
from .workbook import SHEETS, export_workbook

__all__ = ["SHEETS", "Selection", "export_workbook", "select"]
