"""Break run-together text back into lines.

Web pages and converted Word files often arrive as a few enormous lines: a
whole table flattened into 「岗位 主要工作 关键业绩指标 销售副总 (1)根据… (2)…」
or a whole chapter in 「…执行情况。2.销售业务管理深入了解…」. We cut before
enumeration markers and before known labels followed by a colon, cut a role
title off the end of a sentence when a numbered list starts right after it,
and join labels that a table split over two lines (「职位」「概要」).
"""
from __future__ import annotations

import re

from .labels import LABELS, find_label, is_label, looks_like_title, strip_marker
from .model import Line

_CJK = "\u4e00-\u9fff"
# Places to cut: before (1)/（1）, ①, ♦; before 1. / 1、 when a Chinese character follows;
# before 一、 / （一） after sentence punctuation.
_CUT = re.compile(
    rf"(?=[（(]\s*\d{{1,2}}\s*[)）](?!\s*[%％]))"
    rf"|(?=[①-⑳♦◆●•▪■])"
    rf"|(?<![\d.．:：/\-A-Za-z(（])(?=\d{{1,2}}\s*[、.．]\s*[{_CJK}“《])"
    rf"|(?<![\d.．/\-A-Za-z(（])(?=\d{{1,2}}[)）]\s*[{_CJK}“《])"
    rf"|(?:(?<=[。；;：:？?！!\s|])|(?<=说明书)|(?<=职责))(?=[一二三四五六七八九十]{{1,3}}\s*[、．]\s*[{_CJK}])"
    rf"|(?<=[。；;？?！!\s|])(?=[（(]\s*[一二三四五六七八九十]{{1,3}}\s*[)）])"
)
_COLON_LABELS = sorted({lb.text for lb in LABELS if len(lb.text) >= 3 and lb.scope is None}, key=len, reverse=True)
_LABEL_AT = re.compile(r"(?<=[" + _CJK + r"。；;，,\s)）])(?<!的)(?:" + "|".join(map(re.escape, _COLON_LABELS))
                       + r")\s*[:：]")
_SENTENCE_END = re.compile(r"[。；;！!？?\s]")
_FIRST_ITEM = re.compile(r"^\s*(?:[（(]\s*[1一]\s*[)）]|[1一]\s*[、.．]|①)")


_LABEL_SET = set(_COLON_LABELS)
# two-character labels are everyday words: cut before them only after a bracket or sentence end
_SHORT_LABEL_AT = re.compile(r"(?<=[】\]。；;！!？?\s])(?:职务|职位|岗位|部门|上级|版本|版次|编制|审核|批准|审批|核准)\s*[:：]")


def _inside_longer_label(piece: str, match: re.Match) -> bool:
    """「主要工作内容:」 must not be cut before 「工作内容:」."""
    label = re.sub(r"\s*[:：]$", "", match[0])
    return any(piece[max(0, match.start() - k):match.start()] + label in _LABEL_SET for k in range(1, 5))


def _pieces(text: str) -> list[str]:
    pieces = [p for p in _CUT.split(text) if p and p.strip()]
    out = []
    for piece in pieces:
        cuts = sorted({0, len(piece), *(m.start() for m in _SHORT_LABEL_AT.finditer(piece)),
                       *(m.start() for m in _LABEL_AT.finditer(piece) if not _inside_longer_label(piece, m))})
        out.extend(piece[a:b] for a, b in zip(cuts, cuts[1:]) if piece[a:b].strip())
    return [p.strip() for p in out]


_HEADINGS = sorted({lb.text for lb in LABELS if len(lb.text) >= 4 and lb.section not in ("ident", "ignore")},
                   key=len, reverse=True)
_GLUED_HEADING = re.compile(r"^((?:[一二三四五六七八九十]{1,3}\s*[、．]|[（(][一二三四五六七八九十]{1,3}[)）])\s*(?:"
                            + "|".join(map(re.escape, _HEADINGS)) + r"))\s*(?![:：）)])(?=[" + _CJK + r"])")


def _split_glued_heading(pieces: list[str]) -> list[str]:
    """「一、岗位概述销售主管是公司销售部门的核心职位之一…」 → the heading, then its text."""
    out = []
    for piece in pieces:
        match = _GLUED_HEADING.match(piece)
        if match and len(piece) > match.end() + 1:
            out.extend([match[1], piece[match.end():].strip()])
        else:
            out.append(piece)
    return out


def _split_title_tail(pieces: list[str]) -> list[str]:
    """「…提升公司品牌形象。销售代表」 followed by 「1.客户开发与维护…」: the title starts a new line."""
    out: list[str] = []
    for i, piece in enumerate(pieces):
        nxt = pieces[i + 1] if i + 1 < len(pieces) else ""
        if nxt and _FIRST_ITEM.match(nxt) and not looks_like_title(strip_marker(piece)):
            cut = max((m.end() for m in _SENTENCE_END.finditer(piece)), default=0)
            tail = piece[cut:].strip()
            head = piece[:cut].strip()
            if head and looks_like_title(tail):
                out.extend([head, tail])
                continue
            # 「二、岗位职责销售经理」: a heading glued to a title
            body = strip_marker(piece)
            for size in range(2, min(len(body), 12)):
                left, right = body[:-size], body[-size:]
                if find_label(left) and looks_like_title(right):
                    out.extend([piece[: len(piece) - size], right])
                    break
            else:
                out.append(piece)
            continue
        out.append(piece)
    return out


