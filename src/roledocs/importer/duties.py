"""Duties from the lines of a 岗位职责 section.

The first enumeration style met is the duty level (「一、」 or 「1.」 …); items of
another style are the duty's tasks. A duty item is a title (「1. 合同管理与归档」 with
its description on the next line), a 「title：description」, or a sentence whose
title is taken from its first clause. Also handled: 「日常任务：…」「协调沟通：…」
「交付物：…」 details, the same parts as headings on their own line with the items
below (a rendered Word document), 「核心职责  频率：每月」, flattened duty tables
(「1」「工作」「主责」 then the row's items) and a KPI column that restarts at (1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .kpi import has_kpi_numbers, looks_like_kpi_name, parse_kpi_line
from .readers import Line

if TYPE_CHECKING:
    from .sections import ParsedRole


@dataclass
class Item:
    """One line of a section, with its enumeration style (kind) and number."""

    id: int
    line: Line
    kind: str | None
    number: int | None
    body: str


DUTY_PARTS = {"主要工作", "日常任务", "工作任务", "具体工作", "工作内容", "具体任务", "协调沟通", "沟通协调", "交付物",
               "交付成果", "主要任务"}
_TASK_PARTS = {"主要工作", "日常任务", "工作任务", "具体工作", "工作内容", "具体任务", "主要任务"}
_TABLE_HEADER = {"序号", "工作", "项目", "工作项目", "具体职责", "工作内容", "职责", "内容", "工作说明", "考核标准",
                 "具体工作", "职责描述", "工作任务", "岗位", "主要工作", "关键业绩指标", "编号"}

_ORDINAL_PREFIX = re.compile(r"^职责[一二三四五六七八九十\d]+\s*[:：]\s*")
_STARTERS = ("根据", "负责", "定期", "深入", "关注", "按照", "配合", "协助", "通过", "参与", "对于", "为了", "按时", "依据",
             "积极", "及时", "组织", "严格")
_SUBLABELS = {"主要工作": "tasks", "具体工作": "tasks", "工作内容": "tasks", "主要任务": "tasks", "日常任务": "tasks", "具体任务": "tasks", "工作任务": "tasks", "任务": "tasks", "协调沟通": "coordination",
              "沟通协调": "coordination", "协调": "coordination", "交付物": "deliverables", "交付成果": "deliverables",
              "输出": "deliverables", "工作成果": "deliverables", "频率": "frequency", "工作频率": "frequency",
              "时间占比": "share", "占比": "share", "关键考核指标": "kpi", "考核指标": "kpi", "考核标准": "kpi"}
_FREQUENCIES = {"每日": "每日", "每天": "每日", "日常": "每日", "每周": "每周", "每月": "每月", "月度": "每月", "每季": "每季",
                "季度": "每季", "每年": "每年", "年度": "每年", "不定期": "不定期", "随时": "不定期"}


def _duty_from_text(body: str) -> dict:
    body = _ORDINAL_PREFIX.sub("", body).strip()
    freq = re.search(r"[（(](每日|每天|每周|每月|每季度?|每年|不定期)[)）][。；;]?$", body)
    if freq:  # 「编制年度培训计划（每年）」
        duty = _duty_from_text(body[: freq.start()])
        duty["frequency"] = _FREQUENCIES.get(freq[1], _FREQUENCIES.get(freq[1][:2], "不定期"))
        return duty
    match = re.match(r"^([^：:。，,；;]{2,20})[：:]\s*(.+)$", body)
    if match:
        return {"title": match[1].strip(), "description": match[2].strip()}
    if len(body) <= 24 and not re.search(r"[。，,；;]", body.rstrip("。；;")):
        return {"title": body.rstrip("。；;")}
    clauses = [c for c in re.split(r"[。，,；;]", body) if c.strip()] or [body]  # only punctuation: keep it
    head = clauses[0]
    for size in range(4, min(len(head), 17)):
        if head[size:].startswith(_STARTERS) and not head.startswith(_STARTERS):
            # 「销售团队管理根据公司销售战略…」: a title glued to its description
            return {"title": head[:size], "description": body[size:].strip(), "_glued": True}
    # 「根据公司发展战略，审批、健全各项营销管理制度…」: the first clause says why, the second what
    if len(clauses) > 1 and re.match(r"^(根据|按照|依据|结合|在|为了|为|通过|对照)", head):
        head = clauses[1].strip()
    title = head if len(head) <= 20 else head[:18] + "…"
    return {"title": title.rstrip("的"), "description": body}


def _duty_detail(duty: dict, body: str) -> None:
    match = re.match(r"^([^：:。，,]{2,8})[：:]\s*(.+)$", body)
    target = _SUBLABELS.get(match[1].strip()) if match else None
    if target is None:
        duty.setdefault("tasks", []).append(body)
        return
    value = match[2].strip()
    if target == "frequency":
        freq = next((v for k, v in _FREQUENCIES.items() if k in value), None)
        if freq:
            duty["frequency"] = freq
        return
    if target == "share":
        number = re.search(r"(\d+(?:\.\d+)?)", value)
        if number and 0 < float(number[1]) <= 100:
            duty["share"] = float(number[1]) if "." in number[1] else int(number[1])
        return
    if target == "kpi":
        duty.setdefault("_kpis", []).append(value)
        return
    separators = r"[；;、，,]" if target == "deliverables" else r"[；;]"
    parts = [p.strip() for p in re.split(separators, value) if p.strip()]
    if target == "deliverables":
        parts = [p.rstrip("。") for p in parts]
    duty.setdefault(target, []).extend(parts)


def sentences(text: str) -> list[str]:
    parts = [p.strip() for p in re.findall(r"[^。！？!?]+[。！？!?]?", text) if p.strip()]
    return [p for p in parts if len(p) > 1]


_FLAGS = re.compile(r"(核心职责|辅助职责)?\s*(?:频率[:：]\s*(\S+))?")
_PART_LABEL = {"tasks": "日常任务", "coordination": "协调沟通", "deliverables": "交付物", "frequency": "频率",
               "share": "时间占比", "kpi": "考核指标"}
_RANK = {"chapter": 0, "cn": 1, "cn-paren": 2, "num": 3, "num-paren": 4, "num-half": 5, "circled": 6, "bullet": 7}


def build_duties(role: ParsedRole, items: list[Item], *, kpi_column: bool) -> None:
    """Duties from the lines of a duties section, into role.duties (and role.kpis for a KPI column)."""
    duties: list[dict] = []
    current: dict | None = None
    top: tuple | None = None
    table_title: list[str] | None = None  # a flattened duty table: 「1」「工作」「主责」 then the row's items
    seen_top_numbers: list[int] = []
    kpi_mode = False
    part: str | None = None  # after 「协调沟通」「交付物」 on their own line: where the next lines go
    last_task_number: int | None = None
    table_row = False  # current is a flattened table row's duty: its numbered items are its tasks

    def key(it: Item):
        return it.kind, it.line.indent // 2

    def starts_duty(n: int) -> bool:
        """The lines after item n look like a duty's opening: 「核心职责  频率：每月」 or a description, then 「主要工作」."""
        ahead = items[n + 1:n + 3]
        if not ahead:
            return False
        if _FLAGS.fullmatch(ahead[0].body) and ahead[0].body:
            return True
        return len(ahead) == 2 and ahead[0].kind is None and ahead[1].body in _TASK_PARTS

    for n, it in enumerate(items):
        body = it.body
        if kpi_mode or (kpi_column and it.kind is None and looks_like_kpi_name(body)):
            if looks_like_kpi_name(body) or has_kpi_numbers(body):
                parsed = parse_kpi_line(body)
                if parsed:
                    role.kpis.append(parsed)
                    role.used.add(it.id)
                continue
            kpi_mode = False
        cell = re.fullmatch(r"(\d{1,2})(?:\s+([\u4e00-\u9fff]{1,6}))?", body) if it.kind is None else None
        if cell and (cell[2] is None or table_row):  # the 序号 cell of a flattened table row (「4 其他」: with its title)
            table_title = [cell[2]] if cell[2] else []
            current, table_row = None, False
            role.used.add(it.id)
            continue
        if table_row and current is not None and it.kind is not None and part is None:
            current.setdefault("tasks", []).append(body)  # 「1、根据销售部要求…」 under the row 「1 | 工作主责」
            role.used.add(it.id)
            continue
        if table_title is not None and it.kind is None and len(body) <= 6:
            table_title.append(body)
            role.used.add(it.id)
            continue
        if table_title is not None and it.kind is not None and current is None:
            current = {"title": "".join(table_title) or _duty_from_text(body)["title"]}
            duties.append(current)
            table_row = bool(table_title)
            table_title = None
            if table_row:
                current["tasks"] = [body]
                role.used.add(it.id)
                continue
        if current is None and it.kind is None and body in _TABLE_HEADER:
            role.used.add(it.id)
            continue
        if current is not None and it.kind is None and body in _SUBLABELS:
            part = _SUBLABELS[body]
            last_task_number = None
            role.used.add(it.id)
            continue
        flags = _FLAGS.fullmatch(body) if current is not None else None
        if flags and body:  # 「核心职责  频率：每年」 as a rendered document writes it
            if flags[1]:
                current["core"] = flags[1] == "核心职责"
            if flags[2] and flags[2] in _FREQUENCIES:
                current["frequency"] = _FREQUENCIES[flags[2]]
            role.used.add(it.id)
            continue
        if part is not None and current is not None:
            same_level = it.kind is not None and top == key(it)
            # 「2. …」 after a duty's own numbered tasks 「1.」…「6.」: the next duty, not a task
            next_duty = same_level and (part != "tasks" or (
                it.number is not None and bool(seen_top_numbers) and it.number == seen_top_numbers[-1] + 1
                and (last_task_number != it.number - 1 or starts_duty(n))))
            if not next_duty:
                if part == "tasks":  # one task per line: keep it whole
                    current.setdefault("tasks", []).append(body)
                else:
                    _duty_detail(current, f"{_PART_LABEL[part]}：{body}")
                last_task_number = it.number if same_level else last_task_number
                role.used.add(it.id)
                continue
            part, last_task_number = None, None
        if top is not None and it.kind is not None and _RANK.get(it.kind, 9) < _RANK.get(top[0], 9):
            top, seen_top_numbers = None, []  # 「四、…」 after 「1.」 items: a new group of duties at a higher level
        if it.kind is not None and (top is None or key(it) == top) and table_title is None:
            if top is None:
                top = key(it)
            # a list that starts again at 1 with short measure names: the KPI column of a flattened table
            if it.number == 1 and seen_top_numbers and looks_like_kpi_name(body):
                kpi_mode = True
                parsed = parse_kpi_line(body)
                if parsed:
                    role.kpis.append(parsed)
                role.used.add(it.id)
                continue
            if it.number is not None:
                seen_top_numbers.append(it.number)
            duty = _duty_from_text(body)
            existing = next((d for d in duties if d["title"] == duty["title"]), None)
            if existing is not None:  # the same duty listed again (a summary list, then details)
                if duty.get("description") and not existing.get("description"):
                    existing["description"] = duty["description"]
                current = existing
            else:
                duties.append(duty)
                current = duty
            role.used.add(it.id)
            continue
        if current is None:
            if it.kind is None and len(body) < 8:
                continue  # a stray fragment; left for the report
            current = _duty_from_text(body)
            duties.append(current)
            role.used.add(it.id)
            continue
        if it.kind is None and not current.get("description") and not current.get("tasks"):
            current["description"] = body
        elif it.kind is None and current.get("description") and not current.get("tasks") and len(body) < 60 \
                and not re.search(r"[：:]", body[:8]):
            current["description"] += body
        else:
            _duty_detail(current, body)
        role.used.add(it.id)
    for duty in duties:
        if duty.pop("_glued", False) or (duty.get("description") and len(sentences(duty["description"])) > 1
                                          and not duty.get("tasks")):
            parts = sentences(duty.get("description", ""))
            if len(parts) > 1:
                duty["tasks"] = parts
        for text in duty.pop("_kpis", []):
            for name in re.split(r"[；;]", text):
                parsed = parse_kpi_line(name)
                if parsed:
                    role.kpis.append(parsed)
    role.duties.extend(d for d in duties if d.get("title"))


