"""Turn a parsed role into a draft role file (a dict in the schema's key order).

A draft must pass the schema, so required fields the document does not give
get a placeholder that cannot be mistaken for content: `todo` for ids
(department, reports_to — the validator will reject them once the file is
moved into roles/, which forces a review) and 「待补充：…」 for text. Each
placeholder and each guess is listed in the draft's report and written as a
comment above its key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .kpi import ParsedKpi
from .labels import ROLE_SUFFIXES
from .reference import Reference
from .sections import ParsedRole

PLACEHOLDER_ID = "todo"
CATEGORIES = ("职能管理类", "经营管理类", "业务类", "技术类", "其他类")
FIELD_NAMES = {
    "title": "岗位名称", "department": "所属部门", "category": "岗位类别", "grade": "职级", "headcount": "岗位定员",
    "reports_to": "直接上级", "summary": "岗位目的", "duties": "岗位职责", "authorities": "权限",
    "relationships": "工作关系", "qualifications": "任职资格", "kpis": "考核指标", "conditions": "工作条件",
    "career": "职业发展", "cases": "典型工作场景", "document": "文件控制", "title_en": "英文名称", "promotes_to": "晋升方向",
    "from": "来源岗位", "rotation": "轮岗方向", "dotted_line_to": "虚线汇报",
}


@dataclass
class Draft:
    title: str
    id: str
    data: dict
    comments: dict[str, list[str]] = field(default_factory=dict)  # top-level key → comment lines above it
    filled: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    checks: list[str] = field(default_factory=list)  # review items that belong to no single key's comment

    def note(self, key: str, text: str) -> None:
        self.comments.setdefault(key, []).append(text)

    def review_notes(self) -> list[str]:
        """What HR has to check, as data (`review_notes`, 待核对事项): every comment, named by its field."""
        notes = [f"{FIELD_NAMES.get(key, key)}（{key}）：{text}" for key, texts in self.comments.items()
                 for text in texts]
        return list(dict.fromkeys(notes + self.checks))


def slugify(title: str) -> str:
    """销售总监 → xiaoshou-zongjian (the role word after a hyphen); always a valid slug."""
    from pypinyin import lazy_pinyin  # dictionary load: only when an import runs

    parts = [title]
    for suffix in sorted(ROLE_SUFFIXES, key=len, reverse=True):
        if title.endswith(suffix) and len(title) > len(suffix):
            parts = [title[: -len(suffix)], suffix]
            break
    words = ["".join(lazy_pinyin(p)) for p in parts]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    if not slug or not slug[0].isalpha():
        slug = "role-" + slug if slug else "role"
    return slug


_CJK_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def tidy(text: str) -> str:
    """ASCII punctuation between Chinese characters → Chinese punctuation; trim."""
    text = re.sub(r"(?<=[\u4e00-\u9fff）》”])\s*([,;:?!])\s*(?=[\u4e00-\u9fff（《“\d])", lambda m: _CJK_PUNCT[m[1]], text)
    text = re.sub(r"(?<=[\u4e00-\u9fff])\(([^()]*[\u4e00-\u9fff][^()]*)\)", r"（\1）", text)
    return text.strip()


def short(text: str, width: int = 40) -> str:
    """Original text quoted in a comment or warning: one line, not a paragraph."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width] + "…"


def sentence(text: str) -> str:
    """A description or summary ends like a sentence: 「…并监督执行;」「…如下:」 → 「…。」"""
    text = tidy(text)
    return re.sub(r"\s*[；;，,：:、]+$", "。", text) if text else text


def _texts(values) -> list[str]:
    out = []
    for value in values:
        value = tidy(str(value)).rstrip("；;，,、 ")  # 「（1）…；」: the separator of the list, not the text
        if value and re.search(r"\S", value) and value not in out:
            out.append(value)
    return out


def _split_list(values: list[str], pattern=r"[、，,；;]") -> list[str]:
    return _texts(p for v in values for p in re.split(pattern, v))


