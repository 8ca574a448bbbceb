"""Read the knowledge base's YAML files, keeping the line and column of every value.

PyYAML's loaders lose positions and silently keep the last of two duplicate
keys, so we compose the node graph (with the libyaml C parser when present)
and build plain Python values ourselves. This is the only module that reads
files under roles/; everything downstream works on `Document`s.
"""
from __future__ import annotations

import copy
import errno
import itertools
import marshal
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from ..gcpause import collector_paused
from ..vocabulary import Vocabulary, project_vocabulary, vocabulary
from .cache import ParseCache, blob_id, parse_cache
from .layout import (SPECIAL_FILES, YAML_SUFFIXES, find_roles_dir, is_inside,  # noqa: F401 (re-exported)
                     iter_knowledge_base_files, project_folders)
from .problems import Problem, json_path, problem, shorten

try:  # libyaml keeps marks (line/column) and is ~10x faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

# What one file may hold, checked while it is read, so that no input can make a command
# use much memory or time (docs/security.md, 输入限制). The largest real role file is 16 KB
# with 270 values; the shared files (_kpis.yaml: 19 KB, 525 values) would be about 3 MB and
# 100,000 values for 10,000 roles. The schemas add the limits of the data contract itself
# (maxLength of every text and id, maxItems of every list).
MAX_FILE_BYTES = 10 * 1024 * 1024  # also the most text a file may expand to through aliases
MAX_NODES = 500_000  # values in one file, counting those that aliases repeat ("billion laughs")
MAX_DEPTH = 64

# Characters that Word's XML cannot hold or that a terminal obeys (ESC starts a control
# sequence): C0 controls except tab and line breaks, DEL, C1 controls, lone surrogates and
# the non-characters U+FFFE / U+FFFF.
_UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CHARACTER_NAMES = {
    0x00: "NUL 空字符", 0x07: "BEL 响铃符", 0x08: "BS 退格符", 0x0B: "VT 垂直制表符", 0x0C: "FF 换页符",
    0x1B: "ESC 转义符", 0x7F: "DEL 删除符", 0x85: "NEL 下一行", 0xFFFE: "非字符", 0xFFFF: "非字符",
}
_UNSAFE_HINT = ("这个字符看不见，但会让 Word 文件无法生成、让终端显示错乱：请删除它。它常来自从其他软件复制的文字，"
                "或双引号中的转义写法（如 \\e、\\x07、\\0）；在 VS Code 中可用“查找”并勾选正则表达式，搜索 "
                "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f] 找到它。")

_TAB_INDENT = re.compile(r"^ *\t", re.M)
_FULLWIDTH_COLON = re.compile(r"^([^\S\r\n]*(?:-[^\S\r\n]+)?)([A-Za-z_][A-Za-z0-9_-]*)[^\S\r\n]*：", re.M)
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null": "construct_yaml_null",
    "tag:yaml.org,2002:bool": "construct_yaml_bool",
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
}
_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()
# First characters of the plain values the resolver may read as something other than text
# (null, bool, int, float, timestamp, merge, value); every other plain value is text.
# (None when a resolver applies to any first character: then every plain value is resolved)
_RESOLVED_FIRST = None if None in _resolver.yaml_implicit_resolvers else frozenset(_resolver.yaml_implicit_resolvers)
_PLAIN: dict = {}  # plain scalar → its value (what the resolver and constructor give never depends on the file)
_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_MappingStartEvent, _SequenceStartEvent = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MappingEndEvent, _SequenceEndEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent
_EMPTY = object()  # a file with no document at all

NOT_PRINTED = ("review_notes", "sources")  # a role's fields for HR's eyes only: never in a document
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
    cache_key: bytes | None = field(default=None, repr=False, compare=False)  # its entry in the ParseCache
    known_printed_text: str | None = field(default=None, repr=False, compare=False)  # kept in the cache

    @property
    def stem(self) -> str:
        """The file name without .yaml: the role id the file must hold (RD302)."""
        return self.path.stem

    def where(self, parts: PathParts, *, key: bool = False) -> Position | None:
        """Position of the value at `parts` (or of its key), else of the nearest parent."""
        parts = tuple(parts)
        if key and parts in self.key_positions:
            return self.key_positions[parts]
        while parts not in self.positions and parts:
            parts = parts[:-1]
        return self.positions.get(parts)

    @cached_property
    def texts(self) -> list[tuple[PathParts, str]]:
        """(path, text) of every string in the document, in order. Computed once: several rules
        scan them, and the history reader checks one document in many revisions."""
        return strings(self.data, ())

    @property
    def printed_text(self) -> str:
        """Every text a document prints (not review_notes, sources) in one string, separated by
        NUL: rules that look for a pattern search it once and look at single texts only when it
        occurs. Kept in the parse cache: listing the texts of a thousand files takes 0.2 s."""
        if self.known_printed_text is None:
            self.known_printed_text = "\0".join(text for parts, text in self.texts if parts[0] not in NOT_PRINTED)
        return self.known_printed_text


