"""Problems shown to people (text) and to machines (JSON). Tiny on purpose.

Every command that prints results takes `--format text|json` (OUTPUT_FORMATS); its JSON is
one envelope, documented in docs/cli.md:
{"command", "status": "ok" | "fail", "problems": [...], ...the command's own keys}.
"""
from __future__ import annotations

import json

from .errors import EXIT_OK
from .kb.problems import JSON_KEYS, SEVERITY_LABEL, Problem
from .terminal import safe, safe_lines

OUTPUT_FORMATS = ("text", "json")


def problems_as_text(problems: list[Problem], files_checked: int, *, color: bool = False) -> str:
    """One line per problem ("file:line:column: 级别 代码 说明", then its hint) and a summary line."""
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


def status_of(exit_code: int) -> str:
    """The envelope's status for a command's exit code: "ok" for 0, else "fail"."""
    return "ok" if exit_code == EXIT_OK else "fail"


def envelope(command: str, status: str, problems: list[Problem] = (), **payload) -> str:
    """The one JSON shape every command prints with --format json:
    {"command", "status": "ok" | "fail", "problems": [...], ...the command's own keys}."""
    rows = _encoded_rows((JSON_KEYS, p.json_values()) for p in problems)  # Problem.to_dict's, without the mappings
    data = {"command": command, "status": status, "problems": rows if rows is not None else [p.to_dict() for p in problems],
            **payload}
    return _dumps(data)


class _Encoded(list):
    """Items already written as JSON (`_encoded_rows`)."""


_MARK = "\x1e"  # a separator json's output never has otherwise: it escapes control characters in strings


def _dumps(data: dict) -> str:
    """The envelope as JSON, indented at the top and with each item of a list on a line of its
    own: programs read it as before, people can scan it, and json's C encoder writes it (an
    indented dump is written in Python: 1 s for a lint with 30,000 findings).

    A list of flat mappings (`_encoded_rows`) is written a mapping at a time. Any other list of
    mappings is encoded in one call, with `_MARK` between its values: a mark before "{"
    separates two items (in a mapping a key, a string, follows), the others two keys."""
    encode = json.JSONEncoder(ensure_ascii=False, default=str, separators=(", ", ": ")).encode
    marked = json.JSONEncoder(ensure_ascii=False, default=str, separators=(_MARK, ": ")).encode

    def items(written: list[str]) -> list[str]:  # (pieces of the output, joined once: it may be 30 MB)
        pieces = ["[\n    "]
        for n, piece in enumerate(written):
            pieces += (",\n    ", piece) if n else (piece,)
        pieces.append("\n  ]")
        return pieces

    def value(item) -> list[str]:
        if isinstance(item, _Encoded):
            return items(item) if item else ["[]"]
        if not (isinstance(item, list) and item):
            return [encode(item)]
        if all(type(x) is dict for x in item):
            flat = _encoded_rows((tuple(x), tuple(x.values())) for x in item)
            if flat is not None:
                return value(flat)
            body = marked(item)[1:-1]
            if body.count(_MARK + "{") == len(item) - 1:  # (no list of mappings inside an item)
                return ["[\n    ", body.replace(_MARK + "{", ",\n    {").replace(_MARK, ", "), "\n  ]"]
        return items(list(map(encode, item)))

    pieces = ["{\n"]
    for n, (key, item) in enumerate(data.items()):
        pieces += (",\n  " if n else "  ", encode(key), ": ", *value(item))
    pieces.append("\n}")
    return "".join(pieces)


def _encoded_rows(rows) -> _Encoded | None:
    """Each (keys, values) row as json's encoder writes the mapping (`_dumps`' separators), when
    every key is a string and every value a string, an int, a bool or None; else None. The
    problems of a lint report repeat most of their values (codes, hints, titles, file names):
    each distinct string is encoded once, and the rows of one shape are filled into one template
    (json's encoder took 0.4 s for 28,000 findings, this a half)."""
    encoded: dict = {None: "null"}
    known = encoded.get

    def encode(value) -> str:
        kind = type(value)
        if kind is str:
            encoded[value] = json.encoder.encode_basestring(value)
            return encoded[value]
        if kind is int:  # (not cached: True == 1)
            return int.__repr__(value)
        if kind is bool:
            return "true" if value else "false"
        raise TypeError(value)

    out, shape, template = _Encoded(), None, ""
    try:
        for keys, values in rows:
            if keys != shape:
                if not all(type(key) is str for key in keys):
                    return None
                shape = keys
                template = "{" + ", ".join(json.encoder.encode_basestring(k).replace("%", "%%") + ": %s"
                                           for k in keys) + "}"
            out.append(template % tuple([known(v) or encode(v) for v in values]))
    except TypeError:  # a list, a mapping, a float …: json's encoder writes it
        return None
    return out
