"""Read the knowledge base's YAML files, keeping the line and column of every value.

PyYAML's loaders lose positions and silently keep the last of two duplicate
keys, so we compose the node graph (with the libyaml C parser when present)
and build plain Python values ourselves. This is the only module that reads
files under roles/; everything downstream works on `Document`s.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, json_path

try:  # libyaml keeps marks (line/column) and is ~10x faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

# File name at the top of roles/ → document kind (and schema name).
SPECIAL_FILES = {
    "_departments.yaml": "departments",
    "_kpis.yaml": "kpis",
    "_glossary.yaml": "glossary",
    "_positions.yaml": "positions",
    "_processes.yaml": "processes",
}
YAML_SUFFIXES = (".yaml", ".yml")

# Aliases may be nested to build exponentially large values ("billion laughs").
MAX_NODES = 100_000
MAX_DEPTH = 64

_FULLWIDTH_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*)\s*：")
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null": "construct_yaml_null",
    "tag:yaml.org,2002:bool": "construct_yaml_bool",
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
}
_constructor = yaml.constructor.SafeConstructor()

Position = tuple[int, int]  # 1-based line, column
PathParts = tuple  # ("duties", 0, "title")


@dataclass
class Document:
    """One YAML file: its values and where each of them is written."""

    path: Path
    name: str  # shown to users: "roles/sales/sales-rep.yaml"
    kind: str  # "role" or one of SPECIAL_FILES' values
    data: dict
    positions: dict[PathParts, Position] = field(default_factory=dict)
    key_positions: dict[PathParts, Position] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return self.path.stem

    def where(self, parts: PathParts, *, key: bool = False) -> Position | None:
        """Position of the value at `parts` (or of its key), else of the nearest parent."""
        parts = tuple(parts)
        if key and parts in self.key_positions:
            return self.key_positions[parts]
        while parts not in self.positions and parts:
            parts = parts[:-1]
        return self.positions.get(parts)


@dataclass
class LoadResult:
    documents: list[Document]
    problems: list[Problem]
    roles_dir: Path
    files_checked: int = 0


class _Abort(Exception):
    """Stops building one document; carries the problem to report."""

    def __init__(self, problem: Problem):
        self.problem = problem


def find_roles_dir(root: Path) -> Path:
    """`root` may be the project (containing roles/) or the roles folder itself."""
    root = Path(root)
    if (root / "roles").is_dir() or not any((root / name).is_file() for name in SPECIAL_FILES):
        return root / "roles"  # a folder without the special files is not a roles folder
    return root


def load_knowledge_base(root: Path) -> LoadResult:
    roles_dir = find_roles_dir(root)
    base = roles_dir.parent
    documents: list[Document] = []
    problems: list[Problem] = []
    files = 0
    for path in iter_knowledge_base_files(roles_dir):
        files += 1
        kind = SPECIAL_FILES.get(path.name, "role") if path.parent == roles_dir else "role"
        name = path.relative_to(base).as_posix()
        if path.parent == roles_dir and kind == "role":
            problems.append(Problem(
                "RD110", "warning", f"文件 {path.name} 不在任何部门文件夹中，已忽略",
                name, hint="岗位文件应放在 roles/<部门编号>/<岗位编号>.yaml；"
                "以下划线开头的文件只能是 " + "、".join(SPECIAL_FILES) + "。"))
            continue
        doc, file_problems = load_file(path, name=name, kind=kind)
        problems.extend(file_problems)
        if doc is not None:
            documents.append(doc)
    return LoadResult(documents, problems, roles_dir, files)


def iter_knowledge_base_files(roles_dir: Path):
    """YAML files of the knowledge base, sorted; folders named _* or .* are skipped
    (roles/_drafts/ holds the importer's unreviewed drafts)."""
    if not roles_dir.is_dir():
        return
    for path in sorted(roles_dir.rglob("*")):
        rel = path.relative_to(roles_dir).parts
        if any(part.startswith((".", "_")) for part in rel[:-1]):
            continue
        if path.is_file() and path.suffix in YAML_SUFFIXES:
            yield path


def load_file(path: Path, *, name: str | None = None, kind: str = "role"):
    """Read one file. Returns (Document or None, problems)."""
    name = name or path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem("RD109", "error", f"无法读取文件：{exc.strerror or exc}", name)]
    return load_bytes(raw, path=path, name=name, kind=kind)


def load_bytes(raw: bytes, *, path: Path, name: str, kind: str = "role"):
    text, problem = _decode(raw, name)
    if problem:
        return None, [problem]
    problems = _scan_lines(text, name)
    if problems:  # the parser's own message for these is confusing: ours says what to fix
        return None, problems
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, name)]
    except yaml.YAMLError as exc:
        return None, [Problem("RD102", "error", f"YAML 语法错误：{exc}", name)]
    except RecursionError:
        return None, [Problem("RD108", "error", "文件嵌套层级过深，无法读取", name,
                              hint=f"请把嵌套层级控制在 {MAX_DEPTH} 层以内。")]
    if node is None:
        return None, [Problem("RD106", "error", "文件是空的（没有任何内容）", name, 1, 1,
                              hint="请填写内容，或删除这个文件。")]
    if not isinstance(node, yaml.MappingNode):
        line, col = _mark(node)
        return None, [Problem("RD107", "error", "文件的顶层必须是“键: 值”形式的映射", name,
                              line, col, "$", hint="例如第一行写 id: sales-rep，而不是以“- ”开头的列表。")]
    builder = _Builder(name)
    try:
        data = builder.build(node, ())
    except _Abort as abort:
        return None, [abort.problem]
    if builder.problems:
        return None, builder.problems
    return Document(path, name, kind, data, builder.positions, builder.key_positions), []


