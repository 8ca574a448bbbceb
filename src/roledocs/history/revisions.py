"""A role's revisions, and the knowledge base's latest changes, from git and `document.history`.

- `role_history(root, role_id)`: the 修订记录 HR typed (version, date, change) joined with the
  commits that touched the file (`git log --follow`, so moves and renames keep their history);
  each revision knows the commit that introduced its version.
- `last_change(root, role_id)`: the role's latest semantic change (与上一版本比较).
- `recent_changes(root, limit)`: the latest commits that changed the knowledge base, each with its
  semantic diff (the site's 最近修订 page).

A shallow clone says where its history is cut off instead of pretending a role was added there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..kb.load import load_bytes
from .changes import KnowledgeBaseDiff, RoleDiff
from .diff import diff_models
from .git import Commit
from .report import CHANGE_LABELS, md, role_diff_as_markdown
from .snapshot import InvalidSnapshot, Snapshot, SnapshotReader, unchanged_roles
from .versions import parse_version


@dataclass
class Revision:
    """One entry of document.history, with the commits made while it was the current version."""

    version: str
    date: str
    change: str
    commit: Commit | None = None           # the commit that introduced this version
    commits: list[Commit] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The revision as JSON, with its commits."""
        return {"version": self.version, "date": self.date, "change": self.change,
                "commit": self.commit.to_dict() if self.commit else None,
                "commits": [c.to_dict() for c in self.commits]}


@dataclass
class RoleHistory:
    """The history of one role file: its revision entries and the commits that touched it."""

    id: str
    title: str
    file: str
    version: str
    effective_date: str
    revisions: list[Revision]                        # newest first
    commits: list[tuple[Commit, str]]                # (commit, document.version in it), newest first
    uncommitted: bool = False                        # the working tree differs from the last commit
    truncated_at: Commit | None = None               # a shallow clone's history ends here

    @property
    def unrecorded(self) -> list[tuple[Commit, str]]:
        """Commits whose version has no entry in document.history."""
        recorded = {r.version for r in self.revisions}
        return [(c, v) for c, v in self.commits if v not in recorded]

    def to_dict(self) -> dict:
        """The history as JSON."""
        return {"role": {"id": self.id, "title": self.title, "file": self.file, "version": self.version,
                         "effective_date": self.effective_date},
                "revisions": [r.to_dict() for r in self.revisions],
                "commits": [{**c.to_dict(), "version": v} for c, v in self.commits],
                "uncommitted": self.uncommitted,
                "truncated": self.truncated_at is not None,
                "truncated_at": self.truncated_at.to_dict() if self.truncated_at else None}


def _version_in(raw: bytes | None, name: str) -> str:
    if raw is None:
        return ""
    doc, _ = load_bytes(raw, path=Path(name), name=name)
    document = doc.data.get("document") if doc is not None else None
    return str(document.get("version", "")) if isinstance(document, dict) else ""


def role_history(root: Path | str, role_id: str) -> RoleHistory:
    """The role's revisions joined with its commits. UsageError for an unknown role; NotARepository
    (exit 2) outside git."""
    reader = SnapshotReader(root)
    repo = reader.repo
    kb = reader.working_tree().model("public")
    if role_id not in kb.roles:
        raise UsageError(f"知识库中没有岗位 {role_id!r}。岗位编号是 roles/ 下 YAML 文件的文件名（不含 .yaml）。")
    role = kb.roles[role_id]
    path = repo.relative(reader.roles_dir.parent / role.file)
    commits = repo.file_log(path)
    blobs = repo.read_blobs([f"{c.hash}:{c.path}" for c in commits if c.status != "D"])
    versions = [(c, _version_in(blobs.get(f"{c.hash}:{c.path}"), c.path)) for c in commits]
    revisions = []
    # newest first, whatever order HR wrote them in
    for h in sorted(role.document.history, key=lambda h: (parse_version(h.version) or (), h.date), reverse=True):
        made = [c for c, v in versions if v == h.version]
        revisions.append(Revision(h.version, h.date, h.change, made[-1] if made else None, made))
    truncated = commits[-1] if commits and commits[-1].hash in repo.shallow_boundary else None
    return RoleHistory(role.id, role.title, role.file, role.document.version, role.document.effective_date,
                       revisions, versions, uncommitted=bool(repo.changed_paths(path)), truncated_at=truncated)


def history_as_text(h: RoleHistory) -> str:
    """The history as plain Chinese text for the terminal."""
    lines = [f"{h.title}（{h.id}） {h.file}",
             f"当前版本 {h.version or '（没有填写）'}，生效日期 {h.effective_date or '（没有填写）'}"
             + ("；工作区有未提交的修改" if h.uncommitted else "")]
    lines.append("")
    lines.append("修订记录（document.history，最新的在前）：")
    if not h.revisions:
        lines.append("  （没有修订记录）")
    for r in h.revisions:
        made = (f"提交 {r.commit.short}（{r.commit.day}，{r.commit.author}：{r.commit.subject}）" if r.commit
                else "没有找到引入这个版本的提交" + ("（可能在浅克隆截断之前）" if h.truncated_at else ""))
        lines.append(f"  {r.version}　{r.date}　{r.change}")
        lines.append(f"      {made}")
    lines.append("")
    lines.append(f"提交记录（git log --follow，共 {len(h.commits)} 个）：")
    for c, v in h.commits:
        lines.append(f"  {c.short} {c.day} {c.author}：{c.subject}（版本 {v or '—'}，{c.path}）")
    missing = h.unrecorded
    if missing:
        lines.append("")
        lines.append("这些提交中的版本没有修订记录：" + "、".join(f"{c.short}（版本 {v or '—'}）" for c, v in missing))
    if h.truncated_at:
        lines.append("")
        lines.append(f"注意：这是浅克隆，历史在 {h.truncated_at.short}（{h.truncated_at.day}）处被截断，"
                     "更早的提交没有下载；这个岗位并不一定是在那时新增的。完整历史：git fetch --unshallow。")
    return "\n".join(lines)


