"""What every check gets: the typed model, the loaded documents (for file:line), the settings,
and one way to record a finding.

The model has no positions; the documents do. A finding names the YAML path of the value it
is about (("duties", 2, "tasks", 0)), and the document says on which line that value starts.
Model lists keep the order of the YAML lists of a valid knowledge base, so model index i is
YAML index i.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..kb.load import Document
from ..kb.model import KnowledgeBase, Role
from ..kb.problems import Problem, json_path, problem
from .config import LintConfig
from .registry import BY_CODE


@dataclass(frozen=True)
class Finding:
    """A problem plus what the site groups it by."""

    problem: Problem
    role_id: str = ""        # the role it is about, when it is about one
    department_id: str = ""  # the department it belongs to, when known

    @property
    def code(self) -> str:
        """The problem's code (RD5xx)."""
        return self.problem.code

    def as_tuple(self) -> tuple:
        """The finding as plain data (from a forked process); `Finding.from_tuple` reverses it."""
        return (self.problem.as_tuple(), self.role_id, self.department_id)

    @classmethod
    def from_tuple(cls, fields: tuple) -> Finding:
        """The finding `as_tuple` gave."""
        found, role_id, department_id = fields
        return cls(Problem.from_tuple(found), role_id, department_id)


class LintContext:
    """What every check reads (documents, model, settings, today) and where it reports its findings."""

    def __init__(self, documents: list[Document], kb: KnowledgeBase, config: LintConfig,
                 today: dt.date, selected: set[str], compared=None):
        self.documents = documents
        # the overlap check's comparison when another process made it meanwhile (lint._compare_aside):
        # a function that gives what overlap.cached_scored_pairs does (overlap.Compared)
        self.compared = compared
        self.kb = kb
        self.config = config
        self.today = today
        self.selected = selected
        self.by_name = {d.name: d for d in documents}
        self.special = {d.kind: d for d in documents if d.kind != "role"}
        self.findings: list[Finding] = []
        self.memo: dict = {}  # what a check works out once per run for several of its steps
        self._containers: dict[str, set] = {}

    # ── where things are ─────────────────────────────────────────────────────
    def doc_of(self, role: Role) -> Document:
        """The validated document of the role's YAML file."""
        return self.by_name[role.file]

    def position(self, doc: Document, parts: tuple) -> tuple[int | None, int | None]:
        """Line and column of the value at `parts`; for a list or mapping, of its key
        ("kpis:" says more than the first item's line)."""
        parts = tuple(parts)
        if doc.name not in self._containers:
            self._containers[doc.name] = {p[:-1] for p in doc.positions if p}
        if parts in self._containers[doc.name] and parts in doc.key_positions:
            return doc.key_positions[parts]
        return doc.where(parts) or (None, None)

    def text_parts(self, doc: Document, parts: tuple, lines) -> list[tuple[tuple, str]]:
        """(YAML path, text) of a field the model holds as lines: a list in YAML gives one path
        per item, a single string one path."""
        parts = tuple(parts)
        if parts + (0,) in doc.positions:
            return [(parts + (i,), line) for i, line in enumerate(lines)]
        return [(parts, line) for line in lines]

    def role_texts(self, role: Role):
        """Every public text of a role with its YAML path: summary, duties, authorities,
        relationships, qualifications, conditions, cases."""
        doc = self.doc_of(role)
        if role.summary:
            yield ("summary",), role.summary
        for i, duty in enumerate(role.duties):
            yield ("duties", i, "title"), duty.title
            if duty.description:
                yield ("duties", i, "description"), duty.description
            for key in ("tasks", "coordination", "deliverables"):
                yield from self.text_parts(doc, ("duties", i, key), getattr(duty, key))
        yield from self.text_parts(doc, ("authorities",), role.authorities)
        for group in ("relationships", "qualifications", "conditions"):
            for key, lines in getattr(role, group).entries():
                yield from self.text_parts(doc, (group, key), lines)
        for i, case in enumerate(role.cases):
            if case.title:
                yield ("cases", i, "title"), case.title
            for key, lines in case.entries():
                yield from self.text_parts(doc, ("cases", i, key), lines)

    # ── recording ────────────────────────────────────────────────────────────
    def wants(self, code: str) -> bool:
        """Whether the check with this code was selected for this run."""
        return code in self.selected

    def severity(self, code: str) -> str:
        """The code's severity: the project's setting, else the catalogue's."""
        return self.config.severity.get(code, BY_CODE[code].severity)

    def report(self, code: str, doc: Document, parts: tuple, message: str, hint: str = "", *,
               role: Role | None = None, department_id: str = "") -> None:
        """Records a finding at `parts` of the document, if the check was selected, with the project's severity."""
        if not self.wants(code):
            return
        line, column = self.position(doc, parts)
        found = problem(code, message, doc.name, line, column, json_path(tuple(parts)), hint)
        if found.severity != self.severity(code):  # the project's setting (pyproject.toml) wins
            found = replace(found, severity=self.severity(code))
        self.findings.append(Finding(found, role.id if role else "",
                                     department_id or (role.department_id if role else "")))

    def report_role(self, code: str, role: Role, parts: tuple, message: str, hint: str = "") -> None:
        """Records a finding in the role's own file (see report)."""
        self.report(code, self.doc_of(role), parts, message, hint, role=role)


def quote(text: str, limit: int = 30) -> str:
    """A YAML text shortened for a message: 「…」."""
    text = " ".join(str(text).split())
    return f"「{text[:limit]}…」" if len(text) > limit else f"「{text}」"
