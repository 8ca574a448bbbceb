"""`roledocs search` as text a person reads in a terminal.

    for line in result_lines(result, width=80, color=False): print(line)

Each hit is a heading (rank, title, id, department, relevance in words), then the units that
matched, each under its label, their lines wrapped to the terminal (a Chinese character takes
two columns). A part already shown under an earlier hit (the KPI 客户满意度 that five roles
share) is shown once and referred to afterwards. Text from the knowledge base is made safe for
the terminal (`roledocs.terminal.safe`) before it is laid out.
"""
from __future__ import annotations

from typing import Callable
from unicodedata import east_asian_width

from ..cjk import display_width
from ..terminal import safe

MIN_WIDTH = 24          # narrower than this, a line cannot hold a label and some text
LABEL_INDENT = "   "
PART_INDENT = "     "   # parts sit under their label
# characters that must not begin a line (标点禁则): a break before them moves one character down
NO_LINE_START = set("，。、；：？！）」』】》〉”’…%,.;:?!)]}")
_WORD_CHAR = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./@+#")
# share of the best hit's score → words: the score itself has no unit a reader could use
RELEVANCE = ((0.7, "高"), (0.4, "中"), (0.0, "低"))

Spans = list[tuple[int, int]]
Paint = Callable[[str], str]


def relevance(score: float, best: float) -> str:
    """高 / 中 / 低: a hit's score as a share of the best hit's."""
    share = score / best if best > 0 else 1.0
    return next(word for floor, word in RELEVANCE if share >= floor)


def _char_width(char: str) -> int:
    """display_width of one character (called per character: without display_width's generator)."""
    return 2 if east_asian_width(char) in "WF" else 1


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[tuple[int, int]]:
    """Where to cut ``text`` into lines of at most ``width`` columns, each line prefixed by
    ``indent`` (the first) or ``hanging`` (the rest): (start, end) offsets into ``text``.
    Chinese breaks between any two characters, except before closing punctuation; Latin
    words and numbers are kept whole when they fit on a line."""
    hanging = indent if hanging is None else hanging
    lines, start = [], 0
    while start < len(text):
        room = max(width - display_width(indent if not lines else hanging), 2)
        end, used = start, 0
        while end < len(text) and used + (w := _char_width(text[end])) <= room:
            used += w
            end += 1
        if end < len(text):
            cut = end
            while cut > start and (text[cut] in NO_LINE_START or
                                   (text[cut] in _WORD_CHAR and text[cut - 1] in _WORD_CHAR)):
                cut -= 1
            if cut > start:  # else a word longer than the line is cut where the line ends
                end = cut
        end = max(end, start + 1)  # a character wider than the room still goes somewhere
        lines.append((start, end))
        start = end
        while start < len(text) and text[start] == " ":  # a break eats the space
            start += 1
    return lines


def _painted(text: str, spans: Spans, start: int, end: int, mark: Paint | None) -> str:
    """text[start:end] with the highlighted parts marked (when there is colour)."""
    if mark is None:
        return text[start:end]
    out, last = [], start
    for a, b in spans:
        a, b = max(a, start), min(b, end)
        if a < b and a >= last:
            out += [text[last:a], mark(text[a:b])]
            last = b
    out.append(text[last:end])
    return "".join(out)


def block(text: str, spans: Spans, width: int, indent: str, hanging: str, mark: Paint | None) -> list[str]:
    """``text`` wrapped to ``width`` columns, every line with its indent, highlights marked."""
    text = safe(text).replace("\t", " ")  # one character for one: the spans still fit
    return [(indent if i == 0 else hanging) + _painted(text, spans, a, b, mark)
            for i, (a, b) in enumerate(wrap(text, width, indent, hanging))]


def result_lines(result, width: int, *, mark: Paint | None = None, bold: Paint | None = None) -> list[str]:
    """The hits of a SearchResult as lines of at most ``width`` columns (after the colour codes
    of ``mark``, which highlights matched words, and ``bold``, for titles, are taken out)."""
    width = max(width, MIN_WIDTH)
    lines: list[str] = []
    shown: dict[tuple[str, str], int] = {}   # (label, part) → the rank it was first shown under
    best = max((hit.score for hit in result.hits), default=0.0)
    for rank, hit in enumerate(result.hits, start=1):
        title = f"{rank}. {safe(hit.title)}"
        lines += _heading([title, f" {safe(hit.id)}", safe(hit.department), f"相关度{relevance(hit.score, best)}"],
                          width, bold)
        for match in hit.matches:
            lines += _match_lines(match, rank, shown, width, mark)
    return lines


def _heading(segments: list[str], width: int, bold: Paint | None) -> list[str]:
    """Segments joined by " · " (the first two by a space), broken between segments where
    the line is full; the title (the first segment) in bold."""
    lines, current = [], ""
    for i, segment in enumerate(segments):
        joined = current + ((" " if i == 1 else " · ") + segment if current else segment)
        if current and display_width(joined) > width:
            lines.append(current)
            current = LABEL_INDENT + segment.strip()
        else:
            current = joined
    lines.append(current)
    out = [piece for line in lines for piece in block(line, [], width, "", LABEL_INDENT, None)]
    if bold and out[0].startswith(segments[0]):
        out[0] = bold(segments[0]) + out[0][len(segments[0]):]
    return out


def _match_lines(match, rank: int, shown: dict, width: int, mark: Paint | None) -> list[str]:
    label = "岗位名称" if match.field == "title" else match.label
    parts = match.parts or [(match.text, match.highlights)]
    new = [(t, s) for t, s in parts if (label, t) not in shown]
    if not new:  # everything here was shown under an earlier hit
        first = min(shown[(label, t)] for t, _ in parts)
        return block(f"{label}：内容同第 {first} 条", [], width, LABEL_INDENT, PART_INDENT, None)
    for t, _ in new:
        shown[(label, t)] = rank
    lines = block(f"{label}：", [], width, LABEL_INDENT, PART_INDENT, None)
    bullet = "· " if len(new) > 1 else ""
    for t, spans in new:
        shift = len(bullet)
        lines += block(bullet + t, [(a + shift, b + shift) for a, b in spans], width,
                       PART_INDENT, PART_INDENT + " " * display_width(bullet), mark)
    if len(new) < len(parts):  # this role's own part is shown; the shared ones were shown before
        first = min(shown[(label, t)] for t, _ in parts if shown[(label, t)] != rank)
        lines += block(f"（其余内容同第 {first} 条）", [], width, PART_INDENT, PART_INDENT, None)
    return lines


def no_hit_lines(result, width: int) -> list[str]:
    """What to say when nothing was found, and what to try instead."""
    width = max(width, MIN_WIDTH)
    query = safe(result.query[:50])
    message = [f"没有找到与“{query}”相关的岗位。"]
    if result.department:
        message[0] += f"（只在部门“{safe(result.department)}”中查找）"
    if result.confidential:
        fields = "、".join(safe(f) for f in result.confidential)
        message.append(f"“{query}”涉及保密内容（{fields}）。公开的搜索索引不收录保密字段，"
                       "所以搜不到；需要时请向人力资源部查询。")
    if result.suggestions:
        message.append("您是不是要找：" + "、".join(map(safe, result.suggestions)))
    if result.near_terms and not result.confidential:
        message.append("可以试试这些词：" + "、".join(map(safe, result.near_terms)))
    return [line for text in message for line in block(text, [], width, "", "", None)]

