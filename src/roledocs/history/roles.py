"""Comparing two roles field by field, in HR terms (the core of the semantic diff).

Matching rules: duties by title (two duties of one title pair up in order); an unmatched duty
whose content is close to an unmatched one on the other side was renamed — a change, not a
removal plus an addition; a different order is a move. Tasks and other text lists: added,
removed, or reworded (paired by character similarity, which works on Chinese without
segmentation). KPIs by library id: weight, thresholds (「≥ 90%」 → 「≥ 85%」), period, target;
what a role shows from the KPI library or the department decomposition is marked with its
`source`, so the diff can list a shared change once. Labels come from the schemas.
"""
from __future__ import annotations

import difflib

from ..content import format as fmt
from ..kb.model import KnowledgeBase, Role
from .changes import SHARED_FILES, FieldChange, RoleDiff

REWORDED = 0.5   # two texts at least this similar are one text reworded
RENAMED = 0.55   # two duties whose content is this similar are one duty renamed


# ── text helpers ──────────────────────────────────────────────────────────────

def similarity(a: str, b: str) -> float:
    """Character similarity 0–1 (difflib's ratio; Chinese needs no segmentation for it)."""
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _pairs(old: list[str], new: list[str], threshold: float, score=similarity) -> list[tuple[int, int]]:
    """Greedy best pairs (i, j) of old[i] ~ new[j] above `threshold`."""
    scored = sorted(((score(a, b), i, j) for i, a in enumerate(old) for j, b in enumerate(new)), reverse=True)
    used_old, used_new, pairs = set(), set(), []
    for s, i, j in scored:
        if s < threshold:
            break
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return pairs


def text_list_changes(old, new, reword: bool = True) -> list[tuple[str, str | None, str | None]]:
    """(change, old, new) between two lists of texts: added, removed, reworded (only when `reword`:
    names of roles or tags are replaced, never reworded). Order alone is no change."""
    old, new = list(old), list(new)
    if old == new:  # the common case, and cheap
        return []
    remaining = list(new)
    gone = []
    for text in old:
        if text in remaining:
            remaining.remove(text)
        else:
            gone.append(text)
    pairs = _pairs(gone, remaining, REWORDED) if reword else []
    paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
    out: list[tuple[str, str | None, str | None]] = []
    out += [("removed", t, None) for i, t in enumerate(gone) if i not in paired_old]
    out += [("reworded", gone[i], remaining[j]) for i, j in sorted(pairs, key=lambda p: p[1])]
    out += [("added", None, t) for j, t in enumerate(remaining) if j not in paired_new]
    return out


def _longest_increasing(seq: list[int]) -> set[int]:
    """Values of seq that lie on one longest increasing subsequence (what did not move)."""
    best: list[list[int]] = []
    for x in seq:
        candidates = [chain for chain in best if chain[-1] < x]
        chain = max(candidates, key=len, default=[]) + [x]
        best.append(chain)
    return set(max(best, key=len, default=[]))


# ── comparing two roles ───────────────────────────────────────────────────────

class _Collector:
    def __init__(self, kb: KnowledgeBase):
        self.labels = {path: f.title for path, f in kb.vocabulary.fields("role").items()}
        self.out: list[FieldChange] = []

    def label(self, path: str) -> str:
        return self.labels.get(path, path)

    def add(self, path, change, old=None, new=None, where="", source="", source_item="", label=None):
        self.out.append(FieldChange(path, label or self.label(path), change, old, new, where, source, source_item))

    def scalar(self, path, old, new, where="", **kw):
        if old != new:
            change = "added" if not old else "removed" if not new else "changed"
            self.add(path, change, old or None, new or None, where, **kw)

    def texts(self, path, old, new, where="", reword=True, **kw):
        for change, a, b in text_list_changes(old, new, reword):
            self.add(path, change, a, b, where, **kw)


def display_name(x) -> str:
    """The display name of a role, position or department ("" for none)."""
    return "" if x is None else getattr(x, "title", None) or getattr(x, "name", "")


def _role_fields(c: _Collector, a: Role, b: Role, status_label) -> None:
    for path in ("title", "title_en", "category", "grade", "summary", "review_due"):
        c.scalar(path, getattr(a, path), getattr(b, path))
    c.texts("aliases", a.aliases, b.aliases, reword=False)
    if a.department_id != b.department_id:
        c.scalar("department", display_name(a.department), display_name(b.department))
    elif display_name(a.department) != display_name(b.department):
        c.scalar("department", display_name(a.department), display_name(b.department), source=SHARED_FILES["departments"],
                 source_item=f"departments:{b.department_id}")
    c.scalar("headcount", "" if a.headcount is None else f"{a.headcount} 人",
             "" if b.headcount is None else f"{b.headcount} 人")
    c.scalar("status", status_label(a.status), status_label(b.status))
    if a.successor_id != b.successor_id:
        c.scalar("successor", display_name(a.successor) or a.successor_id, display_name(b.successor) or b.successor_id)
    if a.reports_to != b.reports_to:
        c.scalar("reports_to", display_name(a.superior) or a.reports_to, display_name(b.superior) or b.reports_to)
    c.texts("dotted_line_to", [display_name(x) for x in a.dotted_line_to], [display_name(x) for x in b.dotted_line_to],
            reword=False)