def guess_category(title: str) -> str:
    if re.search(r"售前|技术|工程师|研发|设计", title):
        return "技术类"
    if re.search(r"客服主管|内勤|助理|协理|文员|秘书|行政|人事|财务|会计|出纳", title):
        return "职能管理类"
    if re.search(r"总监|经理|副总|总裁|主管|主任|部长", title):
        return "经营管理类"
    if re.search(r"代表|业务员|组长|专员|导购|销售员|顾问|客服|店员|收银", title):
        return "业务类"
    return "其他类"


def build_draft(parsed: ParsedRole, source: str, ref: Reference) -> Draft:
    title = tidy(parsed.title)
    known_id = ref.role_id(title)
    draft = Draft(title, known_id or slugify(title), {})
    d = draft.data
    d["id"] = draft.id
    d["title"] = title
    draft.filled.append("title")
    if known_id:
        info = ref.role_data.get(known_id, {})
        draft.warnings.append(f"知识库中已有同名岗位 {known_id}（{info.get('file', '')}）：本草稿可用来对照更新，"
                              "不要直接放进 roles/ 以免编号重复")
        draft.checks.append(f"知识库中已有同名岗位 {known_id}：请对照更新，不要以同一编号另建文件")
    fields = {k: tidy(v) for k, v in parsed.fields.items()}
    if fields.get("title_en") and re.search(r"[A-Za-z]", fields["title_en"]):
        d["title_en"] = fields["title_en"]
    _department(draft, fields.get("department"), ref, known_id)
    _category(draft, fields.get("category"), ref, known_id)
    if fields.get("grade"):
        d["grade"] = fields["grade"]
        draft.filled.append("grade")
    _headcount(draft, fields.get("headcount"))
    d["status"] = "draft"
    _reports_to(draft, fields.get("reports_to"), ref)
    if draft.data["reports_to"] == PLACEHOLDER_ID and not fields.get("reports_to"):
        _suggest_superior(draft, "\n".join(line.text for _, line in parsed.lines), ref)
    _dotted_line(draft, fields.get("dotted_line_to"), ref)
    summary = sentence("".join(_texts(parsed.summary)))
    if summary:
        d["summary"] = summary
        draft.filled.append("summary")
    else:
        d["summary"] = "待补充：原文没有写岗位目的（工作综述），请用一两句话说明本岗位对什么结果负责。"
        draft.placeholders.append("summary")
    _duties(draft, parsed.duties)
    if parsed.authorities:
        d["authorities"] = _texts(parsed.authorities)
        draft.filled.append("authorities")
    _relationships(draft, parsed, fields)
    _qualifications(draft, parsed.qualifications)
    _kpis(draft, parsed.kpis, ref)
    _conditions(draft, parsed.conditions)
    _career(draft, parsed.career, ref)
    if parsed.cases:
        d["cases"] = [{k: tidy(v) for k, v in case.items() if tidy(v)} for case in parsed.cases if tidy(case["title"])]
        draft.filled.append("cases")
    _document(draft, fields)
    d["sources"] = [source]
    return draft


_DATE = re.compile(r"(\d{4})\s*[年\-./／]\s*(\d{1,2})\s*[月\-./／]\s*(\d{1,2})\s*日?")


def parse_date(text: str) -> str | None:
    """「2025年3月1日」「2025.3.1」「2025/03/01」 → 2025-03-01; None when it is no real date."""
    import datetime

    match = _DATE.search(text)
    if not match:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def _document(draft: Draft, fields: dict) -> None:
    """文件编号 / 版本 / 生效日期 / 编制 / 审核 / 批准 → `document`."""
    out: dict = {}
    for key in ("number", "version", "effective_date", "prepared_by", "reviewed_by", "approved_by"):
        text = fields.get(f"document.{key}")
        if not text:
            continue
        if key == "effective_date":
            date = parse_date(text)
            if date is None:
                draft.note("document", f"原文生效日期「{short(text)}」不是可识别的日期，请按 YYYY-MM-DD 填写")
                continue
            out[key] = date
        else:
            out[key] = text
    if out:
        draft.data["document"] = out
        draft.filled.append("document")


