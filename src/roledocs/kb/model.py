"""The one in-memory picture of the knowledge base: typed, references resolved.

Everything after validation (search, content, render, site, exports, history) reads a
`KnowledgeBase`, never the YAML: a role's parts are attributes (`role.duties[0].tasks`,
`role.qualifications.education`, `role.document.version`), not dictionary lookups. Text is
cleaned once here (folded YAML lines joined without a stray space between Chinese
characters). Confidential fields (`x-confidential` in the schema) are left out when the model
is built for the public audience — this is the only place that decides it, so no consumer can
leak them by accident.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache, cached_property
from pathlib import Path
from typing import Literal, Union

from ..cjk import unfold
from ..vocabulary import Vocabulary, vocabulary
from .load import Document

Audience = Literal["public", "internal"]
AUDIENCES = ("public", "internal")
Texts = tuple[str, ...]


def _link(default=None, factory=None):
    """A back-reference: left out of repr and equality (the graph has cycles)."""
    if factory is not None:
        return field(default_factory=factory, repr=False, compare=False)
    return field(default=default, repr=False, compare=False)


def text(value) -> str:
    """A YAML scalar as display text ("" when absent)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unfold(str(value))


def texts(value) -> Texts:
    """A YAML text or list of texts as a tuple of display texts."""
    if value is None or value == "":
        return ()
    return tuple(text(v) for v in (value if isinstance(value, list) else [value]))


def _number(value) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


class Parts:
    """A group of labelled fields (任职资格, 工作条件 …): `entries()` gives the filled ones in
    schema order, so outputs label them from the vocabulary without listing keys again."""

    def entries(self) -> list[tuple[str, Texts]]:
        """(key, lines) of every filled field, in declaration (= schema) order."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            lines = value if isinstance(value, tuple) else texts(value)
            if lines:
                out.append((f.metadata.get("key", f.name), lines))
        return out

    def __bool__(self) -> bool:
        return bool(self.entries())


# ── parts of a role ───────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Duty:
    """One 岗位职责 with its tasks (日常任务)."""

    title: str
    description: str = ""
    tasks: Texts = ()
    frequency: str = ""
    core: bool | None = None
    share: float | None = None
    coordination: Texts = ()
    deliverables: Texts = ()


@dataclass(frozen=True)
class Relationships(Parts):
    """工作关系: the role's internal and external working relationships."""

    internal: Texts = ()
    external: Texts = ()


@dataclass(frozen=True)
class Qualifications(Parts):
    """任职资格: education, experience, knowledge, skills and the other requirements of a role."""

    education: Texts = ()
    majors: Texts = ()
    experience: Texts = ()
    knowledge: Texts = ()
    skills: Texts = ()
    competencies: Texts = ()
    traits: Texts = ()
    certificates: Texts = ()
    other: Texts = ()


@dataclass(frozen=True)
class Conditions(Parts):
    """工作条件: the working environment, hours and tools of a role."""

    environment: Texts = ()
    hours: Texts = ()
    tools: Texts = ()
    other: Texts = ()


@dataclass(frozen=True)
class Case(Parts):
    """典型工作场景: one titled case showing how the role works."""

    title: str = ""
    background: Texts = ()
    work: Texts = ()
    communication: Texts = ()
    outcome: Texts = ()

    def entries(self) -> list[tuple[str, Texts]]:
        """(key, lines) of every filled field except the title, in schema order."""
        return [(k, v) for k, v in super().entries() if k != "title"]


@dataclass(frozen=True)
class Compensation(Parts):
    """薪酬: confidential, present only in the internal model."""

    summary: Texts = ()
    structure: Texts = ()
    salary_range: Texts = ()
    incentives: Texts = ()
    penalties: Texts = ()
    notes: Texts = ()


@dataclass(frozen=True)
class Revision:
    """One row of a role's revision history: version, date and what changed."""

    version: str
    date: str  # YYYY-MM-DD as written
    change: str


@dataclass(frozen=True)
class DocumentControl:
    """文件控制: the controlled document's number, version, dates and approvers."""

    number: str = ""
    version: str = ""
    effective_date: str = ""
    prepared_by: str = ""
    reviewed_by: str = ""
    approved_by: str = ""
    history: tuple[Revision, ...] = ()