def _duties(c: _Collector, a: Role, b: Role) -> None:
    if a.duties == b.duties:
        return
    old, new = list(a.duties), list(b.duties)
    by_title: dict[str, list[int]] = {}
    for j, d in enumerate(new):
        by_title.setdefault(d.title, []).append(j)
    matched = {}  # old index → new index; two duties of one title pair up in order
    for i, d in enumerate(old):
        if by_title.get(d.title):
            matched[i] = by_title[d.title].pop(0)
    rest_old = [i for i in range(len(old)) if i not in matched]
    rest_new = [j for j in range(len(new)) if j not in matched.values()]

    def body(d) -> str:
        return "\n".join((d.description, *d.tasks))

    def score(i: int, j: int) -> float:
        return 0.7 * similarity(body(old[i]), body(new[j])) + 0.3 * similarity(old[i].title, new[j].title)

    for x, y in _pairs(rest_old, rest_new, RENAMED, score=score):
        matched[rest_old[x]] = rest_new[y]
    duty = c.label("duties")
    for i in sorted(set(range(len(old))) - matched.keys()):
        c.add("duties", "removed", old[i].title, None, duty)
    for j in sorted(set(range(len(new))) - set(matched.values())):
        c.add("duties", "added", None, new[j].title, duty)
    order = sorted(matched, key=lambda i: i)
    keep = _longest_increasing([matched[i] for i in order])
    for i in order:
        j = matched[i]
        d_old, d_new = old[i], new[j]
        where = f"{duty}「{d_new.title}」"
        if d_old.title != d_new.title:
            c.add("duties.title", "renamed", d_old.title, d_new.title, duty)
        if j not in keep:
            c.add("duties", "moved", f"第 {i + 1} 项", f"第 {j + 1} 项", where)
        c.scalar("duties.description", d_old.description, d_new.description, where)
        c.texts("duties.tasks", d_old.tasks, d_new.tasks, where)
        c.scalar("duties.frequency", d_old.frequency, d_new.frequency, where)
        core = {True: c.label("duties.core"), False: "辅助职责", None: ""}
        c.scalar("duties.core", core[d_old.core], core[d_new.core], where)
        c.scalar("duties.share", fmt.percent(d_old.share), fmt.percent(d_new.share), where)
        c.texts("duties.coordination", d_old.coordination, d_new.coordination, where)
        c.texts("duties.deliverables", d_old.deliverables, d_new.deliverables, where)


_LIBRARY_TEXT = ("name", "definition", "formula", "data_source")


def _kpis(c: _Collector, a: Role, b: Role) -> None:
    old = {k.kpi.id: k for k in a.kpis}
    new = {k.kpi.id: k for k in b.kpis}
    section = c.label("kpis")
    for kid in [k for k in old if k not in new]:  # written order: a set would follow the hash seed
        c.add("kpis", "removed", old[kid].name, None, section)
    for kid in [k for k in new if k not in old]:
        c.add("kpis", "added", None, new[kid].name, section)
    library = SHARED_FILES["kpis"]
    kpi_labels = {"name": "指标名称", "definition": "定义", "formula": "计算公式", "data_source": "数据来源"}
    for kid in [k for k in new if k in old]:
        x, y = old[kid], new[kid]
        where = f"{section}「{y.name}」"
        shared = {"source": library, "source_item": f"kpis:{kid}"}
        c.scalar("kpis.weight", fmt.number(x.weight), fmt.number(y.weight), where)
        for attr, path in (("passing", "kpis.pass"), ("excellent", "kpis.excellent")):
            va, vb = getattr(x, attr), getattr(y, attr)
            if va == vb and x.kpi.direction == y.kpi.direction and x.kpi.unit == y.kpi.unit:
                continue
            from_library = va == getattr(x.kpi, attr) and vb == getattr(y.kpi, attr)
            c.scalar(path, fmt.threshold(va, x.kpi.direction, x.kpi.unit),
                     fmt.threshold(vb, y.kpi.direction, y.kpi.unit), where, **(shared if from_library else {}))
        for attr, path in (("period", "kpis.period"), ("target", "kpis.target")):
            va, vb = getattr(x, attr), getattr(y, attr)
            from_library = va == getattr(x.kpi, attr) and vb == getattr(y.kpi, attr)
            c.scalar(path, va, vb, where, **(shared if from_library else {}))
        c.scalar("kpis.note", x.note, y.note, where)
        for attr in _LIBRARY_TEXT:
            c.scalar(f"kpi.{attr}", getattr(x.kpi, attr), getattr(y.kpi, attr), where, label=kpi_labels[attr],
                     **shared)


