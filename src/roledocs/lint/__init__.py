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

import copy
import datetime as dt
import importlib
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from ..gcpause import collector_paused
from ..kb.load import Document
from ..kb.problems import SEVERITY_RANK, Problem
from .config import LintConfig, load_config
from .context import Finding, LintContext
from .markers import apply_markers, marker_problems, read_markers
from .registry import BY_CODE, CHECKS, FAMILIES, resolve

ORDER = {c.code: n for n, c in enumerate(CHECKS)}
_SEVERITY, _CODE = attrgetter("problem.severity"), attrgetter("problem.code")


@dataclass
class LintReport:
    """The result of one lint run: the findings, which checks ran, and what was looked at."""

    findings: list[Finding]       # grouped by check (catalogue order), then file and line
    ran: tuple[str, ...]          # codes of the checks that ran
    roles: int
    files: int
    covered: int                  # findings an exception marker accepted
    config: LintConfig
    _counted: tuple[int, Counter] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def problems(self) -> list[Problem]:
        """The findings' problems, in report order."""
        return [f.problem for f in self.findings]

    def count(self, severity: str) -> int:
        """How many findings have this severity."""
        return self._severities()[severity]

    def _severities(self) -> Counter:
        """Findings per severity, counted once for as many findings (the text report asks five times:
        0.07 s of 26,000 findings)."""
        if self._counted is None or self._counted[0] != len(self.findings):
            self._counted = (len(self.findings), Counter(map(_SEVERITY, self.findings)))
        return self._counted[1]

    def counts(self) -> dict[str, int]:
        """Findings per code, every check that ran included (0 when clean)."""
        out = {code: 0 for code in self.ran}
        out.update(Counter(map(_CODE, self.findings)))
        return out

    def failed(self, fail_on: str | None = None) -> bool:
        """True when a finding is at or above `fail_on` (default: the configured level)."""
        level = SEVERITY_RANK[fail_on or self.config.fail_on]
        return any(SEVERITY_RANK[severity] >= level for severity in self._severities())


OVERLAP_ASIDE_FROM = 200  # roles: from here the duty texts are compared in a second process meanwhile
# The families run while the comparison goes on, the longest first (CPU at 1,000 roles: writing
# 0.55 s, coverage 0.15–0.26 s, fair-hiring 0.11 s, kpi and structure 0.01 s): the one running when
# the comparison ends is finished here before the rest go to the second process, so the short ones
# are left for last.
LONGEST_FIRST = ("writing", "coverage", "fair-hiring", "kpi", "structure")


def _longest_first(family: str) -> int:
    return LONGEST_FIRST.index(family) if family in LONGEST_FIRST else len(LONGEST_FIRST)


def _compare_aside(documents: list[Document], roles_dir: Path, config: LintConfig, by_role=None):
    """Start comparing the duty texts (most of a big lint: overlap.cached_scored_pairs) in a
    forked process (roledocs.forked) while this one goes on: validating, building the model,
    running the other checks. `by_role`: the compared texts, role by role, when the model gives
    them (overlap.compared_texts); without the model they are read from the documents, so the
    comparison can start as soon as the files are read. Returns a function that gives the
    comparison (overlap.Compared) and hands the child's parse-cache entries to the cache here (its
    `cancel()` stops the child: the knowledge base turned out invalid), or None when no process
    can be forked. A comparison the parse cache keeps is looked up here: then no process is
    started, and a child never waits for the database (this process writes what was read while
    the child starts)."""
    from .. import forked
    from ..kb import cache

    if not forked.can_fork():
        return None
    overlap_check = importlib.import_module(FAMILIES["overlap"][0])
    threshold = config.threshold("overlap-similarity")
    with collector_paused():
        if by_role is None:
            by_role = overlap_check.document_texts(documents)
        kept = overlap_check.kept_comparison(by_role, threshold)
    if kept is not None:
        return forked.done(kept)

    def compare() -> list:
        with collector_paused():
            compared = overlap_check.cached_scored_pairs(by_role, threshold)
        return [*compared, cache.handed_over()]

    later = forked.aside(compare, in_child=cache.for_child_process)

    def compared():
        texts, forms, pairs, entries = later()
        cache.take_over(entries)
        return overlap_check.Compared(texts, forms, [tuple(p) for p in pairs])
    compared.cancel = later.cancel
    compared.ready = later.ready
    return compared


