"""The data contract's words: field labels, descriptions, enum labels and confidentiality,
read from the JSON Schemas in schemas/ and nowhere else.

    from roledocs.vocabulary import vocabulary
    vocab = vocabulary()                       # the packaged (or checkout's) schemas
    vocab.label("role", "qualifications.certificates")   # → "证书"
    vocab.enum_label("role", "status", "retired")       # → "已停用"
    vocab.confidential("role")                          # → frozenset({"compensation", "review_notes"})

A field is named by its dotted path inside one file kind; list items are transparent
("duties.tasks" is the tasks of any duty). Every output — documents, the site, the
importer, messages, exports — takes its labels from here, so renaming a field's title in
the schema renames it everywhere.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import EXIT_USAGE, RoledocsError

_PACKAGE_DIR = Path(__file__).resolve().parent
KINDS = ("role", "departments", "kpis", "glossary", "positions", "processes")


def packaged_schemas_dir() -> Path:
    """schemas/ inside an installed wheel, else the source checkout's schemas/."""
    installed = _PACKAGE_DIR / "_data" / "schemas"
    return installed if installed.is_dir() else _PACKAGE_DIR.parents[1] / "schemas"


@dataclass(frozen=True)
class Field:
    """One field of a file kind, as the schema describes it."""

    kind: str
    path: str                      # "duties.tasks"
    title: str                     # the Chinese label: "日常任务"
    description: str
    type: str | None               # "string", "array", "object" … (None for an enum without a type)
    enum: tuple = ()
    enum_labels: dict | None = None  # value → label, from "x-enum-labels"; None: the values are their own labels
    confidential: bool = False     # "x-confidential" on this field or an ancestor

    @property
    def label(self) -> str:
        """The field's Chinese label (its schema title)."""
        return self.title

    def value_label(self, value) -> str:
        """The Chinese label of one of the field's values (status retired → 已停用)."""
        if self.enum_labels and value in self.enum_labels:
            return self.enum_labels[value]
        return "" if value is None else str(value)


class Vocabulary:
    """The fields of every file kind, read from one folder of schemas."""

    def __init__(self, schemas_dir: Path):
        self.schemas_dir = Path(schemas_dir)

    def schema(self, kind: str) -> dict:
        """The raw schema document of a file kind (from the shipped schemas when this folder lacks it)."""
        path = self.schemas_dir / f"{kind}.schema.json"
        return _read_schema(path if path.is_file() else packaged_schemas_dir() / path.name)

    def field(self, kind: str, path: str | tuple) -> Field:
        """The field at `path` ("a.b" or ("a", 0, "b")); KeyError when the schema has none."""
        key = _dotted(path)
        try:
            return self._fields(kind)[key]
        except KeyError:
            raise KeyError(f"schemas/{kind}.schema.json 中没有字段 {key}") from None

    def fields(self, kind: str) -> dict[str, Field]:
        """Every field of a file kind by dotted path, in schema order."""
        return dict(self._fields(kind))

    def label(self, kind: str, path: str | tuple) -> str:
        """The Chinese label of a field, e.g. label("role", "summary") → "岗位目的"."""
        return self.field(kind, path).title

    def description(self, kind: str, path: str | tuple) -> str:
        """The schema description of the field at `path`; KeyError when the schema has none."""
        return self.field(kind, path).description

    def enum_label(self, kind: str, path: str | tuple, value) -> str:
        """The label of an enum value, e.g. ("role", "status", "retired") → "已停用"."""
        return self.field(kind, path).value_label(value)

    def enum_values(self, kind: str, path: str | tuple) -> tuple:
        """The allowed values of the enum field at `path` (() when it is not an enum)."""
        return self.field(kind, path).enum

    def confidential(self, kind: str = "role") -> frozenset[str]:
        """Top-level keys marked `x-confidential`: never in a public build."""
        return frozenset(p for p, f in self._fields(kind).items() if "." not in p and f.confidential)

    def is_confidential(self, kind: str, path: str | tuple) -> bool:
        """True when the field at `path`, or one of its ancestors, is confidential."""
        parts = _dotted(path).split(".")
        table = self._fields(kind)
        return any(table.get(".".join(parts[:n]), None) is not None and table[".".join(parts[:n])].confidential
                   for n in range(1, len(parts) + 1))

    @cache
    def _fields(self, kind: str) -> dict[str, Field]:
        root = self.schema(kind)
        table: dict[str, Field] = {}

        def walk(node: dict, prefix: str, confidential: bool, depth: int = 0) -> None:
            node = resolve(root, node)
            while node.get("type") == "array" and isinstance(node.get("items"), dict):
                node = resolve(root, node["items"])  # list items are transparent
            for key, sub in (node.get("properties") or {}).items():
                sub = resolve(root, sub)
                path = f"{prefix}.{key}" if prefix else key
                secret = confidential or bool(sub.get("x-confidential"))
                table[path] = Field(kind, path, str(sub.get("title") or key), str(sub.get("description") or ""),
                                    _type_of(root, sub), tuple(sub.get("enum") or ()), sub.get("x-enum-labels"),
                                    secret)
                if depth < 8:
                    walk(sub, path, secret, depth + 1)

        walk(root, "", False)
        return table

    def __hash__(self) -> int:
        return hash(self.schemas_dir)

    def __eq__(self, other) -> bool:
        return isinstance(other, Vocabulary) and other.schemas_dir == self.schemas_dir


