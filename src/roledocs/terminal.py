"""Text from YAML or from a legacy file, shown in a terminal.

Such text is data: an ESC in a role title must not clear the screen, move the
cursor or recolour the rest of the output. Control characters (C0 except tab,
DEL, C1) become their visible Control Pictures (ESC → ␛), one character for one,
so highlight offsets into the text stay right.
"""
from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _picture(match: re.Match) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    return "\u2421" if code == 0x7f else "\ufffd"  # ␡ for DEL; C1 controls have no picture


def safe(text: object) -> str:
    """`text` with every control character (newlines too) made visible; tabs stay."""
    return _CONTROL.sub(_picture, str(text))


def safe_lines(text: object) -> str:
    """Like `safe`, but newlines stay (multi-line text that we print line by line)."""
    return "\n".join(safe(line) for line in str(text).split("\n"))
