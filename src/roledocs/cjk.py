"""Chinese characters: what counts as one, folded YAML lines, display width, and
Traditional ↔ Simplified conversion. The one home of the CJK ranges every layer uses.

OpenCC is imported on first conversion only (it is not needed to validate or to search a
fresh index).
"""
from __future__ import annotations

import functools
import re
import unicodedata

# Han ideographs (BMP blocks and compatibility ideographs, plus the supplementary planes)
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Han plus CJK punctuation and full-width forms: the characters between which a space is
# an artefact of line wrapping, never text
CJK = HAN + "\u3000-\u303f\uff00-\uffef"

# compiled on first use (module __getattr__): sre takes ~3 ms per class of Han characters, and a
# cold `roledocs search` imports this module for display_width only
_PATTERNS = {"HAS_HAN": f"[{HAN}]", "HAN_RUN": f"[{HAN}]+",
             "_FOLDED_SPACE": f"(?<=[{CJK}])[ \t\r\n]+(?=[{CJK}])"}


@functools.cache
def __getattr__(name: str) -> re.Pattern:
    if name not in _PATTERNS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return re.compile(_PATTERNS[name])


def is_han(char: str) -> bool:
    """True for one Chinese character (汉字)."""
    return bool(__getattr__("HAS_HAN").fullmatch(char))


def unfold(text: str) -> str:
    """Text as written: a folded YAML scalar (`>-`) joins lines with a space, which between two
    Chinese characters is an artefact of the editor's line wrapping ("制度， 主要" → "制度，主要").
    Leading/trailing whitespace (a `|` block's final newline) goes too."""
    if " " not in text and "\n" not in text and "\t" not in text and "\r" not in text:
        return text.strip()  # (most texts: nothing was folded; the regular expression would try every character)
    return __getattr__("_FOLDED_SPACE").sub("", text).strip()


# Full-width punctuation Chinese text is written with: the only characters of most duty texts
# that NFKC changes (each to one ASCII character, its whole compatibility decomposition)
_FULL_WIDTH_PUNCTUATION = tuple((c, unicodedata.normalize("NFKC", c)) for c in "，；：（）！？")


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), about 5× faster on Chinese prose: the full-width
    punctuation is replaced first (by its decomposition, so the result is the same), and text
    that is then already normalised (nearly all) is not normalised again."""
    for wide, narrow in _FULL_WIDTH_PUNCTUATION:
        if wide in text:
            text = text.replace(wide, narrow)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def display_width(text: str) -> int:
    """Columns the text takes in a terminal or a spreadsheet cell: wide (CJK) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s); case, width and punctuation stay as written."""
    return _t2s().convert(text) if text else text


def to_traditional(text: str) -> str:
    """Simplified → Traditional (OpenCC s2t), nothing else changed."""
    return _s2t().convert(text) if text else text