def _department(draft: Draft, text: str | None, ref: Reference, known_id: str | None) -> None:
    d = draft.data
    dept = ref.department_id(text) if text else None
    if dept:
        d["department"] = dept
        draft.filled.append("department")
        if text and ref.departments.get(text) != dept:
            draft.note("department", f"原文：{short(text)}")
        return
    known = ref.role_data.get(known_id or "", {}).get("department")
    if text:
        draft.warnings.append(f"所属部门「{short(text)}」在 _departments.yaml 中找不到，已填 {PLACEHOLDER_ID}，请核对")
        draft.note("department", f"原文所属部门：{short(text)}（_departments.yaml 中没有，请填写部门编号）")
    elif known:
        d["department"] = known
        draft.note("department", "原文没有写所属部门，取自知识库中的同名岗位，请核对")
        draft.placeholders.append("department")
        return
    else:
        draft.note("department", "原文没有写所属部门，请填写 _departments.yaml 中的部门编号")
    d["department"] = PLACEHOLDER_ID
    draft.placeholders.append("department")


def _category(draft: Draft, text: str | None, ref: Reference, known_id: str | None) -> None:
    if text:
        match = next((c for c in CATEGORIES if c[:2] in text), None)
        if match:
            draft.data["category"] = match
            draft.filled.append("category")
            return
    known = ref.role_data.get(known_id or "", {}).get("category")
    if known in CATEGORIES:
        draft.data["category"] = known
        draft.note("category", "取自知识库中的同名岗位，请核对")
    else:
        draft.data["category"] = guess_category(draft.title)
        draft.note("category", "原文没有写岗位类别，按岗位名称推测，请核对")
    draft.placeholders.append("category")


def _headcount(draft: Draft, text: str | None) -> None:
    if not text:
        return
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if not numbers:
        return
    draft.data["headcount"] = sum(numbers) if "+" in text else numbers[0]
    draft.filled.append("headcount")
    if len(numbers) > 1:
        draft.note("headcount", f"原文：{short(text)}")
        draft.warnings.append(f"岗位定员原文为「{text}」，已填 {draft.data['headcount']}，请核对")


def _reports_to(draft: Draft, text: str | None, ref: Reference) -> None:
    d = draft.data
    if not text:
        d["reports_to"] = PLACEHOLDER_ID
        draft.placeholders.append("reports_to")
        draft.note("reports_to", "原文没有写直接上级，请填写上级岗位的编号")
        return
    candidates = [c.strip() for c in re.split(r"[/／、，,或及]|\s+", text) if c.strip()]
    resolved = [(c, ref.superior_id(c)) for c in [text, *candidates]]
    hits = [(c, rid) for c, rid in resolved if rid]
    if hits:
        d["reports_to"] = hits[0][1]
        draft.filled.append("reports_to")
        if hits[0][0] != text or len({rid for _, rid in hits}) > 1:
            draft.note("reports_to", f"原文直接上级：{text}")
            draft.warnings.append(f"直接上级原文为「{text}」，已填 {hits[0][1]}，请核对")
        return
    d["reports_to"] = PLACEHOLDER_ID
    draft.placeholders.append("reports_to")
    draft.note("reports_to", f"原文直接上级：{text}（知识库中没有这个岗位或职位，请填写岗位编号，"
                             "或先在 _positions.yaml 中添加）")
    draft.warnings.append(f"直接上级「{text}」不是知识库中的岗位或职位，已填 {PLACEHOLDER_ID}，原文保留在注释和工作关系中")
    d.setdefault("_internal", []).append(f"直接上级（原文，待核对）：{text}")


