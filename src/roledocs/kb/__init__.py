"""The front door: load, validate and model a knowledge base in one call."""
from __future__ import annotations

from pathlib import Path

from .model import Audience, KnowledgeBase, build_model
from .validate import Report, validate_knowledge_base


class InvalidKnowledgeBase(Exception):
    """The knowledge base has errors; `report.problems` says which."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"{len(report.errors)} 个错误")


def open_knowledge_base(root: Path | str, audience: Audience = "public") -> KnowledgeBase:
    report = validate_knowledge_base(Path(root))
    if not report.ok:
        raise InvalidKnowledgeBase(report)
    return build_model(report.documents, audience, root=report.roles_dir)
