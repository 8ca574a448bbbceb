"""The content of a 岗位说明书, in the order Chinese job descriptions use.

`job_description(kb, role)` turns one role of the model into plain data
(strings, lists, dicts) that every output format (Word, PDF/HTML, Markdown)
fills into its own template. Deciding *what* a document says happens here,
once; the templates only decide how it looks.
"""
from __future__ import annotations

import datetime as dt
import re

from ..model import KnowledgeBase, Role

NUMERALS = "一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (section numbers never pass 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[ones - 1] if ones else "")

# (key, heading) in document order; a section without content is left out and
# the numbering closes up, as in a hand-written document.
SECTIONS = [
    ("basic", "岗位基本信息"),
    ("purpose", "岗位目的"),
    ("duties", "岗位职责"),
    ("authorities", "岗位权限"),
    ("relationships", "工作关系"),
    ("qualifications", "任职资格"),
    ("kpis", "绩效考核指标"),
    ("conditions", "工作条件"),
    ("career", "职业发展"),
    ("cases", "典型工作场景"),
    ("compensation", "薪酬待遇（保密）"),
    ("review_notes", "待核对事项（内部）"),
    ("document", "文件控制与审批"),
]

QUALIFICATIONS = [("education", "学历"), ("majors", "专业"), ("experience", "工作经验"), ("knowledge", "知识"),
                  ("skills", "技能"), ("competencies", "核心能力"), ("traits", "个性特征"),
                  ("certificates", "资格证书"), ("other", "其他要求")]
CONDITIONS = [("environment", "工作环境"), ("hours", "工作时间"), ("tools", "工具设备"), ("other", "其他条件")]
CASE_PARTS = [("background", "背景"), ("work", "工作内容"), ("communication", "沟通协调"), ("outcome", "结果")]
COMPENSATION = [("summary", "概述"), ("structure", "工资组成"), ("salary_range", "薪资区间"),
                ("incentives", "激励"), ("penalties", "惩罚"), ("notes", "备注")]
STATUS = {"draft": "草稿", "active": "现行", "retired": "已废止"}
NONE = "—"


# A folded YAML scalar (`>-`) joins source lines with a space; between two Chinese
# characters that space is an artefact of line wrapping in the editor, not text.
_CJK = "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
_FOLDED_SPACE = re.compile(f"(?<={_CJK})[ \t\n]+(?={_CJK})")


def _text(value) -> str:
    return _FOLDED_SPACE.sub("", str(value)).strip()  # `|` blocks end with a newline


