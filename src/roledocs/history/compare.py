"""The two comparisons people ask for: two revisions of the knowledge base, and two roles.

Each returns a result that tells itself as text, Markdown and a JSON payload, so the CLI,
a merge-request job and the site's compare page print the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from .changes import FieldChange, KnowledgeBaseDiff
from .diff import diff_models
from .roles import diff_roles
from .report import describe, diff_as_dict, diff_as_markdown, diff_as_text, md, change_rows_markdown
from .snapshot import SnapshotReader, unchanged_roles

# Fields that differ between any two roles and say nothing about the work (for --roles).
_NOT_THE_WORK = ("title", "title_en", "aliases", "document", "sources", "tags", "review_due", "review_notes",
                 "classification")


@dataclass
class RevisionComparison:
    """The result of `roledocs diff`: a knowledge-base diff with its three output forms."""

    diff: KnowledgeBaseDiff

    def as_dict(self) -> dict:
        """The diff as the JSON payload (see diff_as_dict)."""
        return diff_as_dict(self.diff)

    def as_text(self) -> str:
        """The diff as plain Chinese text for the terminal."""
        return diff_as_text(self.diff)

    def as_markdown(self) -> str:
        """The diff as a merge-request comment in Markdown."""
        return diff_as_markdown(self.diff)


def compare_revisions(root: Path | str, base: str | None = None, head: str | None = None, *,
                      role_ids=(), audience: str = "public") -> RevisionComparison:
    """The semantic diff from `base` (default HEAD) to `head` (default the working tree).
    Unknown revisions, no git, or unknown --role ids raise errors with exit 2."""
    reader = SnapshotReader(root)
    old = reader.at(base or "HEAD")
    new = reader.at(head) if head else reader.working_tree()
    old_kb, new_kb = old.model(audience), new.model(audience)
    unknown = [r for r in role_ids if r not in old_kb.roles and r not in new_kb.roles]
    if unknown:
        raise UsageError(f"两个版本中都没有岗位 {'、'.join(unknown)}。")
    return RevisionComparison(diff_models(old_kb, new_kb, base=old.label, head=new.label,
                                          role_ids=role_ids or None, unchanged=unchanged_roles(old, new)))


@dataclass
class RoleComparison:
    """Two roles side by side: what `b` has that `a` has not (a promotion, a transfer)."""

    a: tuple[str, str]   # (id, title)
    b: tuple[str, str]
    changes: list[FieldChange]

    @property
    def heading(self) -> str:
        """The plain-text heading: 比较岗位 a（id） → b（id）."""
        return f"比较岗位 {self.a[1]}（{self.a[0]}） → {self.b[1]}（{self.b[0]}）"

    def as_dict(self) -> dict:
        """The comparison as JSON: both roles and the changes from a to b."""
        return {"a": {"id": self.a[0], "title": self.a[1]}, "b": {"id": self.b[0], "title": self.b[1]},
                "changes": [c.to_dict() for c in self.changes]}

    def as_text(self) -> str:
        """The comparison as plain Chinese text."""
        lines = [self.heading]
        lines += [f"  {describe(c)}" for c in self.changes] or ["  两个岗位的职责、任职资格和考核指标相同。"]
        return "\n".join(lines)

    def as_markdown(self) -> str:
        """The comparison as Markdown: a heading and a table of the changes."""
        a, b = self.a, self.b
        lines = [f"## 比较岗位：{md(a[1])}（`{a[0]}`） → {md(b[1])}（`{b[0]}`）", ""]
        lines += change_rows_markdown(self.changes) if self.changes else ["两个岗位的职责、任职资格和考核指标相同。"]
        return "\n".join(lines) + "\n"


def roles_compared(kb, a_id: str, b_id: str) -> RoleComparison:
    """Two roles of one model compared (the site's compare page calls this for any pair)."""
    unknown = [r for r in (a_id, b_id) if r not in kb.roles]
    if unknown:
        raise UsageError(f"知识库中没有岗位 {'、'.join(unknown)}。岗位编号是 roles/ 下 YAML 文件的文件名（不含 .yaml）。")
    a, b = kb.roles[a_id], kb.roles[b_id]
    changes = [c for c in diff_roles(kb, a, kb, b).changes if not c.field.startswith(_NOT_THE_WORK)]
    return RoleComparison((a.id, a.title), (b.id, b.title), changes)


def compare_two_roles(root: Path | str, a_id: str, b_id: str, *, audience: str = "public") -> RoleComparison:
    """Two roles of the working tree compared; needs no git."""
    return roles_compared(SnapshotReader(root).working_tree().model(audience), a_id, b_id)
