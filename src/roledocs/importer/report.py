"""The import report: per source file and per draft, what was filled, what is a
placeholder, which input lines were not used, and warnings. Data first; text and
JSON renderings are small functions."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..terminal import safe
from .draft import FIELD_NAMES
from .readers import Line
from .write import CREATED, KEPT, OVERWRITTEN, UNCHANGED

STATUS_TEXT = {CREATED: "新建", UNCHANGED: "未变", OVERWRITTEN: "覆盖", KEPT: "已存在，内容不同，未覆盖"}


@dataclass
class DraftReport:
    title: str
    id: str
    path: str
    status: str
    filled: list[str]
    placeholders: list[str]
    warnings: list[str]
    unused: list[Line]
    duties: int = 0
    kpis: int = 0
    schema_problems: int = 0  # a bug in the importer if ever non-zero; the draft is written all the same


@dataclass
class FileReport:
    source: str
    error: str | None = None
    converted: bool = False
    noise_removed: int = 0
    drafts: list[DraftReport] = field(default_factory=list)
    outside: list[Line] = field(default_factory=list)  # lines that belong to no role
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0

    def drafts(self) -> list[DraftReport]:
        return [d for f in self.files for d in f.drafts]

    def count(self, status: str) -> int:
        return sum(d.status == status for d in self.drafts())

    @property
    def failed(self) -> bool:
        """Something the user must act on: a file not read, a file with no role, a draft not written."""
        return (any(f.error or not f.drafts for f in self.files) or self.count(KEPT) > 0
                or any(d.schema_problems for d in self.drafts()))


def _names(keys: list[str], draft: DraftReport) -> str:
    out = []
    for key in keys:
        name = FIELD_NAMES.get(key, key)
        if key == "duties" and draft.duties:
            name += f"（{draft.duties} 项）"
        if key == "kpis" and draft.kpis:
            name += f"（{draft.kpis} 项）"
        out.append(name)
    return "、".join(out) or "—"


def _line(line: Line, width: int = 60) -> str:
    text = line.text if len(line.text) <= width else line.text[:width] + "…"
    return f"第{line.number}行  {text}"


def report_as_text(report: ImportReport, *, max_lines: int = 40) -> str:
    out: list[str] = []
    for f in report.files:
        if f.error:
            out.append(f"✗ {f.source}：{f.error}")
            continue
        notes = []
        if f.converted:
            notes.append("繁体已转换为简体")
        if f.noise_removed:
            notes.append(f"去除噪声和重复 {f.noise_removed} 行")
        out.append(f"{f.source}：找到 {len(f.drafts)} 个岗位" + (f"（{'，'.join(notes)}）" if notes else ""))
        for warning in f.warnings:
            out.append(f"  警告：{warning}")
        for d in f.drafts:
            out.append(f"  [{STATUS_TEXT[d.status]}] {d.path}  {d.title}")
            out.append(f"      已填写：{_names(d.filled, d)}")
            if d.placeholders:
                out.append(f"      待补充或推测：{_names(d.placeholders, d)}")
            for warning in d.warnings:
                out.append(f"      警告：{warning}")
            if d.unused:
                out.append(f"      未使用的原文（{len(d.unused)} 行，请手工归入）：")
                out.extend(f"        {_line(line)}" for line in d.unused[:max_lines])
                if len(d.unused) > max_lines:
                    out.append(f"        ……另有 {len(d.unused) - max_lines} 行，用 --format json 查看全部")
        if f.outside:
            out.append(f"  不属于任何岗位的原文（{len(f.outside)} 行）：")
            out.extend(f"    {_line(line)}" for line in f.outside[:max_lines])
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
    def line(ln: Line) -> dict:
        return {"line": ln.number, "text": ln.text}

    data = {
        "files": [{
            "source": f.source, "error": f.error, "converted_from_traditional": f.converted,
            "noise_removed": f.noise_removed, "warnings": f.warnings,
            "outside_roles": [line(ln) for ln in f.outside],
            "drafts": [{
                "title": d.title, "id": d.id, "path": d.path, "status": d.status, "filled": d.filled,
                "placeholders": d.placeholders, "warnings": d.warnings, "duties": d.duties, "kpis": d.kpis,
                "unused": [line(ln) for ln in d.unused],
            } for d in f.drafts],
        } for f in report.files],
        "created": report.count(CREATED), "unchanged": report.count(UNCHANGED),
        "overwritten": report.count(OVERWRITTEN), "kept": report.count(KEPT), "seconds": round(report.seconds, 3),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