def _other_checks(ctx: LintContext, families: list[str]):
    """A function that runs these families of checks with a context of their own and gives their
    findings as plain data (for a forked process: overlap.run's `meanwhile`)."""
    def check() -> list:
        own = copy.copy(ctx)
        own.findings = []
        for family in families:
            importlib.import_module(FAMILIES[family][0]).run(own)
        return [f.as_tuple() for f in own.findings]
    return check


def selected_codes(config: LintConfig, only=None, disable=None) -> set[str]:
    """Which checks run: those named with `only` (else all but the configured `disable`),
    less those named with `disable`. Unknown names raise UsageError (exit 2)."""
    chosen = resolve(only, source="--only") if only else {c.code for c in CHECKS} - config.disabled
    return chosen - resolve(disable, source="--disable")


def lint_documents(documents: list[Document], roles_dir: Path, *, config: LintConfig | None = None,
                   only=None, disable=None, today: dt.date | None = None, compared=None) -> LintReport:
    """Lint documents that passed validation (`roledocs.kb.validate`). `compared`: the duty texts'
    comparison started earlier in another process (`_compare_aside`)."""
    from ..kb.model import build_model
    from ..vocabulary import project_vocabulary

    config = config or LintConfig()
    selected = selected_codes(config, only, disable)
    # the checks make hundreds of thousands of short-lived containers and no cycles: each full
    # collection would walk the loaded knowledge base again (~1 s of a 1,000-role lint)
    with collector_paused():
        kb = build_model(documents, "public", root=roles_dir, vocab=project_vocabulary(Path(roles_dir).parent))
        ctx = LintContext(documents, kb, config, today or dt.date.today(), selected, compared)
        families = [family for family in FAMILIES
                    if family != "markers" and any(BY_CODE[c].family == family for c in selected)]
        if "overlap" in families and compared is None and len(kb.roles) >= OVERLAP_ASIDE_FROM:
            # (a comparison the parse cache keeps is taken from it: no process then)
            by_role = importlib.import_module(FAMILIES["overlap"][0]).compared_texts(ctx)
            ctx.compared = _compare_aside(documents, roles_dir, config, by_role)
        if "overlap" in families and len(kb.roles) >= OVERLAP_ASIDE_FROM:
            # While the comparison goes on in the other process (the second core is busy), the
            # other checks run here, a family at a time. Once it is done (or came from the cache),
            # the families left run in a second process, which then helps report the overlaps (a
            # knowledge base made from templates has tens of thousands).
            others = sorted((family for family in families if family != "overlap"), key=_longest_first)
            while others and ctx.compared is not None and not ctx.compared.ready():
                importlib.import_module(FAMILIES[others.pop(0)][0]).run(ctx)
            found = importlib.import_module(FAMILIES["overlap"][0]).run(
                ctx, meanwhile=_other_checks(ctx, others) if others else None)
            ctx.findings += map(Finding.from_tuple, found)
        else:
            for family in families:
                importlib.import_module(FAMILIES[family][0]).run(ctx)
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
    from ..kb.load import find_roles_dir, load_knowledge_base
    from ..kb.validate import check_loaded

    config = config or load_config(find_roles_dir(Path(root)).parent)
    selected = selected_codes(config, only, disable)  # a misspelt check name is reported before any work
    overlap_selected = any(BY_CODE[c].family == "overlap" for c in selected)
    # the files read meanwhile give the comparison their texts (overlap.prepare)
    also = importlib.import_module(FAMILIES["overlap"][0]).prepare if overlap_selected else None
    loaded = load_knowledge_base(Path(root), also=also)
    compared = None
    if overlap_selected and sum(d.kind == "role" for d in loaded.documents) >= OVERLAP_ASIDE_FROM:
        compared = _compare_aside(loaded.documents, loaded.roles_dir, config)  # while the files are checked
    report = check_loaded(loaded)
    if not report.ok:
        if compared is not None:
            compared.cancel()
        raise InvalidKnowledgeBase(report)
    return lint_documents(report.documents, report.roles_dir, config=config, only=only, disable=disable, today=today,
                          compared=compared)