@dataclass(frozen=True)
class Classification:
    """外部分类编码: the role's code in an outside scheme (e.g. 《职业分类大典》)."""

    scheme: str
    code: str
    label: str = ""


# ── library entries ───────────────────────────────────────────────────────────

@dataclass(eq=False)
class Position:
    """A post outside the knowledge base (总经理 …) that a reporting line may name."""

    id: str
    title: str
    aliases: Texts = ()
    note: str = ""
    reports_to: str = ""
    superior: Position | None = _link()

    is_role = False


@dataclass(eq=False, repr=False)
class KPI:
    """A KPI library entry (_kpis.yaml)."""

    id: str
    name: str
    direction: str  # higher | lower
    unit: str = ""
    definition: str = ""
    formula: str = ""
    aliases: Texts = ()
    category: str = ""
    period: str = ""
    target: str = ""
    passing: float | None = None
    excellent: float | None = None
    data_source: str = ""
    sources: Texts = ()
    users: list[Role] = _link(factory=list)  # roles that use it, in knowledge-base order

    def __repr__(self) -> str:
        return f"KPI({self.id!r}, {self.name!r})"


@dataclass
class RoleKPI:
    """A KPI as one role uses it: the library entry plus the role's overrides."""

    kpi: KPI
    weight: float | None
    period: str
    target: str
    passing: float | None
    excellent: float | None
    note: str

    @property
    def name(self) -> str:
        """The KPI's name from the library."""
        return self.kpi.name


@dataclass(eq=False, repr=False)
class FunctionItem:
    """职能分项: a part of a department function, with its duties and the roles carrying it."""

    name: str
    duties: Texts = ()
    role_ids: tuple[str, ...] = ()
    roles: list[Role] = _link(factory=list)

    def __repr__(self) -> str:
        return f"FunctionItem({self.name!r})"


@dataclass(eq=False, repr=False)
class Function:
    """部门职能: one function of a department's decomposition (职能分解)."""

    name: str
    description: str = ""
    items: tuple[FunctionItem, ...] = ()
    role_ids: tuple[str, ...] = ()
    roles: list[Role] = _link(factory=list)

    def __repr__(self) -> str:
        return f"Function({self.name!r})"


@dataclass(eq=False, repr=False)
class Department:
    """A department (_departments.yaml) with its functions, its roles and its head."""

    id: str
    name: str
    name_en: str = ""
    aliases: Texts = ()
    summary: str = ""
    functions: tuple[Function, ...] = ()
    sources: Texts = ()
    parent_id: str = ""
    head_id: str = ""
    headcount: int | None = None  # 部门编制, when given
    roles: list[Role] = _link(factory=list)
    head: Role | None = _link()
    parent: Department | None = _link()

    def __repr__(self) -> str:
        return f"Department({self.id!r}, {self.name!r})"


@dataclass(eq=False, repr=False)
class FunctionAssignment:
    """A part of a department's function decomposition that names a role: the function itself
    (item is None) or one of its items."""

    department: Department
    function: Function
    item: FunctionItem | None = None

    @property
    def name(self) -> str:
        """The item's name, or the function's when the assignment is the whole function."""
        return (self.item or self.function).name

    @property
    def path(self) -> list[str]:
        """[职能] or [职能, 分项]: the department's name is not part of it."""
        return [self.function.name] + ([self.item.name] if self.item is not None else [])

    @property
    def description(self) -> str:
        """The function's description for a whole-function assignment, "" for an item."""
        return self.function.description if self.item is None else ""

    @property
    def duties(self) -> Texts:
        """The item's duties, () for a whole-function assignment."""
        return self.item.duties if self.item is not None else ()

    def __repr__(self) -> str:
        return f"FunctionAssignment({self.department.id!r}, {self.path!r})"


@dataclass(eq=False, repr=False)
class ProcessStep:
    """One step of a process: its tasks, deliverables and the roles that carry it out."""

    title: str
    description: str = ""
    tasks: Texts = ()
    deliverables: Texts = ()
    role_ids: tuple[str, ...] = ()
    roles: list[Role] = _link(factory=list)

    def __repr__(self) -> str:
        return f"ProcessStep({self.title!r})"


