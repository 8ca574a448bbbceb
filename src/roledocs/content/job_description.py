"""What a 岗位说明书 says, computed once from the model.

`job_description(kb, role)` returns a `JobDescription`: the sections in the order Chinese
job descriptions use, each labelled from the vocabulary (the schema titles), values already
formatted (「≥ 90%」, 「2026年1月1日」). The Word template, the PDF/HTML template, the
Markdown template and the site's role page all render this one object; they decide how it
looks, never what it says. Role references stay model objects (`RefRow.refs`,
`superior`), so the site can link them while documents print their titles.

Confidential parts (薪酬待遇, 待核对事项) appear whenever the model has them: the model
for the public audience never does.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..kb.model import KPI, Department, KnowledgeBase, Ref, Role, RoleKPI
from . import format as fmt

# Sections in document order: (key, field path whose label is the heading, or a fixed heading).
# A section without content is left out and the numbering closes up.
SECTIONS = [
    ("basic", None, "岗位基本信息"),
    ("purpose", "summary", None),
    ("duties", "duties", None),
    ("functions", None, "承担的部门职能"),
    ("authorities", "authorities", None),
    ("relationships", "relationships", None),
    ("qualifications", "qualifications", None),
    ("kpis", "kpis", None),
    ("conditions", "conditions", None),
    ("extra", None, "补充信息"),   # fields a company added to its own role schema
    ("career", "career", None),
    ("cases", "cases", None),
    ("compensation", "compensation", None),
    ("review_notes", "review_notes", None),
    ("document", "document", None),
]
# How a confidential section's heading is marked in internal documents
CONFIDENTIAL_MARKS = {"review_notes": "（内部）"}
CONFIDENTIAL_MARK = "（保密）"


@dataclass
class Row:
    """A labelled line or list: 学历 → 本科及以上."""

    label: str
    lines: tuple[str, ...]


@dataclass
class RefRow:
    """A labelled list of roles or positions: 晋升方向 → [销售经理]."""

    label: str
    refs: list[Ref]

    @property
    def lines(self) -> list[str]:
        """The titles of the referenced roles and positions, one per line."""
        return [r.title for r in self.refs]


@dataclass
class DutyView:
    """One 岗位职责 as documents show it: number, title, badges, tasks, coordination, deliverables."""

    no: int
    title: str
    description: str
    badges: list[str]          # 核心职责 / 辅助职责, 频率：每月, 时间占比：20%
    tasks: tuple[str, ...]
    coordination: tuple[str, ...]
    deliverables: tuple[str, ...]
    core: bool | None = None

    @property
    def meta(self) -> str:
        """The duty's badges on one line, separated by ideographic spaces."""
        return "　".join(self.badges)


@dataclass
class KpiRow:
    """One row of the role's KPI table: the library KPI with the role's weight, targets and formatted values."""

    no: int
    kpi: KPI
    name: str
    weight: str       # "40%" or ""
    target: str
    passing: str      # "≥ 90%" or ""
    excellent: str
    period: str
    definition: str
    formula: str
    data_source: str
    note: str
    weight_value: float | None = None

    @property
    def explanation(self) -> list[str]:
        """Definition, formula, data source and note as lines for one table cell."""
        lines = [self.definition] if self.definition else []
        return lines + [f"{label}：{value}" for label, value in
                        (("计算", self.formula), ("数据来源", self.data_source), ("说明", self.note)) if value]


@dataclass
class FunctionItemView:
    """A function item (分项) naming the role, with its duties."""

    name: str
    duties: tuple[str, ...]


@dataclass
class FunctionView:
    """A department function (职能) the role carries, with the items (分项) naming it."""

    department: Department
    name: str
    description: str
    items: list[FunctionItemView] = field(default_factory=list)


@dataclass
class CaseView:
    """One numbered 典型工作场景 with its labelled parts."""

    no: int
    title: str
    parts: list[Row]


@dataclass
class Signature:
    """One sign-off line of the document (编制 / 审核 / 批准) and who signs it."""

    label: str   # 编制 / 审核 / 批准
    by: str


@dataclass
class RevisionView:
    """One row of the document's revision history."""

    version: str
    date: str
    change: str


@dataclass
class DocumentView:
    """文件控制 as documents show it: number, version, dates, status, signatures, history and stamp."""

    number: str
    version: str
    effective_date: str
    review_due: str
    status: str
    signatures: list[Signature]
    history: list[RevisionView]
    control: str = ""          # the header's 受控 stamp: 受控 (active), 作废 (retired), 草稿 (draft)