def _table_row(text: str) -> list[str] | None:
    """「岗位    培训专员    部门    人力资源部」 (a table pasted as text): label/value cells."""
    cells = [c for c in re.split(r"\s{2,}|\t|\s*\|\s*", text) if c.strip()]
    if len(cells) >= 2 and is_label(cells[0]) and not any(re.search(r"[:：]", c) for c in cells):
        return cells
    return None


_FIELD_LABELS = sorted({lb.text for lb in LABELS if len(lb.text) >= 4 and lb.scope is None
                        and lb.section in ("ident", "summary", "qualifications", "conditions", "relationships",
                                           "authorities", "career")}, key=len, reverse=True)
_FIELD_AT = re.compile("|".join(map(re.escape, _FIELD_LABELS)))
_FIELD_SECTION = {lb.text: lb.section for lb in LABELS if lb.text in set(_FIELD_LABELS)}


_RUN_ON_SECTIONS = ("ident", "summary", "relationships", "authorities", "career")
_ENUM_START = re.compile(r"\s*(?:\d{1,2}\s*[)）、.．]|[（(]\s*\d{1,2}\s*[)）]|[①-⑳])")


def _glued_fields(text: str) -> list[str] | None:
    """「岗位名称销售组组长所在部门销售部岗位定员数2+2」 (table cells run together) → 「岗位名称：销售组组长」 …"""
    first = _FIELD_AT.match(text)
    if not first or text[first.end():first.end() + 1] in ("", ":", "：", " ") or len(text) > 200:
        return None
    starts = [m.start() for m in _FIELD_AT.finditer(text)]
    listed = bool(_ENUM_START.match(text, first.end()))  # 「工作技能1)有一定的市场及营销意识」: label, then item 1
    # a section heading run into its text (「工作权限上级赋予的…」「晋升方向销售组长…」) is one too
    if len(starts) < 2 and _FIELD_SECTION[first[0]] not in _RUN_ON_SECTIONS and not listed:
        return None  # 「专业知识与问题处理（权重10%）」 is a name that starts like a label, not a field
    if listed and len(starts) < 2:
        return [first[0], text[first.end():].strip()]
    pieces = []
    for a, b in zip(starts, starts[1:] + [len(text)]):
        label = _FIELD_AT.match(text, a)
        value = text[label.end():b].strip()
        if not value and b == len(text) and len(pieces) > 0:
            pieces.append(label[0])  # 「教育程度大专及以上工作经验」: the last label's value is on the next line
            continue
        if not value:
            return None
        pieces.append(f"{label[0]}：{value}")
    return pieces


_CELL_GAP = re.compile(r"\t|\s{2,}")  # the reader turns a tab into spaces


def _cells(text: str) -> list[str]:
    return [c.strip() for c in _CELL_GAP.split(text) if c.strip()]


def _pasted_table(lines: list[Line], i: int) -> tuple[list[str], int] | None:
    """A duty or KPI table pasted as text, one row a line, cells apart by tabs or spaces:
    「指标名称  权重  合格标准  优秀标准」 then 「销售额完成率  40%  90%  110%」 … →
    the lines the Word reader makes of the same table, and how many lines it took."""
    from .tables import table_to_lines

    header = _cells(lines[i].text)
    if len(header) < 3 or any(len(c) > 8 for c in header):
        return None
    rows = [header]
    j = i + 1
    while j < len(lines) and 2 <= len(_cells(lines[j].text)) <= len(header):
        rows.append(_cells(lines[j].text))
        j += 1
    if len(rows) < 2:
        return None
    converted = table_to_lines(rows)
    # only tables the reader knows by their header (duty, KPI) become something new
    if not converted or converted[0] not in ("岗位职责", "绩效考核指标"):
        return None
    return converted, j - i


def segment_lines(lines: list[Line]) -> list[Line]:
    """The lines cut where run-together text holds several (markers, labels, pasted table rows), each keeping its source line."""
    from .tables import row_to_lines

    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        table = _pasted_table(lines, i)
        if table is not None:
            converted, taken = table
            out.extend(Line(text.strip(), line.number, line.indent + len(text) - len(text.lstrip()), line.page)
                       for text in converted)
            i += taken
            continue
        i += 1
        glued = _glued_fields(line.text)
        if glued is not None:
            out.extend(Line(text, line.number, line.indent, line.page) for text in glued)
            continue
        cells = _table_row(line.text)
        if cells is not None:
            out.extend(Line(text, line.number, line.indent, line.page) for text in row_to_lines(cells))
            continue
        pieces = (_split_glued_heading(_split_title_tail(_pieces(line.text)))
                  if len(line.text) > 30 or "：" in line.text else [line.text])
        for piece in pieces:
            out.append(Line(piece, line.number, line.indent, line.page))
    return _join_split_labels(out)


def _join_split_labels(lines: list[Line]) -> list[Line]:
    """A table cell 「职位概要」 rendered as two lines 「职位」「概要」."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and len(line.text) <= 3 and len(lines[i + 1].text) <= 4:
            joined = line.text + lines[i + 1].text
            if is_label(joined) and not is_label(lines[i + 1].text):
                out.append(Line(joined, line.number, line.indent, line.page))
                i += 2
                continue
        out.append(line)
        i += 1
    return out
