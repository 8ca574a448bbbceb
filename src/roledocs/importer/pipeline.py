"""The importer from end to end: read → clean → segment → split → parse → draft → write."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..kb.problems import problem
from ..oserrors import reason
from .clean import clean_lines, is_noise
from .draft import Draft, build_draft
from .model import Line, ParsedRole
from .readers import ReadError, read_document
from .reference import Reference, load_reference
from .report import DraftReport, FileReport, ImportReport, Unused
from .sections import parse_role
from .segment import segment_lines
from .split import RoleBlock, split_roles
from .write import KEPT


@dataclass
class Extraction:
    """What one document holds: its roles (merged by title) and the lines outside them."""

    roles: list[ParsedRole] = field(default_factory=list)
    outside: list[Line] = field(default_factory=list)
    noise: list[Line] = field(default_factory=list)
    converted: bool = False


def extract_roles(path: Path) -> Extraction:
    """The roles a legacy file describes, and the lines outside them (raises ReadError)."""
    cleaned = clean_lines(read_document(path))
    lines, noise = [], list(cleaned.removed)
    for line in segment_lines(cleaned.lines):
        (noise if is_noise(line.text) else lines).append(line)
    split = split_roles(lines)
    blocks = split.blocks
    outside = [line for _, line in split.outside]
    if not blocks and lines:
        # a job description that never says which job (only 岗位职责, 任职要求 …): one untitled role
        blocks = [RoleBlock("", [(-1, Line("", 0))] + list(split.outside))]
        outside = []
    merged: dict[str, ParsedRole] = {}
    for block in blocks:
        parsed = parse_role(block.title, block.lines)
        if block.title in merged:
            _merge(merged[block.title], parsed)
        else:
            merged[block.title] = parsed
    roles = list(merged.values())
    for role in roles:
        role.used.discard(-1)
    if len(roles) == 1:
        outside = _document_fields(roles[0], outside)
    return Extraction(roles, outside, noise, cleaned.converted)


def _document_fields(role: ParsedRole, outside: list[Line]) -> list[Line]:
    """文件编号 / 版本 / 生效日期 in a page header or above the title: the document's, so the one role's."""
    from .labels import split_label_value

    left = []
    for line in outside:
        pair = split_label_value(line.text)
        if pair is not None and (pair[0].field or "").startswith("document.") and pair[1]:
            role.fields.setdefault(pair[0].field, pair[1])
        else:
            left.append(line)
    return left


def _merge(into: ParsedRole, other: ParsedRole) -> None:
    """The same title twice in one document (a summary list, then the details): one role."""
    for key, value in other.fields.items():
        into.fields.setdefault(key, value)
    into.summary.extend(s for s in other.summary if s not in into.summary)
    titles = {d["title"]: d for d in into.duties}
    for duty in other.duties:
        if duty["title"] in titles:
            target = titles[duty["title"]]
            for key, value in duty.items():
                if isinstance(value, list):
                    target.setdefault(key, []).extend(v for v in value if v not in target.get(key, []))
                else:
                    target.setdefault(key, value)
        else:
            into.duties.append(duty)
    into.authorities.extend(a for a in other.authorities if a not in into.authorities)
    for group in ("relationships", "qualifications", "conditions"):
        for key, values in getattr(other, group).items():
            target = getattr(into, group).setdefault(key, [])
            target.extend(v for v in values if v not in target)
    names = {k.name for k in into.kpis}
    into.kpis.extend(k for k in other.kpis if k.name not in names)
    for key, values in other.career.items():
        into.career.setdefault(key, []).extend(v for v in values if v not in into.career.get(key, []))
    into.cases.extend(other.cases)
    into.used |= other.used
    into.lines.extend(other.lines)


def _schema_ref(out_dir: Path, root: Path | None) -> str:
    """The `$schema` an editor should use for the draft (vocabulary.schema_modeline)."""
    from ..kb.load import find_roles_dir
    from ..vocabulary import schema_modeline

    project = find_roles_dir(Path(root)).parent if root is not None else out_dir
    return schema_modeline(project, "role", out_dir).split("$schema=", 1)[1]


def import_files(paths: list[Path], out_dir: Path, *, root: Path | None = None, force: bool = False,
                 reference: Reference | None = None) -> ImportReport:
    """Import each legacy file into drafts in `out_dir`; returns the report (never raises for a bad file)."""
    from ..kb.load import Document
    from ..kb.schema import check_document
    from .write import choose_path, render_yaml, write_draft

    started = time.perf_counter()
    ref = reference if reference is not None else load_reference(root)
    report = ImportReport()
    claimed: set[Path] = set()
    out_dir = Path(out_dir)
    schema_ref = _schema_ref(out_dir, root)
    for path in _distinct(paths):
        source = str(path)
        file_report = FileReport(source)
        report.files.append(file_report)
        try:
            extraction = extract_roles(path)
        except ReadError as exc:
            file_report.problems.append(problem(exc.code, str(exc), source))
            continue
        except Exception as exc:  # a bug must not stop a batch of 300 files; say so and go on
            if os.environ.get("ROLEDOCS_DEBUG"):
                raise
            file_report.problems.append(problem("RD401", f"导入时出现程序错误 {type(exc).__name__}: {exc}"
                                                         "（请把这个文件报告给维护者）", source))
            continue
        file_report.converted = extraction.converted
        file_report.removed = extraction.noise
        file_report.outside = extraction.outside
        if not extraction.roles:
            file_report.problems.append(problem("RD404", "没有找到任何岗位（没有岗位名称、岗位职责等可识别的内容）", source))
        for parsed in extraction.roles:
            if not _has_content(parsed):
                file_report.problems.append(problem(
                    "RD405", f"「{parsed.title}」只有标题没有内容（可能只是文章的标题），没有生成草稿", source,
                    parsed.lines[0][1].number if parsed.lines and parsed.lines[0][0] >= 0 else None))
                file_report.outside.extend(line for _, line in parsed.lines)
                continue
            untitled = not parsed.title
            if untitled:
                parsed.title = "待命名岗位"
            draft = build_draft(parsed, path.name, ref, source_path=source)
            if untitled:
                _name_untitled(draft, path)
            target = choose_path(out_dir, draft, claimed)
            claimed.add(target)
            if target.stem != draft.id:
                draft.flag("RD414", f"文件名 {draft.id}.yaml 已被其他来源的草稿使用，本草稿编号改为 {target.stem}")
                draft.id = draft.data["id"] = target.stem
            notes = draft.review_notes()
            if notes:  # after sources, in the schema's order; the comments stay for the editor
                draft.data["review_notes"] = notes
            unused = _unused(parsed, draft, ref)
            for item in unused:
                what = f"{item.page}第{item.number}行的一部分没有用上" if item.part else f"{item.page}这一行没有用上"
                draft.flag("RD415", f"{what}：{item.text}", line=item.number)
            schema_problems = check_document(Document(target, target.name, "role", draft.data))
            for p in schema_problems:
                draft.flag("RD418", f"草稿不符合字段规范：{p.message}（{p.path}）")
            try:
                status = write_draft(target, render_yaml(draft, schema_ref), force=force)
            except OSError as exc:
                file_report.problems.append(problem("RD419", f"无法写入 {target}：{reason(exc)}", source))
                break
            if status == KEPT:
                draft.flag("RD417", f"{target} 已存在，内容与这次导入的结果不同，没有覆盖（要替换时加 --force）")
            file_report.drafts.append(_draft_report(draft, target, status, unused))
        file_report.problems.extend(problem("RD416", f"{line.page}不属于任何岗位的原文：{line.text}", source, line.number)
                                    for line in file_report.outside)
    report.seconds = time.perf_counter() - started
    return report


def _unused(parsed: ParsedRole, draft: Draft, ref: Reference) -> list[Unused]:
    """The role's source text that the draft does not hold: unused lines, and unused parts of used lines."""
    from .coverage import Corpus, draft_values, missing_parts

    corpus = Corpus(draft_values(draft.data) + ref.names_of(draft.data))
    out: list[Unused] = []
    for line_id, line in parsed.lines:
        if line_id < 0:
            continue
        if line_id not in parsed.used:
            out.append(Unused(line.text, line.number, page=line.page))
            continue
        out.extend(Unused(part, line.number, part=True, page=line.page) for part in missing_parts(line.text, corpus))
    return sorted(out, key=lambda u: u.number)


