"""Knowledge-base health checks (`roledocs lint`): is it a good knowledge base, not only a
valid one? Overlapping duties, functions nobody carries, unfair requirements, KPI gaps,
structure and writing — each finding a `Problem` at file:line.

    from roledocs.lint import lint_knowledge_base
    report = lint_knowledge_base(".")              # raises InvalidKnowledgeBase when invalid
    for finding in report.findings: print(finding.problem.location(), finding.problem.message)

The checks read the typed model built for the public audience (so no finding quotes a
confidential field) and the loaded documents (for lines). Families of checks are modules
(`registry.FAMILIES`); a family is imported only when one of its checks runs.
"""
from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from pathlib import Path

from ..gcpause import collector_paused
from ..kb.load import Document
from ..kb.problems import SEVERITY_RANK, Problem
from .config import LintConfig, load_config
from .context import Finding, LintContext
from .markers import apply_markers, marker_problems, read_markers
from .registry import BY_CODE, CHECKS, FAMILIES, resolve

ORDER = {c.code: n for n, c in enumerate(CHECKS)}


@dataclass
class LintReport:
    """The result of one lint run: the findings, which checks ran, and what was looked at."""

    findings: list[Finding]       # grouped by check (catalogue order), then file and line
    ran: tuple[str, ...]          # codes of the checks that ran
    roles: int
    files: int
    covered: int                  # findings an exception marker accepted
    config: LintConfig

    @property
    def problems(self) -> list[Problem]:
        """The findings' problems, in report order."""
        return [f.problem for f in self.findings]

    def count(self, severity: str) -> int:
        """How many findings have this severity."""
        return sum(f.problem.severity == severity for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Findings per code, every check that ran included (0 when clean)."""
        out = {code: 0 for code in self.ran}
        for f in self.findings:
            out[f.code] = out.get(f.code, 0) + 1
        return out

    def failed(self, fail_on: str | None = None) -> bool:
        """True when a finding is at or above `fail_on` (default: the configured level)."""
        level = SEVERITY_RANK[fail_on or self.config.fail_on]
        return any(SEVERITY_RANK[f.problem.severity] >= level for f in self.findings)


OVERLAP_ASIDE_FROM = 200  # roles: from here the overlap check runs in a second process meanwhile


def _overlap_aside(ctx: LintContext):
    """Start the overlap check (most of a big lint) in a forked process (roledocs.forked) while
    the other checks run here; returns a function that adds its findings to ``ctx`` (and its
    parse-cache entries to the cache), or None when no process can be forked."""
    from .. import forked
    from ..kb import cache
    from ..kb.problems import Problem
    from .context import Finding

    overlap_check = importlib.import_module(FAMILIES["overlap"][0])
    if not forked.can_fork() or overlap_check.pairs_known(ctx):
        return None

    def overlap() -> list:
        before = len(ctx.findings)
        overlap_check.run(ctx)
        found = [(f.problem.as_tuple(), f.role_id, f.department_id) for f in ctx.findings[before:]]
        del ctx.findings[before:]
        return [found, cache.handed_over()]

    later = forked.aside(overlap, in_child=cache.for_child_process)

    def collect() -> None:
        found, entries = later()
        ctx.findings.extend(Finding(Problem.from_tuple(tuple(p)), role, dept) for p, role, dept in found)
        cache.take_over(entries)
    return collect


def selected_codes(config: LintConfig, only=None, disable=None) -> set[str]:
    """Which checks run: those named with `only` (else all but the configured `disable`),
    less those named with `disable`. Unknown names raise UsageError (exit 2)."""
    chosen = resolve(only, source="--only") if only else {c.code for c in CHECKS} - config.disabled
    return chosen - resolve(disable, source="--disable")


def lint_documents(documents: list[Document], roles_dir: Path, *, config: LintConfig | None = None,
                   only=None, disable=None, today: dt.date | None = None) -> LintReport:
    """Lint documents that passed validation (`roledocs.kb.validate`)."""
    from ..kb.model import build_model
    from ..vocabulary import project_vocabulary

    config = config or LintConfig()
    selected = selected_codes(config, only, disable)
    # the checks make hundreds of thousands of short-lived containers and no cycles: each full
    # collection would walk the loaded knowledge base again (~1 s of a 1,000-role lint)
    with collector_paused():
        kb = build_model(documents, "public", root=roles_dir, vocab=project_vocabulary(Path(roles_dir).parent))
        ctx = LintContext(documents, kb, config, today or dt.date.today(), selected)
        families = [family for family in FAMILIES
                    if family != "markers" and any(BY_CODE[c].family == family for c in selected)]
        overlap = _overlap_aside(ctx) if "overlap" in families and len(kb.roles) >= OVERLAP_ASIDE_FROM else None
        for family in families:
            if not (family == "overlap" and overlap):
                importlib.import_module(FAMILIES[family][0]).run(ctx)
        if overlap:
            overlap()
    markers = read_markers(documents)
    findings, covered = apply_markers(ctx.findings, markers)
    if "RD590" in selected:
        findings += marker_problems(markers, selected, ctx.severity("RD590"))
    findings.sort(key=lambda f: (ORDER[f.code], f.problem.sort_key()))
    ran = tuple(sorted(selected, key=ORDER.get))
    return LintReport(findings, ran, len(kb.roles), len(documents), covered, config)


def lint_knowledge_base(root: Path | str, *, only=None, disable=None, config: LintConfig | None = None,
                        today: dt.date | None = None) -> LintReport:
    """Validate, then lint the knowledge base at `root` (the project or its roles/ folder).

    Raises `roledocs.kb.InvalidKnowledgeBase` (exit 1) when validation finds errors — no
    check runs then — and `UsageError` (exit 2) for unknown check names or bad settings.
    """
    from ..kb import InvalidKnowledgeBase
    from ..kb.load import find_roles_dir
    from ..kb.validate import validate_knowledge_base

    config = config or load_config(find_roles_dir(Path(root)).parent)
    selected_codes(config, only, disable)  # a misspelt check name is reported before any work
    report = validate_knowledge_base(Path(root))
    if not report.ok:
        raise InvalidKnowledgeBase(report)
    return lint_documents(report.documents, report.roles_dir, config=config, only=only, disable=disable, today=today)
