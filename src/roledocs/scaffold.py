"""Starting points: a new role file, a new KPI at the end of _kpis.yaml (`roledocs new`).

    path, problems = new_role(root, "key-account-manager", "大客户经理", "sales", "sales-director")
    problems = new_kpi(root, "repeat-purchase-rate", "复购率", unit="%")

A new role is a commented draft that validates; what only a person can write carries the
placeholder 【待填写】, which validate reports (RD318) until it is replaced. Labels and hints
come from the schema titles and descriptions. Nothing is written when a name is taken or a
reference is unknown; a KPI is appended as text, so the comments of _kpis.yaml stay.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import UsageError
from .fileio import atomic_write_text
from .kb import InvalidKnowledgeBase, open_knowledge_base
from .kb.model import KnowledgeBase
from .kb.problems import Problem
from .kb.rules import PLACEHOLDER
from .kb.validate import validate_knowledge_base
from .vocabulary import Vocabulary, resolve, schema_modeline


KINDS = ("role", "kpi")  # what `roledocs new` makes


@dataclass(frozen=True)
class Name:
    """Something a reference may name: its id and the Chinese names people call it."""

    id: str
    title: str
    names: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.id}（{self.title}）"


class Refused(UsageError):
    """`roledocs new` will not write: a name is taken, an id is malformed, a reference unknown."""


def departments(kb: KnowledgeBase) -> list[Name]:
    """Every department as a name a new role's department may be given by (id, name or alias)."""
    return [Name(d.id, d.name, (d.name, *d.aliases)) for d in kb.departments.values()]


def superiors(kb: KnowledgeBase) -> list[Name]:
    """Everything reports_to may name: roles and the positions outside the knowledge base."""
    return ([Name(r.id, r.title, (r.title, *r.aliases)) for r in kb.roles.values()]
            + [Name(p.id, p.title, (p.title, *p.aliases)) for p in kb.positions.values()])


def pick(value: str, candidates: list[Name], what: str, *, by_name: bool = False) -> Name:
    """The candidate whose id is `value` (or, with `by_name`, whose only name or alias it is);
    else a Chinese error that names the right id when `value` is a name or alias
    (销售部 → sales), or the closest ids."""
    by_id = {c.id: c for c in candidates}
    if value in by_id:
        return by_id[value]
    named = [c for c in candidates if value in c.names]
    if by_name and len(named) == 1:
        return named[0]
    if named:
        raise Refused(f"{what}「{value}」请写编号 {'、'.join(map(str, named))}。")
    close = difflib.get_close_matches(value, list(by_id), n=3, cutoff=0.6)
    close += [c.id for c in candidates if c.id not in close and any(value in n or n in value for n in c.names)][:3]
    hint = f"是否想写 {'、'.join(str(by_id[c]) for c in close)}？" if close else \
        f"可选：{'、'.join(map(str, candidates[:20]))}{' ……' if len(candidates) > 20 else ''}。"
    raise Refused(f"没有编号为「{value}」的{what}。{hint}")


def new_role(root: Path | str, role_id: str, title: str, department: str, reports_to: str,
             category: str | None = None) -> tuple[Path, list[Problem]]:
    """Write roles/<department>/<role_id>.yaml, a draft that validates; its path and the
    problems validate reports for it (RD318 for each placeholder)."""
    kb = _open(root)
    vocab = kb.vocabulary
    _check_id(vocab, "role", (), role_id, "岗位编号")
    taken = {**{p.id: f"_positions.yaml 中的职位「{p.title}」" for p in kb.positions.values()},
             **{r.id: f"{r.file}（{r.title}）" for r in kb.roles.values()}}
    if role_id in taken:
        raise Refused(f"岗位编号 {role_id} 已经用于 {taken[role_id]}，请换一个编号。")
    _check_text(title, "岗位名称")
    dept = pick(department, departments(kb), "部门")
    superior = pick(reports_to, superiors(kb), "直接上级")
    categories = vocab.enum_values("role", "category")
    if category is not None and category not in categories:
        raise Refused(f"岗位类别「{category}」不在可选范围内。可选：{'、'.join(categories)}。")
    path = Path(kb.root) / dept.id / f"{role_id}.yaml"
    text = role_skeleton(vocab, role_id, title, dept, superior, category,
                         modeline=schema_modeline(kb.project, "role", path.parent))
    try:
        atomic_write_text(path, text, replace=False)
    except FileExistsError:
        raise Refused(f"{path} 已经存在，没有覆盖它。请换一个编号。") from None
    return path, _validated(root, path, undo=lambda: path.unlink(missing_ok=True))


