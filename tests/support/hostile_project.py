"""A knowledge base with hostile text in every free-text field, generated from the schemas.

Used by tests/test_site_injection.py (issue 11: stored script injection, JSON-LD escaping,
block-level Markdown from YAML). The project starts as a copy of the real one (so every
reference resolves), then each file is walked together with its schema in schemas/:

- every string field whose schema admits free text (no enum, no format, and a pattern, if
  any, that the hostile text satisfies) gets a hostile value — in every file, every list
  item, every nested object; optional fields that are missing are added, and so is one item
  of a missing list of objects (when its required fields can be made up without naming
  another file's id);
- ids, references, enums, dates and numbers keep their valid values; lists of things without
  an id are cut to two items (dropping the shares and weights that had to add up to 100).

A field added to a schema later gets a payload too; if the walker cannot place one (say, a
new list whose items require a reference), `make_hostile_project` fails and names the field,
instead of the test silently not covering it.

Every hostile value is unique (a serial number) and holds every payload, one per line; each
field starts with a different one, so each block-level construct is also tried at the start
of a line. Every payload that could create an element marks it with `data-xss`, so a test
can ask the DOM for `[data-xss]`. One role also moves to a folder with a hostile name (the
department folder shows up in the 源文件 line and the 编辑此页 link; a mismatch between folder
and department is only a warning).
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from support.site_project import REPO, copy_project

MARKER = "钓鱼演练"  # a searchable word next to the payloads
LINE_SEPARATOR = "\u2028"
PAYLOADS = [
    "<img src=x data-xss onerror=alert(1)>",
    '"><svg data-xss onload=alert(2)>',
    "'><b data-xss>",
    "</script><script data-xss>alert(3)</script>",
    "<!--<script>",
    "</title></textarea><i data-xss>",
    "[链接](javascript:alert(4))",
    '![图](x" data-xss onerror="alert(5))',
    '!!! danger "请立即登录 http://example.com 修改密码"',
    '??? danger "账号异常"',
    "{: data-xss onclick=alert(6) }",
    "&lt;b data-xss&gt; &amp;amp;",
    f"行{LINE_SEPARATOR}分隔\u2029段",
    "{{ 6*111111 }} {% raw %}",
    "# 冒充标题",
    "---",
    "> 冒充引用",
    "- 冒充列表",
    "1. 冒充编号",
    "| 表 | 格 |",
    "<div data-xss>",
    "```",
    "    缩进代码",
    ":material-alert:",
]
# What each payload must never become (checked in the browser, besides [data-xss]).
JINJA_RESULT = "666666"
FOLDER = "销售 \"'><img src=x data-xss onerror=alert('dir')>`)#?%25 <!--"
FOLDER_ROLE = "sales-rep"


def hostile_text(n: int, max_length: int | None = None) -> str:
    """The n-th hostile value: a serial number, the marker, then every payload (rotated by n)."""
    head = f"{MARKER}{n}号"
    rotated = PAYLOADS[n % len(PAYLOADS):] + PAYLOADS[:n % len(PAYLOADS)]
    lines = [rotated[0], head, *rotated[1:]]
    text = "\n".join(lines)
    while max_length is not None and len(text) > max_length and len(lines) > 2:
        lines.pop()
        text = "\n".join(lines)
    if max_length is not None and len(text) > max_length:  # a short field (版本 ≤ 50): cut the payload itself
        text = text[:max_length]
    return text


# ── the schema walk ───────────────────────────────────────────────────────
MAX_ITEMS = 2  # list items kept (every field still gets its payloads)
SUMS_TO_100 = ("share", "weight")  # numbers a rule adds up over a whole list


def _without_sums(item):
    """A list item of a shortened list, without the numbers that had to add up over the whole list."""
    return {k: v for k, v in item.items() if k not in SUMS_TO_100} if isinstance(item, dict) else item


class _Unmakeable(Exception):
    """A required value the walker cannot invent (an id of something in another file)."""


@dataclass
class _Walk:
    root: dict
    kind: str
    serial: list  # a shared counter, boxed
    filled: set = field(default_factory=set)  # schema paths that received a payload

    def resolve(self, node: dict) -> dict:
        while "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            target = self.root
            for part in ref[2:].split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def is_free_text(self, node: dict) -> bool:
        node = self.resolve(node)
        if node.get("type") != "string" or "enum" in node or "const" in node or "format" in node:
            return False
        return "pattern" not in node or re.search(node["pattern"], hostile_text(0)) is not None

    def text(self, node: dict, path: str) -> str:
        self.serial[0] += 1
        self.filled.add(f"{self.kind}:{path}")
        return hostile_text(self.serial[0], self.resolve(node).get("maxLength"))

    def has_text(self, node: dict, depth: int = 0) -> bool:
        node = self.resolve(node)
        if depth > 20:
            return False
        if self.is_free_text(node):
            return True
        if node.get("type") == "array":
            return self.has_text(node.get("items", {}), depth + 1)
        return any(self.has_text(p, depth + 1) for p in node.get("properties", {}).values())

    def fill(self, value, node: dict, path: str):
        """`value` with a payload in every free-text field the schema `node` describes."""
        node = self.resolve(node)
        if self.is_free_text(node) and isinstance(value, str):
            return self.text(node, path)
        if isinstance(value, list) and node.get("type") == "array":
            items = self.resolve(node.get("items", {}))
            # A smaller site builds and loads faster; two items say as much (things with ids stay:
            # other files name them).
            if len(value) > MAX_ITEMS and "id" not in items.get("properties", {}):
                value = [_without_sums(item) for item in value[:MAX_ITEMS]]
            return [self.fill(item, node.get("items", {}), path + "/*") for item in value]
        if isinstance(value, dict) and "properties" in node:
            out = dict(value)
            for key, sub in node["properties"].items():
                if key in out:
                    out[key] = self.fill(out[key], sub, f"{path}/{key}")
                elif self.has_text(sub):
                    try:
                        out[key] = self.make(sub, f"{path}/{key}")
                    except _Unmakeable:
                        pass
            return out
        return value

    def make(self, node: dict, path: str):
        """A new valid value for a missing field that holds free text."""
        node = self.resolve(node)
        if self.is_free_text(node):
            return self.text(node, path)
        if node.get("type") == "array":
            return [self.make(node.get("items", {}), path + "/*")]
        if "properties" in node:
            out = {}
            for key, sub in node["properties"].items():
                sub_resolved = self.resolve(sub)
                if key in node.get("required", []) and not self.has_text(sub):
                    out[key] = self.scalar(sub_resolved)
                elif self.has_text(sub):
                    try:
                        out[key] = self.make(sub, f"{path}/{key}")
                    except _Unmakeable:
                        if key in node.get("required", []):
                            raise
            return out
        raise _Unmakeable(path)

    @staticmethod
    def scalar(node: dict):
        if "enum" in node:
            return node["enum"][0]
        if node.get("format") == "date":
            return "2026-01-01"
        if node.get("type") in ("number", "integer"):
            return node.get("minimum", 1)
        if node.get("type") == "boolean":
            return False
        raise _Unmakeable(json.dumps(node, ensure_ascii=False)[:80])

    def all_text_paths(self) -> set[str]:
        """Every free-text field the schema describes, as kind:/a/*/b."""
        found = set()

        def walk(node, path, depth):
            node = self.resolve(node)
            if depth > 20:
                return
            if self.is_free_text(node):
                found.add(f"{self.kind}:{path}")
            elif node.get("type") == "array":
                walk(node.get("items", {}), path + "/*", depth + 1)
            for key, sub in node.get("properties", {}).items():
                walk(sub, f"{path}/{key}", depth + 1)
        walk(self.root, "", 0)
        return found


# ── the project ───────────────────────────────────────────────────────────
@dataclass
class HostileProject:
    root: Path
    roles: dict = field(default_factory=dict)  # role id → its data after the walk (for expectations)
    processes: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)
    filled: set = field(default_factory=set)


def kind_of(path: Path) -> str:
    return path.stem[1:] if path.name.startswith("_") else "role"


def make_hostile_project(dest: Path, documents: str = "[docx]") -> HostileProject:
    """Copy the project to `dest` and make every free-text field of every file hostile."""
    import yaml

    project = HostileProject(copy_project(dest))
    roles_dir = project.root / "roles"
    serial = [0]
    expected: set[str] = set()
    for path in sorted(roles_dir.rglob("*.yaml")):
        kind = kind_of(path)
        schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        walk = _Walk(schema, kind, serial)
        expected |= walk.all_text_paths()
        data = walk.fill(yaml.safe_load(path.read_text(encoding="utf-8")), schema, "")
        project.filled |= walk.filled
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
        if kind == "role":
            project.roles[data["id"]] = data
        elif kind == "processes":
            project.processes = {p["id"]: p for p in data["processes"]}
        elif kind == "departments":
            project.departments = {d["id"]: d for d in data["departments"]}
    missing = expected - project.filled
    if missing:
        raise AssertionError("这些自由文本字段没有放入攻击载荷（请扩展 tests/hostile_project.py）：" + ", ".join(sorted(missing)))

    # One role in a department folder with a hostile name.
    source = next(roles_dir.rglob(f"{FOLDER_ROLE}.yaml"))
    (roles_dir / FOLDER).mkdir()
    shutil.move(source, roles_dir / FOLDER / source.name)

    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "documents: [pdf, docx]" in text
    config.write_text(text.replace("documents: [pdf, docx]", f"documents: {documents}"), encoding="utf-8")
    return project