@dataclass(eq=False, repr=False)
class ProcessRule:
    """One rule of a process, with the roles it applies to."""

    title: str
    description: str = ""
    items: Texts = ()
    role_ids: tuple[str, ...] = ()
    roles: list[Role] = _link(factory=list)

    def __repr__(self) -> str:
        return f"ProcessRule({self.title!r})"


@dataclass(eq=False, repr=False)
class Process:
    """A cross-role process (_processes.yaml) whose steps name roles."""

    id: str
    name: str
    summary: str = ""
    owner_id: str = ""
    steps: tuple[ProcessStep, ...] = ()
    rules: tuple[ProcessRule, ...] = ()
    sources: Texts = ()
    owner: Role | None = _link()

    def __repr__(self) -> str:
        return f"Process({self.id!r}, {self.name!r})"


@dataclass(frozen=True)
class Term:
    """A glossary entry (_glossary.yaml)."""

    term: str
    definition: str
    aliases: Texts = ()
    en: str = ""
    related: Texts = ()
    sources: Texts = ()


# ── the role ──────────────────────────────────────────────────────────────────

Ref = Union["Role", Position]


@dataclass(eq=False)
class Career:
    """职业发展: the roles (or positions) a role is promoted to, from and rotates with."""

    promotes_to: list[Ref] = field(default_factory=list)
    promoted_from: list[Ref] = field(default_factory=list)
    rotation: list[Ref] = field(default_factory=list)
    notes: Texts = ()

    def __bool__(self) -> bool:
        return bool(self.promotes_to or self.promoted_from or self.rotation or self.notes)


@dataclass(eq=False, repr=False)
class Role:
    """One role (岗位) of the knowledge base, typed; links are resolved model objects."""

    id: str
    title: str
    file: str = ""  # "roles/sales/sales-rep.yaml", for messages and "edit this file" links
    title_en: str = ""
    aliases: Texts = ()
    department_id: str = ""
    category: str = ""
    grade: str = ""
    headcount: int | None = None
    status: str = ""
    successor_id: str = ""  # a retired role: the role that took over its work
    reports_to: str = ""
    dotted_line_ids: tuple[str, ...] = ()
    summary: str = ""
    duties: tuple[Duty, ...] = ()
    authorities: Texts = ()
    relationships: Relationships = field(default_factory=Relationships)
    qualifications: Qualifications = field(default_factory=Qualifications)
    conditions: Conditions = field(default_factory=Conditions)
    cases: tuple[Case, ...] = ()
    compensation: Compensation | None = None   # internal model only
    review_notes: Texts = ()                    # internal model only
    document: DocumentControl = field(default_factory=DocumentControl)
    classification: tuple[Classification, ...] = ()
    review_due: str = ""
    sources: Texts = ()
    tags: Texts = ()
    # fields a company added to its own schemas/role.schema.json (docs/customize.md): key → its text
    extra: dict[str, Texts] = field(default_factory=dict)
    # resolved links
    department: Department | None = _link()
    superior: Ref | None = _link()
    successor: Role | None = _link()  # None also when the successor is not published (a draft)
    subordinates: list[Role] = _link(factory=list)
    dotted_line_to: list[Ref] = _link(factory=list)
    kpis: list[RoleKPI] = _link(factory=list)
    career: Career = _link(factory=Career)

    is_role = True

    def __repr__(self) -> str:
        return f"Role({self.id!r}, {self.title!r})"

    @property
    def promotes_to(self) -> list[Ref]:
        """The roles and positions this role can be promoted to."""
        return self.career.promotes_to

    @property
    def promoted_from(self) -> list[Ref]:
        """The roles and positions from which people are promoted into this role."""
        return self.career.promoted_from

    def chain_of_command(self) -> list[Ref]:
        """Superiors from the top down to (not including) this role."""
        chain, node, seen = [], self.superior, {self.id}
        while node is not None and node.id not in seen:
            chain.append(node)
            seen.add(node.id)
            node = node.superior
        return chain[::-1]

    @property
    def depth(self) -> int:
        """How many roles of the knowledge base stand above this one."""
        return sum(1 for x in self.chain_of_command() if x.is_role)


