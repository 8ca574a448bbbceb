"""The knowledge base: read (`load`), check (`schema`, `rules` → `validate`), and model it.

The front door opens a validated knowledge base in one call:

    from roledocs.kb import open_knowledge_base
    kb = open_knowledge_base(".", audience="public")   # the typed model (roledocs.kb.model)
"""
from __future__ import annotations

from pathlib import Path

from ..errors import EXIT_PROBLEMS, RoledocsError
from .model import Audience, KnowledgeBase, build_model
from .validate import Report, validate_knowledge_base


class InvalidKnowledgeBase(RoledocsError):
    """The knowledge base has errors; `report.problems` says which, `consequence` what was
    therefore not done ("未导出工作簿")."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, report: Report, consequence: str = ""):
        self.report = report
        super().__init__(f"知识库有错误，{consequence}。请先修正上面的问题（roledocs validate）。" if consequence
                         else f"知识库有 {len(report.errors)} 个错误")


def open_knowledge_base(root: Path | str, audience: Audience = "public") -> KnowledgeBase:
    """The typed model of a valid knowledge base for one audience; raises InvalidKnowledgeBase
    (with the validation report) when it has errors."""
    report = validate_knowledge_base(Path(root))
    if not report.ok:
        raise InvalidKnowledgeBase(report)
    return build_model(report.documents, audience, root=report.roles_dir, vocab=report.vocabulary)
