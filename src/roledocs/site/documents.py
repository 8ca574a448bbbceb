"""The role documents (PDF, Word) that the site offers for download.

This is the one place the site calls the render package. Documents are
rendered in the same build and added to the site as files (in memory), so MkDocs
checks the download links like any other link. The roles whose documents are not
in the cache yet (all of them on `mkdocs build`, the edited ones on a `mkdocs serve`
rebuild) are rendered by `render_documents` in worker processes into a temporary
folder and read back; a failure there is repeated serially to name the role's file.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..kb.model import KnowledgeBase
from ..render.kept import KeptDocuments, content_fingerprint

log = logging.getLogger("mkdocs.plugins.roledocs")

# `mkdocs serve` rebuilds after every edit: keep the documents of roles that did not change.
_cache: dict[tuple[str, str, str], bytes] = {}
# Rendering (WeasyPrint above all) is CPU-bound: a worker process per core, at most 2
MAX_JOBS = 2


def default_jobs() -> int:
    """How many worker processes render documents: one per core, at most MAX_JOBS."""
    return max(1, min(MAX_JOBS, os.cpu_count() or 1))


def render_all(kb: KnowledgeBase, formats, jobs: int | None = None) -> dict[tuple[str, str], bytes]:
    """{(role_id, fmt): file content} for every role in every format."""
    from ..render import RenderError, check_environment

    formats = tuple(formats)
    try:
        check_environment(formats)
    except RenderError as error:  # e.g. no CJK font: fail clearly instead of shipping tofu
        raise PluginError(f"无法生成岗位说明书文件：{error}") from error
    fingerprints = {role_id: content_fingerprint(kb, role_id) for role_id in kb.roles}
    missing = {(role_id, fmt): fp for role_id, fp in fingerprints.items() for fmt in formats
               if (role_id, fmt, fp) not in _cache}
    if missing:  # not made in this process (`mkdocs serve`): maybe by an earlier build
        kept = KeptDocuments(kb)
        keys = {task: kept.key(*task, fp) for task, fp in missing.items()}
        for task, content in kept.get(keys).items():
            _cache[(*task, missing[task])] = content
    stale = [role_id for role_id, fp in fingerprints.items()
             if any((role_id, fmt, fp) not in _cache for fmt in formats)]
    if stale:
        rendered = _render(kb, stale, formats, default_jobs() if jobs is None else jobs)
        kept.keep(rendered, keys)
        current = {(role_id, fmt) for role_id in stale for fmt in formats}
        for key in [k for k in _cache if k[:2] in current]:  # an edited role's old documents
            del _cache[key]
        for (role_id, fmt), content in rendered.items():
            _cache[(role_id, fmt, fingerprints[role_id])] = content
    out = {(role_id, fmt): _cache[(role_id, fmt, fp)] for role_id, fp in fingerprints.items() for fmt in formats}
    log.info(f"roledocs: 岗位说明书文件 {len(out)} 个（本次生成 {len(stale) * len(formats)} 个，"
             f"其余是内容未变、以前生成过的）。")
    return out


def _render(kb: KnowledgeBase, role_ids: list[str], formats: tuple[str, ...], jobs: int) -> dict[tuple[str, str], bytes]:
    from ..render import render_documents

    if jobs > 1 and len(role_ids) * len(formats) > 1:
        try:
            with tempfile.TemporaryDirectory(prefix="roledocs-documents-") as tmp:
                paths = render_documents(kb, Path(tmp), formats, role_ids=role_ids, jobs=jobs)
                tasks = [(role_id, fmt) for role_id in role_ids for fmt in formats]  # the order written
                return {task: path.read_bytes() for task, path in zip(tasks, paths)}
        except Exception as error:  # noqa: BLE001 - the serial run below reports it, with the file
            log.debug(f"roledocs: 并行生成岗位说明书失败（{error!r}），改为逐个生成以找出出错的岗位。")
    return {(role_id, fmt): _render_one(kb, role_id, fmt) for role_id in role_ids for fmt in formats}


def _render_one(kb: KnowledgeBase, role_id: str, fmt: str) -> bytes:
    from ..render import RenderError, render_bytes

    try:
        return render_bytes(kb, role_id, fmt)
    except RenderError as error:
        raise PluginError(f"{kb.roles[role_id].file}: 无法生成 {fmt} 文件：{error}") from error