def strings(value, parts: PathParts) -> list[tuple[PathParts, str]]:
    """(path, text) of every string inside a value, in order."""
    found: list[tuple[PathParts, str]] = []
    add = found.append

    def walk(value, parts):  # calls, not nested generators: a thousand files' texts in a tenth of the time
        kind = type(value)
        if kind is str:
            add((parts, value))
        elif kind is dict:
            for key, item in value.items():
                walk(item, parts + (key,))
        elif kind is list:
            for i, item in enumerate(value):
                walk(item, parts + (i,))
        elif isinstance(value, str):
            add((parts, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, parts + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, parts + (i,))

    walk(value, parts)
    return found


class Unmarshalled(Mapping):
    """A mapping kept as marshal bytes until it is first used: most commands never ask where a
    value is written (only problems do), and reading every position back is a third of a cached read."""

    __slots__ = ("_raw", "_mapping")

    def __init__(self, raw: bytes):
        self._raw = raw
        self._mapping: dict | None = None

    @property
    def _items(self) -> dict:
        if self._mapping is None:
            self._mapping, self._raw = marshal.loads(self._raw), b""
        return self._mapping

    def __getitem__(self, key):
        return self._items[key]

    def __contains__(self, key) -> bool:
        return key in self._items

    def get(self, key, default=None):
        """The value at `key`, else `default` (as dict.get)."""
        return self._items.get(key, default)

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class LoadResult:
    """What reading the knowledge base gives: the documents, the problems of the files that could
    not be read, and which files those were."""

    documents: list[Document]
    problems: list[Problem]
    roles_dir: Path
    files_checked: int = 0
    # (kind, path) of files that could not be read: their content is unknown, not absent,
    # so the cross-file rules must not report references to them as broken.
    unread: list[tuple[str, Path]] = field(default_factory=list)
    vocabulary: Vocabulary = field(default_factory=vocabulary)  # the project's schemas (or the shipped ones)
    cache: ParseCache | None = None  # where the documents were read from / kept


class _Abort(Exception):
    """Stops building one document; carries the problem to report."""

    def __init__(self, problem: Problem):
        self.problem = problem


def load_knowledge_base(root: Path, *, also=None) -> LoadResult:
    """Every YAML file of the knowledge base at `root` read into a `Document`, or a problem saying
    why it could not be; returns them as a LoadResult (never raises for bad input). `also`: a
    function (document, cache) that works out more of each document read, where it is read (in
    two processes for many files, see _read_in_two), and keeps what it found in the cache."""
    roles_dir = find_roles_dir(root)
    base = roles_dir.parent
    inside = project_folders(roles_dir)
    cache = parse_cache()
    result = LoadResult([], [], roles_dir, vocabulary=project_vocabulary(base), cache=cache)
    files = []  # (kind, path, name, bytes, blob id) or (kind, path, name, problems)
    for path in iter_knowledge_base_files(roles_dir):
        result.files_checked += 1
        kind = SPECIAL_FILES.get(path.name, "role") if path.parent == roles_dir else "role"
        name = path.relative_to(base).as_posix()
        if path.is_symlink() and not is_inside(path.resolve(), inside):
            what = "文件夹" if path.is_dir() else "文件"
            result.problems.append(problem("RD114", f"这个{what}是符号链接，指向项目文件夹之外（{path.resolve()}），没有读取", name,
                hint="知识库只读取项目文件夹中的文件：请把内容复制到项目中，或删除这个链接。"))
            result.unread.append((kind, path))
            continue
        if path.parent == roles_dir and kind == "role":
            result.problems.append(problem("RD110", f"文件 {path.name} 不在任何部门文件夹中，已忽略",
                name, hint="岗位文件应放在 roles/<部门编号>/<岗位编号>.yaml；"
                "以下划线开头的文件只能是 " + "、".join(SPECIAL_FILES) + "。"))
            continue
        raw, unreadable = read_file(path, name)
        files.append((kind, path, name, raw, blob_id(raw)) if unreadable is None else (kind, path, name, [unreadable]))
    keys = {entry[2]: cache.key(entry[4], entry[2], entry[0], result.vocabulary) for entry in files if len(entry) == 5}
    cache.prefetch(keys.values())
    with collector_paused():  # a thousand files' values and positions: only live objects, nothing to collect
        missing = set(cache.missing(keys.values()))
        _read_in_two(cache, [entry for entry in files if len(entry) == 5 and keys[entry[2]] in missing],
                     result.vocabulary, also)
        for kind, path, name, *content in files:
            if len(content) == 2:
                doc, file_problems = load_bytes(content[0], path=path, name=name, kind=kind, vocab=result.vocabulary,
                                                cache=cache, blob=content[1])
            else:
                doc, file_problems = None, content[0]
            result.problems.extend(file_problems)
            if doc is not None:
                result.documents.append(doc)
            elif any(p.is_error for p in file_problems):
                result.unread.append((kind, path))
    # the new entries are written by the next step (validation), or at exit: lint first starts
    # comparing in a forked process (which finds them in memory)
    return result


PARALLEL_FROM = 200  # files not in the cache: from here, a second process reads some of them (forked.in_two)


def _read_in_two(cache: ParseCache, entries: list, vocab, also=None) -> None:
    """Read the files the cache does not have, shared with a forked process (roledocs.forked.in_two),
    into the cache: the loop in load_knowledge_base then finds every one there. Each document
    read is checked against its schema there too (what validation asks next: kb.validate keeps
    the result in the cache). A first run, or after an upgrade, at 1,000 files: ~0.4 s less, and
    the schema checks ~0.3 s less on a knowledge base of copied roles."""
    from ..forked import can_fork, in_two
    from .cache import Collector
    from .schema import check_document, compile_checks

    def read(part: list) -> list:
        collector = Collector(cache)
        for kind, path, name, raw, blob in part:
            doc, _ = load_bytes(raw, path=path, name=name, kind=kind, vocab=vocab, cache=collector, blob=blob)
            if doc is not None:  # `cache`: where this process found the compiled schemas (compile_checks)
                found = check_document(doc, vocab, cache)
                collector.put(collector.checked_key(doc.cache_key, vocab), [p.as_tuple() for p in found])
                if also is not None:
                    also(doc, collector)
        return collector.entries()

    # without a second process the detour through the cache would only cost time
    if len(entries) >= PARALLEL_FROM and cache.usable() and can_fork():
        # once, before the fork, for the kinds both processes read (roles; a special file is read by one)
        kinds = Counter(entry[0] for entry in entries)
        compile_checks({kind for kind, files in kinds.items() if files > 1}, vocab, cache)
        for key, value in in_two(read, entries, min_items=PARALLEL_FROM):
            cache.adopt(key, value)


_OS_ERRORS = {
    errno.ENOENT: "文件不存在（可能是失效的符号链接）",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ELOOP: "符号链接形成了循环",
    errno.EIO: "磁盘读取错误",
}


def load_file(path: Path, *, name: str | None = None, kind: str = "role", vocab: Vocabulary | None = None,
              cache: ParseCache | None = None):
    """Read one file (limits and messages from `vocab`'s schemas). Returns (Document or None, problems)."""
    name = name or path.name
    raw, unreadable = read_file(path, name)
    if unreadable is not None:
        return None, [unreadable]
    return load_bytes(raw, path=path, name=name, kind=kind, vocab=vocab, cache=cache)


def read_file(path: Path, name: str) -> tuple[bytes, Problem | None]:
    """The bytes of a file (never more than the limit), or the problem that kept it from being read."""
    try:
        size = path.stat().st_size  # before reading: a huge file is never read
        if size <= MAX_FILE_BYTES:
            with path.open("rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)  # a file that grows meanwhile is still cut off
    except OSError as exc:
        reason = _OS_ERRORS.get(exc.errno, f"系统错误 {errno.errorcode.get(exc.errno, exc.errno)}")
        return b"", problem("RD109", f"无法读取文件：{reason}", name, hint="请检查文件是否存在、权限是否允许读取。")
    if size > MAX_FILE_BYTES:
        return b"", _too_large(name, size)
    if len(raw) > MAX_FILE_BYTES:
        return b"", _too_large(name, len(raw))
    return raw, None


def _too_large(name: str, size: int) -> Problem:
    return problem("RD111", f"文件有 {_megabytes(size)}，超过上限 {_megabytes(MAX_FILE_BYTES)}，没有读取",
                   name, hint="岗位文件通常只有几 KB：请检查是否误粘贴了大量内容（上限见 docs/security.md）。")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")


def load_bytes(raw: bytes, *, path: Path, name: str, kind: str = "role", vocab: Vocabulary | None = None,
               cache: ParseCache | None = None, blob: str | None = None):
    """One file's bytes read: (Document, its warnings) or (None, the problems that stopped it).
    With a `cache`, bytes read before (as this name and kind, with these schemas) are not read again;
    `blob`: their git blob id when known."""
    if cache is None:
        return _read_bytes(raw, path=path, name=name, kind=kind, vocab=vocab)
    key = cache.key(blob or blob_id(raw), name, kind, vocab)
    kept = load_cached(cache, key, path=path, name=name, kind=kind)
    if kept is not None:
        return kept
    doc, problems = _read_bytes(raw, path=path, name=name, kind=kind, vocab=vocab)
    found = [p.as_tuple() for p in problems]
    if doc is not None:
        doc.cache_key = key
        cache.put(key, ("document", doc.data, marshal.dumps(doc.positions), marshal.dumps(doc.key_positions), found,
                        doc.printed_text))
    else:
        cache.put(key, ("unread", found))
    return doc, problems


def load_cached(cache: ParseCache, key: bytes | None, *, path: Path, name: str, kind: str):
    """What `load_bytes` gave for the entry `key` (see ParseCache.key), or None when it is not kept."""
    kept = cache.get(key)
    if kept is None:
        return None
    if kept[0] == "document":
        _, data, positions, key_positions, warnings, printed = kept
        return (Document(path, name, kind, data, Unmarshalled(positions), Unmarshalled(key_positions), key, printed),
                [Problem.from_tuple(t) for t in warnings])
    return None, [Problem.from_tuple(t) for t in kept[1]]


def _read_bytes(raw: bytes, *, path: Path, name: str, kind: str, vocab: Vocabulary | None):
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(name, len(raw))]
    text, undecodable = _decode(raw, name)
    if undecodable:
        return None, [undecodable]
    problems = _scan_lines(text, name)
    if problems:  # the parser's own message for these is confusing: ours says what to fix
        return None, problems
    reader = _Reader(name, text, kind, vocab)
    try:
        data = reader.read()
    except _Abort as abort:
        return None, [abort.problem]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, name, text)]
    except yaml.YAMLError as exc:
        return None, [problem("RD102", f"YAML 语法错误：{exc}", name)]
    if data is _EMPTY:
        return None, [problem("RD106", "文件是空的（没有任何内容）", name, 1, 1,
                              hint="请填写内容，或删除这个文件。")]
    if any(p.is_error for p in reader.problems):
        return None, reader.problems
    if not isinstance(data, dict):
        line, col = reader.positions[()]
        return None, [problem("RD107", "文件的顶层必须是“键: 值”形式的映射", name,
                              line, col, "$", hint="例如第一行写 id: sales-rep，而不是以“- ”开头的列表。")]
    return Document(path, name, kind, data, reader.positions, reader.key_positions), reader.problems  # warnings


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
        return "", problem("RD101", f"文件不是 UTF-8 编码{guess}，第 {line} 行有无法识别的字节", name, line,
            hint="请用 UTF-8 重新保存：在 VS Code 中点击右下角的编码 → “通过编码重新打开”选 GBK → "
            "再点编码 → “通过编码保存”选 UTF-8；记事本中“另存为”时编码选 UTF-8。")
    if text.count("\x00") * 8 > len(text):  # every other byte of UTF-16 text is zero; one stray NUL is RD113
        return "", problem("RD101", "文件含有大量空字符（\\0），可能是 UTF-16 编码或二进制文件", name,
                           text[: text.index("\x00")].count("\n") + 1,
                           hint="请用 UTF-8 编码重新保存这个文件。")
    return text, None