def role_history_markdown(h: RoleHistory) -> str:
    """修订记录 for the role's page: version, date, change, and the commit date from git."""
    lines = ["| 版本 | 生效日期 | 修订内容 | 提交日期 |", "|---|---|---|---|"]
    for r in h.revisions:
        lines.append(f"| {md(r.version)} | {md(r.date)} | {md(r.change)} | {r.commit.day if r.commit else '—'} |")
    if h.truncated_at:
        lines += ["", f"更早的历史没有下载（浅克隆，截至 {h.truncated_at.day}）。"]
    return "\n".join(lines) + "\n"


# ── semantic changes over time ────────────────────────────────────────────────

@dataclass
class Change:
    """One commit of the knowledge base and what it changed."""

    commit: Commit
    diff: KnowledgeBaseDiff | None       # None: not comparable (see note)
    note: str = ""                       # why there is no diff (shallow boundary, invalid revision)

    def to_dict(self) -> dict:
        """The change as JSON: the commit, its diff (None when not comparable) and the note."""
        from .report import diff_as_dict

        return {"commit": self.commit.to_dict(), "diff": diff_as_dict(self.diff) if self.diff else None,
                "note": self.note}


def _compare(reader: SnapshotReader, parent: str | None, commit: Commit, role_ids=None) -> KnowledgeBaseDiff:
    """The diff a commit made (against its first parent; a root commit adds everything)."""
    old = reader.at(parent) if parent else Snapshot("（空）", None, [], [], reader.roles_dir)
    new = reader.at(commit.hash)
    return diff_models(old.model(), new.model(), base=old.label, head=new.label, role_ids=role_ids,
                       unchanged=unchanged_roles(old, new))


def recent_changes(root: Path | str, limit: int = 20) -> list[Change]:
    """The last `limit` commits that touched roles/, newest first, each with its semantic diff."""
    reader = SnapshotReader(root)
    changes = []
    for commit, parent in reader.repo.log(reader.git_folder, limit):
        if parent is None:
            if commit.hash in reader.repo.shallow_boundary:
                changes.append(Change(commit, None, "浅克隆：更早的历史没有下载，无法显示这个提交改了什么"))
                continue
        try:
            diff = _compare(reader, parent, commit)
        except (InvalidSnapshot, UsageError) as exc:
            changes.append(Change(commit, None, str(exc)))
            continue
        if not diff.empty:
            changes.append(Change(commit, diff))
    return changes


def recent_changes_markdown(changes: list[Change]) -> str:
    """The site's 最近修订 page body."""
    lines = ["| 日期 | 提交 | 岗位 | 说明 |", "|---|---|---|---|"]
    for ch in changes:
        if ch.diff is None:
            lines.append(f"| {ch.commit.day} | `{ch.commit.short}` | — | {md(ch.note)} |")
            continue
        roles = _names([(r.change, r.title) for r in ch.diff.roles], "个岗位")
        shared = _names([(s.change, s.name) for s in ch.diff.shared], "个共用条目")
        lines.append(f"| {ch.commit.day} | `{ch.commit.short}` | {'；'.join(x for x in (roles, shared) if x)} | "
                     f"{md(ch.commit.subject)} |")
    return "\n".join(lines) + "\n"


def _names(items: list[tuple[str, str]], unit: str, most: int = 5) -> str:
    """「修改 销售代表、新增 销售组长」, or counts (「新增 17 个岗位」) when there are many."""
    if len(items) <= most:
        return "、".join(f"{CHANGE_LABELS[c]} {md(name)}" for c, name in items)
    counts: dict[str, int] = {}
    for c, _ in items:
        counts[c] = counts.get(c, 0) + 1
    return "、".join(f"{CHANGE_LABELS[c]} {n} {unit}" for c, n in counts.items())


def last_change(root: Path | str, role_id: str, search: int = 20) -> tuple[Commit, RoleDiff] | None:
    """The role's latest semantic change (与上一版本比较): the newest commit touching its file whose
    diff for this role is not empty; None when there is none within `search` commits."""
    reader = SnapshotReader(root)
    kb = reader.working_tree().model("public")
    if role_id not in kb.roles:
        raise UsageError(f"知识库中没有岗位 {role_id!r}。")
    repo = reader.repo
    for commit in repo.file_log(repo.relative(reader.roles_dir.parent / kb.roles[role_id].file))[:search]:
        if commit.hash in repo.shallow_boundary:
            return None
        parents = repo.run("rev-parse", f"{commit.hash}^@").decode().split()
        try:
            diff = _compare(reader, parents[0] if parents else None, commit, role_ids=[role_id])
        except (InvalidSnapshot, UsageError):
            continue
        found = diff.role(role_id)
        if found is not None:
            return commit, found
    return None


def last_change_markdown(found: tuple[Commit, RoleDiff] | None) -> str:
    """A role's latest change as Markdown for its site page, or a sentence saying there is none."""
    if found is None:
        return "没有找到以前的版本。\n"
    commit, diff = found
    head = f"{commit.day} 的修改（提交 `{commit.short}`：{md(commit.subject)}）"
    return head + "\n\n" + role_diff_as_markdown(diff, heading="####") + "\n"

