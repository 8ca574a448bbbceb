"""The health checks: code, name and family. Each check's Chinese title, default severity
and summary are its code's entry in the problem catalogue (roledocs.kb.problems).

A check is named on the command line, in the configuration and in per-line markers by its
code (RD501), its name (duty-overlap) or its family (overlap: every check of the family).
The families are one module each; `CHECKS` is the only list of what exists.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..kb.problems import CATALOGUE, Severity


@dataclass(frozen=True)
class Check:
    """One health check; title, default severity and summary come from the catalogue."""

    code: str
    name: str
    family: str

    @property
    def title(self) -> str:
        """Chinese name, shown in the output and on the site."""
        return CATALOGUE[self.code].title

    @property
    def severity(self) -> Severity:
        """The default severity (a project may change it in pyproject.toml)."""
        return CATALOGUE[self.code].severity

    @property
    def summary(self) -> str:
        """One line: what it finds."""
        return CATALOGUE[self.code].explanation

    def as_dict(self) -> dict:
        """JSON-ready data: code, name, title, family, default severity, summary."""
        return {"code": self.code, "name": self.name, "title": self.title, "family": self.family,
                "severity": self.severity, "summary": self.summary}


# family → (module, Chinese name); each module has `run(ctx)` for its codes
FAMILIES = {
    "overlap": ("roledocs.lint.overlap", "职责交叉"),
    "coverage": ("roledocs.lint.coverage", "职责空白"),
    "fair-hiring": ("roledocs.lint.fairness", "公平招聘"),
    "kpi": ("roledocs.lint.kpis", "考核指标"),
    "structure": ("roledocs.lint.structure", "组织结构"),
    "writing": ("roledocs.lint.writing", "文字表述"),
    "markers": ("roledocs.lint.markers", "例外标记"),
}

CHECKS: tuple[Check, ...] = (
    Check("RD501", "duty-overlap", "overlap"),
    Check("RD502", "duty-overlap-chain", "overlap"),
    Check("RD503", "duty-repeat", "overlap"),
    Check("RD511", "function-uncovered", "coverage"),
    Check("RD512", "role-without-function", "coverage"),
    Check("RD513", "process-step-without-role", "coverage"),
    Check("RD514", "department-without-head", "coverage"),
    Check("RD521", "fair-hiring", "fair-hiring"),
    Check("RD522", "hiring-notice", "fair-hiring"),
    Check("RD531", "kpi-incomplete", "kpi"),
    Check("RD532", "kpi-unused", "kpi"),
    Check("RD533", "kpi-count", "kpi"),
    Check("RD534", "kpi-threshold-unit", "kpi"),
    Check("RD541", "span-of-control", "structure"),
    Check("RD542", "one-over-one", "structure"),
    Check("RD543", "detached-role", "structure"),
    Check("RD544", "headcount-mismatch", "structure"),
    Check("RD545", "review-overdue", "structure"),
    Check("RD546", "draft-versioned", "structure"),
    Check("RD551", "duty-without-verb", "writing"),
    Check("RD552", "task-length", "writing"),
    Check("RD553", "vague-filler", "writing"),
    Check("RD554", "deliverable-spelling", "writing"),
    Check("RD555", "english-term", "writing"),
    Check("RD590", "lint-marker", "markers"),
)

BY_CODE = {c.code: c for c in CHECKS}


def lookup(word: str) -> tuple[Check, ...]:
    """The checks a word names: a code, a check name or a family; () when none."""
    key = word.strip()
    if key.upper() in BY_CODE:
        return (BY_CODE[key.upper()],)
    named = tuple(c for c in CHECKS if key.lower() in (c.name, c.family))
    return named


def resolve(words, *, source: str = "--only / --disable") -> set[str]:
    """Codes named by `words` (each may hold several, separated by commas); UsageError
    (exit 2) for a name that is no check."""
    codes: set[str] = set()
    for word in words or ():
        for part in filter(None, (p.strip() for p in str(word).split(","))):
            found = lookup(part)
            if not found:
                raise UsageError(f"{source} 中的 {part} 不是已有的检查。可以写代码（如 RD501）、检查名（如 duty-overlap）"
                                 f"或检查类别（{'、'.join(FAMILIES)}）；全部检查见 roledocs lint --list。")
            codes.update(c.code for c in found)
    return codes