@cache
def vocabulary(schemas_dir: Path | None = None) -> Vocabulary:
    """The vocabulary of a schemas folder (default: the one roledocs ships)."""
    return Vocabulary(Path(schemas_dir) if schemas_dir else packaged_schemas_dir())


def project_vocabulary(project: Path | str | None) -> Vocabulary:
    """The vocabulary of a project: its own schemas/ folder when it has one (HR may retitle a
    field or a status there: every output follows), else the schemas roledocs ships."""
    if project is not None:
        own = Path(project) / "schemas"
        if own.is_dir() and any(own.glob("*.schema.json")):
            return vocabulary(own.resolve())
    return vocabulary()


def schema_modeline(project: Path | str, kind: str, file_dir: Path | str) -> str:
    """The `# yaml-language-server: $schema=…` first line for a new file of `kind` written into
    file_dir: the project's own schemas/, else the editor copy `roledocs init` wrote to
    .vscode/schemas/, else the shipped schema (as a file URI when the file is outside the project)."""
    import os

    project = Path(project).resolve()
    name = f"{kind}.schema.json"
    candidates = (project / "schemas" / name, project / ".vscode" / "schemas" / name)
    target = next((p for p in candidates if p.is_file()), None)
    folder = Path(file_dir).resolve()
    if target is not None and (folder == project or project in folder.parents):
        return f"# yaml-language-server: $schema={Path(os.path.relpath(target, folder)).as_posix()}"
    return f"# yaml-language-server: $schema={(target or packaged_schemas_dir() / name).resolve().as_uri()}"


class SchemaUnreadable(RoledocsError):
    """A schema file of the project is not valid JSON: nothing can be checked against it."""

    exit_code = EXIT_USAGE


@cache
def _read_schema(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SchemaUnreadable(f"{path} 不是 UTF-8 编码的文本，无法读取。请用 UTF-8 保存。") from None
    except json.JSONDecodeError as exc:
        raise SchemaUnreadable(f"{path} 第 {exc.lineno} 行第 {exc.colno} 列：不是有效的 JSON，无法读取。"
                               "请检查逗号、引号和括号是否成对（可与 roledocs 自带的 schemas/ 对照）。") from None


def resolve(root: dict, node: dict) -> dict:
    """`node` with a local `$ref` followed; keys written next to the `$ref` win (a title)."""
    ref = node.get("$ref")
    if not ref or not ref.startswith("#/"):
        return node
    target = root
    for piece in ref[2:].split("/"):
        target = target[piece]
    merged = dict(resolve(root, target))
    merged.update({k: v for k, v in node.items() if k != "$ref"})
    return merged


def _type_of(root: dict, node: dict) -> str | None:
    kind = node.get("type")
    return kind if isinstance(kind, str) else None


def _dotted(path: str | tuple) -> str:
    if isinstance(path, str):
        return path
    return ".".join(str(p) for p in path if not isinstance(p, int))
