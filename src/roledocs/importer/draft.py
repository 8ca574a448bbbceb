"""Turn a parsed role into a draft role file (a dict in the schema's key order).

A draft must pass the schema, so required fields the document does not give
get a placeholder that cannot be mistaken for content: `todo` for ids
(department, reports_to — the validator rejects them once the file is moved into
roles/) and 「待补充」 for text. What HR has to do about each placeholder and each
guess is said once, in `review_notes` (待核对事项, never printed) and as a comment
above its key — never inside a field that a job description prints — and is
reported as a `Problem` with an RD4xx code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..kb.problems import Problem, problem
from ..vocabulary import vocabulary
from .model import ParsedKpi, ParsedRole
from .reference import Reference
from .slugs import slugify

PLACEHOLDER_ID = "todo"
PLACEHOLDER_TEXT = "待补充"


def field_label(key: str) -> str:
    """The Chinese label of a role field (from the schema): "summary" → 岗位目的 / 工作综述."""
    try:
        return vocabulary().label("role", key)
    except KeyError:
        return key


def categories() -> tuple[str, ...]:
    """The 岗位类别 values the schema allows."""
    return tuple(vocabulary().enum_values("role", "category"))


@dataclass
class Draft:
    """A draft role file being built: its data, the comments above its keys, and what the report says."""

    title: str
    id: str
    data: dict
    source: str = ""  # the legacy file as the user named it: problems point there
    comments: dict[str, list[str]] = field(default_factory=dict)  # top-level key → comment lines above it
    filled: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # review items that belong to no single key's comment

    def note(self, key: str, text: str) -> None:
        """A comment above `key` that is also one of the draft's review notes."""
        self.comments.setdefault(key, []).append(text)

    def flag(self, code: str, message: str, *, line: int | None = None, path: str = "") -> None:
        """Report a finding about this draft (RD4xx), at its line in the source when known."""
        self.problems.append(problem(code, message, self.source, line, None, path))

    @property
    def warnings(self) -> list[str]:
        """The messages of the draft's problems, in the order they were found."""
        return [p.message for p in self.problems]

    def review_notes(self) -> list[str]:
        """What HR has to check, as data (`review_notes`, 待核对事项): every comment, named by its field."""
        notes = [f"{field_label(key)}（{key}）：{text}" for key, texts in self.comments.items() for text in texts]
        return list(dict.fromkeys(notes + self.checks))


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
    """A 岗位类别 guessed from the title's role word (one of the schema's categories)."""
    allowed = categories()
    for pattern, category in ((r"售前|技术|工程师|研发|设计", "技术类"),
                              (r"客服主管|内勤|助理|协理|文员|秘书|行政|人事|财务|会计|出纳", "职能管理类"),
                              (r"总监|经理|副总|总裁|主管|主任|部长", "经营管理类"),
                              (r"代表|业务员|组长|专员|导购|销售员|顾问|客服|店员|收银", "业务类")):
        if re.search(pattern, title) and category in allowed:
            return category
    return "其他类" if "其他类" in allowed else allowed[-1]


def build_draft(parsed: ParsedRole, source: str, ref: Reference, *, source_path: str = "") -> Draft:
    """The draft of one parsed role: schema-valid data, comments, review notes and RD4xx problems."""
    title = tidy(parsed.title)
    known_id = ref.role_id(title)
    draft = Draft(title, known_id or slugify(title), {}, source=source_path or source)
    d = draft.data
    d["id"] = draft.id
    d["title"] = title
    draft.filled.append("title")
    lines = parsed.field_lines
    if known_id:
        info = ref.role_data.get(known_id, {})
        draft.flag("RD413", f"知识库中已有同名岗位 {known_id}（{info.get('file', '')}）：本草稿沿用它的编号，可用来对照更新，"
                            "不要直接放进 roles/ 以免编号重复", line=lines.get("title"))
        draft.checks.append(f"知识库中已有同名岗位 {known_id}：请对照更新，不要以同一编号另建文件")
    fields = {k: tidy(v) for k, v in parsed.fields.items()}
    if fields.get("title_en") and re.search(r"[A-Za-z]", fields["title_en"]):
        d["title_en"] = fields["title_en"]
    _department(draft, fields.get("department"), ref, known_id, lines.get("department"))
    _category(draft, fields.get("category"), ref, known_id)
    if fields.get("grade"):
        d["grade"] = fields["grade"]
        draft.filled.append("grade")
    _headcount(draft, fields.get("headcount"), lines.get("headcount"))
    d["status"] = "draft"
    _reports_to(draft, fields.get("reports_to"), ref, lines.get("reports_to"))
    if draft.data["reports_to"] == PLACEHOLDER_ID and not fields.get("reports_to"):
        _suggest_superior(draft, "\n".join(line.text for _, line in parsed.lines), ref)
    _dotted_line(draft, fields.get("dotted_line_to"), ref, lines.get("dotted_line_to"))
    summary = sentence("".join(_texts(parsed.summary)))
    if summary:
        d["summary"] = summary
        draft.filled.append("summary")
    else:
        _placeholder(draft, "summary", PLACEHOLDER_TEXT,
                     "原文没有写岗位目的（工作综述），请用一两句话说明本岗位对什么结果负责")
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


