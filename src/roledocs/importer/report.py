"""The import report: per source file and per draft, what was filled, what is a
placeholder, which source text was not used, and the problems found (RD4xx, from
the one catalogue in roledocs.kb.problems). Data first; the text and JSON renderings
are small functions, the JSON one in the envelope every command uses."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..kb.problems import SEVERITY_LABEL, Problem
from ..terminal import safe
from .draft import field_label
from .model import Line
from .write import CREATED, KEPT, OVERWRITTEN, UNCHANGED

STATUS_TEXT = {CREATED: "新建", UNCHANGED: "未变", OVERWRITTEN: "覆盖", KEPT: "已存在，内容不同，未覆盖"}
# problems shown in their own sections of the text report, not one by one
_LISTED = ("RD415", "RD416")


@dataclass
class Unused:
    """Source text no field took: a whole line, or a part of a line whose rest was used (part=True)."""

    text: str
    number: int
    part: bool = False
    page: str = ""  # 「第 2 页」, 「工作表「销售代表」」: where the number counts


@dataclass
class DraftReport:
    """One draft: where it was written and what the import could and could not fill."""

    title: str
    id: str
    path: str
    status: str
    filled: list[str]
    placeholders: list[str]
    problems: list[Problem]
    unused: list[Unused]
    review_notes: list[str] = field(default_factory=list)
    duties: int = 0
    kpis: int = 0

    @property
    def warnings(self) -> list[str]:
        """The messages of the draft's problems."""
        return [p.message for p in self.problems]


@dataclass
class FileReport:
    """One source file: its drafts, the lines outside every role, the lines removed as noise, its problems."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    converted: bool = False
    removed: list[Line] = field(default_factory=list)  # noise (download buttons, footers …) and repeats
    drafts: list[DraftReport] = field(default_factory=list)
    outside: list[Line] = field(default_factory=list)  # lines that belong to no role

    @property
    def error(self) -> str | None:
        """Why the file could not be imported at all (its first error), or None."""
        return next((p.message for p in self.problems if p.is_error), None)

    @property
    def warnings(self) -> list[str]:
        """The messages of the file's own problems that are not errors."""
        return [p.message for p in self.problems if not p.is_error]

    @property
    def noise_removed(self) -> int:
        """How many lines were removed as noise or repeats."""
        return len(self.removed)


@dataclass
class ImportReport:
    """The whole run: every file's report and how long it took."""

    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0

    def drafts(self) -> list[DraftReport]:
        """Every draft of every file, in order."""
        return [d for f in self.files for d in f.drafts]

    def count(self, status: str) -> int:
        """How many drafts ended with this write status (created, unchanged …)."""
        return sum(d.status == status for d in self.drafts())

    def problems(self) -> list[Problem]:
        """Every problem, file by file, draft by draft."""
        return [p for f in self.files for p in [*f.problems, *(q for d in f.drafts for q in d.problems)]]

    @property
    def failed(self) -> bool:
        """Something the user must act on: a file not read, a file with no role, a draft not written."""
        return any(p.is_error for p in self.problems())


def _names(keys: list[str], draft: DraftReport) -> str:
    out = []
    for key in keys:
        name = field_label(key)
        if key == "duties" and draft.duties:
            name += f"（{draft.duties} 项）"
        if key == "kpis" and draft.kpis:
            name += f"（{draft.kpis} 项）"
        out.append(name)
    return "、".join(out) or "—"


def _line(number: int, text: str, width: int = 60, part: bool = False, page: str = "") -> str:
    text = text if len(text) <= width else text[:width] + "…"
    return f"{page}第{number}行{'（部分）' if part else ''}  {text}"


def _problem(p: Problem) -> str:
    return f"{p.location()}: {SEVERITY_LABEL[p.severity]} {p.code} {p.message}"