@dataclass
class KnowledgeBase:
    """The whole knowledge base for one audience."""

    roles: dict[str, Role]
    departments: dict[str, Department]
    kpis: dict[str, KPI]
    positions: dict[str, Position]
    glossary: list[Term]
    processes: list[Process]
    audience: Audience
    root: Path | None = None  # the roles/ folder
    vocabulary: Vocabulary = field(default_factory=vocabulary, repr=False)

    @property
    def project(self) -> Path | None:
        """The project folder (holding roles/, and its own schemas/ or templates/ if any)."""
        return self.root.parent if self.root is not None else None

    def role(self, role_id: str) -> Role:
        """The role with this id; raises KeyError when there is none."""
        return self.roles[role_id]

    def find(self, ref: str) -> Ref | None:
        """The role or outside position with this id, or None."""
        return self.roles.get(ref) or self.positions.get(ref)

    def top_roles(self) -> list[Role]:
        """Roles whose superior is outside the knowledge base: the roots of the org chart."""
        return [r for r in self.roles.values() if not isinstance(r.superior, Role)]

    def functions_of(self, role: Role | str) -> list[FunctionAssignment]:
        """The functions and function items (of every department) that name this role, in file
        order. A department may assign work to a role of another department."""
        role_id = role if isinstance(role, str) else role.id
        return self._function_assignments.get(role_id, [])

    def processes_of(self, role: Role | str) -> list[Process]:
        """Processes the role owns or takes part in, in file order."""
        role_id = role if isinstance(role, str) else role.id
        return [p for p in self.processes
                if p.owner_id == role_id or any(role_id in s.role_ids for s in p.steps)]

    @cached_property
    def _function_assignments(self) -> dict[str, list[FunctionAssignment]]:
        found: dict[str, list[FunctionAssignment]] = {}
        for dept in self.departments.values():
            for function in dept.functions:
                for role_id in function.role_ids:
                    found.setdefault(role_id, []).append(FunctionAssignment(dept, function))
                for item in function.items:
                    for role_id in item.role_ids:
                        found.setdefault(role_id, []).append(FunctionAssignment(dept, function, item))
        return found


# ── building ──────────────────────────────────────────────────────────────────

def _entries(documents: list[Document], kind: str, key: str) -> list[dict]:
    for doc in documents:
        if doc.kind == kind:
            return [e for e in doc.data.get(key, []) if isinstance(e, dict)]
    return []


def _parts(cls, data) -> Parts:
    data = data if isinstance(data, dict) else {}
    return cls(**{f.name: texts(data.get(f.name)) for f in fields(cls) if f.name in data})


def _duty(d: dict) -> Duty:
    return Duty(title=text(d.get("title")), description=text(d.get("description")), tasks=texts(d.get("tasks")),
                frequency=text(d.get("frequency")), core=d.get("core") if isinstance(d.get("core"), bool) else None,
                share=_number(d.get("share")), coordination=texts(d.get("coordination")),
                deliverables=texts(d.get("deliverables")))


def _document(d) -> DocumentControl:
    d = d if isinstance(d, dict) else {}
    history = tuple(Revision(text(h.get("version")), text(h.get("date")), text(h.get("change")))
                    for h in d.get("history") or [] if isinstance(h, dict))
    return DocumentControl(number=text(d.get("number")), version=text(d.get("version")),
                           effective_date=text(d.get("effective_date")), prepared_by=text(d.get("prepared_by")),
                           reviewed_by=text(d.get("reviewed_by")), approved_by=text(d.get("approved_by")),
                           history=history)