def _placeholder(draft: Draft, key: str, value, instruction: str) -> None:
    """A required field the source does not give: a placeholder value, what to do in the review notes."""
    draft.data[key] = value
    draft.placeholders.append(key)
    draft.note(key, instruction)
    draft.flag("RD406", f"{field_label(key)}（{key}）：{instruction}", path=f"$.{key}")


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
                draft.flag("RD415", f"生效日期「{short(text)}」不是可识别的日期，没有填入草稿",
                           path="$.document.effective_date")
                continue
            out[key] = date
        else:
            out[key] = text
    if out:
        draft.data["document"] = out
        draft.filled.append("document")


def _department(draft: Draft, text: str | None, ref: Reference, known_id: str | None, line: int | None) -> None:
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
        draft.flag("RD408", f"所属部门「{short(text)}」在 _departments.yaml 中找不到，已填 {PLACEHOLDER_ID}",
                   line=line, path="$.department")
        draft.note("department", f"原文所属部门：{short(text)}（_departments.yaml 中没有，请填写部门编号）")
    elif known:
        d["department"] = known
        draft.note("department", "原文没有写所属部门，取自知识库中的同名岗位，请核对")
        draft.flag("RD407", f"原文没有写所属部门，取自知识库中的同名岗位：{known}", path="$.department")
        draft.placeholders.append("department")
        return
    else:
        draft.note("department", "原文没有写所属部门，请填写 _departments.yaml 中的部门编号")
        draft.flag("RD406", f"原文没有写所属部门，已填 {PLACEHOLDER_ID}", path="$.department")
    d["department"] = PLACEHOLDER_ID
    draft.placeholders.append("department")


def _category(draft: Draft, text: str | None, ref: Reference, known_id: str | None) -> None:
    allowed = categories()
    if text:
        match = next((c for c in allowed if c[:2] in text), None)
        if match:
            draft.data["category"] = match
            draft.filled.append("category")
            return
    known = ref.role_data.get(known_id or "", {}).get("category")
    if known in allowed:
        draft.data["category"] = known
        draft.note("category", "取自知识库中的同名岗位，请核对")
        draft.flag("RD407", f"岗位类别取自知识库中的同名岗位：{known}", path="$.category")
    else:
        draft.data["category"] = guess_category(draft.title)
        draft.note("category", "原文没有写岗位类别，按岗位名称推测，请核对")
        draft.flag("RD407", f"原文没有写岗位类别，按岗位名称推测为 {draft.data['category']}", path="$.category")
    draft.placeholders.append("category")


def _headcount(draft: Draft, text: str | None, line: int | None) -> None:
    if not text:
        return
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if not numbers:
        draft.flag("RD415", f"岗位定员「{short(text)}」不是数字，没有填入草稿", line=line, path="$.headcount")
        draft.note("headcount", f"原文岗位定员：{short(text)}")
        return
    draft.data["headcount"] = sum(numbers) if "+" in text else numbers[0]
    draft.filled.append("headcount")
    if len(numbers) > 1:
        draft.note("headcount", f"原文：{short(text)}")
        draft.flag("RD407", f"岗位定员原文为「{text}」，已填 {draft.data['headcount']}", line=line, path="$.headcount")