def _distinct(paths: list[Path]) -> list[Path]:
    """Each file once, however it was named (a.txt, ./a.txt, a shell glob that matched it twice)."""
    seen: dict[Path, Path] = {}
    for path in map(Path, paths):
        seen.setdefault(path.resolve(), path)
    return list(seen.values())


def _has_content(parsed: ParsedRole) -> bool:
    return bool(parsed.duties or parsed.summary or parsed.qualifications or parsed.kpis or parsed.authorities
                or {"department", "reports_to"} & parsed.fields.keys())


def _name_untitled(draft: Draft, path: Path) -> None:
    from .slugs import slugify

    draft.id = draft.data["id"] = "untitled-" + slugify(path.stem).removeprefix("role-")
    draft.data["title"] = f"待命名岗位（{path.stem}）"
    draft.title = draft.data["title"]
    draft.filled.remove("title")
    draft.placeholders.insert(0, "title")
    draft.note("title", "原文没有写岗位名称，请填写，并把 id 和文件名改成对应的英文编号")
    draft.problems.insert(0, problem("RD406", "原文没有写岗位名称：请填写 title，并把 id 和文件名改成对应的英文编号",
                                     draft.source, path="$.title"))


def _draft_report(draft: Draft, target: Path, status: str, unused: list[Unused]) -> DraftReport:
    return DraftReport(
        title=draft.title, id=draft.id, path=str(target), status=status, filled=draft.filled,
        placeholders=draft.placeholders, problems=draft.problems, unused=unused,
        review_notes=draft.data.get("review_notes", []),
        duties=len(draft.data.get("duties", [])) if "duties" in draft.filled else 0,
        kpis=len(draft.data.get("kpis", [])),
    )