def _ids(value) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _role(doc: Document, hidden: frozenset[str]) -> Role:
    d = doc.data
    compensation = d.get("compensation")
    return Role(
        id=d["id"], title=text(d["title"]), file=doc.name, title_en=text(d.get("title_en")),
        aliases=texts(d.get("aliases")), department_id=d.get("department", ""), category=text(d.get("category")),
        grade=text(d.get("grade")), headcount=d.get("headcount") if isinstance(d.get("headcount"), int) else None,
        status=text(d.get("status")), successor_id=d.get("successor", ""), reports_to=d.get("reports_to", ""), dotted_line_ids=_ids(d.get("dotted_line_to")),
        summary=text(d.get("summary")), duties=tuple(_duty(x) for x in d.get("duties") or [] if isinstance(x, dict)),
        authorities=texts(d.get("authorities")), relationships=_parts(Relationships, d.get("relationships")),
        qualifications=_parts(Qualifications, d.get("qualifications")),
        conditions=_parts(Conditions, d.get("conditions")),
        cases=tuple(Case(title=text(c.get("title")), **{k: texts(c.get(k)) for k in
                                                        ("background", "work", "communication", "outcome")})
                    for c in d.get("cases") or [] if isinstance(c, dict)),
        compensation=None if "compensation" in hidden or compensation is None
        else _parts(Compensation, compensation),
        review_notes=() if "review_notes" in hidden else texts(d.get("review_notes")),
        document=_document(d.get("document")),
        classification=tuple(Classification(text(c.get("scheme")), text(c.get("code")), text(c.get("label")))
                             for c in d.get("classification") or [] if isinstance(c, dict)),
        review_due=text(d.get("review_due")), sources=texts(d.get("sources")), tags=texts(d.get("tags")),
        extra=_extra(d, hidden),
    )


def _extra(d: dict, hidden: frozenset[str]) -> dict[str, Texts]:
    """The fields roledocs does not know (a project's own, validated by its schema), in file order,
    as lines of text; confidential ones only when `hidden` lets them through."""
    known = _shipped_role_fields()
    extra = {}
    for key, value in d.items():
        if key not in known and key not in hidden and (lines := _lines(value)):
            extra[key] = lines
    return extra


@cache
def _shipped_role_fields() -> frozenset[str]:
    """The top-level role fields roledocs itself models (a project's own schema may add more)."""
    return frozenset(vocabulary().schema("role").get("properties", {}))


def _lines(value) -> Texts:
    """Any YAML value as lines of text: a scalar is one line, a list one line per item, a mapping "键：值"."""
    if isinstance(value, dict):
        parts = ((text(k), _lines(v)) for k, v in value.items())
        return tuple(f"{k}：{'、'.join(lines)}" for k, lines in parts if lines)
    if isinstance(value, list):
        return tuple(line for item in value for line in _lines(item))
    if isinstance(value, bool):
        return ("是" if value else "否",)
    return (text(value),) if text(value) else ()


def _kpi(k: dict) -> KPI:
    return KPI(id=k["id"], name=text(k["name"]), direction=k.get("direction", "higher"), unit=text(k.get("unit")),
               definition=text(k.get("definition")), formula=text(k.get("formula")), aliases=texts(k.get("aliases")),
               category=text(k.get("category")), period=text(k.get("period")), target=text(k.get("target")),
               passing=_number(k.get("pass")), excellent=_number(k.get("excellent")),
               data_source=text(k.get("data_source")), sources=texts(k.get("sources")))


def _department(d: dict) -> Department:
    functions = []
    for f in d.get("functions") or []:
        if not isinstance(f, dict):
            continue
        items = tuple(FunctionItem(text(i.get("name")), texts(i.get("duties")), _ids(i.get("roles")))
                      for i in f.get("items") or [] if isinstance(i, dict))
        functions.append(Function(text(f.get("name")), text(f.get("description")), items, _ids(f.get("roles"))))
    return Department(id=d["id"], name=text(d["name"]), name_en=text(d.get("name_en")), aliases=texts(d.get("aliases")),
                      summary=text(d.get("summary")), functions=tuple(functions), sources=texts(d.get("sources")),
                      parent_id=d.get("parent", "") or "", head_id=d.get("head", "") or "",
                      headcount=d.get("headcount") if isinstance(d.get("headcount"), int) else None)