_SUPERIOR_PHRASES = [re.compile(p) for p in (
    r"向([\u4e00-\u9fff]{2,8}?)(?:汇报|报告|负责)",
    r"在([\u4e00-\u9fff]{2,8}?)(?:的)?(?:领导|指导|带领)下",
    r"接受([\u4e00-\u9fff]{2,8}?)的(?:领导|指导|指令)",
    r"服从([\u4e00-\u9fff]{2,8}?)的(?:领导|安排|指挥)",
)]


def _suggest_superior(draft: Draft, text: str, ref: Reference) -> None:
    """No 直接上级 field, but 「向销售经理汇报」 in the text: a suggestion for HR, never a value."""
    found: dict[str, str] = {}
    for pattern in _SUPERIOR_PHRASES:
        for match in pattern.finditer(text):
            rid = ref.superior_id(match[1])
            if rid and rid != draft.data["id"]:
                found.setdefault(rid, match[0])
    if found:
        hints = "、".join(f"{rid}（原文「{phrase}」）" for rid, phrase in found.items())
        draft.note("reports_to", f"原文中提到：{hints}，可能是直接上级")
        draft.warnings.append(f"没有写直接上级；原文提到 {hints}，请确认后填写")


def _dotted_line(draft: Draft, text: str | None, ref: Reference) -> None:
    if not text:
        return
    names = [c.strip() for c in re.split(r"[/／、，,]|\s+", text) if c.strip()]
    ids = [ref.superior_id(n) for n in names]
    if names and all(ids):
        draft.data["dotted_line_to"] = list(dict.fromkeys(ids))
        draft.filled.append("dotted_line_to")
    else:
        draft.data.setdefault("_internal", []).append(f"虚线汇报（原文，待核对）：{text}")
        draft.warnings.append(f"虚线汇报「{text}」不是知识库中的岗位或职位，原文保留在工作关系中")


def _duties(draft: Draft, duties: list[dict]) -> None:
    out = []
    for duty in duties:
        item = {"title": tidy(duty["title"])}
        if not item["title"]:
            continue
        if duty.get("description") and tidy(duty["description"]):
            item["description"] = sentence(duty["description"])
        for key in ("tasks", "frequency", "core", "share", "coordination", "deliverables"):  # the schema's order
            if key in ("tasks", "coordination", "deliverables"):
                values = _texts(duty.get(key, []))
                if values:
                    item[key] = values
            elif key in duty:
                item[key] = duty[key]
        out.append(item)
    if out:
        draft.data["duties"] = out
        draft.filled.append("duties")
    else:
        draft.data["duties"] = [{"title": "待补充：原文中没有找到可识别的岗位职责"}]
        draft.placeholders.append("duties")
        draft.warnings.append("没有找到岗位职责：请对照“未使用的原文”手工填写")


def _relationships(draft: Draft, parsed: ParsedRole, fields: dict) -> None:
    rel = {k: _texts(v) for k, v in parsed.relationships.items()}
    internal = rel.get("internal", [])
    if fields.get("subordinates"):
        internal.append(f"直接下级：{fields['subordinates']}")
    internal = draft.data.pop("_internal", []) + internal
    out = {}
    if internal:
        out["internal"] = _texts(internal)
    if rel.get("external"):
        out["external"] = rel["external"]
    if out:
        draft.data["relationships"] = out
        draft.filled.append("relationships")


_TEXT_QUALS = ("education", "experience")


def _qualifications(draft: Draft, quals: dict[str, list[str]]) -> None:
    out = {}
    for key in ("education", "majors", "experience", "knowledge", "skills", "competencies", "traits",
                "certificates", "other"):
        values = _texts(quals.get(key, []))
        if not values:
            continue
        if key in _TEXT_QUALS:
            out[key] = "；".join(values)
        elif key == "majors":
            out[key] = _split_list(values)
        else:
            out[key] = values
    if out:
        draft.data["qualifications"] = out
        draft.filled.append("qualifications")