def report_as_text(report: ImportReport, *, max_lines: int = 40) -> str:
    """The report for people: per file and draft, problems at file:line, unused text, a summary line."""
    out: list[str] = []
    for f in report.files:
        if f.error:
            out.extend(f"✗ {_problem(p)}" for p in f.problems if p.is_error)
            continue
        notes = []
        if f.converted:
            notes.append("繁体已转换为简体")
        if f.removed:
            notes.append(f"去除噪声和重复 {len(f.removed)} 行")
        out.append(f"{f.source}：找到 {len(f.drafts)} 个岗位" + (f"（{'，'.join(notes)}）" if notes else ""))
        out.extend(f"  {_problem(p)}" for p in f.problems if p.code not in _LISTED)
        for d in f.drafts:
            out.append(f"  [{STATUS_TEXT[d.status]}] {d.path}  {d.title}")
            out.append(f"      已填写：{_names(d.filled, d)}")
            if d.placeholders:
                out.append(f"      待补充或推测：{_names(d.placeholders, d)}")
            out.extend(f"      {_problem(p)}" for p in d.problems if p.code not in _LISTED)
            if d.unused:
                out.append(f"      未使用的原文（{len(d.unused)} 处，RD415，请手工归入）：")
                out.extend(f"        {_line(u.number, u.text, part=u.part, page=u.page)}" for u in d.unused[:max_lines])
                if len(d.unused) > max_lines:
                    out.append(f"        ……另有 {len(d.unused) - max_lines} 处，用 --format json 查看全部")
        if f.outside:
            out.append(f"  不属于任何岗位的原文（{len(f.outside)} 行，RD416）：")
            out.extend(f"    {_line(line.number, line.text, page=line.page)}" for line in f.outside[:max_lines])
            if len(f.outside) > max_lines:
                out.append(f"    ……另有 {len(f.outside) - max_lines} 行，用 --format json 查看全部")
    drafts = report.drafts()
    errors = sum(1 for f in report.files if f.error)
    summary = (f"合计：{len(report.files)} 个文件，{len(drafts)} 个草稿：新建 {report.count(CREATED)}，"
               f"未变 {report.count(UNCHANGED)}，覆盖 {report.count(OVERWRITTEN)}，未覆盖 {report.count(KEPT)}"
               + (f"，{errors} 个文件出错" if errors else "") + f"（{report.seconds:.2f} 秒）")
    out.append(summary)
    if drafts and report.count(UNCHANGED) == len(drafts):
        out.append("没有任何变化：所有草稿都已存在且内容相同。")
    if report.count(KEPT):
        out.append("有草稿已存在且内容不同，未覆盖；确认要用新导入的内容替换时，加 --force 重新运行。")
    # legacy text is data: an ESC in an old file must not drive the terminal
    return "\n".join(safe(line) for line in out)


def report_as_json(report: ImportReport) -> str:
    """The report for programs, in the envelope every command uses; every unused character is listed."""
    from ..reporters import envelope

    def line(ln) -> dict:
        return {"line": ln.number, "text": ln.text, **({"page": ln.page} if ln.page else {})}

    files = [{
        "source": f.source, "error": f.error, "converted_from_traditional": f.converted,
        "noise_removed": len(f.removed), "removed": [line(ln) for ln in f.removed],
        "outside_roles": [line(ln) for ln in f.outside],
        "problems": [p.to_dict() for p in f.problems],
        "drafts": [{
            "title": d.title, "id": d.id, "path": d.path, "status": d.status, "filled": d.filled,
            "placeholders": d.placeholders, "duties": d.duties, "kpis": d.kpis,
            "unused": [{**line(u), "part": u.part} for u in d.unused],
            "review_notes": d.review_notes, "problems": [p.to_dict() for p in d.problems],
        } for d in f.drafts],
    } for f in report.files]
    return envelope("import", "fail" if report.failed else "ok", report.problems(), files=files,
                    created=report.count(CREATED), unchanged=report.count(UNCHANGED),
                    overwritten=report.count(OVERWRITTEN), kept=report.count(KEPT), seconds=round(report.seconds, 3))