def role_skeleton(vocab: Vocabulary, role_id: str, title: str, department: Name, superior: Name,
                  category: str | None,
                  modeline: str = "# yaml-language-server: $schema=../../schemas/role.schema.json") -> str:
    """The text of a new role file: every key with its schema label as a comment."""
    label = lambda path: vocab.label("role", path)  # noqa: E731
    hint = lambda path: vocab.description("role", path)  # noqa: E731
    todo = lambda path: PLACEHOLDER + hint(path)  # noqa: E731
    categories = vocab.enum_values("role", "category")
    chosen = category or categories[-1]  # the catch-all (其他类) last in the schema; a review note asks to check it
    status = "、".join(f"{v} {vocab.enum_label('role', 'status', v)}" for v in vocab.enum_values("role", "status"))
    notes = [f"核对{label('category')}：生成时{'按命令行' if category else '暂'}填为「{chosen}」。",
             f"填写{label('kpis')}（kpis）：引用 _kpis.yaml 中的指标编号，可用 roledocs new 编号 --kind kpi 添加新指标。"]
    lines = [
        modeline,
        f"# 新岗位「{_one_line(title)}」的草稿，由 roledocs new 生成。",
        f"# 把每个「{PLACEHOLDER}」连同后面的提示换成真实内容；roledocs validate 会列出还没填的地方。",
        "# 全部填好、逐条处理完 review_notes 后，把 status 改为 active。",
        f"# {label('id')}：{hint('id')}",
        _pair("id", role_id),
        f"# {label('title')}",
        _pair("title", title),
        f"# {label('department')}：{department}",
        _pair("department", department.id),
        f"# {label('category')}，可选：{'、'.join(categories)}",
        _pair("category", chosen),
        f"# {label('status')}：{status}",
        _pair("status", "draft"),
        f"# {label('reports_to')}：{superior}",
        _pair("reports_to", superior.id),
        f"# {label('aliases')}（可选）：{hint('aliases')}",
        "# aliases:",
        "#   - ",
        f"# {label('headcount')}（可选）：{hint('headcount')}",
        "# headcount: 1",
        f"# {label('summary')}：{hint('summary')}",
        _pair("summary", todo("summary")),
        f"# {label('duties')}：至少一项；每项以“- title:”开头，可以照样子复制多项。",
        "duties:",
        f"  - {_pair('title', todo('duties.title'))}  # {label('duties.title')}",
        f"    {_pair('description', todo('duties.description'))}  # {label('duties.description')}",
        f"    # {label('duties.tasks')}：每行一项，以“- ”开头",
        "    tasks:",
        f"      - {_scalar(todo('duties.tasks'))}",
        f"# {label('qualifications')}",
        "qualifications:",
        f"  {_pair('education', todo('qualifications.education'))}  # {label('qualifications.education')}",
        f"  {_pair('experience', todo('qualifications.experience'))}  # {label('qualifications.experience')}",
        f"# {label('kpis')}（可选）：{hint('kpis')}",
        "# kpis:",
        f"#   - kpi: sales-target-achievement  # {label('kpis.kpi')}",
        f"#     weight: 100  # {label('kpis.weight')}",
        f"# {label('review_notes')}：只在内部版本中出现；处理完一条删一条。",
        "review_notes:",
        *(f"  - {_scalar(note)}" for note in notes),
    ]
    return "\n".join(lines) + "\n"


def new_kpi(root: Path | str, kpi_id: str, name: str, unit: str | None = None, direction: str = "higher",
            category: str | None = None) -> list[Problem]:
    """Append an entry to roles/_kpis.yaml as text (the rest of the file, comments included, is
    kept byte for byte); the problems validate reports for it. On a validation error the file
    is restored."""
    kb = _open(root)
    vocab = kb.vocabulary
    _check_id(vocab, "kpis", ("properties", "kpis", "items"), kpi_id, "指标编号")
    if kpi_id in kb.kpis:
        raise Refused(f"指标编号 {kpi_id} 已经用于指标「{kb.kpis[kpi_id].name}」，请换一个编号。")
    _check_text(name, "指标名称")
    same = [k for k in kb.kpis.values() if name in (k.name, *k.aliases)]
    if same:
        raise Refused(f"指标库中已有「{name}」：{same[0].id}（{same[0].name}）。岗位中引用它时写 kpi: {same[0].id}。")
    directions = vocab.enum_values("kpis", "kpis.direction")
    if direction not in directions:
        raise Refused(f"方向「{direction}」不在可选范围内。可选：{'、'.join(directions)}。")
    path = Path(kb.root) / "_kpis.yaml"
    try:
        original = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        original = schema_modeline(kb.project, "kpis", path.parent) + "\nkpis:\n"
    indent = _item_indent(original, path)
    newline = "\r\n" if "\r\n" in original else "\n"
    entry = kpi_entry(vocab, kpi_id, name, unit, direction, category)
    pad = " " * indent
    lines = [pad + ("- " if i == 0 else "  ") + line if line else "" for i, line in enumerate(entry)]
    separator = "" if original.endswith(("\n", "\r")) or not original else newline
    text = original + separator + newline + newline.join(
        [f"{pad}# 由 roledocs new 添加：把「{PLACEHOLDER}」连同后面的提示换成真实内容。", *lines]) + newline
    atomic_write_text(path, text)
    return _validated(root, path, undo=lambda: atomic_write_text(path, original))


