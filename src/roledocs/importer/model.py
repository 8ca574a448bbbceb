"""The importer's own data: what every stage hands to the next.

The bottom module of the importer: it imports nothing from the other stages, so
readers, sections, duties, kpi and draft all build on it without import cycles.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One line of a legacy document, as the readers make it."""

    text: str
    number: int  # 1-based position in the source (in its page or sheet), shown in the report
    indent: int = 0
    page: str = ""  # where the number counts: "" (the file), 「第 2 页」 (PDF), 「工作表「销售代表」」 (Excel)

    def where(self) -> str:
        """「第12行」, or 「第 2 页第12行」 in a paged source."""
        return f"{self.page}第{self.number}行"


@dataclass
class Item:
    """One line of a section, with its enumeration style (kind) and number."""

    id: int
    line: Line
    kind: str | None
    number: int | None
    body: str


@dataclass
class ParsedKpi:
    """One KPI line read apart: the name as written, weight, thresholds, target, period."""

    name: str
    weight: float | None = None
    passing: float | None = None
    excellent: float | None = None
    period: str | None = None
    target: str | None = None  # a bare target value (99.5%) that is no pass / excellent mark
    note: str | None = None
    direction: str | None = None  # higher | lower, when the thresholds say so
    line: int | None = None  # where it was written in the source


@dataclass
class Duties:
    """What `build_duties` found: duties (dicts in the schema's shape), KPIs met on the way, used line ids."""

    duties: list[dict] = field(default_factory=list)
    kpis: list[ParsedKpi] = field(default_factory=list)
    used: set[int] = field(default_factory=set)


@dataclass
class ParsedRole:
    """One role of a legacy document, read into fields but not yet checked against the knowledge base."""

    title: str
    fields: dict[str, str] = field(default_factory=dict)  # ident fields as written: department, reports_to …
    field_lines: dict[str, int] = field(default_factory=dict)  # ident field → its source line number
    summary: list[str] = field(default_factory=list)
    duties: list[dict] = field(default_factory=list)
    authorities: list[str] = field(default_factory=list)
    relationships: dict[str, list[str]] = field(default_factory=dict)
    qualifications: dict[str, list[str]] = field(default_factory=dict)
    kpis: list[ParsedKpi] = field(default_factory=list)
    conditions: dict[str, list[str]] = field(default_factory=dict)
    career: dict[str, list[str]] = field(default_factory=dict)  # promotes_to / from / rotation / notes
    cases: list[dict] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # ids (index in the document) of lines that went somewhere
    lines: list[tuple[int, Line]] = field(default_factory=list)

    def unused(self) -> list[Line]:
        """The role's lines that no field took, in document order."""
        return [line for i, line in self.lines if i not in self.used and i >= 0]