def _scan_lines(text: str, name: str) -> list[Problem]:
    """Mistakes that YAML reports badly: invisible control characters (the parser only says
    "unacceptable character"), tabs in indentation, full-width colons after keys.
    Regular expressions over the whole text: a file of millions of short lines is never split."""
    if _UNSAFE_CHARACTER.search(text):
        return _unsafe_lines(text, name)
    problems = []
    tabs = [match.end() - 1 for match in _TAB_INDENT.finditer(text)] if "\t" in text else []
    tab_lines = set()
    for line, col in _positions(text, tabs):
        tab_lines.add(line)
        problems.append(problem("RD104", "这一行用制表符（Tab）缩进，YAML 只允许空格", name, line, col,
            hint="请把 Tab 换成空格（每级两个空格）；VS Code 可在右下角把“制表符”改成“空格”。"))
    colons = _fullwidth_colon_keys(text)
    for match, (line, col) in zip(colons, _positions(text, [m.end() - 1 for m in colons])):
        if line not in tab_lines:
            key = match.group(2)
            problems.append(problem("RD105", f"键 {key} 后面用了全角冒号“：”", name, line, col,
                                    hint=f"请改成半角冒号加空格，例如 “{key}: …”。"))
    return problems


def _fullwidth_colon_keys(text: str) -> list[re.Match]:
    """The lines (`_FULLWIDTH_COLON` matches) whose key is followed by a full-width colon: what
    finditer gives, tried only on the lines that have one (Chinese text has a few; matching the
    pattern at every line start took most of the time of `_scan_lines`)."""
    found = []
    at, done = text.find("："), -1
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1  # (where re.M's ^ matches: after "\n" only)
        if start > done:
            match = _FULLWIDTH_COLON.match(text, start)
            if match:
                found.append(match)
            done = start
        at = text.find("：", at + 1)
    return found


