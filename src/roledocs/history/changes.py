"""What a diff is made of: field changes, role changes, shared-file entry changes, and the
whole knowledge-base diff. Plain data, told to people by `report` and to machines as JSON."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

CHANGE_LABELS = {"added": "新增", "removed": "删除", "changed": "修改", "reworded": "改写", "renamed": "改名",
                 "moved": "移动", "retired": "停用", "affected": "受共用文件影响"}
SHARED_FILES = {"kpis": "roles/_kpis.yaml", "departments": "roles/_departments.yaml",
                "glossary": "roles/_glossary.yaml", "processes": "roles/_processes.yaml",
                "positions": "roles/_positions.yaml"}
@dataclass
class FieldChange:
    """One change in one field: 岗位职责「客户开发」· 日常任务 改写 「旧」→「新」."""

    field: str                # the schema path: "duties.tasks", "kpis.weight", "reports_to"
    label: str                # its Chinese label from the schema
    change: str               # added | removed | changed | reworded | renamed | moved
    old: str | None = None
    new: str | None = None
    where: str = ""           # the item it belongs to: 岗位职责「客户开发」
    source: str = ""          # the shared file it comes from ("" = the role's own file)
    source_item: str = ""     # "kpis:customer-satisfaction": the shared entry it comes from

    def to_dict(self) -> dict:
        """The change as JSON: empty fields left out, except old and new."""
        return {k: v for k, v in asdict(self).items() if v not in ("", None) or k in ("old", "new")}


@dataclass
class RoleDiff:
    """What changed in one role between two revisions: its own fields and what shared files changed for it."""

    id: str
    title: str
    change: str               # added | removed | retired | moved | changed
    file: str = ""
    old_file: str = ""
    changes: list[FieldChange] = field(default_factory=list)   # own file
    shared: list[FieldChange] = field(default_factory=list)    # coming from shared files

    @property
    def content_changed(self) -> bool:
        """Whether the role's own content changed (fields changed, or the role was added or removed)."""
        return bool(self.changes) or self.change in ("added", "removed")

    def to_dict(self) -> dict:
        """The role's diff as JSON (old_file only when the file moved)."""
        out = {"id": self.id, "title": self.title, "change": self.change, "file": self.file}
        if self.old_file and self.old_file != self.file:
            out["old_file"] = self.old_file
        out["changes"] = [c.to_dict() for c in self.changes]
        out["shared_changes"] = [c.to_dict() for c in self.shared]
        return out


@dataclass
class SharedDiff:
    """One entry of a shared file added, removed or changed, with the roles it affects."""

    kind: str                 # kpis | departments | glossary | processes | positions
    file: str
    id: str
    name: str
    change: str               # added | removed | changed
    changes: list[FieldChange] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)   # (id, title) of affected roles

    def to_dict(self) -> dict:
        """The shared-file entry's diff as JSON, with the affected roles."""
        return {"kind": self.kind, "file": self.file, "id": self.id, "name": self.name, "change": self.change,
                "changes": [c.to_dict() for c in self.changes],
                "roles": [{"id": i, "title": t} for i, t in self.roles]}


@dataclass
class KnowledgeBaseDiff:
    """The semantic diff between two revisions of the knowledge base: roles and shared-file entries."""

    base: str                 # labels of the two sides: "v1.0（3f2a1bc，2026-03-01）", 工作区
    head: str
    roles: list[RoleDiff]
    shared: list[SharedDiff]

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not self.roles and not self.shared

    def summary(self) -> dict[str, int]:
        """{kind of change: number of roles}, plus "shared": the number of changed shared-file entries."""
        counts = {k: 0 for k in ("added", "removed", "retired", "moved", "changed")}
        for r in self.roles:
            counts[r.change] = counts.get(r.change, 0) + 1
        counts["shared"] = len(self.shared)
        return counts

    def role(self, role_id: str) -> RoleDiff | None:
        """The diff of the role with this id, or None when it did not change."""
        return next((r for r in self.roles if r.id == role_id), None)
