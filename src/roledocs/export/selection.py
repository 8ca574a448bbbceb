"""Which roles an export covers: all of them, some by id (--role), or whole departments
(--department). Unknown ids fail before anything is written, naming what exists."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..kb.model import Department, KnowledgeBase, Role

SHOWN_IDS = 30  # an error lists at most this many valid ids


@dataclass(frozen=True)
class Selection:
    """The roles to export (in the order asked for, else knowledge-base order) and how they were chosen."""

    roles: tuple[Role, ...]
    departments: tuple[Department, ...] | None = None  # --department: these departments' functions
    by_role: bool = False                               # --role: only these roles, wherever named

    @property
    def role_ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.roles)

    def includes_department(self, department: Department) -> bool:
        return self.departments is None or department in self.departments


def _listing(ids) -> str:
    ids = sorted(ids)
    shown = "、".join(ids[:SHOWN_IDS])
    return shown + (f" 等 {len(ids)} 个" if len(ids) > SHOWN_IDS else "")


def select(kb: KnowledgeBase, role_ids=(), department_ids=()) -> Selection:
    """The roles named by `role_ids`, or of `department_ids`, or all roles (neither given).

    Raises UsageError (exit 2) for ids that do not exist or when both are given."""
    role_ids, department_ids = list(dict.fromkeys(role_ids or ())), list(dict.fromkeys(department_ids or ()))
    if role_ids and department_ids:
        raise UsageError("--role 和 --department 只能用一个：按岗位选择，或按部门选择。")
    if role_ids:
        unknown = [r for r in role_ids if r not in kb.roles]
        if unknown:
            raise UsageError(f"知识库中没有岗位 {'、'.join(unknown)}。岗位编号是 roles/ 下 YAML 文件的文件名"
                             f"（不含 .yaml）。可用的岗位编号：{_listing(kb.roles)}")
        return Selection(tuple(kb.roles[r] for r in role_ids), by_role=True)  # in the order asked for
    if department_ids:
        unknown = [d for d in department_ids if d not in kb.departments]
        if unknown:
            raise UsageError(f"知识库中没有部门 {'、'.join(unknown)}。部门编号在 roles/_departments.yaml 中定义。"
                             f"可用的部门编号：{_listing(kb.departments)}")
        departments = tuple(kb.departments[d] for d in department_ids)
        return Selection(tuple(r for r in kb.roles.values() if r.department in departments), departments)
    return Selection(tuple(kb.roles.values()))