def _unsafe_lines(text: str, name: str, shown: int = 20) -> list[Problem]:
    """One problem per line with a control character written as it is, for the first `shown` lines."""
    problems: list[Problem] = []
    last_line, end = 0, len(text)
    matches, starts = itertools.tee(_UNSAFE_CHARACTER.finditer(text))  # in step: constant memory
    for match, (line, col) in zip(matches, _positions(text, (m.start() for m in starts))):
        if line == last_line:
            continue
        if len(problems) == shown:
            end = match.start()
            break
        last_line = line
        problems.append(problem("RD113", f"这一行有不可见的控制字符 {describe_character(match.group())}",
                                name, line, col, hint=_UNSAFE_HINT))
    if end < len(text):
        more = len(_UNSAFE_CHARACTER.findall(text, end))
        problems.append(problem("RD113", f"从第 {line} 行起还有 {more:,} 个不可见的控制字符（未逐一列出）",
                                name, line, hint=_UNSAFE_HINT))
    return problems


def _positions(text: str, indexes):
    """1-based (line, column) of each of the increasing `indexes`, counting line breaks as
    libyaml does; one pass over the text however many there are."""
    line, line_start, last = 1, 0, 0
    count = text.count
    for index in indexes:
        breaks = (count("\n", last, index) + count("\r", last, index) - count("\r\n", last, index)
                  + count("\u2028", last, index) + count("\u2029", last, index))
        if breaks:
            line += breaks
            line_start = max(text.rfind(ch, last, index) for ch in "\n\r\u2028\u2029") + 1
        last = index
        yield line, index - line_start + 1


