"""招聘启事: what a job posting says, and the fair-hiring check it must pass.

A posting is made from the job description (`roledocs.content.job_description`): title,
department, working conditions, summary, the core duties, the qualifications, and how to
apply — a site-wide text from mkdocs.yml (`extra.roledocs.apply`), so HR writes it once.
Compensation and open review notes appear only for the internal audience (the public model
does not even have them).

Every line of the posting goes through `roledocs.fairhiring.check_text` first. A requirement
the law forbids (限男性, 本地户口, 无传染病 …) refuses the whole run before any file is
written, reported at the role file's line and column, citing the law (RD701); an age limit
is a warning (RD702), an appearance requirement a notice (RD703).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content import format as fmt
from ..content.job_description import Row, job_description
from ..errors import EXIT_PROBLEMS, RoledocsError
from ..fairhiring import Finding, check_text
from ..kb.load import Document, load_file
from ..kb.model import KnowledgeBase, Role
from ..kb.problems import Problem, json_path, problem

SETTINGS_FILE = "mkdocs.yml"
SETTINGS_KEY = "extra.roledocs.apply"
APPLY_PLACEHOLDER = "【应聘方式：请在 mkdocs.yml 的 extra.roledocs.apply 中填写，例如招聘邮箱和邮件标题的写法】"
CODE_BY_SEVERITY = {"error": "RD701", "warning": "RD702", "notice": "RD703"}


@dataclass
class Unit:
    """One piece of posting text and where it is written: file, YAML path."""

    text: str
    file: str
    path: tuple = ()


@dataclass
class Posting:
    """What one 招聘启事 says, plus the units of its text that the fair-hiring check reads."""

    role: Role
    internal: bool
    title: str
    department: str
    labels: dict[str, str]          # section headings, from the vocabulary
    summary: str
    duties: list[tuple[str, str]]   # (title, description) of the core duties
    conditions: list[tuple[str, str]]      # (label, text): 工作环境 → 坐班、出差
    qualifications: list[tuple[str, str]]
    apply: str
    compensation: list[tuple[str, str]] = field(default_factory=list)
    review_notes: tuple[str, ...] = ()
    units: list[Unit] = field(default_factory=list)


class PostingRefused(RoledocsError):
    """A posting contains requirements the law forbids; `report` lists them (file:line)."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, problems: list[Problem], files_checked: int):
        self.report = _Report(problems, files_checked)
        errors = sum(p.is_error for p in problems)
        super().__init__(f"招聘启事中有 {errors} 处违反公平就业规定的招聘条件，未生成任何招聘启事。"
                         "请修改岗位文件中标出的文字（规则和法律依据见 docs/fair-hiring.md）。")


@dataclass
class _Report:
    problems: list[Problem]
    files_checked: int


# ── the how-to-apply setting ──────────────────────────────────────────────────

class _SettingsLoader(yaml.SafeLoader):
    """mkdocs.yml carries !!python/name tags for Markdown extensions: read past them."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class ApplySetting:
    """The 应聘方式 text, the file it is set in, and whether it was set (else a placeholder)."""

    text: str
    file: str   # where it is written, for messages
    found: bool


def apply_setting(project: Path) -> ApplySetting:
    """The 应聘方式 text from mkdocs.yml's `extra.roledocs.apply` (a placeholder when unset)."""
    path = Path(project) / SETTINGS_FILE
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SettingsLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = {}
    value = ((data.get("extra") or {}).get("roledocs") or {}).get("apply") if isinstance(data, dict) else None
    if isinstance(value, str) and value.strip():
        return ApplySetting(" ".join(value.split()), SETTINGS_FILE, True)
    return ApplySetting(APPLY_PLACEHOLDER, SETTINGS_FILE, False)


# ── content ───────────────────────────────────────────────────────────────────

def _texts(rows: list[Row]) -> list[tuple[str, str]]:
    """Labelled lines as one sentence each: 「销售技巧、沟通能力。熟悉行业知识。」"""
    return [(row.label, fmt.sentences(row.lines)) for row in rows]


