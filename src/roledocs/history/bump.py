"""`roledocs bump`: raise a role's document version in place, the way HR would by hand.

ruamel.yaml's round-trip mode keeps every comment, key order, quoting style and blank line;
the version (1.2 → 1.3, or 2.0 with `major`), the effective date and a new history entry are
the only edits. Before anything is written the result is checked: the lines outside the
`document:` block must be byte for byte what they were, and the file must still pass the
schema. Several roles are prepared first and written only when all of them succeed.
"""
from __future__ import annotations

import datetime as dt
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import EXIT_PROBLEMS, RoledocsError, UsageError
from ..fileio import atomic_output
from ..kb.load import load_bytes
from ..kb.schema import check_document
from .versions import next_version


@dataclass
class Bump:
    """A prepared version bump of one role file: old and new version, date and the new file content."""

    role_id: str
    path: Path
    name: str           # roles/sales/sales-rep.yaml
    old_version: str
    new_version: str
    date: str
    text: bytes         # the new file content


class BumpFailed(RoledocsError):
    """The file could not be edited safely; nothing was written."""

    exit_code = EXIT_PROBLEMS


# (mapping indent, sequence indent, dash offset) as people write YAML; the one that reproduces
# the file exactly is the file's own style
_STYLES = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 4, 0), (2, 3, 1), (4, 6, 4)]


def _yaml_for(text: str):
    """A round-trip YAML instance that reproduces `text` byte for byte, and the loaded data."""
    from ruamel.yaml import YAML

    for mapping, sequence, offset in _STYLES:
        yaml = YAML()  # round-trip
        yaml.preserve_quotes = True
        yaml.width = 1 << 16  # never re-wrap a long line
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        data = yaml.load(text)
        out = io.StringIO()
        yaml.dump(data, out)
        if out.getvalue() == text:
            return yaml, data
    return None, None


def _like(old, value: str):
    """`value` written in the same style as `old` (quoted stays quoted, a plain date stays plain)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

    if isinstance(old, ScalarString):
        return type(old)(value)
    if isinstance(old, dt.date):
        return dt.date.fromisoformat(value)
    return DoubleQuotedScalarString(value)


def _block_lines(data, text: str) -> tuple[int, int]:
    """0-based [first, end) lines of the top-level `document:` block, up to the next top-level key."""
    first = data.lc.key("document")[0]
    keys = list(data)
    following = keys[keys.index("document") + 1:]
    end = data.lc.key(following[0])[0] if following else len(text.splitlines())
    return first, end


def prepare_bump(path: Path, name: str, role_id: str, change: str, *, major: bool = False,
                 date: str | None = None) -> Bump:
    """The edited file for one role, checked; raises UsageError / BumpFailed, writes nothing."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    yaml, data = _yaml_for(text)
    if yaml is None:
        raise BumpFailed(f"{name} 的缩进或格式无法原样保留，没有写入。请手工修改 document 中的 version、effective_date 和 history。")
    document = data.get("document") if isinstance(data, dict) else None
    if not isinstance(document, dict) or not document.get("version"):
        raise UsageError(f"{name} 没有 document.version，无法提高版本。请先在 document 中填写 version: \"1.0\"。")
    old_version = str(document["version"])
    new_version = next_version(old_version, major)
    day = date or dt.date.today().isoformat()

    document["version"] = _like(document["version"], new_version)
    if "effective_date" in document:
        document["effective_date"] = _like(document["effective_date"], day)
    else:
        document.insert(list(document).index("version") + 1, "effective_date", _like(document["version"], day))
    entry = CommentedMap()
    entry["version"] = _like(document["version"], new_version)
    entry["date"] = _like(document["effective_date"], day)
    entry["change"] = change
    if isinstance(document.get("history"), list):
        document["history"].append(entry)
    else:
        document["history"] = CommentedSeq([entry])

    first, end = _block_lines(data, text)
    out = io.StringIO()
    yaml.dump(data, out)
    new_text = out.getvalue()
    _check_only_block_changed(text, new_text, first, end, name)
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    new_raw = (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8")
    doc, problems = load_bytes(new_raw, path=path, name=name)
    problems = problems + check_document(doc) if doc is not None else problems
    if any(p.is_error for p in problems):
        detail = "；".join(p.message for p in problems if p.is_error)
        raise BumpFailed(f"{name} 修改后不能通过校验（{detail}），没有写入。")
    return Bump(role_id, path, name, old_version, new_version, day, new_raw)


def _check_only_block_changed(old: str, new: str, first: int, end: int, name: str) -> None:
    """Refuse when ruamel.yaml would have changed anything outside the document block."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal" and not (first <= i1 and i2 <= end):
            raise BumpFailed(f"{name} 无法在保持其他内容不变的情况下修改（第 {i1 + 1} 行附近的格式会被改动），没有写入。"
                             "请手工修改 document 中的 version、effective_date 和 history。")


def write_bumps(bumps: list[Bump]) -> None:
    """Write every prepared file atomically (temporary file in the same folder, then rename)."""
    for bump in bumps:
        with atomic_output(bump.path) as handle:
            handle.write(bump.text)


def bump_roles(root: Path | str, role_ids: list[str], change: str, *, major: bool = False,
               date: str | None = None) -> list[Bump]:
    """Raise the version of each role; all files are checked before the first is written."""
    from ..kb import open_knowledge_base

    change = (change or "").strip()
    if not change:
        raise UsageError("请用 --change 写明本次修订的内容，例如 --change \"调整考核指标权重\"。")
    if date is not None:
        try:
            date = dt.date.fromisoformat(date).isoformat()
        except ValueError:
            raise UsageError(f"日期 {date!r} 无效：请写成 YYYY-MM-DD，例如 2026-03-01。") from None
    kb = open_knowledge_base(root, audience="internal")
    unknown = [r for r in role_ids if r not in kb.roles]
    if unknown:
        raise UsageError(f"知识库中没有岗位 {'、'.join(unknown)}。岗位编号是 roles/ 下 YAML 文件的文件名（不含 .yaml）。")
    bumps = []
    for rid in dict.fromkeys(role_ids):
        role = kb.roles[rid]
        bumps.append(prepare_bump(kb.root.parent / role.file, role.file, rid, change, major=major, date=date))
    write_bumps(bumps)
    return bumps