@dataclass
class RetiredMark:
    """A retired role's document is void: a visible 已停用 / 作废 mark with the date it took effect
    (the effective date of the revision that retired it) and, when given, the role that took over."""

    label: str                 # 已停用 (the status label from the schema)
    stamp: str                 # 作废
    date: str                  # 2026年3月1日, or "" when the document has no effective date
    successor_label: str = ""  # 接替岗位 (the field's label from the schema)
    successor: Role | None = None  # the published role that took over (the site links to it)

    @property
    def void(self) -> str:
        """The sentence saying since when the role is retired and that the document is void."""
        when = f"自{self.date}起" if self.date else ""
        return f"本岗位{when}{self.label}，本说明书{self.stamp}，仅供查阅。"

    @property
    def successor_text(self) -> str:
        """「接替岗位：大客户经理（key-account-manager）」, or "" without a successor."""
        s = self.successor
        return f"{self.successor_label}：{s.title}（{s.id}）" if s is not None else ""

    @property
    def text(self) -> str:
        """What the documents print beside the 作废 stamp: the void sentence and the successor."""
        return f"{self.void}{self.successor_text}" + ("。" if self.successor is not None else "")


CONTROL_STAMPS = {"active": "受控", "retired": "作废", "draft": "草稿"}


def in_documents(status: str, audience: str) -> bool:
    """Whether a role with this status gets documents (and site pages) for the audience:
    draft roles never appear in public ones."""
    return audience == "internal" or status != "draft"


@dataclass
class Section:
    """One section of the document: its key, heading and numbered heading (三、岗位职责)."""

    key: str
    heading: str      # 岗位职责
    numbered: str     # 三、岗位职责


@dataclass
class JobDescription:
    """Everything one 岗位说明书 says, for one audience."""

    role: Role
    internal: bool
    labels: dict[str, str]     # field path → label, for the few words templates place themselves
    id: str
    title: str
    title_en: str
    facts: list[Row]           # 岗位基本信息, in table order
    department: str
    category: str
    grade: str
    headcount: str
    status: str
    superior: str
    subordinates: str
    dotted_line: str
    summary: str
    duties: list[DutyView]
    functions: list[FunctionView]
    authorities: tuple[str, ...]
    relationships: list[Row]
    qualifications: list[Row]
    kpis: list[KpiRow]
    conditions: list[Row]
    career: list[Row | RefRow]
    cases: list[CaseView]
    extra: list[Row]           # 补充信息: the project's own fields, labelled by its schema
    compensation: list[Row]
    review_notes: tuple[str, ...]
    document: DocumentView
    sections: list[Section] = field(default_factory=list)
    retired: RetiredMark | None = None   # set for a retired role: templates show the 作废 mark

    @property
    def h(self) -> dict[str, str]:
        """Numbered heading of each section key; "" for a section left out (templates test it)."""
        headings = {key: "" for key, _, _ in SECTIONS}
        headings.update({s.key: s.numbered for s in self.sections})
        return headings

    @property
    def fact_pairs(self) -> list[tuple[Row, Row]]:
        """岗位基本信息 two to a table row; the last row padded with an empty pair."""
        rows = list(self.facts) + ([Row("", ("",))] if len(self.facts) % 2 else [])
        return [(rows[i], rows[i + 1]) for i in range(0, len(rows), 2)]

    @property
    def audience(self) -> str:
        """"internal" or "public"."""
        return "internal" if self.internal else "public"