def describe_character(char: str) -> str:
    """"U+001B（ESC 转义符）": names an invisible character so that the user can find it."""
    code = ord(char)
    name = _CHARACTER_NAMES.get(code) or ("代理码位" if 0xD800 <= code <= 0xDFFF else "控制字符")
    return f"U+{code:04X}（{name}）"


# libyaml's problem (as a fragment of its English) → what it means, in Chinese, and the fix
_SYNTAX = [
    ("could not find expected ':'", "缺少冒号", "上一行或这一行可能缺少半角冒号“:”，或冒号后缺少空格。"),
    ("mapping values are not allowed", "这里不能出现“键: 值”",
     "值里含有“: ”时，请用引号把整个值括起来；也请检查缩进是否对齐。"),
    ("did not find expected key", "这一行的缩进与同一层的键不一致", "请检查缩进：同一层的键必须左对齐。"),
    ("did not find expected '-' indicator", "这一行的缩进与同一列表的各项不一致",
     "请检查列表的缩进：同一列表的“- ”必须左对齐。"),
    ("block sequence entries are not allowed", "这里不能开始一个列表",
     "“- ”开头的列表项应写在“键:”的下一行并缩进；如果冒号后面已经写了值，请删掉其中一个。"),
    ("expected <block end>", "缩进不对齐", "请检查这一行和上一行的缩进：同一层的内容必须左对齐。"),
    ("found undefined alias", "引用了未定义的锚点", "引用了未定义的锚点（*名称）；请删除它或改成普通内容。"),
    ("found unexpected end of stream", "文件在引号或括号中结束", "引号或括号没有闭合。"),
    ("expected a single document", "一个文件中有多个文档", "一个文件只能有一个文档：请删除多余的“---”。"),
    ("found character '\\t'", "这一行有制表符（Tab）", "请把 Tab 换成空格。"),
    ("cannot start any", "这个值以 YAML 的特殊符号开头（如 @ ` % |）",
     "请用引号把整个值括起来，例如 \"@某某\"。"),
    ("expected alphabetic or numeric character", "锚点或别名（& *）的名字不对",
     "& 和 * 在 YAML 中有特殊含义：文字以它们开头时，请用引号把整个值括起来。"),
    ("found unknown escape character", "双引号中的反斜杠“\\”后面不是有效的转义",
     "双引号中的“\\”要写成“\\\\”；或者改用单引号。"),
    ("found duplicate anchor", "同一个锚点（&名称）定义了两次", "请给其中一个换个名字。"),
]


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    """RD102 where the mistake was made: an unclosed quote or bracket is reported where it was
    opened, not where the parser gave up (often many lines further down, or the end of the file)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    detail = " ".join(filter(None, [exc.context, exc.problem]))
    if "maximum nesting depth" in detail:  # libyaml stops deep [[[…]]] before our own limit does
        return problem("RD108", f"嵌套层级超过 {MAX_DEPTH} 层", name, line, col,
                       hint=f"请把嵌套层级控制在 {MAX_DEPTH} 层以内。")
    unclosed = _unclosed(exc, text)
    if unclosed:
        (line, col), message, hint = unclosed
        return problem("RD102", f"YAML 语法错误：{message}", name, line, col, hint=hint)
    if "mapping values are not allowed" in detail and exc.problem_mark:
        misplaced = _dedented_key_above(text, exc.problem_mark.line)
        if misplaced:
            (line, col), key = misplaced
            below = exc.problem_mark.line + 1
            return problem("RD102", f"YAML 语法错误：第 {line} 行和第 {below} 行的缩进不一致", name, line, col,
                           hint=f"第 {line} 行的 {key} 后面已经写了值，第 {below} 行却缩进得更深，像是它的一部分。"
                                f"同一层的键请左对齐：要么第 {line} 行少缩进了，要么第 {below} 行多缩进了。")
    meaning, hint = next(((m, h) for needle, m, h in _SYNTAX if needle in detail),
                         (f"解析器无法读懂这一行（原文：{detail}）", "请检查这一行附近的缩进、冒号和引号。"))
    return problem("RD102", f"YAML 语法错误：{meaning}", name, line, col, hint=hint)


_BRACKETS = {  # libyaml's context → what was opened, its brackets, how to write it without them
    "while parsing a flow sequence": ("列表", "[", "]", "每项单独一行、以“- ”开头"),
    "while parsing a flow mapping": ("映射", "{", "}", "每个“键: 值”单独一行"),
}


_KEY_WITH_VALUE = re.compile(r"^( *)([^\s#\-][^:#]*?):[ \t]+[^\s#]")


def _dedented_key_above(text: str, problem_line: int):
    """((line, column), key) of the "key: value" line just above the 0-based `problem_line` when it
    is indented less than that line: an un-indented key that libyaml only notices one line later."""
    lines = text.splitlines()
    if problem_line >= len(lines):
        return None
    here = len(lines[problem_line]) - len(lines[problem_line].lstrip(" "))
    for number in range(problem_line - 1, -1, -1):
        above = lines[number]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        match = _KEY_WITH_VALUE.match(above)
        if match and len(match[1]) < here:
            return (number + 1, len(match[1]) + 1), match[2]
        return None
    return None


def _unclosed(exc: yaml.MarkedYAMLError, text: str):
    """(where it was opened, message, hint) for a quote or bracket left open, else None."""
    gave_up = exc.problem_mark.line + 1 if exc.problem_mark else None
    if exc.context in _BRACKETS and exc.context_mark:  # libyaml's context mark: the "[" or "{"
        what, opening, closing, block = _BRACKETS[exc.context]
        at = exc.context_mark.line + 1, exc.context_mark.column + 1
        stopped = f"（读到第 {gave_up} 行时出错）" if gave_up else ""
        return (at, f"第 {at[0]} 行用“{opening}”开始的{what}没有用“{closing}”结束{stopped}",
                f"请在{what}的最后一项后面补上“{closing}”；或者不用括号，{block}。")
    if exc.context == "while scanning a quoted scalar" and exc.context_mark:  # open to the end of the file
        at = exc.context_mark.line + 1, exc.context_mark.column + 1
        quote = text.splitlines()[at[0] - 1][at[1] - 1:at[1]] or '"'
        return (at, f"第 {at[0]} 行的引号 {quote} 没有闭合，直到文件末尾", _quote_hint(quote))
    # A quote left open swallows the following lines up to the next quote character (often in
    # a comment), and the parser gives up just after it: the last value read is that string.
    scalar = _last_scalar_before(text, exc.problem_mark)
    if scalar is not None and scalar.style in ("'", '"') and scalar.start_mark.line < scalar.end_mark.line \
            and scalar.end_mark.line == exc.problem_mark.line:
        at = scalar.start_mark.line + 1, scalar.start_mark.column + 1
        return (at, f"第 {at[0]} 行的引号 {scalar.style} 没有闭合：后面直到第 {scalar.end_mark.line + 1} 行的内容"
                    f"都被当成了这段文字", _quote_hint(scalar.style))
    return None


def _quote_hint(quote: str) -> str:
    return (f"请在这段文字的末尾补上 {quote}（开头和结尾的引号要成对）；文字中没有冒号、# 等符号时，也可以去掉开头的 {quote}。")


def _last_scalar_before(text: str, mark):
    """The last scalar the parser read before it stopped at `mark` (parsed again: errors only)."""
    if mark is None:
        return None
    parser, last = _Loader(text), None
    try:
        while True:
            event = parser.get_event()
            if event is None or event.start_mark.index >= mark.index:
                return last
            if isinstance(event, yaml.ScalarEvent):
                last = event
    except yaml.YAMLError:
        return last
    finally:
        parser.dispose()


def _mark(event) -> Position:
    return event.start_mark.line + 1, event.start_mark.column + 1


@dataclass
class _Anchor:
    value: object
    nodes: int  # values it stands for (an alias adds them all again)
    chars: int  # and their characters
    secret: PathParts | None  # the confidential subtree it lies in


# a continuation line of plain text that starts like a list item or a "key: value" line
_LOOKS_NEW = re.compile(r"^\s*(- \S|[A-Za-z_][A-Za-z0-9_]*:(?: |$))")


class _Reader:
    """Builds plain values from the parser's events in one pass, recording positions and
    checking the limits as it goes, so that nothing over a limit is ever held in memory.

    The schema is walked alongside the values: it gives each list's maxItems, each text's
    maxLength and the confidential (`x-confidential`) subtrees that aliases may not leave.
    """

    def __init__(self, name: str, text: str, kind: str, vocab: Vocabulary | None = None):
        from .schema import field_label, inlined_schema, load_schema  # jsonschema is slow to import: only here

        self.name = name
        self.schema = inlined_schema(kind, vocab)
        self.field = lambda parts: field_label(load_schema(kind, vocab), parts)  # 「岗位职责」duties, for messages
        self.next = _Loader(text).get_event  # the parser itself: yaml.parse adds a generator per event
        self.text = text
        self.nodes = 0
        self.chars = 0  # characters of text, counting those that aliases repeat
        self.anchors: dict[str, _Anchor] = {}
        self.problems: list[Problem] = []
        self.positions: dict[PathParts, Position] = {}
        self.key_positions: dict[PathParts, Position] = {}

    def read(self):
        """The document's value; `_EMPTY` for a stream without a document."""
        self.next()  # StreamStart
        event = self.next()
        if isinstance(event, yaml.StreamEndEvent):
            return _EMPTY
        value = self.node(self.next(), (), self.schema, None)
        self.next()  # DocumentEnd
        event = self.next()
        if isinstance(event, yaml.DocumentStartEvent):
            self.problems.append(self.problem("RD102", "YAML 语法错误：一个文件中有多个文档", event,
                                              hint="一个文件只能有一个文档：请删除多余的“---”。"))
        return value

    def problem(self, code, message, event, parts=None, hint="", at: Position | None = None) -> Problem:
        line, col = at or _mark(event)
        return problem(code, message, self.name, line, col,
                       json_path(parts) if parts is not None else "", hint)

    def count(self, event, nodes: int = 1, chars: int = 0) -> None:
        self.nodes += nodes
        self.chars += chars
        if self.nodes > MAX_NODES or self.chars > MAX_FILE_BYTES:
            self.too_much(event)

    def too_much(self, event):
        if isinstance(event, yaml.AliasEvent):  # text can only outgrow the file through aliases
            raise _Abort(self.problem(
                "RD108", f"别名（*{shorten(event.anchor)}）展开后内容超出上限（可能是别名炸弹）", event,
                hint="岗位文件不需要锚点（&）和别名（*）：请直接写出内容。"))
        raise _Abort(self.problem(
            "RD111", f"文件中的值超过 {MAX_NODES:,} 个，超出读取上限", event,
            hint="一个文件写不了这么多内容：请检查是否误粘贴了大量数据，或把内容拆分到多个文件。"))

    def node(self, event, parts: PathParts, schema: dict | None, secret: PathParts | None):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.too_much(event)
        mark = event.start_mark
        self.positions[parts] = (mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is _ScalarEvent and event.anchor is None and len(parts) <= MAX_DEPTH:  # most values: straight away
            return self.scalar(event, parts, schema)
        if kind is _AliasEvent:
            return self.alias(event, parts)
        if len(parts) > MAX_DEPTH:
            raise _Abort(self.problem("RD108", f"嵌套层级超过 {MAX_DEPTH} 层", event,
                                      hint=f"请把嵌套层级控制在 {MAX_DEPTH} 层以内。"))
        if schema is not None and schema.get("x-confidential") and secret is None:
            secret = parts
        first_node, first_chars = self.nodes, self.chars
        if kind is _MappingStartEvent:
            self.plain(event, "tag:yaml.org,2002:map")
            value = self.mapping(parts, schema, secret)
        elif kind is _SequenceStartEvent:
            self.plain(event, "tag:yaml.org,2002:seq")
            value = self.sequence(event, parts, schema, secret)
        else:
            value = self.scalar(event, parts, schema)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, self.nodes - first_node + 1, self.chars - first_chars, secret)
        return value

    def plain(self, event, tag: str) -> None:
        """Lists and mappings carry no tag (`!!python/object…`, `!!set` would change their meaning)."""
        if event.tag not in (None, "!", tag):
            self.unsupported_tag(event)

    def mapping(self, parts: PathParts, schema: dict | None, secret: PathParts | None) -> dict:
        result: dict = {}
        seen: dict[str, Position] = {}
        properties = schema.get("properties", {}) if schema is not None else {}
        while type(event := self.next()) is not _MappingEndEvent:
            self.nodes += 1
            if self.nodes > MAX_NODES:
                self.too_much(event)
            if type(event) is _ScalarEvent:
                key = self.scalar(event, parts, None, key=True)
            elif isinstance(event, yaml.AliasEvent):
                key = self.alias(event, parts)
            else:
                self.skip(event)
                key = None
            if isinstance(key, (list, dict)) or isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self.problems.append(self.problem("RD102", "键必须是文字，不能是列表或映射", event))
                self.skip(self.next())
                continue
            key = str(key)
            value_event = self.next()
            if key in seen:
                self.problems.append(self.problem(
                    "RD103", f"键 {shorten(key)} 重复出现（第 {seen[key][0]} 行已经有这个键）", event,
                    parts + (key,), hint="YAML 只会保留其中一个值，另一个会丢失：请合并两处内容，或删除多余的一处。"))
                self.skip(value_event)
                continue
            mark = event.start_mark
            path = parts + (key,)
            seen[key] = self.key_positions[path] = (mark.line + 1, mark.column + 1)
            result[key] = self.node(value_event, path, properties.get(key), secret)
        return result

    def sequence(self, start, parts: PathParts, schema: dict | None, secret: PathParts | None) -> list:
        items: list = []
        limit = schema.get("maxItems") if schema is not None else None
        item_schema = schema.get("items") if schema is not None else None
        while type(event := self.next()) is not _SequenceEndEvent:
            if limit is not None and len(items) >= limit:
                raise _Abort(self.problem(  # at the list's key: "duties:" says more than its first item
                    "RD112", f"{self.field(parts)} 的项数超过上限（最多 {limit:,} 项）", start, parts,
                    hint="请合并或删减内容（各项上限见 docs/security.md）。", at=self.key_positions.get(parts)))
            items.append(self.node(event, parts + (len(items),), item_schema, secret))
        return items

    def scalar(self, event, parts: PathParts, schema: dict | None, *, key: bool = False):
        value = event.value
        self.chars += len(value)  # never more than the file's bytes: only aliases are checked
        style = event.style
        # The file's text has no control character (_scan_lines): only a double-quoted escape can make one.
        bad = _UNSAFE_CHARACTER.search(value) if style == '"' else None
        if bad:
            where = "键" if key else self.field(parts)
            self.problems.append(self.problem(
                "RD113", f"{where}中有不可见的控制字符 {describe_character(bad.group())}", event, parts,
                hint=_UNSAFE_HINT))
        if schema is not None:
            limit = schema.get("maxLength")
            if limit is not None and len(value) > limit:
                raise _Abort(self.problem(
                    "RD112", f"{self.field(parts)} 有 {len(value):,} 个字符，超过上限（最多 {limit:,} 个）", event,
                    parts, hint="请精简内容（各项上限见 docs/security.md）。"))
        if style in (None, "", ">") and not key and event.end_mark.line > event.start_mark.line:
            self.merged_lines(event, parts)  # plain ("" in libyaml) or folded text over several lines
        tag = event.tag
        if tag is None:
            if not event.implicit[0]:  # quoted: a string, nothing to resolve
                return value
            if value and _RESOLVED_FIRST is not None and value[0] not in _RESOLVED_FIRST:  # 「负责……」: text
                return value
            known = _PLAIN.get(value, _PLAIN)  # keys (title, duties …), numbers and dates repeat in every file
            if known is not _PLAIN:
                return known
            resolved = self.resolved(event, value, _resolver.resolve(yaml.ScalarNode, value, event.implicit))
            if len(_PLAIN) < 100_000 and len(value) <= 40:
                _PLAIN[value] = resolved
            return resolved
        if tag == "!":
            tag = _resolver.resolve(yaml.ScalarNode, value, event.implicit)
        return self.resolved(event, value, tag)

    def resolved(self, event, value: str, tag: str):
        """The value of a scalar with this (resolved) tag."""
        method = _SCALAR_TAGS.get(tag)
        if method:
            try:
                return getattr(_constructor, method)(yaml.ScalarNode(tag, value))
            except (ValueError, yaml.YAMLError):
                return value
        if tag.startswith("tag:yaml.org,2002:"):
            return value  # strings, and timestamps kept as written: dates stay "2026-01-01"
        self.unsupported_tag(event)

    def merged_lines(self, event, parts: PathParts) -> None:
        """A plain scalar continued onto a line that looks like a new item (「- 制定…」) or key
        (「tasks: …」): one space too many merged it into the text above (RD116, a warning)."""
        lines = self.text[event.start_mark.index:event.end_mark.index].split("\n")[1:]
        folded = event.style == ">"  # a folded block may hold a list written as text: only keys count
        for offset, line in enumerate(lines, 1):
            match = _LOOKS_NEW.match(line)
            if match and not (folded and match.group(1).startswith("-")):
                where = (event.start_mark.line + offset + 1, match.start(1) + 1)
                owner = parts[:-1] if parts and isinstance(parts[-1], int) else parts  # the list, not 「文字」
                looks = "新的一项" if match.group(1).startswith("-") else "新的键"
                self.problems.append(self.problem(
                    "RD116", f"这一行看起来是{looks}，却接在了上一行{self.field(owner)}的文字后面（多缩进了）",
                    event, parts, at=where,
                    hint="请让它与上一项的“- ”（或上一个键）对齐；如果它确实是文字的一部分，请给整段文字加引号。"))

    def alias(self, event, parts: PathParts):
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise _Abort(self.problem("RD102", f"引用了未定义的锚点 *{shorten(event.anchor)}", event, parts,
                                      hint="请删除这个别名，或改成普通内容。"))
        if anchor.secret is not None and parts[: len(anchor.secret)] != anchor.secret:
            source = self.field(anchor.secret)
            self.problems.append(self.problem(
                "RD115", f"别名 *{shorten(event.anchor)} 引用了{source}中的保密内容，它会因此出现在公开的网站和文件中",
                event, parts,
                hint="保密字段（如 compensation、review_notes）中的锚点（&）只能在同一个保密字段中引用：请直接写出这里的内容。"))
            return None
        self.count(event, anchor.nodes - 1, anchor.chars)
        return copy.deepcopy(anchor.value)

    def skip(self, event) -> None:
        """Consume a node's events without keeping them."""
        depth = int(isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)))
        while depth:
            event = self.next()
            self.count(event)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1

    def unsupported_tag(self, event):
        raise _Abort(self.problem("RD102", f"不支持 YAML 标签 {shorten(event.tag)}", event,
                                  hint="请删除以“!”开头的标签，直接写值。"))
