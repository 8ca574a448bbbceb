"""How values read in Chinese documents: numbers, thresholds, dates, numerals, lists.

One home for these, so the Word file, the PDF, the site and the exports print 「≥ 90%」 and
「2026年1月1日」 the same way.
"""
from __future__ import annotations

import datetime as dt

NONE = "—"  # an empty cell in a table
NUMERALS = "一二三四五六七八九"


def number(value) -> str:
    """90.0 → "90", 2.5 → "2.5", None → ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def percent(value) -> str:
    """A weight or share: 40 → "40%" ("" when absent)."""
    return f"{number(value)}%" if value is not None else ""


def threshold(value, direction: str, unit: str = "") -> str:
    """合格 / 优异 lines read as a comparison: 「≥ 90%」 when higher is better, 「≤ 5%」 when
    lower is better; a unit that is a word gets a space (「≥ 3 次」). "" when absent."""
    if value is None:
        return ""
    sign = "≤" if direction == "lower" else "≥"
    sep = "" if unit in ("%", "") else " "
    return f"{sign} {number(value)}{sep}{unit}"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (section numbers never pass 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[ones - 1] if ones else "")


def parse_date(value) -> dt.date | None:
    """A YYYY-MM-DD string (or a date) as a date; None when it is not one."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def chinese_date(value) -> str:
    """2026-01-01 → 2026年1月1日; text that is not a date is kept as written."""
    day = parse_date(value)
    if day is None:
        return "" if not value else str(value)
    return f"{day.year}年{day.month}月{day.day}日"


def join(items, sep: str = "、") -> str:
    """Titles or texts joined the Chinese way (、 by default)."""
    return sep.join(str(getattr(x, "title", x)) for x in items)


def sentences(lines) -> str:
    """Lines as one paragraph: a 「；」 after a line without end punctuation, except the last."""
    lines = [str(x) for x in lines]
    return "".join(x if x.endswith(("。", "；", "！", "？", ".", ";")) or i == len(lines) - 1 else x + "；"
                   for i, x in enumerate(lines))
