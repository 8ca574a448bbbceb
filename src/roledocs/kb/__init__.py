"""The knowledge base: read (`load`), check (`schema`, `rules` → `validate`), and model it.

The front door opens a validated knowledge base in one call:

    from roledocs.kb import open_knowledge_base
    kb = open_knowledge_base(".", audience="public")   # the typed model (roledocs.kb.model)
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EXIT_PROBLEMS, RoledocsError

if TYPE_CHECKING:
    from .model import Audience, KnowledgeBase
    from .validate import Report

# Loaded on first use: importing roledocs.kb.problems (every command's output does) must not
# import YAML, JSON Schema and the model — a search of a fresh index needs none of them.
_LAZY = {"Audience": "model", "KnowledgeBase": "model", "build_model": "model",
         "Report": "validate", "validate_knowledge_base": "validate"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    from .model import build_model
    from .validate import validate_knowledge_base

    report = validate_knowledge_base(Path(root))
    if not report.ok:
        raise InvalidKnowledgeBase(report)
    return build_model(report.documents, audience, root=report.roles_dir, vocab=report.vocabulary)
