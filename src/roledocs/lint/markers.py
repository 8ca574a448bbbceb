"""Accepted exceptions, marked where the value is written:

    - 完成上级交办的其他工作。  # roledocs-lint: disable=RD553 原文如此，保留
    # roledocs-lint: disable=RD541,RD542 门店编制由总部核定
    id: store-team-lead

A marker at the end of a line covers the findings on that line; a marker on a line of its
own covers the next line that is not a comment. After `disable=` come codes, check names
or families, separated by commas; then the reason, which is required. Markers that name no
check, give no reason, or no longer cover anything are findings themselves (RD590), so they
do not outlive the problem they excused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..kb.load import Document
from ..kb.problems import problem
from .context import Finding
from .registry import lookup

MARKER = re.compile(r"#\s*roledocs-lint\s*:\s*disable\s*=\s*([^\s#]*)\s*(.*?)\s*$")


@dataclass
class Marker:
    """One `roledocs-lint: disable=` comment: the line it covers, the checks it names and its reason."""

    file: str
    line: int           # the line it covers
    written: int        # the line it is written on
    names: list[str]
    reason: str
    codes: set[str] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)
    used: bool = False


def read_markers(documents: list[Document]) -> dict[tuple[str, int], list[Marker]]:
    """(file, covered line) → the markers covering it, for every file of the knowledge base."""
    found: dict[tuple[str, int], list[Marker]] = {}
    for doc in documents:
        try:
            text = doc.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the file loaded a moment ago; if it is gone now there is nothing to mark
        if "roledocs-lint" not in text:  # most files: no line to look at
            continue
        lines = text.splitlines()
        pending: list[Marker] = []  # markers on lines of their own wait for the next line
        for number, text in enumerate(lines, start=1):
            stripped = text.strip()
            match = MARKER.search(text) if "roledocs-lint" in text else None
            if match:
                names = [n for n in match[1].split(",") if n]
                marker = Marker(doc.name, number, number, names, match[2])
                for name in names:
                    checks = lookup(name)
                    marker.codes.update(c.code for c in checks)
                    if not checks:
                        marker.unknown.append(name)
                if stripped.startswith("#"):
                    pending.append(marker)
                    continue
                found.setdefault((doc.name, number), []).append(marker)
            if stripped and not stripped.startswith("#"):
                for marker in pending:
                    marker.line = number
                    found.setdefault((doc.name, number), []).append(marker)
                pending = []
        for marker in pending:  # nothing follows: it covers nothing, and says so (RD590)
            found.setdefault((doc.name, marker.written), []).append(marker)
    return found


def apply_markers(findings: list[Finding], markers: dict[tuple[str, int], list[Marker]]) -> tuple[list[Finding], int]:
    """The findings no marker covers, and how many were covered."""
    kept, covered = [], 0
    for finding in findings:
        p = finding.problem
        covering = [m for m in markers.get((p.file, p.line), ()) if p.code in m.codes]
        for marker in covering:
            marker.used = True
        if covering:
            covered += 1
        else:
            kept.append(finding)
    return kept, covered


def marker_problems(markers: dict[tuple[str, int], list[Marker]], ran: set[str], severity: str) -> list[Finding]:
    """RD590 for markers that are wrong or no longer needed."""
    out = []
    for marker in (m for covering in markers.values() for m in covering):
        where = (marker.file, marker.written)

        def add(message: str, hint: str) -> None:
            out.append(Finding(replace(problem("RD590", message, where[0], where[1], hint=hint), severity=severity)))

        if marker.unknown:
            add(f"例外标记中的 {'、'.join(marker.unknown)} 不是已有的检查",
                "写检查代码（如 RD501）、检查名或类别；全部检查见 roledocs lint --list。")
        if not marker.names:
            add("例外标记没有写要忽略哪项检查", "写成 # roledocs-lint: disable=RD501 原因。")
        elif not marker.reason:
            add("例外标记没有写原因", "在代码后面写明为什么接受这个例外，例如 # roledocs-lint: disable=RD541 门店编制由总部核定。")
        if marker.codes and not marker.used and marker.codes <= ran:
            add(f"例外标记（{','.join(marker.names)}）没有忽略任何问题", "问题已经改好了：请删除这个标记。")
    return out
