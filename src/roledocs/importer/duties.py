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
from .kpi import has_kpi_numbers, looks_like_kpi_name, parse_kpi_line
from .model import Duties, Item

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
        # a heading (「营销管理方案的实施与监督」) is kept as written; a sentence (「负责…」) becomes verb + object
        # and keeps its words in the description: nothing of the source is lost
        title = short_title(body.rstrip("。；;")) if _FILLER_START.match(body) else body.rstrip("。；;")
        return {"title": title} if title == body.rstrip("。；;") else {"title": title, "description": body}
    clauses = [c for c in re.split(r"[。，,；;]", body) if c.strip()] or [body]  # only punctuation: keep it
    head = clauses[0]
    for size in range(4, min(len(head), 17)):
        if head[size:].startswith(_STARTERS) and not head.startswith(_STARTERS):
            # 「销售团队管理根据公司销售战略…」: a title glued to its description
            return {"title": head[:size], "description": body[size:].strip(), "_glued": True}
    # 「根据公司发展战略，审批、健全各项营销管理制度…」: the first clause says why, the second what
    if len(clauses) > 1 and re.match(r"^(根据|按照|依据|结合|在|为了|为|通过|对照)", head):
        head = clauses[1].strip()
    return {"title": short_title(head), "description": body}


# verbs a duty title starts with once it is written as verb + object
_VERB = ("执行|制定|制订|实施|管理|维护|监督|落实|组织|协调|跟进|跟踪|处理|审核|审批|编制|统计|分析|检查|考核|评估|培训|"
         "招聘|开发|拓展|推广|策划|建设|控制|收集|整理|归档|汇总|上报|宣传|催收|回收|对接|核算|盘点|评定|指导|辅导|"
         "签订|谈判|受理|解答|回访|维系|选聘|调配|接待|录入|保管|监控")
_VERBS = re.compile(rf"(?:{_VERB})(?:[与和及、]?(?:{_VERB}))*")
_FILLER_START = re.compile(r"^(?:主要负责|全面负责|具体负责|负责|认真|积极|严格|及时|有效地|有效|努力)+")
_LEAD_VERB = r"(组织|协助|参与|配合|督促|指导)?"


def short_title(text: str) -> str:
    """A duty title as verb + object: 「负责客服排班表的执行」 → 执行客服排班表, 「对客户进行回访」 → 回访客户."""
    title = _FILLER_START.sub("", text.strip()) or text.strip()
    title = re.sub(r"^" + _LEAD_VERB + r"做好", r"\1", title)  # 「组织做好…」: 做好 says nothing
    title = re.sub(rf"(?<=(?:{_VERB}))(?:等)?(?:工作|事宜|事务)$", "", title)
    # 「客服排班表的执行」「销售款项的催收」: object 的 verb → verb object
    match = re.fullmatch(_LEAD_VERB + r"([^的]{2,12})的(" + _VERBS.pattern + ")", title)
    if match:
        title = (match[1] or "") + match[3] + match[2]
    # 「定期对客户进行回访」 → 定期回访客户
    match = re.fullmatch(r"(.{0,6}?)对([^对]{2,12})进行(.{2,8})", title)
    if match:
        title = match[1] + match[3] + match[2]
    if len(title) > 20:  # 「协助销售总监制定总体销售战略、销售计划……」: up to a separator (the text stays the description)
        cut = next((m.start() for m in _TITLE_CUT.finditer(title, 6) if m.start() <= 20), None)
        title = title[:cut] if cut is not None else title[:20]
    return title.rstrip("的及和与或并") or text


_TITLE_CUT = re.compile(r"[、（(]|需要|以便|从而|并|及|或|和|与|的")


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
    """The sentences of a text, each with its end mark; one-character scraps dropped."""
    parts = [p.strip() for p in re.findall(r"[^。！？!?]+[。！？!?]?", text) if p.strip()]
    return [p for p in parts if len(p) > 1]


_FLAGS = re.compile(r"(核心职责|辅助职责)?\s*(?:频率[:：]\s*(\S+))?")
_PART_LABEL = {"tasks": "日常任务", "coordination": "协调沟通", "deliverables": "交付物", "frequency": "频率",
               "share": "时间占比", "kpi": "考核指标"}
_RANK = {"chapter": 0, "cn": 1, "cn-paren": 2, "num": 3, "num-paren": 4, "num-half": 5, "circled": 6, "bullet": 7}


def build_duties(items: list[Item], *, kpi_column: bool) -> Duties:
    """The duties (and the KPIs of a KPI column) that the lines of a duties section hold."""
    reader = _DutyReader(items, kpi_column)
    for n, it in enumerate(items):
        reader.read(n, it)
    return reader.finish()


