"""The roles of a knowledge base as a table: id beside the Chinese title, department, status,
superior (`roledocs list`)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .cjk import display_width
from .kb.model import KnowledgeBase
from .terminal import safe


@dataclass(frozen=True)
class RoleRow:
    """One line of `roledocs list`: the role's id, title, department, status, superior and file."""

    id: str
    title: str
    department: str
    department_name: str
    status: str
    status_label: str
    reports_to: str
    reports_to_title: str
    file: str
    successor: str = ""        # a retired role: the role that took over
    successor_title: str = ""

    def to_dict(self) -> dict:
        """The row as JSON (successor and successor_title only for a role that has one)."""
        row = asdict(self)
        if not self.successor:
            del row["successor"], row["successor_title"]
        return row


def role_rows(kb: KnowledgeBase, department: str | None = None) -> list[RoleRow]:
    """The roles, by department (in _departments.yaml order), then by id; only `department`'s when given."""
    order = {d: i for i, d in enumerate(kb.departments)}
    roles = [r for r in kb.roles.values() if department is None or r.department_id == department]
    roles.sort(key=lambda r: (order.get(r.department_id, len(order)), r.department_id, r.id))
    label = kb.vocabulary.enum_label
    return [RoleRow(r.id, r.title, r.department_id, r.department.name if r.department else "",
                    r.status, label("role", "status", r.status), r.reports_to,
                    r.superior.title if r.superior is not None else "", r.file,
                    r.successor_id, r.successor.title if r.successor is not None else "") for r in roles]


def _status(kb: KnowledgeBase, r: RoleRow) -> str:
    """已停用，接替岗位：大客户经理（key-account-manager） for a retired role with a successor."""
    if not r.successor:
        return r.status_label
    who = f"{r.successor_title}（{r.successor}）" if r.successor_title else r.successor
    return f"{r.status_label}，{kb.vocabulary.label('role', 'successor')}：{who}"


def rows_as_text(kb: KnowledgeBase, rows: list[RoleRow]) -> str:
    """An aligned table with the schema's labels as headings (CJK characters count two columns)."""
    label = lambda path: kb.vocabulary.label("role", path)  # noqa: E731
    head = [label("id"), label("title"), label("department"), label("status"), label("reports_to")]
    body = [[r.id, r.title, r.department_name or r.department, _status(kb, r),
             f"{r.reports_to_title}（{r.reports_to}）" if r.reports_to_title else r.reports_to] for r in rows]
    table = [head] + [[safe(cell) for cell in line] for line in body]
    widths = [max(display_width(line[i]) for line in table) for i in range(len(head))]
    lines = ["  ".join(cell + " " * (w - display_width(cell)) for cell, w in zip(line, widths)).rstrip()
             for line in table]
    lines.append(f"共 {len(rows)} 个岗位")
    return "\n".join(lines)
