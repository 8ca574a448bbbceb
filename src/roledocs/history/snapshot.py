"""The knowledge base as it was at a git revision, read into memory.

`read_snapshot(root, "v1.0")` lists `roles/` at that commit (`git ls-tree`), reads every file in
one `git cat-file --batch`, and checks the documents with today's schemas and rules; the
working tree is never touched. `read_snapshot(root)` reads the working tree the same way, so
two snapshots compare like for like.

A `SnapshotReader` remembers what it has done, so that walking many commits (the site's
最近修订, `diff`, `validate --since`) costs about one read of the knowledge base plus the files
that changed:
- every file it has parsed and schema-checked, by path and git blob id: a file unchanged
  between two revisions is neither read from git again nor parsed again (a working-tree file
  gets the same id git would give it, so it meets its committed twin);
- every snapshot, by commit: a commit compared with its parent and then, as the parent, with
  the next commit is listed, rule-checked and modelled once.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path, PurePosixPath

from ..errors import UsageError
from ..kb import InvalidKnowledgeBase
from ..kb.cache import blob_id, parse_cache
from ..kb.load import (SPECIAL_FILES, YAML_SUFFIXES, Document, find_roles_dir, iter_knowledge_base_files, load_bytes,
                       load_cached)
from ..kb.problems import Problem
from ..kb.rules import check_rules
from ..vocabulary import project_vocabulary
from ..kb.validate import Report, check_cached
from .git import Repository, Revision

WORKING_TREE = "工作区"


class InvalidSnapshot(InvalidKnowledgeBase):
    """The knowledge base at a revision does not pass today's validation."""

    def __init__(self, report: Report, label: str):
        super().__init__(report)
        self.args = (f"{label} 的知识库有 {len(report.errors)} 个错误（按当前的 schema 和规则检查），无法使用这个版本",)


@dataclass
class Snapshot:
    """The documents of the knowledge base at one revision (or in the working tree)."""

    label: str                   # "v1.0（3f2a1bc，2026-03-01）" or 工作区
    revision: Revision | None    # None: the working tree
    documents: list[Document]
    problems: list[Problem]
    roles_dir: Path
    files_checked: int = 0
    _models: dict = field(default_factory=dict, repr=False)

    @property
    def report(self) -> Report:
        """The snapshot's validation report."""
        return Report(self.documents, self.problems, self.roles_dir, self.files_checked)

    @property
    def ok(self) -> bool:
        """Whether the snapshot has no errors."""
        return not any(p.is_error for p in self.problems)

    def require_valid(self) -> Snapshot:
        """The snapshot itself; InvalidSnapshot when it has errors."""
        if not self.ok:
            raise InvalidSnapshot(self.report, self.label)
        return self

    def model(self, audience: str = "public"):
        """The typed model (roledocs.kb.model) of this revision; raises InvalidSnapshot."""
        if audience not in self._models:
            from ..kb.model import build_model

            self.require_valid()
            self._models[audience] = build_model(self.documents, audience, root=self.roles_dir,
                                                 vocab=project_vocabulary(self.roles_dir.parent))
        return self._models[audience]


def kind_of(rel: PurePosixPath) -> str | None:
    """The document kind of a file at `rel` under roles/, or None when validation skips it
    (folders named _* or .* such as _drafts/, non-YAML files, unknown files at the top)."""
    if rel.suffix not in YAML_SUFFIXES or any(p.startswith((".", "_")) for p in rel.parts[:-1]):
        return None
    if len(rel.parts) == 1:
        return SPECIAL_FILES.get(rel.name)
    return "role"