class _DutyReader:
    """Reads a duties section line by line; each `_…` method is one pattern of legacy
    documents and returns True when the line was its."""

    def __init__(self, items: list[Item], kpi_column: bool):
        self.items = items
        self.kpi_column = kpi_column
        self.out = Duties()
        self.current: dict | None = None
        self.top: tuple | None = None  # (kind, indent level) of the duty items
        self.table_title: list[str] | None = None  # a flattened duty table: 「1」「工作」「主责」 then the row's items
        self.seen_top_numbers: list[int] = []
        self.kpi_mode = False
        self.part: str | None = None  # after 「协调沟通」「交付物」 on their own line: where the next lines go
        self.last_task_number: int | None = None
        self.table_row = False  # current is a flattened table row's duty: its numbered items are its tasks

    # ── the driver ──
    def read(self, n: int, it: Item) -> None:
        """Give item n to the first pattern that takes it."""
        for pattern in (self._kpi_column, self._table_cell, self._table_row_task, self._table_title_part,
                        self._table_row_start, self._table_header, self._part_heading, self._flags,
                        self._part_item, self._duty_item, self._first_duty, self._detail):
            if pattern(n, it):
                return

    def finish(self) -> Duties:
        """The duties read, with run-on descriptions split into tasks and the KPIs named in them."""
        for duty in self.out.duties:
            if duty.pop("_glued", False) or (duty.get("description") and len(sentences(duty["description"])) > 1
                                              and not duty.get("tasks")):
                parts = sentences(duty.get("description", ""))
                if len(parts) > 1:
                    duty["tasks"] = parts
            for text in duty.pop("_kpis", []):
                for name in re.split(r"[；;]", text):
                    self._add_kpi(name)
        self.out.duties = [d for d in self.out.duties if d.get("title")]
        return self.out

    def _use(self, it: Item) -> bool:
        self.out.used.add(it.id)
        return True

    def _add_kpi(self, text: str, it: Item | None = None) -> None:
        parsed = parse_kpi_line(text)
        if parsed:
            parsed.line = it.line.number if it is not None else None
            self.out.kpis.append(parsed)

    @staticmethod
    def _key(it: Item) -> tuple:
        return it.kind, it.line.indent // 2

    def _starts_duty(self, n: int) -> bool:
        """The lines after item n look like a duty's opening: 「核心职责  频率：每月」 or a description, then 「主要工作」."""
        ahead = self.items[n + 1:n + 3]
        if not ahead:
            return False
        if _FLAGS.fullmatch(ahead[0].body) and ahead[0].body:
            return True
        return len(ahead) == 2 and ahead[0].kind is None and ahead[1].body in _TASK_PARTS

    # ── the patterns, in the order they are tried ──
    def _kpi_column(self, n: int, it: Item) -> bool:
        """A KPI column of a flattened table (「考核标准」 beside 「岗位职责」): KPI lines."""
        body = it.body
        if not (self.kpi_mode or (self.kpi_column and it.kind is None and looks_like_kpi_name(body))):
            return False
        if looks_like_kpi_name(body) or has_kpi_numbers(body):
            if parse_kpi_line(body):
                self._add_kpi(body, it)
                self._use(it)
            return True
        self.kpi_mode = False
        return False

    def _table_cell(self, n: int, it: Item) -> bool:
        """The 序号 cell of a flattened table row (「4 其他」: with its title)."""
        cell = re.fullmatch(r"(\d{1,2})(?:\s+([\u4e00-\u9fff]{1,6}))?", it.body) if it.kind is None else None
        if not cell or not (cell[2] is None or self.table_row):
            return False
        self.table_title = [cell[2]] if cell[2] else []
        self.current, self.table_row = None, False
        return self._use(it)

    def _table_row_task(self, n: int, it: Item) -> bool:
        """「1、根据销售部要求…」 under the row 「1 | 工作主责」: a task of the row's duty."""
        if self.table_row and self.current is not None and it.kind is not None and self.part is None:
            self.current.setdefault("tasks", []).append(it.body)
            return self._use(it)
        return False

    def _table_title_part(self, n: int, it: Item) -> bool:
        """「工作」「主责」: the short cells of a flattened row's title."""
        if self.table_title is not None and it.kind is None and len(it.body) <= 6:
            self.table_title.append(it.body)
            return self._use(it)
        return False

    def _table_row_start(self, n: int, it: Item) -> bool:
        """The first item after a flattened row's cells: the row's duty begins."""
        if not (self.table_title is not None and it.kind is not None and self.current is None):
            return False
        self.current = {"title": "".join(self.table_title) or _duty_from_text(it.body)["title"]}
        self.out.duties.append(self.current)
        self.table_row = bool(self.table_title)
        self.table_title = None
        if self.table_row:
            self.current["tasks"] = [it.body]
            return self._use(it)
        return False

    def _table_header(self, n: int, it: Item) -> bool:
        """「序号」「工作项目」「具体职责」: the header cells of a flattened table."""
        if self.current is None and it.kind is None and it.body in _TABLE_HEADER:
            return self._use(it)
        return False

    def _part_heading(self, n: int, it: Item) -> bool:
        """「协调沟通」「交付物」 on their own line: the lines below are that part of the duty."""
        if self.current is not None and it.kind is None and it.body in _SUBLABELS:
            self.part = _SUBLABELS[it.body]
            self.last_task_number = None
            return self._use(it)
        return False

    def _flags(self, n: int, it: Item) -> bool:
        """「核心职责  频率：每年」 as a rendered document writes it."""
        flags = _FLAGS.fullmatch(it.body) if self.current is not None else None
        if not (flags and it.body):
            return False
        if flags[1]:
            self.current["core"] = flags[1] == "核心职责"
        if flags[2] and flags[2] in _FREQUENCIES:
            self.current["frequency"] = _FREQUENCIES[flags[2]]
        return self._use(it)

    def _part_item(self, n: int, it: Item) -> bool:
        """A line under a part heading: a task, a coordination item or a deliverable — unless the next duty starts."""
        if self.part is None or self.current is None:
            return False
        same_level = it.kind is not None and self.top == self._key(it)
        # 「2. …」 after a duty's own numbered tasks 「1.」…「6.」: the next duty, not a task
        next_duty = same_level and (self.part != "tasks" or (
            it.number is not None and bool(self.seen_top_numbers) and it.number == self.seen_top_numbers[-1] + 1
            and (self.last_task_number != it.number - 1 or self._starts_duty(n))))
        if next_duty:
            self.part, self.last_task_number = None, None
            return False
        if self.part == "tasks":  # one task per line: keep it whole
            self.current.setdefault("tasks", []).append(it.body)
        else:
            _duty_detail(self.current, f"{_PART_LABEL[self.part]}：{it.body}")
        self.last_task_number = it.number if same_level else self.last_task_number
        return self._use(it)

    def _duty_item(self, n: int, it: Item) -> bool:
        """An enumerated item of the duty level: a new duty (or the same duty listed again)."""
        if self.top is not None and it.kind is not None and _RANK.get(it.kind, 9) < _RANK.get(self.top[0], 9):
            self.top, self.seen_top_numbers = None, []  # 「四、…」 after 「1.」 items: a new group at a higher level
        if not (it.kind is not None and (self.top is None or self._key(it) == self.top) and self.table_title is None):
            return False
        if self.top is None:
            self.top = self._key(it)
        # a list that starts again at 1 with short measure names: the KPI column of a flattened table
        if it.number == 1 and self.seen_top_numbers and looks_like_kpi_name(it.body):
            self.kpi_mode = True
            self._add_kpi(it.body, it)
            return self._use(it)
        if it.number is not None:
            self.seen_top_numbers.append(it.number)
        duty = _duty_from_text(it.body)
        existing = next((d for d in self.out.duties if d["title"] == duty["title"]), None)
        if existing is not None:  # the same duty listed again (a summary list, then details)
            if duty.get("description") and not existing.get("description"):
                existing["description"] = duty["description"]
            self.current = existing
        else:
            self.out.duties.append(duty)
            self.current = duty
        return self._use(it)

    def _first_duty(self, n: int, it: Item) -> bool:
        """Plain text before any duty: a duty of its own (a stray fragment is left for the report)."""
        if self.current is not None:
            return False
        if it.kind is None and len(it.body) < 8:
            return True
        self.current = _duty_from_text(it.body)
        self.out.duties.append(self.current)
        return self._use(it)

    def _detail(self, n: int, it: Item) -> bool:
        """Anything else under a duty: its description, the rest of it, or a task / labelled part."""
        current, body = self.current, it.body
        if it.kind is None and not current.get("description") and not current.get("tasks"):
            current["description"] = body
        elif it.kind is None and current.get("description") and not current.get("tasks") and len(body) < 60 \
                and not re.search(r"[：:]", body[:8]):
            current["description"] += body
        else:
            _duty_detail(current, body)
        return self._use(it)
