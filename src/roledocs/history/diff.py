"""The semantic diff of two knowledge bases: what changed, in HR terms, not lines.

`diff_models(old_kb, new_kb)` compares two typed models (two revisions): roles matched by id
(a file moved to another folder with the same id is a move, not removed + added; retired is
its own kind of change), each compared field by field (`roles.compare_roles`), and the shared
files (`_kpis.yaml`, `_departments.yaml`, `_glossary.yaml`, `_processes.yaml`,
`_positions.yaml`) entry by entry, each listed once with every role whose document it changes.
"""
from __future__ import annotations

from ..content import format as fmt
from ..kb.model import KnowledgeBase
from .changes import SHARED_FILES, FieldChange, KnowledgeBaseDiff, RoleDiff, SharedDiff
from .roles import compare_roles, display_name, text_list_changes

def diff_models(old: KnowledgeBase, new: KnowledgeBase, *, base: str = "", head: str = "",
                role_ids=None, unchanged=frozenset()) -> KnowledgeBaseDiff:
    """What changed from `old` to `new`: roles (matched by id) and shared-file entries.
    `unchanged`: ids of roles known to compare equal (snapshot.unchanged_roles), not compared."""
    wanted = set(role_ids) if role_ids else None
    roles: list[RoleDiff] = []
    for rid in sorted(old.roles.keys() | new.roles.keys()):
        if (wanted is not None and rid not in wanted) or rid in unchanged:
            continue
        a, b = old.roles.get(rid), new.roles.get(rid)
        if a is None:
            roles.append(RoleDiff(rid, b.title, "added", b.file))
            continue
        if b is None:
            roles.append(RoleDiff(rid, a.title, "removed", a.file, a.file))
            continue
        changes = compare_roles(old, a, new, b)
        own = [x for x in changes if not x.source]
        shared = [x for x in changes if x.source]
        if a.status != "retired" and b.status == "retired":
            change = "retired"
        elif own:
            change = "changed"
        elif a.file != b.file:
            change = "moved"
        elif shared:
            change = "affected"
        else:
            continue
        roles.append(RoleDiff(rid, b.title, change, b.file, a.file, own, shared))
    shared = _shared(old, new, roles)
    if wanted is not None:
        for s in shared:
            s.roles = [r for r in s.roles if r[0] in wanted]
        shared = [s for s in shared if s.roles]
    return KnowledgeBaseDiff(base, head, [r for r in roles if r.change != "affected"], shared)


def _entry_changes(fields: dict[str, tuple[str, str]], old: dict, new: dict) -> list[FieldChange]:
    """Changes between two shared-file entries; `fields`: key → (schema path, label)."""
    c = []
    for key, (path, label) in fields.items():
        a, b = old.get(key, ""), new.get(key, "")
        if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
            c += [FieldChange(path, label, ch, x, y) for ch, x, y in text_list_changes(a or (), b or ())]
        elif a != b:
            c.append(FieldChange(path, label, "added" if not a else "removed" if not b else "changed",
                                 a or None, b or None))
    return c