def make_posting(kb: KnowledgeBase, role: Role, apply: ApplySetting) -> Posting:
    """The role's posting: its core duties (all when none is core), conditions, qualifications, how to apply."""
    jd = job_description(kb, role)
    label = kb.vocabulary.label
    duties = [d for d in role.duties if d.core] or list(role.duties)  # core duties, else all
    indices = [role.duties.index(d) for d in duties]
    posting = Posting(
        role=role, internal=jd.internal, title=jd.title, department=jd.department,
        labels={key: label("role", key) for key in ("department", "summary", "duties", "conditions",
                                                     "qualifications", "compensation", "review_notes")},
        summary=jd.summary, duties=[(d.title, d.description) for d in duties], conditions=_texts(jd.conditions),
        qualifications=_texts(jd.qualifications), apply=apply.text, compensation=_texts(jd.compensation),
        review_notes=jd.review_notes)

    units = posting.units
    units.append(Unit(role.title, role.file, ("title",)))
    units.append(Unit(role.summary, role.file, ("summary",)))
    for i, duty in zip(indices, duties):
        units.append(Unit(duty.title, role.file, ("duties", i, "title")))
        units.append(Unit(duty.description, role.file, ("duties", i, "description")))
    for part, prefix in ((role.conditions, "conditions"), (role.qualifications, "qualifications")):
        for key, lines in part.entries():
            units.extend(Unit(line, role.file, (prefix, key, j)) for j, line in enumerate(lines))
    units.append(Unit(apply.text, apply.file, tuple(SETTINGS_KEY.split("."))))
    return posting


# ── the fair-hiring check ─────────────────────────────────────────────────────

def _line_of(document: Document | None, source_lines: list[str], unit: Unit, finding: Finding):
    """Line and column of the finding: the value's own position, moved to the line of a
    multi-line (folded) value that holds the matched words."""
    start = document.where(unit.path) if document is not None else None
    first, last = (start[0], start[0] + 60) if start else (1, len(source_lines))
    for number in range(first, min(len(source_lines), last) + 1):
        column = source_lines[number - 1].find(finding.matched)
        if column >= 0:
            return number, column + 1
    return start if start else (None, None)


def check_posting(posting: Posting, project: Path) -> list[Problem]:
    """Fair-hiring problems of one posting, at file:line:column of the text that causes them."""
    problems: list[Problem] = []
    sources: dict[str, tuple[Document | None, list[str]]] = {}
    for unit in posting.units:
        findings = check_text(unit.text)
        if not findings:
            continue
        if unit.file not in sources:
            path = Path(project) / unit.file
            document = load_file(path, name=unit.file)[0] if unit.file != SETTINGS_FILE else None
            try:
                lines = path.read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            sources[unit.file] = (document, lines)
        document, lines = sources[unit.file]
        for finding in findings:
            line, column = _line_of(document, lines, unit, finding)
            # the code says the level: RD701 error, RD702 warning, RD703 notice (the catalogue)
            problems.append(problem(CODE_BY_SEVERITY[finding.severity], finding.message(), unit.file, line,
                                    column, json_path(unit.path), finding.hint))
    return problems


def prepare_postings(kb: KnowledgeBase, roles: list[Role]) -> tuple[list[Posting], list[Problem]]:
    """Postings for the roles and their problems; raises PostingRefused (exit 1) when any
    posting has a requirement the law forbids, before anything is written."""
    project = Path(kb.root).parent if kb.root else Path(".")
    apply = apply_setting(project)
    postings = [make_posting(kb, role, apply) for role in roles]
    problems: list[Problem] = []
    seen = set()
    for posting in postings:
        for found in check_posting(posting, project):
            key = (found.file, found.line, found.column, found.code, found.message)
            if key not in seen:  # the shared 应聘方式 text is reported once, not once per role
                seen.add(key)
                problems.append(found)
    if not apply.found:
        problems.append(problem("RD704", "没有设置应聘方式，招聘启事中用了占位文字", SETTINGS_FILE,
                                hint="在 mkdocs.yml 中写 extra: {roledocs: {apply: 请将简历发送至……}}。"))
    problems.sort(key=Problem.sort_key)
    if any(p.is_error for p in problems):
        raise PostingRefused(problems, len({p.file for p in problems}))
    return postings, problems
