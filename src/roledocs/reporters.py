"""Problems shown to people (text) and to machines (JSON). Tiny on purpose."""
from __future__ import annotations

import json

from .problems import SEVERITY_LABEL, Problem
from .terminal import safe, safe_lines


def problems_as_text(problems: list[Problem], files_checked: int, *, color: bool = False) -> str:
    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    lines = []
    for p in problems:
        label = paint(SEVERITY_LABEL[p.severity], "31;1" if p.is_error else "33;1")
        # messages quote YAML: its control characters are shown, never sent to the terminal
        lines.append(f"{safe(p.location())}: {label} {p.code} {safe_lines(p.message)}")
        if p.hint:
            lines.append(f"    提示：{safe_lines(p.hint)}")
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        lines.append(paint(f"✗ 检查了 {files_checked} 个文件：{errors} 个错误，{warnings} 个警告", "31"))
    elif warnings:
        lines.append(paint(f"✓ 检查了 {files_checked} 个文件：没有错误，{warnings} 个警告", "33"))
    else:
        lines.append(paint(f"✓ 检查了 {files_checked} 个文件：没有发现问题", "32"))
    return "\n".join(lines)


def problems_as_json(problems: list[Problem]) -> str:
    return json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2)