def _items(value) -> list[str]:
    """A YAML text or text list as a list of strings (empty when absent)."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [_text(v) for v in value]
    return [_text(value)]


def _labelled(data: dict, fields: list[tuple[str, str]]) -> list[dict]:
    rows = []
    for key, label in fields:
        items = _items(data.get(key))
        if items:
            rows.append({"label": label, "lines": items})
    return rows


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _threshold(value, direction: str, unit: str) -> str:
    """合格 / 优异 lines read as a comparison: ≥ 90% for higher-is-better, ≤ 5% for lower."""
    if value is None:
        return NONE
    sign = "≤" if direction == "lower" else "≥"
    sep = "" if unit in ("%", "") else " "
    return f"{sign} {_number(value)}{sep}{unit}"


def chinese_date(value) -> str:
    if not value:
        return ""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.year}年{day.month}月{day.day}日"


def _titles(nodes) -> list[str]:
    return [n.title for n in nodes]


def _duty(no: int, duty: dict) -> dict:
    meta = []
    if "core" in duty:
        meta.append("核心职责" if duty["core"] else "辅助职责")
    if duty.get("frequency"):
        meta.append(f"频率：{duty['frequency']}")
    if duty.get("share") is not None:
        meta.append(f"时间占比：{_number(duty['share'])}%")
    return {
        "no": no,
        "title": _text(duty["title"]),
        "description": _text(duty.get("description", "")),
        "meta": "　".join(meta),
        "tasks": _items(duty.get("tasks")),
        "coordination": _items(duty.get("coordination")),
        "deliverables": _items(duty.get("deliverables")),
    }


def _kpi(no: int, item) -> dict:
    data = item.kpi.data
    unit = str(data.get("unit", ""))
    explanation = [_text(data.get("definition", ""))] if data.get("definition") else []
    explanation += [f"{label}：{_text(value)}" for label, value in
                    (("计算", data.get("formula")), ("数据来源", data.get("data_source")), ("说明", item.note)) if value]
    return {
        "no": no,
        "name": item.name,
        "weight": f"{_number(item.weight)}%" if item.weight is not None else NONE,
        "target": _text(item.target) if item.target else NONE,
        "passing": _threshold(item.passing, item.kpi.direction, unit),
        "excellent": _threshold(item.excellent, item.kpi.direction, unit),
        "period": _text(item.period) if item.period else NONE,
        "definition": _text(data.get("definition", "")),
        "formula": _text(data.get("formula", "")),
        "data_source": _text(data.get("data_source", "")),
        "note": _text(item.note or ""),
        "explanation": explanation,  # definition, formula, source and note as lines, for one table cell
    }


def _career(kb: KnowledgeBase, role: Role) -> list[dict]:
    career = role.get("career", {})
    rotation = [kb.find(ref) for ref in career.get("rotation", [])]
    rows = [("晋升方向", _titles(role.promotes_to)), ("来源岗位", _titles(role.promoted_from)),
            ("轮岗方向", _titles(r for r in rotation if r is not None)), ("说明", _items(career.get("notes")))]
    return [{"label": label, "lines": items} for label, items in rows if items]


def _document(role: Role) -> dict:
    doc = role.document
    return {
        "number": str(doc.get("number", "")) or role.id,
        "version": str(doc.get("version", "")) or NONE,
        "effective_date": chinese_date(doc.get("effective_date")) or NONE,
        "review_due": chinese_date(role.get("review_due")) or NONE,
        "status": STATUS.get(role.get("status", ""), str(role.get("status", ""))),
        "signatures": [{"label": "编制", "by": str(doc.get("prepared_by", ""))},
                       {"label": "审核", "by": str(doc.get("reviewed_by", ""))},
                       {"label": "批准", "by": str(doc.get("approved_by", ""))}],
        "history": [{"version": _text(h["version"]), "date": chinese_date(h["date"]), "change": _text(h["change"])}
                    for h in doc.get("history", [])],
    }


def job_description(kb: KnowledgeBase, role: Role) -> dict:
    """Everything one 岗位说明书 says, as plain data for the templates."""
    relationships = role.get("relationships", {})
    qualifications = _labelled(role.get("qualifications", {}), QUALIFICATIONS)
    conditions = _labelled(role.get("conditions", {}), CONDITIONS)
    # Confidential sections show whatever the model holds: the model is the one gate
    # (build_model leaves them out for the public audience).
    compensation = _labelled(role.get("compensation", {}), COMPENSATION)
    cases = [{"title": _text(c["title"]), "parts": _labelled(c, CASE_PARTS)} for c in role.get("cases", [])]
    jd = {
        "id": role.id,
        "title": role.title,
        "title_en": str(role.get("title_en", "")),
        "audience": kb.audience,
        "internal": kb.audience == "internal",
        "department": role.department.name if role.department else NONE,
        "category": str(role.get("category", "")) or NONE,
        "headcount": f"{role.get('headcount')} 人" if role.get("headcount") is not None else NONE,
        "grade": str(role.get("grade", "")) or NONE,
        "superior": role.superior.title if role.superior else NONE,
        "subordinates": "、".join(_titles(role.subordinates)) or NONE,
        "dotted_line": "、".join(_titles(role.dotted_line_to)),
        "summary": _text(role.summary),
        "duties": [_duty(i, d) for i, d in enumerate(role.duties, 1)],
        "authorities": _items(role.get("authorities")),
        "relationships": _labelled(relationships, [("internal", "内部关系"), ("external", "外部关系")]),
        "qualifications": qualifications,
        "kpis": [_kpi(i, k) for i, k in enumerate(role.kpis, 1)],
        "conditions": conditions,
        "career": _career(kb, role),
        "cases": cases,
        "compensation": compensation,
        "review_notes": _items(role.get("review_notes")),
        "document": _document(role),
    }
    present = {"basic": True, "purpose": bool(jd["summary"]), "document": True}
    headings, n = {}, 0
    for key, heading in SECTIONS:
        if present.get(key, bool(jd.get(key))):
            n += 1
            headings[key] = f"{chinese_numeral(n)}、{heading}"
        else:
            headings[key] = ""  # templates test `{% if h.cases %}`; StrictUndefined needs the key
    jd["h"] = headings
    return jd
