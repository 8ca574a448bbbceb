"""Read one role's lines into fields: which heading each line falls under, and
what that means for the role (duties with tasks, qualifications by kind …).

Works on the lines of one role (see split.py). Every line that ends up in a
field is remembered, so the report can list the lines nobody used.
"""
from __future__ import annotations

import re

from .duties import DUTY_PARTS, build_duties, sentences
from .kpi import has_kpi_numbers, looks_like_kpi_name, parse_kpi_line
from .labels import find_label, heading_label, marker_kind, marker_number, split_label_value, strip_marker
from .model import Item, Line, ParsedRole


_LIST_SPLIT = re.compile(r"[；;]\s*")


def parse_role(title: str, lines: list[tuple[int, Line]]) -> ParsedRole:
    """The role's fields read from its lines (`lines`: (id, line) pairs; the first one names the role)."""
    from .split import document_title

    role = ParsedRole(title, lines=list(lines))
    section, subfield = "intro", None
    pending_field: str | None = None  # an ident label whose value is on the next line (a flattened table)
    last_heading_id: int | None = None
    column_of: str | None = None  # a second heading right after the first: a table's column header
    buckets: dict[str, list[Item]] = {}
    list_kind: dict[str, str] = {}  # the enumeration style of each section's first item

    def add(item_section: str, item: Item, sub: str | None = None):
        buckets.setdefault(item_section if sub is None else f"{item_section}.{sub}", []).append(item)
        if item.kind is not None:
            list_kind.setdefault("duties" if item_section == "intro" else item_section, item.kind)

    for n, (line_id, line) in enumerate(lines):
        text = line.text
        if n == 0:
            role.used.add(line_id)
            continue
        kind, number = marker_kind(text), marker_number(text)
        body = strip_marker(text)
        item = Item(line_id, line, kind, number, body)
        if pending_field is not None:
            value_field, pending_field = pending_field, None
            if body and not heading_label(text, section) and len(body) <= 30 and kind is None:
                if _set_ident(role, value_field, body, line):
                    role.used.add(line_id)
                continue
        if document_title(text) == title:  # the role's title repeated (a page header, a second copy)
            role.used.add(line_id)
            continue
        pair = split_label_value(body, section) if kind is None or len(body) < 40 else None
        if pair is not None and pair[0].section == "cases" and pair[0].field:
            add("cases", item)  # 「背景：…」 inside a case: _cases reads the part name itself
            continue
        if pair is not None:
            label, value = pair
            if label.section == "ident":
                if not value:
                    pending_field = label.field
                if not value or _set_ident(role, label.field, value, line):
                    role.used.add(line_id)
                continue
            section, subfield = label.section, label.field
            role.used.add(line_id)
            last_heading_id = line_id
            value = re.sub(r"^[（(][^()（）]{0,8}[)）]", "", value).strip()  # 岗位职责：（具体工作）
            if value:
                if label.section == "duties" and kind is None and not marker_kind(value) and not role.summary \
                        and label.text in ("主要工作", "工作内容", "工作概述"):
                    role.summary.append(value)  # 「主要工作：制定并推进实施全面的销售战略…」 is a summary
                else:
                    add(section, Item(line_id, line, marker_kind(value), marker_number(value), strip_marker(value)),
                        subfield)
            continue
        in_list = kind is not None and list_kind.get("duties" if section == "intro" else section) == kind
        # an item styled like the items of the current list is one of them, unless it is exactly a heading
        label = (find_label(text, section) if in_list else heading_label(text, section)) if len(body) <= 24 else None
        if section == "duties" and kind is None and buckets.get("duties") and \
                (body in DUTY_PARTS or re.fullmatch(r"(核心职责|辅助职责)?\s*(频率[:：]\s*\S+)?", body)):
            add(section, item)  # 「主要工作」「核心职责  频率：每月」 inside a duty: for _duties
            continue
        if label is not None and not (section == "duties" and kind and label.section == "ident"):
            role.used.add(line_id)
            if label.section == "ident":
                pending_field = label.field
                continue
            if last_heading_id is not None and n > 0 and lines[n - 1][0] == last_heading_id \
                    and section == "duties" and label.section == "kpis" and kind is None:
                column_of = label.section  # 「岗位职责」「考核标准」: two column headers of one table
            else:
                section, subfield = label.section, label.field
            last_heading_id = line_id
            continue
        if kind in ("cn", "chapter") and section not in ("duties", "intro") and list_kind.get(section) != kind \
                and len(body) <= 12 and not re.search(r"[，,。；;：:]", body):
            # 「二、货品管理」 after the qualifications of a flattened table: duties again
            section, subfield = "duties", None
        add(section, item, subfield)

    _fill(role, buckets, column_of)
    return role