def kpi_entry(vocab: Vocabulary, kpi_id: str, name: str, unit: str | None, direction: str,
              category: str | None) -> list[str]:
    """The lines of one KPI entry, without the list's indentation."""
    label = lambda key: vocab.label("kpis", f"kpis.{key}")  # noqa: E731
    todo = lambda key: PLACEHOLDER + vocab.description("kpis", f"kpis.{key}")  # noqa: E731
    directions = "；".join(f"{v} {vocab.enum_label('kpis', 'kpis.direction', v)}"
                          for v in vocab.enum_values("kpis", "kpis.direction"))
    return [
        f"{_pair('id', kpi_id)}  # {label('id')}",
        f"{_pair('name', name)}  # {label('name')}",
        f"{_pair('category', category or todo('category'))}  # {label('category')}",
        f"{_pair('definition', todo('definition'))}  # {label('definition')}",
        f"{_pair('formula', todo('formula'))}  # {label('formula')}",
        f"{_pair('unit', unit or todo('unit'))}  # {label('unit')}",
        f"{_pair('direction', direction)}  # {label('direction')}：{directions}",
        f"{_pair('period', todo('period'))}  # {label('period')}",
        f"{_pair('data_source', todo('data_source'))}  # {label('data_source')}",
    ]


def _open(root) -> KnowledgeBase:
    try:
        return open_knowledge_base(root, audience="internal")
    except InvalidKnowledgeBase as exc:
        raise InvalidKnowledgeBase(exc.report, "没有新建任何内容") from None


def _validated(root, path: Path, undo) -> list[Problem]:
    """The problems of `path` after writing it. The knowledge base was valid before, so an error
    now is ours: undo the write and say so."""
    report = validate_knowledge_base(Path(root))
    if not report.ok:
        undo()
        raise InvalidKnowledgeBase(report, f"已撤销对 {path.name} 的修改")
    return [p for p in report.problems if Path(p.file).name == path.name]


def _check_id(vocab: Vocabulary, kind: str, where: tuple, value: str, what: str) -> None:
    """`value` against the id's pattern and length in the schema; the hint is the schema's."""
    schema = vocab.schema(kind)
    node = schema
    for key in where:
        node = resolve(schema, node)[key]
    rule = resolve(schema, resolve(schema, node)["properties"]["id"])
    pattern, longest = rule.get("pattern"), rule.get("maxLength", 64)
    if (pattern and not re.search(pattern, value)) or len(value) > longest:
        tidy = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        better = f"可以写 {tidy}。" if tidy and tidy != value and re.search(pattern or "", tidy) else ""
        raise Refused(f"{what}「{value}」不符合要求：{rule.get('description', '')}（最长 {longest} 个字符）{better}")


def _check_text(value: str, what: str) -> None:
    if not value.strip() or any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 for c in value):
        raise Refused(f"{what}不能为空，也不能含换行或控制字符。")


def _item_indent(text: str, path: Path) -> int:
    """The indentation of the items of the kpis: list, so an appended entry joins it."""
    match = re.search(r"^kpis:[ \t]*(?:#.*)?\r?\n(?:[ \t]*(?:#.*)?\r?\n)*( *)- ", text, re.M)
    if not match:
        raise Refused(f"{path} 中没有找到“kpis:”下的指标列表，无法在末尾添加。请先手工写入第一个指标。")
    return len(match[1])


def _scalar(value) -> str:
    """`value` as one YAML scalar, quoted only where YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6).removesuffix("\n...\n") \
        .rstrip("\n")


def _pair(key: str, value) -> str:
    return f"{key}: {_scalar(value)}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