def _process(p: dict) -> Process:
    steps = tuple(ProcessStep(text(s.get("title")), text(s.get("description")), texts(s.get("tasks")),
                              texts(s.get("deliverables")), _ids(s.get("roles")))
                  for s in p.get("steps") or [] if isinstance(s, dict))
    rules = tuple(ProcessRule(text(r.get("title")), text(r.get("description")), texts(r.get("items")),
                              _ids(r.get("roles")))
                  for r in p.get("rules") or [] if isinstance(r, dict))
    return Process(id=p["id"], name=text(p["name"]), summary=text(p.get("summary")), owner_id=p.get("owner", "") or "",
                   steps=steps, rules=rules, sources=texts(p.get("sources")))


def build_model(documents: list[Document], audience: Audience = "public", root: Path | None = None,
                vocab: Vocabulary | None = None) -> KnowledgeBase:
    """The model of documents that passed validation, for one audience.

    For the public audience every field the schema marks `x-confidential` is left out.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    vocab = vocab or vocabulary()
    hidden = vocab.confidential("role") if audience == "public" else frozenset()

    positions = {p["id"]: Position(p["id"], text(p["title"]), texts(p.get("aliases")), text(p.get("note")),
                                   p.get("reports_to", "") or "")
                 for p in _entries(documents, "positions", "positions")}
    kpis = {k["id"]: _kpi(k) for k in _entries(documents, "kpis", "kpis")}
    departments = {d["id"]: _department(d) for d in _entries(documents, "departments", "departments")}
    processes = [_process(p) for p in _entries(documents, "processes", "processes")]
    glossary = [Term(text(t["term"]), text(t.get("definition")), texts(t.get("aliases")), text(t.get("en")),
                     texts(t.get("related")), texts(t.get("sources")))
                for t in _entries(documents, "glossary", "terms")]
    roles: dict[str, Role] = {}
    raw: dict[str, dict] = {}
    for doc in sorted((d for d in documents if d.kind == "role"), key=lambda d: d.name):
        role = _role(doc, hidden)
        roles[role.id] = role
        raw[role.id] = doc.data

    def ref(rid: str) -> Ref | None:
        return roles.get(rid) or positions.get(rid)

    def refs(ids) -> list[Ref]:
        return [x for x in map(ref, ids) if x is not None]

    for position in positions.values():
        position.superior = positions.get(position.reports_to)
    for dept in departments.values():
        dept.parent = departments.get(dept.parent_id)
        dept.head = roles.get(dept.head_id)
        for function in dept.functions:
            function.roles = [roles[r] for r in function.role_ids if r in roles]
            for item in function.items:
                item.roles = [roles[r] for r in item.role_ids if r in roles]
    for process in processes:
        process.owner = roles.get(process.owner_id)
        for part in (*process.steps, *process.rules):
            part.roles = [roles[r] for r in part.role_ids if r in roles]
    for role in roles.values():
        role.department = departments.get(role.department_id)
        if role.department:
            role.department.roles.append(role)
        role.superior = ref(role.reports_to)
        if isinstance(role.superior, Role):
            role.superior.subordinates.append(role)
        role.dotted_line_to = refs(role.dotted_line_ids)
        role.successor = roles.get(role.successor_id)
        career = raw[role.id].get("career") if isinstance(raw[role.id].get("career"), dict) else {}
        role.career = Career(refs(_ids(career.get("promotes_to"))), refs(_ids(career.get("from"))),
                             refs(_ids(career.get("rotation"))), texts(career.get("notes")))
        for item in raw[role.id].get("kpis") or []:
            kpi = kpis.get(item.get("kpi")) if isinstance(item, dict) else None
            if kpi is None:
                continue
            role.kpis.append(RoleKPI(
                kpi=kpi, weight=_number(item.get("weight")),
                period=text(item.get("period")) or kpi.period,
                target=text(item.get("target")) or kpi.target,
                passing=_number(item["pass"]) if "pass" in item else kpi.passing,
                excellent=_number(item["excellent"]) if "excellent" in item else kpi.excellent,
                note=text(item.get("note"))))
            kpi.users.append(role)
    return KnowledgeBase(roles=roles, departments=departments, kpis=kpis, positions=positions, glossary=glossary,
                         processes=processes, audience=audience, root=root, vocabulary=vocab)
