"""Find the roles in a document: where each one starts and what it is called.

A role starts at
- a document title: 「门店组长职位说明书」「销售总监岗位职责说明书范文(3篇)」「五、销售总监职责」;
- an identification field: 「岗位名称：销售经理」 (or the label and the value on two lines);
- an introduction: 「以下是销售总监的主要职责和任务」;
- a bare title right before a numbered list or a field: 「销售代表」 + 「1.客户开发与维护…」,
  「1.销售总监」 + 「直接上司:总经理」.
A bare title found under a chapter heading (「二、岗位职责」) ends at the next chapter
heading of the same style (「三、销售工作流程」).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .labels import find_label, heading_label, looks_like_title, marker_kind, marker_number, strip_marker
from .model import Line

_TITLE_SUFFIXES = re.compile(
    r"(?:[（(][^()（）]{0,12}[)）]|范文|范例|模板|模版|怎么写|概述|概览|详解|清单|大全|详细版|汇总|"
    r"与工作内容|及工作内容|的主要工作|主要工作|说明书|说明表|说明|职责|职务|岗位|职位|工作|的|书)$")
_DOC_WORDS = ("说明书", "职责", "说明表")
_INTRO = re.compile(r"以下是(.{2,12}?)的(?:主要|具体)?(?:岗位)?(?:职责|工作内容)")


@dataclass
class RoleBlock:
    """The lines of one role in a document, under the title that starts it."""

    title: str
    lines: list[tuple[int, Line]] = field(default_factory=list)  # (line id, line); the first names the role


@dataclass
class Split:
    """A document's roles and the lines that belong to none."""

    blocks: list[RoleBlock]
    outside: list[tuple[int, Line]]  # lines before the first role or after a role's chapter ended


def document_title(text: str) -> str | None:
    """「销售总监岗位职责说明书范文(3篇)」 → 销售总监; None when the line is no such title."""
    body = strip_marker(text).strip().lstrip("#").strip().rstrip(":：")
    if len(body) > 30 or re.search(r"[。，,；;！]", body):
        return None
    stripped, saw_doc_word = body, False
    while True:
        match = _TITLE_SUFFIXES.search(stripped)
        if not match or match.start() == 0:
            break
        saw_doc_word |= match[0] in _DOC_WORDS
        stripped = stripped[: match.start()]
    stripped = stripped.strip()
    if saw_doc_word and looks_like_title(stripped):
        return stripped
    return None


# 「销售部岗位职责说明书模板第1篇:…」「销售部岗位工作说明书」: the start of a document about something that is no
# role (a department, a collection); what follows belongs to none of the roles before it
_COLLECTION = re.compile(r"^(.{2,12}?)(?:各职务|各岗位)?(?:岗位职责说明书|岗位说明书|职责说明书|工作说明书|岗位工作说明书|"
                         r"岗位职责)(?:模板|范文|范例|大全|汇总)?(?:第[一二三四五六七八九十\d]+篇)?\s*(?:[（(][^()（）]*[)）])?"
                         r"\s*(?:[:：]|$)")


def foreign_document(text: str) -> bool:
    """Whether the line starts a document about something that is no role (a department, a collection)."""
    match = _COLLECTION.match(strip_marker(text).strip().lstrip("#").strip())
    return (bool(match) and bool(re.fullmatch(r"[\u4e00-\u9fff]{2,12}", match[1])) and not looks_like_title(match[1])
            and document_title(text) is None and find_label(match[1]) is None)


def _value_after(lines: list[Line], i: int) -> str | None:
    """The value of an ident label at lines[i]: after the colon, or the next line."""
    text = strip_marker(lines[i].text)
    match = re.match(r"^(.{1,8}?)\s*[:：]\s*(.+)$", text)
    if match:
        return match[2].strip()
    if i + 1 < len(lines):
        nxt = lines[i + 1].text.strip()
        if len(nxt) <= 15 and not find_label(nxt) and not marker_kind(nxt):
            return nxt
    return None


def _named_title(text: str) -> bool:
    return (2 <= len(text) <= 15 and bool(re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9（）()]+", text))
            and find_label(text) is None and text not in ("无", "暂无", "待定"))


def role_start(lines: list[Line], i: int) -> str | None:
    """The title of the role that starts at lines[i], or None."""
    text = lines[i].text
    title = document_title(text)
    if title:
        return title
    body = strip_marker(text)
    label_part = re.split(r"[:：]", body, maxsplit=1)[0]
    label = find_label(label_part) if len(label_part) <= 8 else None
    if label is not None and label.section == "ident" and label.field == "title":
        value = _value_after(lines, i)
        name = value.split()[0] if value and value.split() else value
        # the 岗位名称 field says it is a title: any short name will do (质量检验员, 平面设计), not only known suffixes
        if name and (looks_like_title(name) or _named_title(name)):
            return name
        return None
    match = _INTRO.search(text)
    if match and looks_like_title(match[1]):
        return match[1]
    if i > 0:  # the value of a label on the line before (「直接上级」「工程部经理」) names another role
        before = find_label(strip_marker(lines[i - 1].text).rstrip(":："))
        if before is not None and before.section == "ident" and before.field != "title":
            return None
    if looks_like_title(body) and i + 1 < len(lines):
        nxt = lines[i + 1].text
        nxt_label = find_label(re.split(r"[:：]", strip_marker(nxt), maxsplit=1)[0])
        if marker_number(nxt) == 1 or (nxt_label is not None and nxt_label.section == "ident"):
            return body
    return None


def split_roles(lines: list[Line]) -> Split:
    """The document's lines grouped by role; lines outside every role kept apart."""
    blocks: list[RoleBlock] = []
    outside: list[tuple[int, Line]] = []
    current: RoleBlock | None = None
    chapter_kind: str | None = None  # the heading style a bare-title role lives under
    last_heading_kind: str | None = None
    for i, line in enumerate(lines):
        title = role_start(lines, i)
        kind = marker_kind(line.text)
        if title and current is not None and _same_role(current, title, line):
            current.lines.append((i, line))
            continue
        if title:
            current = RoleBlock(title, [(i, line)])
            blocks.append(current)
            bare = kind is None and document_title(line.text) is None
            chapter_kind = last_heading_kind if bare else None
            continue
        if current is not None and foreign_document(line.text):
            current, chapter_kind = None, None
            outside.append((i, line))
            continue
        if kind in ("cn", "chapter") and heading_label(line.text) is None and len(strip_marker(line.text)) <= 20:
            if current is not None and chapter_kind == kind:
                current, chapter_kind = None, None  # 「三、销售工作流程」 closes 「二、岗位职责」's roles
            last_heading_kind = kind
        elif kind in ("cn", "chapter"):
            last_heading_kind = kind
        if current is None:
            outside.append((i, line))
        else:
            current.lines.append((i, line))
    return Split(blocks, outside)


def _same_role(block: RoleBlock, title: str, line: Line) -> bool:
    """「门店组长职位说明书」 then 「职位：门店组长」: the field names the role that just started."""
    if title != block.title:
        return False
    content = [ln for _, ln in block.lines[1:] if not find_label(re.split(r"[:：]", ln.text, maxsplit=1)[0])]
    return len(content) <= 3