def _functions(c: _Collector, kb_a: KnowledgeBase, a: Role, kb_b: KnowledgeBase, b: Role) -> None:
    """承担的部门职能: what the departments' function decomposition assigns to the role."""
    def view(kb, role) -> dict[str, tuple[str, tuple]]:
        return {" › ".join([x.department.name, *x.path]): (x.department.id, x.duties) for x in kb.functions_of(role)}

    old, new = view(kb_a, a), view(kb_b, b)
    label, source = "承担的部门职能", SHARED_FILES["departments"]
    for path in [p for p in old if p not in new]:
        c.add("functions", "removed", path, None, label=label, source=source, source_item=f"departments:{old[path][0]}")
    for path in [p for p in new if p not in old]:
        c.add("functions", "added", None, path, label=label, source=source, source_item=f"departments:{new[path][0]}")
    for path in [p for p in new if p in old]:
        c.texts("functions.duties", old[path][1], new[path][1], f"{label}「{path}」", label="职责",
                source=source, source_item=f"departments:{new[path][0]}")


def _parts(c: _Collector, prefix: str, a, b, where="") -> None:
    old, new = dict(a.entries()) if a else {}, dict(b.entries()) if b else {}
    for key in dict.fromkeys([*old, *new]):
        c.texts(f"{prefix}.{key}", old.get(key, ()), new.get(key, ()), where)


def _career(c: _Collector, a: Role, b: Role) -> None:
    for path, x, y in (("career.promotes_to", a.career.promotes_to, b.career.promotes_to),
                       ("career.from", a.career.promoted_from, b.career.promoted_from),
                       ("career.rotation", a.career.rotation, b.career.rotation)):
        c.texts(path, [display_name(r) for r in x], [display_name(r) for r in y], reword=False)
    c.texts("career.notes", a.career.notes, b.career.notes)


def _cases(c: _Collector, a: Role, b: Role) -> None:
    old = {x.title: x for x in a.cases}
    new = {x.title: x for x in b.cases}
    section = c.label("cases")
    for t in [t for t in old if t not in new]:
        c.add("cases", "removed", t, None, section)
    for t in [t for t in new if t not in old]:
        c.add("cases", "added", None, t, section)
    for t in [t for t in new if t in old]:
        _parts(c, "cases", old[t], new[t], f"{section}「{t}」")


def _document(c: _Collector, a: Role, b: Role) -> None:
    x, y = a.document, b.document
    for key in ("number", "version", "effective_date", "prepared_by", "reviewed_by", "approved_by"):
        c.scalar(f"document.{key}", getattr(x, key), getattr(y, key))
    c.texts("document.history", [f"{h.version}（{h.date}）{h.change}" for h in x.history],
            [f"{h.version}（{h.date}）{h.change}" for h in y.history])


def compare_roles(kb_a: KnowledgeBase, a: Role, kb_b: KnowledgeBase, b: Role) -> list[FieldChange]:
    """Every field change from role `a` (in kb_a) to role `b` (in kb_b), in document order."""
    c = _Collector(kb_b)
    vocab = kb_b.vocabulary

    def status_label(value: str) -> str:
        return vocab.enum_label("role", "status", value) if value else ""

    _role_fields(c, a, b, status_label)
    _duties(c, a, b)
    _functions(c, kb_a, a, kb_b, b)
    c.texts("authorities", a.authorities, b.authorities)
    _parts(c, "relationships", a.relationships, b.relationships)
    _parts(c, "qualifications", a.qualifications, b.qualifications)
    _kpis(c, a, b)
    _parts(c, "conditions", a.conditions, b.conditions)
    _career(c, a, b)
    _cases(c, a, b)
    _parts(c, "compensation", a.compensation, b.compensation)
    c.texts("review_notes", a.review_notes, b.review_notes)
    _document(c, a, b)
    c.texts("classification", [f"{x.scheme} {x.code} {x.label}".strip() for x in a.classification],
            [f"{x.scheme} {x.code} {x.label}".strip() for x in b.classification])
    c.texts("tags", a.tags, b.tags, reword=False)
    c.texts("sources", a.sources, b.sources, reword=False)
    return c.out


def diff_roles(kb_a: KnowledgeBase, a: Role | str, kb_b: KnowledgeBase | None = None,
               b: Role | str | None = None) -> RoleDiff:
    """Two roles side by side (销售代表 → 销售组长: what a promotion adds), as one RoleDiff."""
    kb_b = kb_b or kb_a
    a = kb_a.roles[a] if isinstance(a, str) else a
    b = kb_b.roles[b] if isinstance(b, str) else b
    changes = compare_roles(kb_a, a, kb_b, b)
    return RoleDiff(b.id, b.title, "changed", b.file, a.file, changes=changes)