def _set_ident(role: ParsedRole, name: str | None, value: str, line: Line) -> bool:
    """Keep an identification field; False when it was not kept (a second, different value: left for the report)."""
    value = value.strip().rstrip("。;；")
    if name == "headcount" and value and not re.search(r"\d", value):
        name = "document.prepared_by"  # 「编制：人力资源部」 on a sign-off line: who prepared it, not a headcount
    if not name or value in ("", "无", "-", "—", "/", "暂无"):
        return True  # a heading (基本信息) or an empty value: nothing to keep, nothing lost
    if name not in role.fields:
        role.fields[name] = value
        role.field_lines[name] = line.number
        return True
    if name == "subordinates" and value not in role.fields[name]:  # 直接下属 …, 间接下属 …: all of them
        role.fields[name] += "、" + value
        return True
    return role.fields[name] == value


def _fill(role: ParsedRole, buckets: dict[str, list[Item]], column_of: str | None) -> None:
    intro = buckets.pop("intro", [])
    first_item = next((n for n, it in enumerate(intro) if it.kind is not None), len(intro))
    prose = intro[:first_item]  # before the first numbered item: an introduction
    listed = intro[first_item:]
    for it in prose:
        if len(it.body) >= 8 and re.search(r"[，,。]", it.body) and len(role.summary) < 2:
            role.summary.append(it.body)
            role.used.add(it.id)
    duty_items = listed + buckets.pop("duties", [])
    duty_items.sort(key=lambda it: it.id)
    found = build_duties(duty_items, kpi_column=column_of == "kpis")
    role.duties.extend(found.duties)
    role.kpis.extend(found.kpis)
    role.used |= found.used
    for it in buckets.pop("summary", []):
        role.summary.append(it.body)
        role.used.add(it.id)
    for it in buckets.pop("authorities", []):  # a numbered item is one authority; a run-on line may hold several
        role.authorities.extend([it.body] if it.kind is not None else _split_items(it.body))
        role.used.add(it.id)
    for key in [k for k in buckets if k.startswith("relationships")]:
        for it in buckets.pop(key):
            side = re.match(r"^(内部|外部|对内|对外)(?![：:])\s*(?=\S{4})", it.body)
            if side and not key.partition(".")[2]:  # 「内部与上级领导…的工作协调」: the table's row label run into it
                it.body = it.body[side.end():]
                key_sub = "internal" if side[1] in ("内部", "对内") else "external"
                role.relationships.setdefault(key_sub, []).append(it.body)
                role.used.add(it.id)
                continue
            sub = key.partition(".")[2] or ("external" if re.search(r"客户|供应商|经销商|代理商|政府|银行|媒体|外部|"
                                                                       r"协会|合作伙伴|商家", it.body) else "internal")
            role.relationships.setdefault(sub, []).append(it.body)
            role.used.add(it.id)
    for key in [k for k in buckets if k.startswith("qualifications")]:
        for it in buckets.pop(key):
            _qualification(role, key.partition(".")[2] or None, it.body)
            role.used.add(it.id)
    kpi_items = buckets.pop("kpis", [])
    _kpis(role, kpi_items)
    for key in [k for k in buckets if k.startswith("conditions")]:
        for it in buckets.pop(key):
            sub = key.partition(".")[2] or "other"
            role.conditions.setdefault(sub, []).append(it.body)
            role.used.add(it.id)
    for key in [k for k in buckets if k.startswith("career")]:
        for it in buckets.pop(key):
            role.career.setdefault(key.partition(".")[2] or "promotes_to", []).append(it.body)
            role.used.add(it.id)
    _cases(role, [(it, k.partition(".")[2] or None) for k in [k for k in buckets if k.startswith("cases")]
                  for it in buckets.pop(k)])
    # what is left: headings without a place (ignore.*) and lines we could not place → unused


def _split_items(text: str) -> list[str]:
    return [p.strip() for p in _LIST_SPLIT.split(text) if p.strip()]


