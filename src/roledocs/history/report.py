"""A semantic diff told to people: plain text (terminal), Markdown (a merge-request comment,
the site's 与上一版本比较 view) and a dict for the JSON envelope.

Text from the YAML is data: in Markdown every value is escaped so that a task containing
`|`, `*`, `<script>` or a newline cannot break the table or inject HTML into the comment.
"""
from __future__ import annotations

import html
import re

from .changes import CHANGE_LABELS, FieldChange, KnowledgeBaseDiff, RoleDiff

SHARED_KIND_LABELS = {"kpis": "考核指标", "departments": "部门", "glossary": "术语", "processes": "流程",
                      "positions": "外部职位"}
# values always stand inside a table cell or after a label, never at the start of a line
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~<>&])")


def md(text) -> str:
    """A YAML value as literal Markdown text inside a paragraph or table cell."""
    if text is None:
        return ""
    text = " ".join(str(text).split())  # no newline may end a table row
    return _MD_SPECIAL.sub(lambda m: html.escape(m[1]) if m[1] in "<>&" else "\\" + m[1], text)


def quote(text: str | None) -> str:
    """Text in 「」 quotes for a sentence, or （空） when empty."""
    return f"「{text}」" if text else "（空）"


def describe(c: FieldChange) -> str:
    """One change as a Chinese sentence (plain text)."""
    head = f"{c.where} · {c.label}" if c.where and c.where != c.label else c.label
    if c.change == "added":
        return f"{head}：新增{quote(c.new)}"
    if c.change == "removed":
        return f"{head}：删除{quote(c.old)}"
    if c.change == "renamed":
        return f"{head}：{quote(c.old)}改名为{quote(c.new)}"
    if c.change == "moved":
        return f"{head}：顺序调整，{c.old} → {c.new}"
    verb = "改写" if c.change == "reworded" else "修改"
    return f"{head}：{verb} {quote(c.old)} → {quote(c.new)}"


def _role_heading(r: RoleDiff) -> str:
    where = r.file if not r.old_file or r.old_file == r.file else f"{r.old_file} → {r.file}"
    return f"{CHANGE_LABELS[r.change]} {r.title}（{r.id}） {where}"


def _summary_line(d: KnowledgeBaseDiff) -> str:
    s = d.summary()
    parts = [f"{CHANGE_LABELS[k]} {s[k]}" for k in ("added", "removed", "retired", "moved", "changed") if s[k]]
    roles = "、".join(parts) if parts else "没有变化"
    return f"岗位：{roles}；共用文件条目：{s['shared']}"


def diff_as_text(d: KnowledgeBaseDiff) -> str:
    """The diff as plain Chinese text: a summary line, then each role's and shared file's changes."""
    lines = [f"比较 {d.base} → {d.head}", _summary_line(d)]
    if d.empty:
        lines.append("知识库的内容没有变化（注释、空白和格式的修改不算）。")
        return "\n".join(lines)
    for r in d.roles:
        lines += ["", _role_heading(r)]
        lines += [f"  {describe(c)}" for c in r.changes]
    if d.shared:
        lines += ["", "共用文件"]
        for s in d.shared:
            lines.append(f"  {CHANGE_LABELS[s.change]} {SHARED_KIND_LABELS[s.kind]}{quote(s.name)}（{s.file}）")
            lines += [f"    {describe(c)}" for c in s.changes]
            if s.roles:
                lines.append("    影响的岗位：" + "、".join(f"{t}（{i}）" for i, t in s.roles))
    return "\n".join(lines)


def change_rows_markdown(changes: list[FieldChange]) -> list[str]:
    """The Markdown table rows (header included) of a list of field changes."""
    rows = ["| 内容 | 变化 | 原来 | 现在 |", "|---|---|---|---|"]
    for c in changes:
        head = f"{c.where} · {c.label}" if c.where and c.where != c.label else c.label
        rows.append(f"| {md(head)} | {CHANGE_LABELS[c.change]} | {md(c.old)} | {md(c.new)} |")
    return rows


def role_diff_as_markdown(r: RoleDiff, heading: str = "###") -> str:
    """One role's diff as Markdown: heading, file, and its table of changes."""
    where = md(r.file) if not r.old_file or r.old_file == r.file else f"{md(r.old_file)} → {md(r.file)}"
    lines = [f"{heading} {CHANGE_LABELS[r.change]}：{md(r.title)}（`{r.id}`）", "", f"文件：{where}", ""]
    if r.changes:
        lines += change_rows_markdown(r.changes)
    elif r.change == "moved":
        lines.append("只移动了文件，内容没有变化。")
    return "\n".join(lines)


def diff_as_markdown(d: KnowledgeBaseDiff) -> str:
    """The diff as a merge-request comment (GitLab / GitHub Markdown)."""
    s = d.summary()
    lines = [f"## 岗位说明书变更：{md(d.base)} → {md(d.head)}", "", f"**{md(_summary_line(d))}**", ""]
    if d.empty:
        lines.append("知识库的内容没有变化（注释、空白和格式的修改不算）。")
        return "\n".join(lines) + "\n"
    counts = [(k, s[k]) for k in ("added", "removed", "retired", "moved", "changed") if s[k]]
    if counts:
        lines += ["| 变化 | 岗位数 |", "|---|---|"] + [f"| {CHANGE_LABELS[k]} | {n} |" for k, n in counts] + [""]
    for r in d.roles:
        lines += [role_diff_as_markdown(r), ""]
    if d.shared:
        lines += ["### 共用文件", ""]
        for sh in d.shared:
            lines += [f"#### {CHANGE_LABELS[sh.change]}{SHARED_KIND_LABELS[sh.kind]}：{md(sh.name)}（{md(sh.file)}）", ""]
            if sh.changes:
                lines += change_rows_markdown(sh.changes) + [""]
            if sh.roles:
                lines += ["影响的岗位：" + "、".join(f"{md(t)}（`{i}`）" for i, t in sh.roles), ""]
    return "\n".join(lines).rstrip() + "\n"


def diff_as_dict(d: KnowledgeBaseDiff) -> dict:
    """The JSON payload (inside the command's envelope); documented in docs/history.md."""
    return {"base": d.base, "head": d.head, "summary": d.summary(),
            "roles": [r.to_dict() for r in d.roles], "shared": [s.to_dict() for s in d.shared]}

