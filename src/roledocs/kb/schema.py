"""The JSON Schemas in schemas/ and their errors, told in Chinese.

The schemas are the one place that says which keys exist; this module only
finds them, runs jsonschema, and turns each error into a `Problem` whose
message names the field by its Chinese title and whose hint says the fix.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import marshal
import re
from functools import cache
from pathlib import Path

from ..vocabulary import Vocabulary, resolve, vocabulary
from .load import Document
from .problems import Problem, json_path, problem, shorten

_TYPE_NAMES = {
    "string": "文字", "number": "数字", "integer": "整数", "boolean": "是或否（true / false）",
    "array": "列表（每项以“- ”开头）", "object": "映射（“键: 值”）", "null": "空值",
}


def schemas_dir() -> Path:
    """The folder of the shipped schemas (a project's own schemas/: vocabulary.project_vocabulary)."""
    return vocabulary().schemas_dir


def load_schema(kind: str, vocab: Vocabulary | None = None) -> dict:
    """The schema document of a file kind ("role", "kpis" …), from `vocab` (default: the shipped one)."""
    return (vocab or vocabulary()).schema(kind)


@cache
def inlined_schema(kind: str, vocab: Vocabulary | None = None) -> dict:
    """The schema with its local $refs inlined: plain dicts to walk alongside the values."""
    return _inline(load_schema(kind, vocab))


@cache
def _validator(kind: str, vocab: Vocabulary | None = None):
    from jsonschema import Draft202012Validator  # 0.1 s: only when a file is checked

    # Local $refs inlined once: resolving them per value was 40% of validation time.
    return Draft202012Validator(inlined_schema(kind, vocab), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _inline(root: dict) -> dict:
    def walk(node, depth=0):
        if depth > 50:  # a recursive $ref: keep the rest as it is
            return node
        if isinstance(node, dict):
            return {k: walk(v, depth + 1) for k, v in _resolve(root, node).items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(v, depth + 1) for v in node]
        return node
    inlined = walk(root)
    inlined["$schema"] = root.get("$schema")
    return inlined


def confidential_keys(kind: str = "role") -> frozenset[str]:
    """Top-level keys the schema marks `x-confidential` (never in a public build)."""
    props = load_schema(kind).get("properties", {})
    return frozenset(k for k, v in props.items() if v.get("x-confidential"))


# Keywords that mean the same in draft-07 (what fastjsonschema compiles) and in 2020-12.
_SAME_IN_DRAFT_07 = frozenset({
    "$schema", "$id", "title", "description", "type", "properties", "additionalProperties", "required",
    "items", "enum", "const", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
    "minProperties", "maxProperties", "anyOf", "oneOf", "allOf", "not", "default", "examples",
})


def _keywords(node, found: set, formats: set) -> None:
    if isinstance(node, list):
        for item in node:
            _keywords(item, found, formats)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key.startswith("x-"):  # our annotations (labels, confidentiality)
            continue
        found.add(key)
        if key == "format":
            formats.add(value)
        elif key == "properties" and isinstance(value, dict):
            for sub in value.values():  # the keys here are field names, not keywords
                _keywords(sub, found, formats)
        elif key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf", "not"):
            _keywords(value, found, formats)


@cache
def _quick_check(kind: str, vocab: Vocabulary | None = None, kept=None):
    """A compiled check (fastjsonschema, ~30× faster than jsonschema) that raises on any invalid
    document, or None when the schema uses a keyword or format it might treat differently.
    Only its "valid" answer is used: an invalid document is checked again by jsonschema, whose
    errors are the ones reported. `kept`: a ParseCache keeping the compiled code (compiling
    the role schema takes 0.03 s, loading it back a millisecond)."""
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - a dependency of the package
        return None
    key = kept.schema_key(kind, vocab) if kept is not None else None
    found = kept.get(key) if key is not None else None
    if found is not None:
        name, code = found
        return _with_formats(name, marshal.loads(code))
    schema = dict(inlined_schema(kind, vocab))
    keywords: set = set()
    formats: set = set()
    _keywords(schema, keywords, formats)
    if not keywords <= _SAME_IN_DRAFT_07 or not formats <= {"date"}:
        return None
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    from fastjsonschema.ref_resolver import RefResolver

    name = RefResolver.from_schema(schema, store={}).get_scope_name()
    # without the failing rule in each exception (only "valid" is used): the generated code is 0.4 × as
    # long, generating and compiling it 0.03 s instead of 0.09–0.13 s before the reading can start
    code = compile(fastjsonschema.compile_to_code(schema, formats=_FORMATS, detailed_exceptions=False),
                   f"<schema {kind}>", "exec")
    if key is not None:
        kept.put(key, (name, marshal.dumps(code)))
    return _with_formats(name, code)


def compile_checks(kinds, vocab: Vocabulary | None = None, kept=None) -> None:
    """Compile (or load from `kept`) the quick checks of these kinds of file now: before a fork,
    so that both processes have them (see check_document)."""
    for kind in sorted(kinds):
        _quick_check(kind, vocab, kept)


def _with_formats(name: str, code):
    """The validating function `name` defined by the compiled module `code`, with our formats
    (what fastjsonschema.compile does, from code that may come from the cache)."""
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - code fastjsonschema generated from our own schema
    return functools.partial(namespace[name], custom_formats=_FORMATS)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _is_date(value) -> bool:
    """jsonschema's "date" rule (YYYY-MM-DD and a real day: no 2026-02-31), without importing
    jsonschema (0.2 s) on the quick path."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return not isinstance(value, str)
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_FORMATS = {"date": _is_date}


def check_document(doc: Document, vocab: Vocabulary | None = None, kept=None) -> list[Problem]:
    """The document's schema problems (RD2xx, some RD112), each once, in Chinese; checked against
    `vocab`'s schemas (default: the shipped ones). `kept`: a ParseCache for the compiled schema."""
    quick = _quick_check(doc.kind, vocab, kept)
    if quick is not None:
        from fastjsonschema import JsonSchemaException

        try:
            quick(doc.data)
            return []  # valid: most files, most of the time
        except JsonSchemaException:
            pass  # the full check says what is wrong, in Chinese
    schema = load_schema(doc.kind, vocab)
    problems = []
    for error in _validator(doc.kind, vocab).iter_errors(doc.data):
        problems.extend(_to_problems(error, doc, schema))
    return list(dict.fromkeys(problems))  # each problem once (jsonschema may find one several times)


def _enum_hint(value: str, options: list[str]) -> str:
    """A suggestion only for a near miss: a typo (activ → active), a missing or extra character
    (业务 → 业务类); 销售类 is not one letter away from 技术类 in meaning, so then the hint says to
    pick one of the options."""
    folded = {o.casefold(): o for o in options}
    if value.strip().casefold() in folded:
        return f"请照原样写 {folded[value.strip().casefold()]}（大小写和空格也要一致）。"
    contained = [o for o in options if o and (o in value or value and value in o)]
    if len(contained) == 1:
        return f"是否想写 {contained[0]}？"
    latin = value.isascii()
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.8 if latin else 0.9)
    if close:
        return f"是否想写 {close[0]}？"
    return "请从上面的选项中选一个，照原样写。"


def is_confidential(root: dict, parts) -> bool:
    """Whether the value at `parts` lies in a subtree the schema marks `x-confidential`."""
    return any((subschema(root, parts[:n]) or {}).get("x-confidential") for n in range(1, len(parts) + 1))


def subschema(root: dict, parts) -> dict | None:
    """The schema that describes the value at `parts` (following local $refs)."""
    node = _resolve(root, root)
    for part in parts:
        if isinstance(part, int):
            node = node.get("items")
        else:
            node = node.get("properties", {}).get(part)
        if node is None:
            return None
        node = _resolve(root, node)
    return node


_resolve = resolve


def human_path(parts) -> str:
    """A field's place for people, counting list items from 1: ("kpis", 5, "kpi") → "kpis 第 6 项的 kpi"."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f" 第 {part + 1} 项"
        else:
            out += ("的 " if out.endswith("项") else ".") + str(part) if out else str(part)
    return out


def field_label(root: dict, parts) -> str:
    """「标题」duties 第 3 项的 title: a field's Chinese title and its place, for messages."""
    path = human_path(tuple(parts)) or "（文件顶层）"
    parts = tuple(parts)
    # an item of a list is named by its list (「日常任务」), not by the item type (「文字」)
    owner = parts[:-1] if parts and isinstance(parts[-1], int) else parts
    named = (subschema(root, owner) if owner else None) or (subschema(root, parts) if parts else None)
    title = named.get("title") if named else None
    return f"「{title}」{path}" if title else path


def _describe(value, secret: bool = False) -> str:
    """"数字 123": what a value is and, outside confidential fields, what it says."""
    if isinstance(value, bool):
        kind, text = "是或否", str(value).lower()
    elif isinstance(value, (int, float)):
        kind, text = "数字", str(value)
    elif isinstance(value, str):
        kind, text = "文字", f"“{shorten(value, 30)}”"
    elif isinstance(value, list):
        return "列表"
    elif isinstance(value, dict):
        return "映射"
    else:
        return "空值" if value is None else type(value).__name__
    return kind if secret else f"{kind} {text}"


def _to_problems(error, doc: Document, root: dict) -> list[Problem]:
    parts = tuple(error.absolute_path)
    kind = error.validator
    label = field_label(root, parts)
    secret = is_confidential(root, parts)  # confidential values never appear in messages (CI logs)

    def report(code, message, hint="", at=parts, key=False):
        line, col = doc.where(at, key=key) or (None, None)
        shown = parts if secret else at  # a key in a confidential field may be data: not in the path
        return problem(code, message, doc.name, line, col, json_path(shown), hint)

    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        out = []
        for extra in sorted(set(error.instance) - set(allowed)):
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            if close:
                sub = subschema(root, parts + (close[0],)) or {}
                hint = f"是否想写 {close[0]}（{sub.get('title', '')}）？"
            else:
                hint = "这里可以用的键：" + "、".join(allowed) + "。"
            where = f"{label}中" if parts else ""
            name = "（保密字段中的键名不显示）" if secret else f" {shorten(extra)}"
            out.append(report("RD201", f"{where}有未知的键{name}，它的内容不会被使用", hint,
                               at=parts + (extra,), key=True))
        return out
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        out = []
        for key in missing:
            sub = subschema(root, parts + (key,)) or {}
            where = f"{label}中" if parts else ""
            out.append(report("RD202", f"{where}缺少必填项 {key}（{sub.get('title', key)}）",
                               sub.get("description", "")))
        return out
    if kind == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        names = " 或 ".join(_TYPE_NAMES.get(t, t) for t in expected)
        hint = ""
        if "string" in expected and isinstance(error.instance, (int, float)) and not isinstance(error.instance, bool):
            hint = "请用引号括起来。" if secret else f"请用引号括起来，例如 \"{error.instance}\"。"
        elif "array" in expected and isinstance(error.instance, str):
            hint = "请写成列表：下一行缩进后以“- ”开头。" if secret else \
                f"请写成列表：下一行缩进后写 “- {error.instance[:20]}”。"
        elif error.instance is None:
            hint = "冒号后面没有内容：请填写，或删除这一行。"
        return [report("RD203", f"{label} 应为{names}，实际是{_describe(error.instance, secret)}", hint)]
    value = "" if secret else f" 的值 {shorten(repr(error.instance))}"
    if kind == "enum":
        options = [str(o) for o in error.validator_value]
        hint = _enum_hint(str(error.instance), options)
        return [report("RD204", f"{label}{value} 不在允许的选项中：{' / '.join(options)}", hint)]
    if kind in ("pattern", "format", "minLength"):
        sub = subschema(root, parts) or {}
        if kind == "minLength" or error.validator_value == "\\S":
            return [report("RD205", f"{label} 不能为空", "请填写内容，或删除这一行。")]
        return [report("RD205", f"{label}{value} 格式不对",
                        sub.get("description") or error.schema.get("description", ""))]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "不能小于", "maximum": "不能大于", "exclusiveMinimum": "必须大于",
                 "exclusiveMaximum": "必须小于"}
        return [report("RD206", f"{label}{value or ' 的值'} {words[kind]} {error.validator_value}")]
    if kind == "minItems":
        return [report("RD207", f"{label} 至少需要 {error.validator_value} 项",
                        (subschema(root, parts) or {}).get("description", ""))]
    if kind == "uniqueItems":
        return [report("RD207", f"{label} 中有重复的项", "请删除重复的一项。")]
    # the reader stops at these limits; documents made in memory (the importer's drafts) meet them here
    if kind == "maxItems":
        return [report("RD112", f"{label} 有 {len(error.instance):,} 项，超过上限（最多 {error.validator_value:,} 项）",
                        "请合并或删减内容（各项上限见 docs/security.md）。", key=True)]
    if kind == "maxLength":
        return [report("RD112", f"{label} 有 {len(error.instance):,} 个字符，超过上限（最多 {error.validator_value:,} 个）",
                        "请精简内容（各项上限见 docs/security.md）。")]
    return [report("RD208", f"{label} 不符合要求" + ("" if secret else f"：{shorten(error.message, 120)}"))]