class SnapshotReader:
    """Reads snapshots of one knowledge base; parses each distinct file once."""

    def __init__(self, root: Path | str):
        self.roles_dir = find_roles_dir(Path(root)).resolve()
        self._parsed: dict[tuple[str, str], tuple[Document | None, list[Problem]]] = {}  # (path, blob id)
        self._snapshots: dict[str, Snapshot] = {}  # commit hash → its snapshot
        self._repo: Repository | None = None

    @cached_property
    def vocabulary(self):
        """Labels and checks of today's schemas (the project's own, else the shipped ones): looked up once."""
        return project_vocabulary(self.roles_dir.parent)

    @property
    def repo(self) -> Repository:
        """The git repository (NotARepository, exit 2, when there is none)."""
        if self._repo is None:
            self._repo = Repository(self.roles_dir.parent if self.roles_dir.parent.is_dir() else ".")
        return self._repo

    @property
    def git_folder(self) -> str:
        """roles/ as git names it inside the repository."""
        return self.repo.relative(self.roles_dir)

    def resolve(self, asked: str) -> Revision:
        """The commit a commit, tag, branch name or date names (see Repository.resolve)."""
        return self.repo.resolve(asked)

    def working_tree(self) -> Snapshot:
        """The knowledge base as it is on disk now, with its problems."""
        files = {}
        for path in iter_knowledge_base_files(self.roles_dir):
            try:
                raw = path.read_bytes()
            except OSError:
                continue  # vanished while reading: validation of the working tree reports it
            files[path.relative_to(self.roles_dir).as_posix()] = (blob_id(raw), raw)
        return self._snapshot(WORKING_TREE, None, files)

    def at(self, revision: Revision | str) -> Snapshot:
        """The knowledge base at a revision, with its problems; UsageError when it has no roles folder."""
        if isinstance(revision, str):
            revision = self.resolve(revision)
        known = self._snapshots.get(revision.commit.hash)
        if known is not None:  # the same commit asked again, maybe by another name: same documents and models
            return known if known.label == revision.label else replace(known, label=revision.label, revision=revision)
        folder = self.git_folder
        listed = self.repo.list_files(revision.commit.hash, folder)
        if not listed:
            raise UsageError(f"{revision.label} 中还没有知识库文件夹 {folder}/。")
        prefix = len(folder.rstrip("/")) + 1
        wanted = {path[prefix:]: blob for path, blob in listed.items()
                  if kind_of(PurePosixPath(path[prefix:])) is not None}
        self._from_cache(wanted)
        unread = [blob for rel, blob in wanted.items() if (self._name(rel), blob) not in self._parsed]
        blobs = self.repo.read_blobs(unread)
        files = {rel: (blob, blobs.get(blob)) for rel, blob in wanted.items()
                 if blob in blobs or (self._name(rel), blob) in self._parsed}
        snapshot = self._snapshot(revision.label, revision, files)
        self._snapshots[revision.commit.hash] = snapshot
        return snapshot

    def _name(self, rel: str) -> str:
        """How problems name a file: its path from the project folder ("roles/sales/x.yaml")."""
        return f"{self.roles_dir.name}/{rel}"

    def _snapshot(self, label: str, revision: Revision | None, files: dict[str, tuple[str, bytes | None]]) -> Snapshot:
        documents, problems = [], []
        for rel in sorted(files):
            kind = kind_of(PurePosixPath(rel))
            if kind is None:
                continue
            blob, raw = files[rel]
            doc, found = self._parse(rel, kind, blob, raw)
            problems.extend(found)
            if doc is not None:
                documents.append(doc)
        problems.extend(check_rules(documents))
        problems.sort(key=Problem.sort_key)
        self.cache.flush()
        return Snapshot(label, revision, documents, problems, self.roles_dir, len(files))

    def _parse(self, rel: str, kind: str, blob: str, raw: bytes | None):
        """(document, problems) of one file; `raw` may be None when the blob was parsed before."""
        key = (self._name(rel), blob)
        if key not in self._parsed:
            doc, problems = load_bytes(raw, path=self.roles_dir / rel, name=key[0], kind=kind, vocab=self.vocabulary,
                                       cache=self.cache, blob=blob)
            self._parsed[key] = self._checked(doc, problems)
        return self._parsed[key]

    def _checked(self, doc: Document | None, problems: list[Problem]):
        if doc is not None:
            problems = problems + check_cached(doc, self.vocabulary, self.cache)
        return doc, problems

    def _from_cache(self, wanted: dict[str, str]) -> None:
        """Files of a revision that the parse cache has seen (in any revision, or the working
        tree) are taken from it: they are neither read from git nor parsed."""
        keys = {}
        for rel, blob in wanted.items():
            name, kind = self._name(rel), kind_of(PurePosixPath(rel))
            if (name, blob) not in self._parsed and kind is not None:
                keys[rel] = (name, kind, blob, self.cache.key(blob, name, kind, self.vocabulary))
        self.cache.prefetch(key for *_, key in keys.values())
        for rel, (name, kind, blob, key) in keys.items():
            kept = load_cached(self.cache, key, path=self.roles_dir / rel, name=name, kind=kind)
            if kept is not None:
                self._parsed[(name, blob)] = self._checked(*kept)

    @cached_property
    def cache(self):
        """The parse cache (roledocs.kb.cache), shared with validate and every other command."""
        return parse_cache()


def unchanged_roles(old: Snapshot, new: Snapshot) -> frozenset[str]:
    """Ids of roles whose comparison from `old` to `new` is known to be empty without making it:
    the same file with the same bytes in both (the reader then hands out the very same Document),
    no shared file changed, and no role it names (superior, dotted line, career, successor) changed,
    whose title its comparison shows. Empty when a shared file changed: then every role may be affected."""
    before = {d.name: d for d in old.documents}
    after = {d.name: d for d in new.documents}
    if {n for n, d in before.items() if d.kind != "role"} != {n for n, d in after.items() if d.kind != "role"} or any(
            d.kind != "role" and before[n] is not d for n, d in after.items() if d.kind != "role"):
        return frozenset()
    same, changed = set(), set()
    for name in before.keys() | after.keys():
        a, b = before.get(name), after.get(name)
        if a is not None and a is b:
            same.add(a.data.get("id"))
        else:
            changed.update(d.data.get("id") for d in (a, b) if d is not None)
    same -= changed  # an id in two files (a move, a duplicate) is a change
    return frozenset(rid for doc in after.values() if doc.kind == "role" and (rid := doc.data.get("id")) in same
                     and not _named_roles(doc.data) & changed)


def _named_roles(data: dict) -> set:
    career = data.get("career") if isinstance(data.get("career"), dict) else {}
    named = [data.get("reports_to"), data.get("successor"), *_listed(data.get("dotted_line_to"))]
    for key in ("promotes_to", "from", "rotation"):
        named += _listed(career.get(key))
    return {x for x in named if isinstance(x, str)}


def _listed(value) -> list:
    return value if isinstance(value, list) else []


def read_snapshot(root: Path | str, revision: str | None = None) -> Snapshot:
    """The knowledge base at `revision` (commit, tag, branch or YYYY-MM-DD), or in the working tree."""
    reader = SnapshotReader(root)
    return reader.working_tree() if revision is None else reader.at(revision)
