"""The one in-memory picture of the knowledge base, with references resolved.

Everything after validation (index, render, site) reads a `KnowledgeBase`,
never the YAML. Confidential fields are removed here, when the model is built
for the public audience, so no consumer can leak them by accident.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from .load import Document
from .schema import confidential_keys

Audience = Literal["public", "internal"]
AUDIENCES = ("public", "internal")


# Back-references (superior, subordinates, department …) are left out of repr
# and equality: the graph has cycles, and following them would never end.
def _link(default=None, factory=None):
    if factory is not None:
        return field(default_factory=factory, repr=False, compare=False)
    return field(default=default, repr=False, compare=False)


@dataclass(eq=False)
class Position:
    """A post outside the knowledge base (总经理 …) that a reporting line may name."""

    id: str
    title: str
    data: dict = field(repr=False)
    superior: Position | None = _link()

    is_role = False


@dataclass
class KPI:
    """A KPI library entry."""

    id: str
    name: str
    direction: str
    data: dict = field(repr=False)


@dataclass
class RoleKPI:
    """A KPI as one role uses it: the library entry plus the role's overrides."""

    kpi: KPI
    weight: float | None
    period: str | None
    target: str | None
    passing: float | None
    excellent: float | None
    note: str | None

    @property
    def name(self) -> str:
        return self.kpi.name


@dataclass(eq=False)
class Department:
    id: str
    name: str
    data: dict = field(repr=False)
    roles: list[Role] = _link(factory=list)
    head: Role | None = _link()
    parent: Department | None = _link()


@dataclass(eq=False)
class FunctionAssignment:
    """A part of a department's function decomposition (职能分解) that names a role: a
    function (职能) itself, or one of its items (职能分项) with its duties."""

    department: Department
    function: dict = field(repr=False)  # the _departments.yaml entry of the function
    item: dict | None = field(default=None, repr=False)  # the item, or None: the function names the role

    @property
    def name(self) -> str:
        return str((self.item or self.function).get("name", ""))

    @property
    def path(self) -> list[str]:
        """[职能] or [职能, 分项]: the department's name is not part of it."""
        names = [str(self.function.get("name", ""))]
        return names + [self.name] if self.item is not None else names

    @property
    def description(self) -> str:
        return str((self.item or self.function).get("description") or "")

    @property
    def duties(self) -> list[str]:
        duties = (self.item or self.function).get("duties") or []
        return [str(d) for d in (duties if isinstance(duties, list) else [duties])]


@dataclass(eq=False)
class Role:
    id: str
    title: str
    data: dict = field(repr=False)  # the file's values (minus confidential keys for the public audience)
    file: str = ""  # "roles/sales/sales-rep.yaml", for "edit this file" links and messages
    department: Department | None = _link()
    superior: Role | Position | None = _link()
    subordinates: list[Role] = _link(factory=list)
    dotted_line_to: list[Role | Position] = _link(factory=list)
    kpis: list[RoleKPI] = _link(factory=list)
    promotes_to: list[Role | Position] = _link(factory=list)
    promoted_from: list[Role | Position] = _link(factory=list)

    is_role = True

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    @property
    def summary(self) -> str:
        return self.data.get("summary", "")

    @property
    def duties(self) -> list[dict]:
        return self.data.get("duties", [])

    @property
    def aliases(self) -> list[str]:
        return self.data.get("aliases", [])

    @property
    def document(self) -> dict:
        return self.data.get("document", {})

    def chain_of_command(self) -> list[Role | Position]:
        """Superiors from the top down to (not including) this role."""
        chain, node, seen = [], self.superior, {self.id}
        while node is not None and node.id not in seen:
            chain.append(node)
            seen.add(node.id)
            node = node.superior if isinstance(node, Role) else None
        return chain[::-1]