def job_description(kb: KnowledgeBase, role: Role) -> JobDescription:
    """Everything one 岗位说明书 says (see JobDescription), for the model's audience."""
    vocab = kb.vocabulary
    labels = {path: f.title for path, f in vocab.fields("role").items()}

    def rows(parts, prefix: str) -> list[Row]:
        return [Row(labels[f"{prefix}.{key}"], lines) for key, lines in parts.entries()] if parts else []

    superior = role.superior.title if role.superior else fmt.NONE
    subordinates = fmt.join(role.subordinates) or fmt.NONE
    headcount = f"{role.headcount} 人" if role.headcount is not None else fmt.NONE
    status = vocab.enum_label("role", "status", role.status) if role.status else ""
    facts = [
        Row(labels["title"], (role.title,)), Row(labels["id"], (role.id,)),
        Row(labels["department"], (role.department.name if role.department else fmt.NONE,)),
        Row(labels["category"], (role.category or fmt.NONE,)),
        Row(labels["headcount"], (headcount,)), Row(labels["grade"], (role.grade or fmt.NONE,)),
        Row(labels["reports_to"], (superior,)), Row("直接下级", (subordinates,)),
    ]
    if role.dotted_line_to:
        facts.append(Row(labels["dotted_line_to"], (fmt.join(role.dotted_line_to),)))

    career: list[Row | RefRow] = [RefRow(labels[f"career.{key}"], refs) for key, refs in
                                  (("promotes_to", role.career.promotes_to), ("from", role.career.promoted_from),
                                   ("rotation", role.career.rotation)) if refs]
    if role.career.notes:
        career.append(Row(labels["career.notes"], role.career.notes))

    jd = JobDescription(
        role=role, internal=kb.audience == "internal", labels=labels,
        id=role.id, title=role.title, title_en=role.title_en, facts=facts,
        department=role.department.name if role.department else fmt.NONE, category=role.category or fmt.NONE,
        grade=role.grade or fmt.NONE, headcount=headcount, status=status, superior=superior,
        subordinates=subordinates, dotted_line=fmt.join(role.dotted_line_to),
        summary=role.summary,
        duties=[_duty(i, d, labels) for i, d in enumerate(role.duties, 1)],
        functions=functions_of(kb, role),
        authorities=role.authorities,
        relationships=rows(role.relationships, "relationships"),
        qualifications=rows(role.qualifications, "qualifications"),
        kpis=[kpi_row(i, k) for i, k in enumerate(role.kpis, 1)],
        conditions=rows(role.conditions, "conditions"),
        career=career,
        cases=[CaseView(i, c.title, rows(c, "cases")) for i, c in enumerate(role.cases, 1)],
        extra=[Row(vocab.label("role", key), lines) for key, lines in role.extra.items()],
        compensation=rows(role.compensation, "compensation") if role.compensation is not None else [],
        review_notes=role.review_notes,
        document=_document(role, labels, status),
        retired=RetiredMark(status, CONTROL_STAMPS["retired"], fmt.chinese_date(role.document.effective_date),
                            labels.get("successor", ""), role.successor) if role.status == "retired" else None,
    )
    present = {"basic": True, "purpose": bool(jd.summary), "document": True}
    n = 0
    for key, path, heading in SECTIONS:
        if present[key] if key in present else bool(getattr(jd, key)):
            n += 1
            heading = heading or labels[path]
            if path and vocab.field("role", path).confidential:
                heading += CONFIDENTIAL_MARKS.get(key, CONFIDENTIAL_MARK)
            jd.sections.append(Section(key, heading, f"{fmt.chinese_numeral(n)}、{heading}"))
    return jd


def _duty(no: int, duty, labels: dict[str, str]) -> DutyView:
    badges = []
    if duty.core is not None:
        badges.append(labels["duties.core"] if duty.core else "辅助职责")
    if duty.frequency:
        badges.append(f"{labels['duties.frequency']}：{duty.frequency}")
    if duty.share is not None:
        badges.append(f"时间占比：{fmt.percent(duty.share)}")
    return DutyView(no, duty.title, duty.description, badges, duty.tasks, duty.coordination, duty.deliverables,
                    duty.core)


def kpi_row(no: int, item: RoleKPI) -> KpiRow:
    """One row of a role's KPI table (documents, site, appraisal forms)."""
    kpi = item.kpi
    return KpiRow(no=no, kpi=kpi, name=kpi.name, weight=fmt.percent(item.weight), target=item.target,
                  passing=fmt.threshold(item.passing, kpi.direction, kpi.unit),
                  excellent=fmt.threshold(item.excellent, kpi.direction, kpi.unit),
                  period=item.period, definition=kpi.definition, formula=kpi.formula, data_source=kpi.data_source,
                  note=item.note, weight_value=item.weight)


def functions_of(kb: KnowledgeBase, role: Role) -> list[FunctionView]:
    """What the departments' function decomposition assigns to the role, one entry per function."""
    groups: dict[int, FunctionView] = {}
    for a in kb.functions_of(role):
        view = groups.setdefault(id(a.function), FunctionView(a.department, a.function.name, ""))
        if a.item is None:
            view.description = a.function.description
        else:
            view.items.append(FunctionItemView(a.item.name, a.item.duties))
    return list(groups.values())


def _document(role: Role, labels: dict[str, str], status: str) -> DocumentView:
    doc = role.document
    return DocumentView(
        number=doc.number or role.id, version=doc.version or fmt.NONE,
        effective_date=fmt.chinese_date(doc.effective_date) or fmt.NONE,
        review_due=fmt.chinese_date(role.review_due) or fmt.NONE, status=status,
        signatures=[Signature(labels[f"document.{key}"], value) for key, value in
                    (("prepared_by", doc.prepared_by), ("reviewed_by", doc.reviewed_by),
                     ("approved_by", doc.approved_by))],
        history=[RevisionView(h.version, fmt.chinese_date(h.date), h.change) for h in doc.history],
        control=CONTROL_STAMPS.get(role.status, ""))
