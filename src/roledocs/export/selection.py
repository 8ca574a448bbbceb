"""Which roles a command covers (render, export): all of them, some by name, or whole departments.

A role is named by its id, its Chinese title or an alias; a department by its id, name or alias.
A name that fits nothing, or fits several entries, fails before anything is written, listing the
closest entries with their Chinese names (`sales-rep（销售代表）`) — never every id.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..kb.model import Department, KnowledgeBase, Role

SHOWN_CANDIDATES = 5  # an error lists at most this many close entries


@dataclass(frozen=True)
class Selection:
    """The roles chosen (in the order asked for, else knowledge-base order) and how they were chosen."""

    roles: tuple[Role, ...]
    departments: tuple[Department, ...] | None = None  # --department: these departments' functions
    by_role: bool = False                               # roles named one by one

    @property
    def role_ids(self) -> frozenset[str]:
        """The ids of the selected roles."""
        return frozenset(r.id for r in self.roles)

    def includes_department(self, department: Department) -> bool:
        """Whether the department's functions are exported: every department unless --department chose some."""
        return self.departments is None or department in self.departments


def labelled(entry) -> str:
    """`sales-rep（销售代表）`: how a message names a role or department."""
    return f"{entry.id}（{_title(entry)}）"


def _title(entry) -> str:
    return entry.title if isinstance(entry, Role) else entry.name


def _names(entry) -> tuple[str, ...]:
    return (entry.id, _title(entry), *entry.aliases)


def closest(name: str, entries, limit: int = SHOWN_CANDIDATES) -> list:
    """The entries whose id, title or alias is most like `name`, closest first."""
    from rapidfuzz import fuzz

    def score(entry) -> tuple[float, float]:  # WRatio finds parts; ratio breaks its ties by overall likeness
        names = [n.casefold() for n in _names(entry)]
        return max(fuzz.WRatio(name.casefold(), n) for n in names), max(fuzz.ratio(name.casefold(), n) for n in names)

    return sorted(entries, key=score, reverse=True)[:limit]


def resolve(name: str, entries: dict, kind: str):
    """The one entry (role or department) that `name` names: its id, else its title or an alias.

    Raises UsageError (exit 2) when no entry or several entries fit, listing the candidates."""
    name = name.strip()
    if name in entries:
        return entries[name]
    fits = [e for e in entries.values() if name.casefold() in (n.casefold() for n in _names(e))]
    if len(fits) == 1:
        return fits[0]
    noun = "岗位" if kind == "role" else "部门"
    if fits:
        raise UsageError(f"“{name}”可以指 {len(fits)} 个{noun}：{'、'.join(labelled(e) for e in fits)}。"
                         f"请写{noun}编号。")
    where = ("岗位编号是 roles/ 下 YAML 文件的文件名（不含 .yaml），也可以写岗位名称或别名" if kind == "role"
             else "部门编号在 roles/_departments.yaml 中定义，也可以写部门名称或别名")
    near = "、".join(labelled(e) for e in closest(name, entries.values()))
    raise UsageError(f"知识库中没有{noun} {name}。{where}。最接近的{noun}：{near}")


def select(kb: KnowledgeBase, role_ids=(), department_ids=()) -> Selection:
    """The roles named by `role_ids`, or of the departments `department_ids`, or all roles (neither given).

    Names may be ids, Chinese titles or aliases. Raises UsageError (exit 2) for a name that fits no
    entry or several, and when both roles and departments are given."""
    role_ids, department_ids = list(dict.fromkeys(role_ids or ())), list(dict.fromkeys(department_ids or ()))
    if role_ids and department_ids:
        raise UsageError("按岗位选择和按部门（--department）选择只能用一个。")
    if role_ids:
        roles = [resolve(name, kb.roles, "role") for name in role_ids]
        return Selection(tuple(dict.fromkeys(roles)), by_role=True)  # in the order asked for
    if department_ids:
        departments = tuple(dict.fromkeys(resolve(name, kb.departments, "department") for name in department_ids))
        return Selection(tuple(r for r in kb.roles.values() if r.department in departments), departments)
    return Selection(tuple(kb.roles.values()))


def shard(role_ids: list[str], k: int, n: int) -> list[str]:
    """The K-th of N equal slices (1-based) of `role_ids`, dealt round-robin over the sorted ids:
    every role lands in exactly one slice, and slice sizes differ by at most one."""
    return sorted(role_ids)[k - 1::n]
