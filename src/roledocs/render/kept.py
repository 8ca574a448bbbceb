"""Documents kept by what they show, so that a build renders again only the roles that changed.

A PDF takes about 0.7 s (WeasyPrint), a Word file about 0.1 s; `roledocs build` used to make
all of them every time. A document depends only on:
- what the role's job description says (`roledocs.content.job_description`: the role, the KPI
  definitions it uses, the titles of its superior and subordinates, the functions it carries)
  and the audience: `content_fingerprint`. Editing a role changes its own fingerprint and, where
  its title shows, its neighbours' (the superior's subordinates table), and nothing else;
- the format and the template files (the project's own templates/ and the shipped ones);
- roledocs' own code and the versions of WeasyPrint, python-docx and docxtpl.
The key is a hash of all of these, so a kept document can never be stale. They are kept in
the parse cache's file (`roledocs.kb.cache`: the user's cache folder, private, pruned after
30 days); `ROLEDOCS_NO_CACHE=1` renders everything.
"""
from __future__ import annotations

import dataclasses
import hashlib
from functools import cache
from pathlib import Path

from ..kb.cache import ParseCache, library_stamp, parse_cache
from ..kb.model import KnowledgeBase
from .templates import template_dirs

_LIBRARIES = ("weasyprint", "docx", "docxtpl", "jinja2", "pydyf", "fontTools")


def content_fingerprint(kb: KnowledgeBase, role_id: str) -> str:
    """Everything a role's document shows: its job description (the role, its KPI definitions,
    its neighbours' titles, the functions it carries) and the audience."""
    from ..content.job_description import job_description

    jd = job_description(kb, kb.roles[role_id])
    return hashlib.sha256(repr((kb.audience, _plain(jd))).encode()).hexdigest()


def _plain(value):
    """The content of a job description as nested plain values (model objects by id)."""
    if getattr(value, "is_role", None) is not None:  # a Role or Position: its title is what shows
        return ("ref", value.id, value.title)
    if hasattr(value, "name") and hasattr(value, "roles") and hasattr(value, "id"):  # a Department
        return ("dept", value.id, value.name)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple((f.name, _plain(getattr(value, f.name))) for f in dataclasses.fields(value)
                     if f.name not in ("role", "kpi"))
    if isinstance(value, dict):
        return tuple(sorted((k, _plain(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


@cache
def _code() -> bytes:
    """roledocs' source (all of it: the content layer, the renderers, the helpers they call) and
    the versions of the libraries that make the files."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".css", ".j2", ".txt", ".yaml", ".json", ".docx"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(library_stamp(_LIBRARIES))
    return digest.digest()


def _templates(project: Path | None) -> bytes:
    digest = hashlib.sha256()
    for folder in template_dirs(project):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
        digest.update(b"\1")
    return digest.digest()


class KeptDocuments:
    """The documents of one knowledge base that earlier builds made, by role and format."""

    def __init__(self, kb: KnowledgeBase, store: ParseCache | None = None):
        self.kb = kb
        self.store = store if store is not None else parse_cache()
        self._base: bytes | None = None

    def key(self, role_id: str, fmt: str, fingerprint: str) -> bytes | None:
        """The key of this role's document in `fmt` whose content has `fingerprint`."""
        if self._base is None:
            try:
                self._base = _code() + _templates(self.kb.project)
            except OSError:  # a template or source file unreadable: keep nothing
                self._base = b""
        if not self._base:
            return None
        return hashlib.sha256(self._base + f"document\0{fmt}\0{role_id}\0{fingerprint}".encode()).digest()

    def get(self, keys: dict) -> dict:
        """{task: bytes} of the tasks in `keys` ({task: key}) that are kept."""
        self.store.prefetch(keys.values())
        found = {}
        for task, key in keys.items():
            content = self.store.get(key)
            if isinstance(content, bytes):
                found[task] = content
        return found

    def keep(self, documents: dict, keys: dict) -> None:
        """Keep the new documents ({task: bytes}) under their keys."""
        for task, content in documents.items():
            self.store.put(keys.get(task), content)
        self.store.flush()
