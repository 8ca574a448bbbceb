"""What the knowledge base already knows, for turning titles into ids.

Role titles and aliases → role ids (直接上级 「销售总监」 → sales-director),
positions (总经理 → general-manager), department names → department ids, KPI
names and aliases → KPI ids, and the library KPIs whose names are close to a
legacy one (投诉处理及时率 ≈ 客户投诉解决及时率). Read through the typed model
(`roledocs.kb.model`) of the files that pass their schema, so that a knowledge
base with errors elsewhere still helps the import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# rapidfuzz ratio (0–100) from which a library KPI is offered as a match; measured on the
# fixtures: 投诉处理及时率 → 客户投诉解决及时率 62, 客户满意率 → 客户满意度 80, while
# 采购及时率 → 工作汇报及时率 (no match) is 50
KPI_MATCH_SCORE = 60


def name_key(text: str) -> str:
    """Compare names without spaces, punctuation or a parenthesised note: 「销售经理（高级）」 ≈ 「销售经理」 is not assumed."""
    return re.sub(r"[\s\W_]+", "", text or "").lower()


@dataclass
class Reference:
    """Names the knowledge base knows, each mapped to its id."""

    roles: dict[str, str] = field(default_factory=dict)  # name key → role id
    positions: dict[str, str] = field(default_factory=dict)  # name key → position id
    departments: dict[str, str] = field(default_factory=dict)  # name key → department id
    kpis: dict[str, str] = field(default_factory=dict)  # name key → kpi id
    kpi_names: dict[str, str] = field(default_factory=dict)  # kpi id → its library name
    kpi_direction: dict[str, str] = field(default_factory=dict)
    role_data: dict[str, dict] = field(default_factory=dict)  # role id → {category, department, file, title}
    loaded_from: Path | None = None

    def role_id(self, title: str) -> str | None:
        """The id of the role with this title or alias, or None."""
        return self.roles.get(name_key(title))

    def superior_id(self, title: str) -> str | None:
        """The id of the role or outside position with this title or alias, or None."""
        key = name_key(title)
        return self.roles.get(key) or self.positions.get(key)

    def department_id(self, name: str) -> str | None:
        """The id of the department with this name or alias (or one named inside it), or None."""
        key = name_key(name)
        if key in self.departments:
            return self.departments[key]
        # 「销售部（处）」「营销中心销售部」: the longest known name inside it
        found = [(len(k), v) for k, v in self.departments.items() if len(k) >= 2 and k in key]
        return max(found)[1] if found else None

    def kpi_id(self, name: str) -> str | None:
        """The id of the library KPI with this name or alias, or None."""
        return self.kpis.get(name_key(name))

    def close_kpis(self, name: str, limit: int = 3) -> list[tuple[str, str]]:
        """(id, library name) of the library KPIs whose name or an alias is close to `name`, best first."""
        from rapidfuzz import fuzz, process

        best: dict[str, float] = {}
        for key, score, _ in process.extract(name_key(name), list(self.kpis), scorer=fuzz.ratio,
                                             score_cutoff=KPI_MATCH_SCORE, limit=None):
            kid = self.kpis[key]
            best[kid] = max(best.get(kid, 0), score)
        ranked = sorted(best, key=lambda kid: (-best[kid], kid))[:limit]
        return [(kid, self.kpi_names.get(kid, kid)) for kid in ranked]


    def names_of(self, data: dict) -> list[str]:
        """The names (as compared) of every id a draft refers to: its department, superiors, KPIs."""
        ids = {data.get("department"), data.get("reports_to"), *(data.get("dotted_line_to") or []),
               *(k.get("kpi") for k in data.get("kpis") or [] if isinstance(k, dict))}
        career = data.get("career") if isinstance(data.get("career"), dict) else {}
        ids |= {i for key in ("promotes_to", "from", "rotation") for i in career.get(key) or []}
        ids.discard(None)
        return [key for table in (self.roles, self.positions, self.departments, self.kpis)
                for key, value in table.items() if value in ids]


def load_reference(root: Path | None) -> Reference:
    """The names of the knowledge base at `root` (an empty Reference when there is none)."""
    ref = Reference()
    if root is None:
        return ref
    from ..kb.load import find_roles_dir, load_knowledge_base
    from ..kb.model import build_model
    from ..kb.schema import check_document

    roles_dir = find_roles_dir(Path(root))
    if not roles_dir.is_dir():
        return ref
    ref.loaded_from = roles_dir
    documents = [doc for doc in load_knowledge_base(Path(root)).documents
                 if not any(p.is_error for p in check_document(doc))]
    kb = build_model(documents, "internal", root=roles_dir)
    for role in kb.roles.values():
        ref.role_data[role.id] = {"category": role.category, "department": role.department_id,
                                  "file": role.file, "title": role.title}
        for name in (role.title, *role.aliases):
            ref.roles.setdefault(name_key(name), role.id)
    for position in kb.positions.values():
        for name in (position.title, *position.aliases):
            ref.positions.setdefault(name_key(name), position.id)
    for dept in kb.departments.values():
        for name in (dept.name, *dept.aliases):
            ref.departments.setdefault(name_key(name), dept.id)
    for kpi in kb.kpis.values():
        ref.kpi_names[kpi.id] = kpi.name
        ref.kpi_direction[kpi.id] = kpi.direction
        for name in (kpi.name, *kpi.aliases):
            ref.kpis.setdefault(name_key(name), kpi.id)
    return ref