def _reports_to(draft: Draft, text: str | None, ref: Reference, line: int | None) -> None:
    d = draft.data
    if not text:
        d["reports_to"] = PLACEHOLDER_ID
        draft.placeholders.append("reports_to")
        draft.note("reports_to", "原文没有写直接上级，请填写上级岗位的编号")
        draft.flag("RD406", f"原文没有写直接上级，已填 {PLACEHOLDER_ID}", path="$.reports_to")
        return
    candidates = [c.strip() for c in re.split(r"[/／、，,或及]|\s+", text) if c.strip()]
    resolved = [(c, ref.superior_id(c)) for c in [text, *candidates]]
    hits = [(c, rid) for c, rid in resolved if rid]
    if hits:
        d["reports_to"] = hits[0][1]
        draft.filled.append("reports_to")
        if hits[0][0] != text or len({rid for _, rid in hits}) > 1:
            draft.note("reports_to", f"原文直接上级：{text}")
            draft.flag("RD407", f"直接上级原文为「{text}」，已填 {hits[0][1]}", line=line, path="$.reports_to")
        return
    d["reports_to"] = PLACEHOLDER_ID
    draft.placeholders.append("reports_to")
    draft.note("reports_to", f"原文直接上级：{text}（知识库中没有这个岗位或职位，请填写岗位编号，"
                             "或先在 _positions.yaml 中添加）")
    draft.flag("RD408", f"直接上级「{text}」不是知识库中的岗位或职位，已填 {PLACEHOLDER_ID}，原文保留在工作关系中",
               line=line, path="$.reports_to")
    d.setdefault("_internal", []).append(f"直接上级：{text}")


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
        draft.flag("RD407", f"没有写直接上级；原文提到 {hints}，请确认后填写", path="$.reports_to")


def _dotted_line(draft: Draft, text: str | None, ref: Reference, line: int | None) -> None:
    if not text:
        return
    names = [c.strip() for c in re.split(r"[/／、，,]|\s+", text) if c.strip()]
    ids = [ref.superior_id(n) for n in names]
    if names and all(ids):
        draft.data["dotted_line_to"] = list(dict.fromkeys(ids))
        draft.filled.append("dotted_line_to")
    else:
        draft.data.setdefault("_internal", []).append(f"虚线汇报：{text}")
        draft.note("dotted_line_to", f"原文虚线汇报：{text}（知识库中没有，请填写岗位编号）")
        draft.flag("RD408", f"虚线汇报「{text}」不是知识库中的岗位或职位，原文保留在工作关系中", line=line,
                   path="$.dotted_line_to")


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
        _placeholder(draft, "duties", [{"title": PLACEHOLDER_TEXT}],
                     "原文中没有找到可识别的岗位职责，请对照报告中“未使用的原文”手工填写")


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
            draft.flag("RD411", f"考核指标「{name}」重复出现，只保留第一次", line=kpi.line)
            continue
        seen.add(item["kpi"])
        position = f"第 {len(out) + 1} 项"
        for key, value in (("weight", kpi.weight), ("period", kpi.period), ("target", kpi.target),
                           ("pass", kpi.passing), ("excellent", kpi.excellent)):
            if value is not None:
                item[key] = value
        if kid is None:
            matches = ref.close_kpis(name)
            offer = ("；相近的指标：" + "、".join(f"{mid}（{mname}）" for mid, mname in matches)) if matches else ""
            draft.flag("RD409", f"考核指标「{name}」不在指标库中，编号 {item['kpi']} 是按名称生成的{offer}",
                       line=kpi.line, path=f"$.kpis[{len(out)}]")
            draft.note("kpis", f"{position}「{name}」不在指标库中，编号 {item['kpi']} 是按名称生成的{offer}。"
                               "请改用已有指标的编号，或在 _kpis.yaml 中添加这个指标")
        elif ref.kpis.get(name) is None:
            draft.note("kpis", f"{position}原文「{name}」按名称或别名对应指标 {kid}，请核对")
        if kpi.note:
            item["note"] = tidy(kpi.note)
        direction = ref.kpi_direction.get(item["kpi"])
        if direction and kpi.direction and direction != kpi.direction:
            draft.flag("RD412", f"考核指标「{name}」的标准方向与指标库不一致（原文为"
                                f"{'越低越好' if kpi.direction == 'lower' else '越高越好'}）", line=kpi.line)
        out.append(item)
    if not out:
        return
    draft.data["kpis"] = out
    draft.filled.append("kpis")
    weights = [k["weight"] for k in out if "weight" in k]
    if weights and (len(weights) != len(out) or abs(sum(weights) - 100) > 1e-6):
        message = f"考核指标的权重合计为 {sum(weights):g}%（{len(weights)}/{len(out)} 项有权重），应为 100%"
        draft.flag("RD410", message, path="$.kpis")
        draft.checks.append(f"{field_label('kpis')}（kpis）：{message}")


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
                notes.append(line if key == "promotes_to" else f"{field_label('career.' + key)}：{line}")
        if ids:
            out[key] = ids
    notes.extend(career.get("notes", []))
    if notes:
        out["notes"] = _texts(notes)
        draft.flag("RD408", "职业发展中有知识库里没有的岗位，原文保留在 career.notes 中", path="$.career.notes")
    if out:
        draft.data["career"] = out
        draft.filled.append("career")