def _shared(old: KnowledgeBase, new: KnowledgeBase, roles: list[RoleDiff]) -> list[SharedDiff]:
    vocab = new.vocabulary

    prefixes = {"kpis": "kpis", "departments": "departments", "glossary": "terms", "processes": "processes",
                "positions": "positions"}

    def labels(kind: str, keys) -> dict[str, tuple[str, str]]:
        """{key: (schema path, label)} for a list of keys or a {key: schema sub-path} mapping."""
        keys = keys if isinstance(keys, dict) else {k: k for k in keys}
        paths = {key: f"{prefixes[kind]}.{sub}" for key, sub in keys.items()}
        return {key: (path, vocab.label(kind, path)) for key, path in paths.items()}

    def affected_by(item: str) -> list[tuple[str, str]]:
        return [(r.id, r.title) for r in roles if any(x.source_item == item for x in r.shared)]

    out: list[SharedDiff] = []

    def compare(kind, old_entries: dict, new_entries: dict, name_of, fields_of, keys, affected):
        keys = labels(kind, keys)
        for eid in list(old_entries) + [e for e in new_entries if e not in old_entries]:
            a, b = old_entries.get(eid), new_entries.get(eid)
            if a is None or b is None:
                change = "added" if a is None else "removed"
                out.append(SharedDiff(kind, SHARED_FILES[kind], eid, name_of(b or a), change, [],
                                      affected(eid, a, b)))
                continue
            changes = _entry_changes(keys, fields_of(a), fields_of(b))
            if changes:
                out.append(SharedDiff(kind, SHARED_FILES[kind], eid, name_of(b), "changed", changes,
                                      affected(eid, a, b)))

    def kpi_fields(k):
        return {"name": k.name, "definition": k.definition, "formula": k.formula, "unit": k.unit,
                "direction": vocab.enum_label("kpis", "kpis.direction", k.direction) if k.direction else "",
                "category": k.category, "period": k.period, "target": k.target,
                "pass": fmt.number(k.passing), "excellent": fmt.number(k.excellent),
                "data_source": k.data_source, "aliases": k.aliases}

    def kpi_users(eid, a, b):
        users = {r.id: r.title for k in (a, b) if k is not None for r in k.users}
        return affected_by(f"kpis:{eid}") if a is not None and b is not None else sorted(users.items())

    compare("kpis", old.kpis, new.kpis, lambda k: k.name, kpi_fields,
            ["name", "definition", "formula", "unit", "direction", "category", "period", "target", "pass",
             "excellent", "data_source", "aliases"], kpi_users)

    def dept_fields(d):
        functions = []
        for f in d.functions:
            functions.append(f.name)
            functions += [f"{f.name} › {i.name}" for i in f.items]
        duties = [f"{f.name} › {i.name}：{duty}" for f in d.functions for i in f.items for duty in i.duties]
        return {"name": d.name, "summary": d.summary, "head": display_name(d.head) or d.head_id,
                "parent": display_name(d.parent) or d.parent_id, "functions": functions, "duties": duties,
                "aliases": d.aliases}

    def dept_roles(eid, a, b):
        if a is not None and b is not None:
            return affected_by(f"departments:{eid}")
        return sorted({r.id: r.title for d in (a, b) if d is not None for r in d.roles}.items())

    compare("departments", old.departments, new.departments, lambda d: d.name, dept_fields,
            {"name": "name", "summary": "summary", "head": "head", "parent": "parent", "functions": "functions",
             "duties": "functions.items.duties", "aliases": "aliases"}, dept_roles)

    def term_fields(t):
        return {"definition": t.definition, "aliases": t.aliases, "en": t.en, "related": t.related}

    compare("glossary", {t.term: t for t in old.glossary}, {t.term: t for t in new.glossary}, lambda t: t.term,
            term_fields, ["definition", "aliases", "en", "related"], lambda *_: [])

    def process_fields(p):
        steps = [s.title for s in p.steps]
        detail = [f"{s.title}：{x}" for s in p.steps for x in (s.description, *s.tasks) if x]
        rules = [r.title for r in p.rules] + [f"{r.title}：{x}" for r in p.rules for x in (r.description, *r.items)
                                              if x]
        return {"name": p.name, "summary": p.summary, "owner": display_name(p.owner) or p.owner_id, "steps": steps,
                "tasks": detail, "rules": rules}

    def process_roles(eid, a, b):
        found = {}
        for p in (a, b):
            if p is None:
                continue
            for r in ([p.owner] if p.owner else []) + [r for part in (*p.steps, *p.rules) for r in part.roles]:
                found[r.id] = r.title
        return sorted(found.items())

    compare("processes", {p.id: p for p in old.processes}, {p.id: p for p in new.processes}, lambda p: p.name,
            process_fields, {"name": "name", "summary": "summary", "owner": "owner", "steps": "steps",
                             "tasks": "steps.tasks", "rules": "rules"}, process_roles)

    def position_fields(p):
        return {"title": p.title, "aliases": p.aliases, "note": p.note, "reports_to": p.reports_to}

    def position_roles(eid, a, b):
        found = {}
        for kb in (old, new):
            for r in kb.roles.values():
                if r.reports_to == eid or eid in r.dotted_line_ids:
                    found[r.id] = r.title
        return sorted(found.items())

    compare("positions", old.positions, new.positions, lambda p: p.title, position_fields,
            ["title", "aliases", "note", "reports_to"], position_roles)
    return out
