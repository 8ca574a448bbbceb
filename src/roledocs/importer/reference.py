"""What the knowledge base already knows, for turning titles into ids.

Role titles and aliases → role ids (直接上级 「销售总监」 → sales-director),
positions (总经理 → general-manager), department names → department ids, KPI
names and aliases → KPI ids. Read from the YAML files directly and defensively,
so that a knowledge base with errors still helps the import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


def name_key(text: str) -> str:
    """Compare names without spaces, punctuation or a parenthesised note: 「销售经理（高级）」 ≈ 「销售经理」 is not assumed."""
    return re.sub(r"[\s\W_]+", "", text or "").lower()


@dataclass
class Reference:
    roles: dict[str, str] = field(default_factory=dict)  # name key → role id
    positions: dict[str, str] = field(default_factory=dict)  # name key → position id
    departments: dict[str, str] = field(default_factory=dict)  # name key → department id
    kpis: dict[str, str] = field(default_factory=dict)  # name key → kpi id
    kpi_direction: dict[str, str] = field(default_factory=dict)
    role_data: dict[str, dict] = field(default_factory=dict)  # role id → {category, department, file}
    loaded_from: Path | None = None

    def role_id(self, title: str) -> str | None:
        return self.roles.get(name_key(title))

    def superior_id(self, title: str) -> str | None:
        key = name_key(title)
        return self.roles.get(key) or self.positions.get(key)

    def department_id(self, name: str) -> str | None:
        key = name_key(name)
        if key in self.departments:
            return self.departments[key]
        # 「销售部（处）」「营销中心销售部」: the longest known name inside it
        found = [(len(k), v) for k, v in self.departments.items() if len(k) >= 2 and k in key]
        return max(found)[1] if found else None

    def kpi_id(self, name: str) -> str | None:
        return self.kpis.get(name_key(name))


def load_reference(root: Path | None) -> Reference:
    ref = Reference()
    if root is None:
        return ref
    from ..kb.load import find_roles_dir, load_knowledge_base

    roles_dir = find_roles_dir(Path(root))
    if not roles_dir.is_dir():
        return ref
    ref.loaded_from = roles_dir
    for doc in load_knowledge_base(Path(root)).documents:
        data = doc.data if isinstance(doc.data, dict) else {}
        if doc.kind == "role" and isinstance(data.get("id"), str):
            rid = data["id"]
            ref.role_data[rid] = {"category": data.get("category"), "department": data.get("department"),
                                  "file": doc.name, "title": data.get("title")}
            for name in [data.get("title"), *(data.get("aliases") or [])]:
                if isinstance(name, str):
                    ref.roles.setdefault(name_key(name), rid)
        elif doc.kind in ("positions", "departments", "kpis"):
            target = {"positions": ref.positions, "departments": ref.departments, "kpis": ref.kpis}[doc.kind]
            for entry in data.get(doc.kind) or []:
                if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                    continue
                names = [entry.get("title"), entry.get("name"), *(entry.get("aliases") or [])]
                for name in names:
                    if isinstance(name, str):
                        target.setdefault(name_key(name), entry["id"])
                if doc.kind == "kpis" and isinstance(entry.get("direction"), str):
                    ref.kpi_direction[entry["id"]] = entry["direction"]
    return ref
