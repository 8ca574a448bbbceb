"""Validation as data: load the files, check each against its schema, then the
cross-file rules. Returns a `Report`; never prints, never exits."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..vocabulary import Vocabulary, vocabulary
from .cache import ParseCache
from .load import Document, LoadResult, load_knowledge_base
from .problems import Problem, problem
from .rules import check_rules
from .schema import check_document


@dataclass
class Report:
    """The result of validation: the documents read, every problem found, and how many files."""

    documents: list[Document]
    problems: list[Problem]
    roles_dir: Path
    files_checked: int = 0
    vocabulary: Vocabulary = field(default_factory=vocabulary)  # the schemas checked against: labels for outputs

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are not errors (warnings and notices)."""
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """Whether there is no error (warnings allowed)."""
        return not self.errors


def validate_documents(documents: list[Document], unread=(), vocab: Vocabulary | None = None,
                       cache: ParseCache | None = None) -> list[Problem]:
    """The schema and cross-file problems of `documents`, checked against `vocab`'s schemas
    (default: the shipped ones). `unread`: (kind, path) of files that could not be read (see LoadResult.unread).
    With a `cache`, a document read from it keeps its schema problems there too."""
    problems: list[Problem] = []
    for doc in documents:
        problems.extend(check_cached(doc, vocab, cache))
    if cache is not None:
        cache.flush()
    return one_per_mistake(problems + check_rules(documents, unread))


def check_cached(doc: Document, vocab: Vocabulary | None, cache: ParseCache | None) -> list[Problem]:
    """`check_document`, kept in `cache` for a document read through it."""
    key = cache.checked_key(doc.cache_key, vocab) if cache is not None else None
    kept = cache.get(key) if key is not None else None
    if kept is not None:
        return [Problem.from_tuple(t) for t in kept]
    found = check_document(doc, vocab, cache)
    if key is not None:
        cache.put(key, [p.as_tuple() for p in found])
    return found


# A reference that names nothing, reported by the rules with the hint that fixes it (RD303
# department, RD304 superior, RD306 KPI, RD320 successor), also breaks the id pattern (RD205) when a Chinese name
# was written: one mistake, one problem.
_REFERENCE_CODES = {"RD303", "RD304", "RD306", "RD320"}


def one_per_mistake(problems: list[Problem]) -> list[Problem]:
    """`problems` without the pattern error (RD205) on a line whose broken reference the rules report."""
    referenced = {(p.file, p.line) for p in problems if p.code in _REFERENCE_CODES}
    return [p for p in problems if not (p.code == "RD205" and (p.file, p.line) in referenced)]


def validate_knowledge_base(root: Path) -> Report:
    """The knowledge base at `root` (a project or its roles/ folder) read and checked: a Report,
    with the problems sorted by file and line. Never prints, never raises for bad input."""
    return check_loaded(load_knowledge_base(Path(root)))


def check_loaded(loaded: LoadResult) -> Report:
    """The knowledge base as read by `load_knowledge_base`, checked (see validate_knowledge_base)."""
    problems = loaded.problems + validate_documents(loaded.documents, loaded.unread, loaded.vocabulary, loaded.cache)
    if not loaded.roles_dir.is_dir():
        problems.append(problem("RD109", f"找不到知识库文件夹 {loaded.roles_dir}", str(loaded.roles_dir),
                                hint="请用 --root 指向包含 roles/ 文件夹的项目目录。"))
    problems.sort(key=Problem.sort_key)
    return Report(loaded.documents, problems, loaded.roles_dir, loaded.files_checked, loaded.vocabulary)