def _kpis(draft: Draft, kpis: list[ParsedKpi], ref: Reference) -> None:
    out, seen = [], set()
    for kpi in kpis:
        name = tidy(kpi.name)
        if not name:
            continue
        kid = ref.kpi_id(name)
        item: dict = {"kpi": kid or slugify(name)}
        if item["kpi"] in seen:
            draft.warnings.append(f"考核指标「{name}」重复出现，只保留第一次")
            continue
        seen.add(item["kpi"])
        if kpi.weight is not None:
            item["weight"] = kpi.weight
        if kpi.period:
            item["period"] = kpi.period
        if kpi.passing is not None:
            item["pass"] = kpi.passing
        if kpi.excellent is not None:
            item["excellent"] = kpi.excellent
        notes = []
        if kid is None:
            notes.append(f"原文指标：{name}（指标库中没有，请在 _kpis.yaml 中添加，或改用已有指标的编号）")
            draft.warnings.append(f"考核指标「{name}」不在指标库中，编号 {item['kpi']} 是按名称生成的")
            draft.checks.append(f"考核指标（kpis）：「{name}」不在指标库中，编号 {item['kpi']} 是按名称生成的，"
                                "请在 _kpis.yaml 中添加，或改用已有指标的编号")
        elif ref.kpis.get(name) is None and kid:
            notes.append(f"原文：{name}")
        if kpi.note:
            notes.append(tidy(kpi.note))
        if notes:
            item["note"] = "；".join(notes)
        direction = ref.kpi_direction.get(item["kpi"])
        if direction and kpi.direction and direction != kpi.direction:
            draft.warnings.append(f"考核指标「{name}」的标准方向与指标库不一致（原文为"
                                  f"{'越低越好' if kpi.direction == 'lower' else '越高越好'}），请核对")
        out.append(item)
    if not out:
        return
    draft.data["kpis"] = out
    draft.filled.append("kpis")
    weights = [k["weight"] for k in out if "weight" in k]
    if weights and (len(weights) != len(out) or abs(sum(weights) - 100) > 1e-6):
        draft.warnings.append(f"考核指标的权重合计为 {sum(weights):g}%（{len(weights)}/{len(out)} 项有权重），应为 100%")
        draft.checks.append(f"考核指标（kpis）：权重合计为 {sum(weights):g}%（{len(weights)}/{len(out)} 项有权重），"
                            "应为 100%")


def _conditions(draft: Draft, conditions: dict[str, list[str]]) -> None:
    out = {}
    for key in ("environment", "hours"):
        values = _texts(conditions.get(key, []))
        if values:
            out[key] = "；".join(values)
    tools = _split_list(conditions.get("tools", []))
    if tools:
        out["tools"] = tools
    other = _texts(conditions.get("other", []))
    if other:
        out["other"] = other
    if out:
        draft.data["conditions"] = out
        draft.filled.append("conditions")


def _career(draft: Draft, career: dict[str, list[str]], ref: Reference) -> None:
    out: dict = {}
    notes: list[str] = []
    for key in ("promotes_to", "from", "rotation"):
        ids: list[str] = []
        for line in career.get(key, []):
            names = [n for n in re.split(r"[\s、，,/→>＞\-—]+|晋升(?:为|至|到)?", line) if n]
            found = [ref.superior_id(n) for n in names]
            ids.extend(i for i in found if i and i not in ids and i != draft.data["id"])
            if not names or not all(found):
                notes.append(line if key == "promotes_to" else f"{FIELD_NAMES.get(key, key)}：{line}")
        if ids:
            out[key] = ids
    notes.extend(career.get("notes", []))
    if notes:
        out["notes"] = _texts(notes)
        draft.warnings.append("职业发展中有知识库里没有的岗位，原文保留在 career.notes 中")
    if out:
        draft.data["career"] = out
        draft.filled.append("career")
