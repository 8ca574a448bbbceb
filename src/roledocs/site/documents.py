"""The role documents (PDF, Word) that the site offers for download.

This is the one place the site calls the render package. Documents are
rendered in the same build, into memory (`render_bytes`), and added to the site
as files, so MkDocs checks the download links like any other link.
"""
from __future__ import annotations

import hashlib
import json
import logging

from mkdocs.exceptions import PluginError

from ..model import KnowledgeBase

log = logging.getLogger("mkdocs.plugins.roledocs")

# `mkdocs serve` rebuilds after every edit: keep the documents of roles that did not change.
_cache: dict[tuple[str, str, str], bytes] = {}


def _fingerprint(kb: KnowledgeBase, role_id: str) -> str:
    """Everything a role's document shows: its data, its KPI definitions, its neighbours' titles."""
    role = kb.roles[role_id]
    data = {"role": role.data, "kpis": [k.kpi.data for k in role.kpis], "audience": kb.audience,
            "superior": getattr(role.superior, "title", None),
            "subordinates": [s.title for s in role.subordinates],
            "department": role.department.name if role.department else None}
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def render_all(kb: KnowledgeBase, formats) -> dict[tuple[str, str], bytes]:
    """{(role_id, fmt): file content} for every role in every format."""
    from ..render import RenderError, check_environment, render_bytes

    formats = tuple(formats)
    try:
        check_environment(formats)
    except RenderError as error:  # e.g. no CJK font: fail clearly instead of shipping tofu
        raise PluginError(f"无法生成岗位说明书文件：{error}") from error
    out: dict[tuple[str, str], bytes] = {}
    rendered = 0
    for role_id in kb.roles:
        fp = _fingerprint(kb, role_id)
        for fmt in formats:
            key = (role_id, fmt, fp)
            if key not in _cache:
                try:
                    _cache[key] = render_bytes(kb, role_id, fmt)
                except RenderError as error:
                    raise PluginError(f"{kb.roles[role_id].file}: 无法生成 {fmt} 文件：{error}") from error
                rendered += 1
            out[(role_id, fmt)] = _cache[key]
    log.info(f"roledocs: 岗位说明书文件 {len(out)} 个（本次生成 {rendered} 个）。")
    return out
