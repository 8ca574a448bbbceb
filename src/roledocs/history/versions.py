"""Version discipline for controlled documents (受控文件).

The rule `roledocs validate --since REV` enforces: a role whose content changed since REV — a
semantic change found by the diff engine, not a comment, whitespace or quoting — must have a
higher `document.version` and a `document.history` entry for that version. Problems point at
the role's `document:` line and name what changed.

Versions are "major.minor" numbers ("1.0", "1.3", "2.0"); `next_version` is what `roledocs
bump` writes.
"""
from __future__ import annotations

import re

from ..errors import UsageError
from ..kb.model import KnowledgeBase
from ..kb.problems import Problem, problem
from .changes import FieldChange
from .roles import compare_roles
from .snapshot import Snapshot

_VERSION = re.compile(r"^\d+(\.\d+)*$")
# Changes that are not the document's content: its control block, provenance, site-only tags,
# HR's internal to-do list.
NOT_CONTENT = ("document", "sources", "tags", "review_due", "review_notes")


def parse_version(value: str) -> tuple[int, ...] | None:
    """"1.10" → (1, 10); None when it is not a dotted number."""
    value = (value or "").strip()
    return tuple(int(x) for x in value.split(".")) if _VERSION.match(value) else None


def next_version(value: str, major: bool = False) -> str:
    """1.2 → 1.3; major: 1.3 → 2.0. UsageError for a version that is not a number."""
    parts = parse_version(value)
    if parts is None:
        raise UsageError(f"版本号 {value!r} 不是“主版本.次版本”形式（例如 1.0），无法自动提高；请手工修改。")
    if major:
        return f"{parts[0] + 1}.0"
    minor = parts[1] if len(parts) > 1 else 0
    return f"{parts[0]}.{minor + 1}"


def content_changes(old: KnowledgeBase, new: KnowledgeBase, role_id: str) -> tuple[list[FieldChange], list[FieldChange]]:
    """(changes in the role's own file, changes coming from shared files) that alter its document."""
    changes = compare_roles(old, old.roles[role_id], new, new.roles[role_id])
    own = [c for c in changes if not c.source and not c.field.startswith(NOT_CONTENT)]
    return own, [c for c in changes if c.source]


def what_changed(changes: list[FieldChange], limit: int = 3) -> str:
    """A short list of what changed, for a message: 直接上级；岗位职责「客户开发」· 日常任务 等 5 处."""
    heads = list(dict.fromkeys(f"{c.where} · {c.label}" if c.where and c.where != c.label else c.label
                               for c in changes))
    text = "；".join(heads[:limit])
    return text + (f" 等 {len(heads)} 处" if len(heads) > limit else "")


def check_versions(base: Snapshot, head: Snapshot) -> list[Problem]:
    """Problems of the version rule for every role present in both snapshots."""
    if not base.ok:
        errors = sum(p.is_error for p in base.problems)
        return [problem("RD605", f"没有检查版本规则：{base.label} 的知识库有 {errors} 个错误（按当前的 schema "
                        "和规则检查），无法与之比较", base.roles_dir.name,
                        hint="这通常是 schema 在此之后有了变化；换一个更近的基准版本（--since），或先合并修正。")]
    old, new = base.model("internal"), head.model("internal")
    documents = {d.data.get("id"): d for d in head.documents if d.kind == "role"}
    problems: list[Problem] = []
    for rid in sorted(old.roles.keys() & new.roles.keys()):
        a, b = old.roles[rid], new.roles[rid]
        own, shared = content_changes(old, new, rid)
        doc = documents[rid]
        line, column = doc.where(("document",), key=True) or (1, 1)

        def report(code, message, hint):
            problems.append(problem(code, message, doc.name, line, column, "$.document", hint))

        va, vb = parse_version(a.document.version), parse_version(b.document.version)
        bump_hint = f"运行 roledocs bump {rid} --change \"修订说明\"（重大修改加 --major），它会提高版本并添加修订记录。"
        if va is not None and vb is not None and vb < va:
            report("RD603", f"文件版本 {b.document.version} 比 {base.label} 中的 {a.document.version} 低",
                    "版本号只能提高：请改回原来的版本号或更高。")
        if own:
            changed = what_changed(own)
            if va is None or vb is None or vb <= va:
                shown = b.document.version or "（没有填写）"
                report("RD601", f"岗位内容自 {base.label} 以来有修改（{changed}），但文件版本仍是 {shown}",
                        "受控文件改了内容就要提高版本号。" + bump_hint)
            elif not _new_history_entry(a, b):
                report("RD602", f"文件版本已提高到 {b.document.version}，但修订记录（document.history）中"
                        f"没有这个版本的条目（内容修改：{changed}）",
                        f"在 document.history 中添加 version: \"{b.document.version}\"、date 和 change（修改了什么）。")
        elif shared and (va is None or vb is None or vb <= va):
            report("RD604", f"共用文件的修改改变了这个岗位的说明书（{what_changed(shared)}），文件版本仍是 "
                    f"{b.document.version or '（没有填写）'}", "如果这份说明书需要重新签署，请提高版本。" + bump_hint)
    problems.sort(key=Problem.sort_key)
    return problems


def _new_history_entry(a, b) -> bool:
    before = {(h.version, h.date, h.change) for h in a.document.history}
    return any(h.version == b.document.version and (h.version, h.date, h.change) not in before
               for h in b.document.history)



def version_problems(root, since: str, report) -> list[Problem]:
    """The version rule since `since` for a knowledge base whose working tree was validated into
    `report` (no rule problems when the working tree itself has errors: those come first).
    Raises NotARepository / UnknownRevision (exit 2) before anything is checked."""
    from .snapshot import WORKING_TREE, SnapshotReader

    reader = SnapshotReader(root)
    base = reader.at(since)
    if not report.ok:
        return []
    head = Snapshot(WORKING_TREE, None, report.documents, report.problems, report.roles_dir, report.files_checked)
    return check_versions(base, head)
