"""Lint findings for people (text, grouped by check) and for programs (the JSON envelope)."""
from __future__ import annotations

from itertools import groupby

from ..kb.problems import SEVERITY_LABEL
from ..reporters import envelope
from . import LintReport
from .registry import BY_CODE, CHECKS

_COLOURS = {"error": "31;1", "warning": "33;1", "notice": "36"}


def as_text(report: LintReport, *, color: bool = False) -> str:
    """The report as Chinese text for the terminal, grouped by check (ANSI colours when `color`)."""
    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    lines: list[str] = []
    labels = {severity: paint(label, _COLOURS[severity]) for severity, label in SEVERITY_LABEL.items()}
    for code, group in groupby(report.findings, key=lambda f: f.problem.code):
        group = list(group)
        check = BY_CODE[code]
        lines.append(paint(f"{check.title}（{code} {check.name}）：{len(group)} 处", "1"))
        for f in group:
            p = f.problem
            lines.append(f"{p.location()}: {labels[p.severity]} {p.code} {p.message}")
            if p.hint:
                lines.append(f"    提示：{p.hint}")
        lines.append("")
    counts = {s: report.count(s) for s in ("error", "warning", "notice")}
    summary = (f"检查了 {report.roles} 个岗位（{len(report.ran)} 项检查）：{counts['error']} 个错误，"
               f"{counts['warning']} 个警告，{counts['notice']} 个提醒")
    if report.covered:
        summary += f"；{report.covered} 处按例外标记忽略"
    if report.failed():
        lines.append(paint("✗ " + summary, "31"))
    elif report.findings:
        lines.append(paint("✓ " + summary, "33"))
    else:
        covered = f"（{report.covered} 处按例外标记忽略）" if report.covered else ""
        lines.append(paint(f"✓ 检查了 {report.roles} 个岗位（{len(report.ran)} 项检查）：没有发现问题{covered}", "32"))
    return "\n".join(lines)


def as_json(report: LintReport, fail_on: str | None = None) -> str:
    """The report as the JSON envelope of the lint command, with per-check counts."""
    counts = report.counts()
    checks = [{"code": c.code, "name": c.name, "title": c.title, "family": c.family,
               "severity": report.config.severity.get(c.code, c.severity), "count": counts[c.code]}
              for c in CHECKS if c.code in counts]
    return envelope("lint", "fail" if report.failed(fail_on) else "ok", report.problems, checks=checks,
                    roles=report.roles, covered=report.covered,
                    findings=[{"code": f.code, "role": f.role_id, "department": f.department_id}
                              for f in report.findings])


def checks_as_text() -> str:
    """The catalogue, for `roledocs lint --list`."""
    rows = [f"{c.code}  {c.name:<26} {SEVERITY_LABEL[c.severity]}  {c.title}：{c.summary}" for c in CHECKS]
    return "\n".join(rows)