# ── qualifications ─────────────────────────────────────────────────────────
_QUAL_GUESS = [
    ("education", re.compile(r"学历|大专|本科|硕士|博士|高中|中专|研究生|毕业")),
    ("experience", re.compile(r"\d+\s*年.{0,12}经验|经验|年以上|工作经历")),
    ("certificates", re.compile(r"证书|资格证|执业")),
    ("majors", re.compile(r"专业(?!知识|技能|素养|能力)")),
    ("competencies", re.compile(r"能力")),
    ("skills", re.compile(r"熟练|使用|操作|技能|技巧|普通话|英语|Office|WORD|EXCEL|Word|Excel")),
    ("knowledge", re.compile(r"熟悉|了解|掌握|知识")),
    ("traits", re.compile(r"责任心|敬业|诚信|正直|亲和|性格|品质|踏实|吃苦|耐心|细致|严谨|热情|意识|素养|形象|五官|"
                          r"抗压|积极|主动|开朗|稳重|价值观|健康|精力")),
]


def _guess_qualification(text: str) -> str:
    for name, pattern in _QUAL_GUESS:
        if pattern.search(text):
            return name
    return "other"


def _qualification(role: ParsedRole, sub: str | None, text: str) -> None:
    pair = split_label_value(text, "qualifications")
    if pair is not None and pair[0].section == "qualifications" and pair[0].field:
        sub, text = pair[0].field, pair[1]
    text = text.strip()
    if not text:
        return
    if sub is not None:
        role.qualifications.setdefault(sub, []).append(text)
        return
    # an unlabelled requirement: 「高中以上学历，五官端正，亲和力强。熟练使用…」 — classify clause by clause
    for sentence in sentences(text) or [text]:
        groups: list[tuple[str, str]] = []
        for clause in (c.strip() for c in re.split(r"[，,；;]", sentence.rstrip("。")) if c.strip()):
            kind = _guess_qualification(clause)
            if groups and groups[-1][0] == kind:
                groups[-1] = (kind, groups[-1][1] + "，" + clause)
            elif groups and kind == "other":
                groups[-1] = (groups[-1][0], groups[-1][1] + "，" + clause)
            else:
                groups.append((kind, clause))
        for kind, clause in groups:
            role.qualifications.setdefault(kind, []).append(clause)


# ── KPIs ──────────────────────────────────────────────────────────────────
def _kpis(role: ParsedRole, items: list[Item]) -> None:
    for n, it in enumerate(items):
        nxt = items[n + 1] if n + 1 < len(items) else None
        # a group heading (「1. 考核指标与数据标准」 with items below it) is no KPI
        if nxt is not None and it.kind is not None and nxt.kind is not None and \
                (nxt.kind, nxt.line.indent // 2) != (it.kind, it.line.indent // 2) and \
                nxt.line.indent >= it.line.indent and not has_kpi_numbers(it.body) and nxt.number == 1:
            role.used.add(it.id)
            continue
        for part in _kpi_parts(it.body):
            parsed = parse_kpi_line(part)
            if parsed:
                parsed.line = it.line.number
                role.kpis.append(parsed)
                role.used.add(it.id)


def _kpi_parts(body: str) -> list[str]:
    """One KPI line, or several: 「销售额完成率、回款率、新客户开发数」 (names only) is three KPIs."""
    if has_kpi_numbers(body):
        return [body]
    parts = [p.strip() for p in re.split(r"[；;]", body) if p.strip()]
    names = [p.strip() for p in re.split(r"[；;、，,]", body) if p.strip()]
    if len(names) > len(parts) and all(looks_like_kpi_name(n) for n in names):
        return names
    return parts


# ── cases ─────────────────────────────────────────────────────────────────
_CASE_PARTS = {"背景": "background", "工作任务": "work", "工作内容": "work", "沟通过程": "communication",
               "沟通协调": "communication", "沟通": "communication", "工作成果": "outcome", "结果": "outcome",
               "成果": "outcome"}


def _cases(role: ParsedRole, items: list[tuple[Item, str | None]]) -> None:
    current = None
    for it, sub in sorted(items, key=lambda pair: pair[0].id):
        if not it.body:  # a bare 「2.」 whose text the segmenter cut off after it: no new case
            role.used.add(it.id)
            continue
        match = re.match(r"^([^：:]{1,6})[：:]\s*(.+)$", it.body)
        part = _CASE_PARTS.get(match[1]) if match else None
        if part and current is not None:
            current[part] = match[2].strip()
        elif sub and current is not None:  # 「背景」 on its own line, the text below it
            current[sub] = (current.get(sub, "") + it.body).strip()
        else:
            title = re.sub(r"^案例[一二三四五六七八九十\d]+\s*[:：]\s*", "", it.body).strip()
            current = {"title": title}
            role.cases.append(current)
        role.used.add(it.id)


__all__ = ["ParsedRole", "parse_role"]
