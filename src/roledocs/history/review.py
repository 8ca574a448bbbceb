"""Periodic review (定期复审): roles whose `review_due` has passed or is near, and active roles
with open `review_notes`, grouped by department with the department head who signs off.

A scheduled CI job runs `roledocs review` weekly; it fails (exit 1) while something is overdue.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..content.format import parse_date
from ..kb.model import KnowledgeBase, Role


@dataclass
class ReviewItem:
    """One role that needs a review: its due date, days left and open review notes."""

    role: Role
    due: str                  # review_due as written ("" when none)
    days_left: int | None     # negative: overdue by that many days
    notes: tuple[str, ...]    # open review_notes of an active role

    @property
    def overdue(self) -> bool:
        """Whether the review date has passed."""
        return self.days_left is not None and self.days_left < 0

    def to_dict(self) -> dict:
        """The item as JSON."""
        return {"id": self.role.id, "title": self.role.title, "file": self.role.file, "review_due": self.due or None,
                "days_left": self.days_left, "overdue": self.overdue, "review_notes": list(self.notes)}


@dataclass
class DepartmentReview:
    """One department with its roles that need a review."""

    id: str
    name: str
    head: Role | None
    items: list[ReviewItem] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The department and its items as JSON."""
        return {"id": self.id, "name": self.name,
                "head": {"id": self.head.id, "title": self.head.title} if self.head else None,
                "roles": [i.to_dict() for i in self.items]}


def roles_to_review(kb: KnowledgeBase, within: int = 30, today: dt.date | None = None) -> list[DepartmentReview]:
    """Departments (in knowledge-base order) with the roles that need a review within `within` days.
    Open review notes are read only from an internal model (they are confidential)."""
    today = today or dt.date.today()
    groups: dict[str, DepartmentReview] = {}
    for role in kb.roles.values():
        if role.status == "retired":
            continue
        due = parse_date(role.review_due)
        days = (due - today).days if due else None
        notes = role.review_notes if role.status == "active" else ()
        if not notes and (days is None or days > within):
            continue
        dept = role.department
        key = dept.id if dept else ""
        group = groups.setdefault(key, DepartmentReview(key, dept.name if dept else "（没有部门）",
                                                        dept.head if dept else None))
        group.items.append(ReviewItem(role, role.review_due, days, notes))
    order = {d: i for i, d in enumerate(kb.departments)}
    found = sorted(groups.values(), key=lambda g: order.get(g.id, len(order)))
    for g in found:
        g.items.sort(key=lambda i: (i.days_left is None, i.days_left or 0, i.role.id))
    return found


def review_as_text(groups: list[DepartmentReview], within: int, today: dt.date) -> str:
    """The review check as plain Chinese text: counts, then each department's roles."""
    items = [i for g in groups for i in g.items]
    overdue = sum(i.overdue for i in items)
    soon = sum(i.days_left is not None and 0 <= i.days_left <= within for i in items)
    noted = sum(bool(i.notes) for i in items)
    lines = [f"复审检查（{today.isoformat()}，提前 {within} 天提醒）：{overdue} 个已过复审日期，{soon} 个即将到期，"
             f"{noted} 个有待核对事项"]
    if not items:
        lines.append("没有需要复审的岗位。")
    for g in groups:
        head = f"负责人：{g.head.title}（{g.head.id}）" if g.head else "没有指定负责人"
        lines += ["", f"{g.name}（{head}）"]
        for i in g.items:
            if i.overdue:
                lines.append(f"  ✗ {i.role.title}（{i.role.id}）复审日期 {i.due}，已过期 {-i.days_left} 天")
            elif i.days_left is not None and i.days_left <= within:
                lines.append(f"  ! {i.role.title}（{i.role.id}）复审日期 {i.due}，还有 {i.days_left} 天")
            if i.notes:
                lines.append(f"  · {i.role.title}（{i.role.id}）待核对事项 {len(i.notes)} 条：" + "；".join(i.notes))
    return "\n".join(lines)