@dataclass
class KnowledgeBase:
    roles: dict[str, Role]
    departments: dict[str, Department]
    kpis: dict[str, KPI]
    positions: dict[str, Position]
    glossary: list[dict]
    processes: list[dict]
    audience: Audience
    root: Path | None = None

    def role(self, role_id: str) -> Role:
        return self.roles[role_id]

    def find(self, ref: str) -> Role | Position | None:
        return self.roles.get(ref) or self.positions.get(ref)

    def top_roles(self) -> list[Role]:
        """Roles whose superior is outside the knowledge base: the roots of the org chart."""
        return [r for r in self.roles.values() if not isinstance(r.superior, Role)]

    def functions_of(self, role: Role | str) -> list[FunctionAssignment]:
        """The functions and function items of every department's decomposition
        (_departments.yaml) that name this role, in file order. A department may assign
        work to a role of another department (销售部's 客户开发与维护 names 客服主管)."""
        role_id = role if isinstance(role, str) else role.id
        return self._function_assignments.get(role_id, [])

    @cached_property
    def _function_assignments(self) -> dict[str, list[FunctionAssignment]]:
        found: dict[str, list[FunctionAssignment]] = {}
        for dept in self.departments.values():
            functions = dept.data.get("functions")
            for function in functions if isinstance(functions, list) else []:
                if not isinstance(function, dict):
                    continue
                for role_id in function.get("roles") or []:
                    found.setdefault(role_id, []).append(FunctionAssignment(dept, function))
                items = function.get("items")
                for item in items if isinstance(items, list) else []:
                    if isinstance(item, dict):
                        for role_id in item.get("roles") or []:
                            found.setdefault(role_id, []).append(FunctionAssignment(dept, function, item))
        return found


def _special_list(documents: list[Document], kind: str, key: str) -> list[dict]:
    for doc in documents:
        if doc.kind == kind:
            return [e for e in doc.data.get(key, []) if isinstance(e, dict)]
    return []


def build_model(documents: list[Document], audience: Audience = "public", root: Path | None = None) -> KnowledgeBase:
    """Build the model from documents that passed validation."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    hidden = confidential_keys("role") if audience == "public" else frozenset()

    positions = {p["id"]: Position(p["id"], p["title"], p) for p in _special_list(documents, "positions", "positions")}
    kpis = {k["id"]: KPI(k["id"], k["name"], k["direction"], k) for k in _special_list(documents, "kpis", "kpis")}
    departments = {d["id"]: Department(d["id"], d["name"], d) for d in _special_list(documents, "departments", "departments")}
    roles: dict[str, Role] = {}
    for doc in sorted((d for d in documents if d.kind == "role"), key=lambda d: d.name):
        data = {k: v for k, v in doc.data.items() if k not in hidden}
        roles[data["id"]] = Role(data["id"], data["title"], data, doc.name)

    def ref(rid: str) -> Role | Position | None:
        return roles.get(rid) or positions.get(rid)

    for position in positions.values():
        position.superior = positions.get(position.data.get("reports_to", ""))
    for dept in departments.values():
        dept.parent = departments.get(dept.data.get("parent", ""))
        dept.head = roles.get(dept.data.get("head", ""))
    for role in roles.values():
        role.department = departments.get(role.data["department"])
        if role.department:
            role.department.roles.append(role)
        role.superior = ref(role.data["reports_to"])
        if isinstance(role.superior, Role):
            role.superior.subordinates.append(role)
        role.dotted_line_to = [x for x in map(ref, role.data.get("dotted_line_to", [])) if x]
        career = role.data.get("career", {})
        role.promotes_to = [x for x in map(ref, career.get("promotes_to", [])) if x]
        role.promoted_from = [x for x in map(ref, career.get("from", [])) if x]
        for item in role.data.get("kpis", []):
            kpi = kpis.get(item["kpi"])
            if kpi is None:
                continue
            role.kpis.append(RoleKPI(
                kpi=kpi,
                weight=item.get("weight"),
                period=item.get("period", kpi.data.get("period")),
                target=item.get("target", kpi.data.get("target")),
                passing=item.get("pass", kpi.data.get("pass")),
                excellent=item.get("excellent", kpi.data.get("excellent")),
                note=item.get("note"),
            ))
    return KnowledgeBase(
        roles=roles,
        departments=departments,
        kpis=kpis,
        positions=positions,
        glossary=_special_list(documents, "glossary", "terms"),
        processes=_special_list(documents, "processes", "processes"),
        audience=audience,
        root=root,
    )