def _decode(raw: bytes, name: str) -> tuple[str, Problem | None]:
    try:
        text = raw.decode("utf-8-sig")  # a BOM (Windows Notepad) is fine
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        looks_gbk = False
        try:
            raw.decode("gb18030")
            looks_gbk = True
        except UnicodeDecodeError:
            pass
        guess = "（看起来是 GBK/GB18030 编码）" if looks_gbk else ""
        return "", Problem(
            "RD101", "error", f"文件不是 UTF-8 编码{guess}，第 {line} 行有无法识别的字节", name, line,
            hint="请用 UTF-8 重新保存：在 VS Code 中点击右下角的编码 → “通过编码重新打开”选 GBK → "
            "再点编码 → “通过编码保存”选 UTF-8；记事本中“另存为”时编码选 UTF-8。")
    if "\x00" in text:
        return "", Problem("RD101", "error", "文件含有空字符（\\0），可能是 UTF-16 编码或二进制文件", name,
                           text[: text.index("\x00")].count("\n") + 1,
                           hint="请用 UTF-8 编码重新保存这个文件。")
    return text, None


def _scan_lines(text: str, name: str) -> list[Problem]:
    """Mistakes that YAML reports badly: tabs in indentation, full-width colons after keys."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(
                "RD104", "error", "这一行用制表符（Tab）缩进，YAML 只允许空格", name, number,
                indent.index("\t") + 1, hint="请把 Tab 换成空格（每级两个空格）；VS Code 可在右下角把“制表符”改成“空格”。"))
            continue
        match = _FULLWIDTH_COLON.match(line)
        if match and not line.lstrip().startswith("#"):
            key = match.group(2)
            problems.append(Problem(
                "RD105", "error", f"键 {key} 后面用了全角冒号“：”", name, number, match.end(),
                hint=f"请改成半角冒号加空格，例如 “{key}: …”。"))
    return problems


_SYNTAX_HINTS = [
    ("could not find expected ':'", "上一行或这一行可能缺少半角冒号“:”，或冒号后缺少空格。"),
    ("mapping values are not allowed", "值里含有“: ”时，请用引号把整个值括起来；也请检查缩进是否对齐。"),
    ("did not find expected key", "请检查缩进：同一层的键必须左对齐。"),
    ("did not find expected '-' indicator", "请检查列表的缩进：同一列表的“- ”必须左对齐。"),
    ("found undefined alias", "引用了未定义的锚点（*名称）；请删除它或改成普通内容。"),
    ("found unexpected end of stream", "引号或括号没有闭合。"),
    ("expected a single document", "一个文件只能有一个文档：请删除多余的“---”。"),
    ("found character '\\t'", "请把 Tab 换成空格。"),
]


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    detail = " ".join(filter(None, [exc.context, exc.problem]))
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in detail), "请检查这一行附近的缩进、冒号和引号。")
    return Problem("RD102", "error", f"YAML 语法错误：{detail}", name, line, col, hint=hint)


def _mark(node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node graph into dicts/lists/scalars, recording positions."""

    def __init__(self, name: str):
        self.name = name
        self.nodes = 0
        self.problems: list[Problem] = []
        self.positions: dict[PathParts, Position] = {}
        self.key_positions: dict[PathParts, Position] = {}

    def build(self, node, parts: PathParts, depth: int = 0):
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            line, col = _mark(node)
            raise _Abort(Problem(
                "RD108", "error", "文件展开后过大或嵌套过深（可能是别名炸弹）", self.name, line, col,
                hint="岗位文件不需要锚点（&）和别名（*）：请直接写出内容。"))
        self.positions[parts] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            self._plain(node, "tag:yaml.org,2002:map")
            return self._mapping(node, parts, depth)
        if isinstance(node, yaml.SequenceNode):
            self._plain(node, "tag:yaml.org,2002:seq")
            return [self.build(item, parts + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _plain(self, node, tag: str) -> None:
        """Lists and mappings carry no tag (`!!python/object…`, `!!set` would change their meaning)."""
        if node.tag != tag:
            self._unsupported_tag(node)

    def _mapping(self, node, parts: PathParts, depth: int) -> dict:
        result: dict = {}
        seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            line, col = _mark(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem("RD102", "error", "键必须是文字，不能是列表或映射", self.name, line, col))
                continue
            key = str(self._scalar(key_node))
            if key in seen:
                self.problems.append(Problem(
                    "RD103", "error", f"键 {key} 重复出现（第 {seen[key][0]} 行已经有这个键）", self.name,
                    line, col, json_path(parts + (key,)),
                    hint="YAML 只会保留其中一个值，另一个会丢失：请合并两处内容，或删除多余的一处。"))
                continue
            seen[key] = (line, col)
            self.key_positions[parts + (key,)] = (line, col)
            result[key] = self.build(value_node, parts + (key,), depth + 1)
        return result

    def _scalar(self, node):
        method = _SCALAR_TAGS.get(node.tag)
        if method:
            try:
                return getattr(_constructor, method)(node)
            except (ValueError, yaml.YAMLError):
                return node.value
        if node.tag.startswith("tag:yaml.org,2002:"):
            # strings, and timestamps kept as written: dates stay "2026-01-01"
            return node.value if isinstance(node.value, str) else str(node.value)
        self._unsupported_tag(node)

    def _unsupported_tag(self, node):
        line, col = _mark(node)
        raise _Abort(Problem("RD102", "error", f"不支持 YAML 标签 {node.tag}", self.name, line, col,
                             hint="请删除以“!”开头的标签，直接写值。"))
