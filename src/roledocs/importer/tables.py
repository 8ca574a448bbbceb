"""Tables as the lines a person would type for them.

An identification row 「岗位名称 | 销售经理 | 所属部门 | 销售部」 becomes 「岗位名称：销售经理」 and
「所属部门：销售部」; a duty table (序号 / 工作项目 / 具体职责) one numbered duty per row with its
tasks indented below; a KPI table (指标 / 权重 / 合格 / 优秀) one KPI line per row in the
「名称（权重30%）：≥90%为合格，≥98%为优秀」 form. Word, Markdown, web-page, Excel and PDF
tables all go through here. Each line remembers which row it came from (0 is the header).
"""
from __future__ import annotations

import re

_GENERIC_HEADER = {"项目", "内容", "说明", "名称", "要求", "栏目", "备注", "类别", "信息"}
_DUTY_HEADER = re.compile(r"工作项目|职责项目|工作内容|主要职责|具体职责|工作任务|职责描述|职责")
_NUMBER_HEADER = re.compile(r"^(序号|编号|No\.?)$", re.I)
_KPI_HEADER = re.compile(r"指标|考核项目|考核内容")
_WEIGHT_HEADER = re.compile(r"权重|比重|占比")


def table_to_lines(rows: list[list[str]]) -> list[str]:
    """A table as the lines a person would write for it."""
    return [text for _, text in table_lines(rows)]


def table_lines(rows: list[list[str]]) -> list[tuple[int, str]]:
    """A table as (row index, line) pairs: the lines a person would write, each with the row it came from."""
    indexed = [(i, r) for i, r in enumerate(rows) if any(c for c in r)]
    if not indexed:
        return []
    header = [c.replace(" ", "") for c in indexed[0][1]]
    if all(c in _GENERIC_HEADER for c in header if c):  # 「项目 | 内容」: a header that says nothing
        indexed = indexed[1:]
        if not indexed:
            return []
        header = [c.replace(" ", "") for c in indexed[0][1]]
    if is_duty_header(header):
        return _duty_table(header, indexed)
    if is_kpi_header(header):
        return _kpi_table(header, indexed)
    # a form whose lower part is a duty or KPI table (「考核内容 | 比重 | 及格线 | 优秀线」 in row 5)
    inner = next((n for n, (_, cells) in enumerate(indexed) if n and (is_duty_header(cells) or is_kpi_header(cells))),
                 None)
    above = indexed if inner is None else indexed[:inner]
    lines = [(i, line) for i, cells in above for line in row_to_lines(cells)]
    if inner is not None:
        header = [c.replace(" ", "") for c in indexed[inner][1]]
        table = _duty_table if is_duty_header(header) else _kpi_table
        lines += table(header, indexed[inner:])
    return lines


def is_duty_header(cells: list[str]) -> bool:
    """「序号 | 工作项目 | 具体职责」: the header of a duty table."""
    cells = [c.replace(" ", "") for c in cells]
    return any(_NUMBER_HEADER.match(c) for c in cells) and any(_DUTY_HEADER.search(c) for c in cells)


def is_kpi_header(cells: list[str]) -> bool:
    """「考核指标 | 权重 | 合格 | 优秀」: the header of a KPI table."""
    cells = [c.replace(" ", "") for c in cells]
    return any(_KPI_HEADER.search(c) for c in cells) and any(_WEIGHT_HEADER.search(c) for c in cells)


def _duty_table(header: list[str], indexed: list[tuple[int, list[str]]]) -> list[tuple[int, str]]:
    first = indexed[0][0]
    rows = indexed[1:]
    lines = [(first, "岗位职责")]
    number_col = next(i for i, c in enumerate(header) if _NUMBER_HEADER.match(c))
    text_cols = [i for i in range(len(header)) if i != number_col]
    # with three columns the first text column names the duty (工作项目) and the last holds its tasks
    title_col = text_cols[0] if len(text_cols) > 1 else None
    detail_cols = text_cols[1:] if len(text_cols) > 1 else text_cols
    for n, (row, cells) in enumerate(rows, 1):
        cells = cells + [""] * (len(header) - len(cells))
        title = cells[title_col].replace("\n", "") if title_col is not None else ""
        details = [ln.strip() for i in detail_cols for ln in cells[i].splitlines() if ln.strip()]
        if title:
            lines.append((row, f"{n}. {title}"))
            lines.extend((row, "    " + (d if has_marker(d) else "- " + d)) for d in details)
        else:
            lines.extend((row, f"{n}. {d}") for d in details)
    return lines


def _kpi_table(header: list[str], indexed: list[tuple[int, list[str]]]) -> list[tuple[int, str]]:
    lines = [(indexed[0][0], "绩效考核指标")]
    col = {name: next((i for i, c in enumerate(header) if re.search(pattern, c)), None)
           for name, pattern in (("name", _KPI_HEADER.pattern), ("weight", _WEIGHT_HEADER.pattern), ("pass", "合格|达标|及格"),
                                 ("excellent", "优秀|优异|卓越"), ("target", "目标|标准"), ("period", "周期"))}
    for row, cells in indexed[1:]:
        get = lambda key: cells[col[key]].strip() if col[key] is not None and col[key] < len(cells) else ""  # noqa: E731
        name = get("name")
        if not name or re.fullmatch(r"(合计|总计)", name):
            continue
        text = name
        weight = get("weight").rstrip("%％")
        if weight:
            text += f"（权重{weight}%）"
        standards = []
        for key, word in (("pass", "合格"), ("excellent", "优秀")):
            value = get(key)
            if value:
                standards.append(value if re.search("合格|优秀|优异", value) else f"{value}为{word}")
        if not standards and get("target") and col["target"] not in (col["pass"], col["excellent"]):
            standards.append(get("target"))
        if get("period"):
            standards.append("考核周期：" + get("period"))
        lines.append((row, text + ("：" + "，".join(standards) if standards else "")))
    return lines


_MARKER = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*、|\d{1,2}\s*[、.．)）]"
                     r"|[①-⑳]|[♦◆●•·▪■\-*])")


def has_marker(text: str) -> bool:
    """Whether the text starts with an enumeration marker (1. （一） ① - …)."""
    return bool(_MARKER.match(text))


def row_to_lines(cells: list[str]) -> list[str]:
    """One row of an identification table: label, value, label, value … → "label：value" lines.

    Empty cells count: 「岗位编号 | (空) | 所属部门 | 销售部」 pairs 岗位编号 with nothing,
    not with 所属部门.
    """
    from .labels import is_label

    cells = [c.strip() for c in cells]
    lines, i = [], 0
    while i < len(cells):
        cell = cells[i].replace("\n", "") if len(cells[i]) <= 12 else cells[i]
        if not cell:
            i += 1
            continue
        if is_label(cell) and i + 1 < len(cells) and not is_label(cells[i + 1].replace("\n", "")):
            value = cells[i + 1]
            parts = [p.strip() for p in value.splitlines() if p.strip()]
            if len(parts) == 1:
                lines.append(f"{cell}：{parts[0]}")
            elif parts:  # a label whose value is a list (任职资格 | 1. … 2. …)
                lines.append(cell)
                lines.extend(parts)
            i += 2
        else:
            lines.extend(p.strip() for p in cells[i].splitlines() if p.strip())
            i += 1
    return lines
