"""The headings and field labels of Chinese job descriptions, and what each one means.

A label maps to (section, field). Sections: ident (one-line fields such as
岗位名称), summary, duties, authorities, relationships, qualifications, kpis,
conditions, career, cases, ignore (known headings without a place in the
schema, e.g. 薪酬). Short, ambiguous labels (知识, 内部, 背景 …) only count
inside their own section.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Label:
    """A heading or field label of legacy job descriptions and the (section, field) it stands for."""

    text: str
    section: str
    field: str | None = None
    scope: str | None = None  # only recognised inside this section


def _labels(section, field, words, scope=None):
    return [Label(w, section, field, scope) for w in words.split()]


LABELS: list[Label] = [
    *_labels("ident", "title", "岗位名称 职位名称 职务名称 岗位 职位 职务 职位名 岗位名"),
    *_labels("ident", None, "基本信息 岗位基本信息 岗位信息 岗位标识 工作标识 职位标识 基本资料 职位信息 岗位概况"),
    *_labels("ident", "title_en", "英文名称 英文岗位名称"),
    *_labels("ident", "department", "所属部门 所在部门 部门 隶属部门 所属中心 部(处) 部（处）"),
    *_labels("ident", "reports_to", "直接上级 直属上级 直接上司 直属上司 直接领导 汇报对象 上级 汇报上级 直接主管"),
    *_labels("ident", "dotted_line_to", "虚线汇报 虚线上级 虚线汇报对象 间接上级"),
    *_labels("ident", "subordinates", "直接下级 直接下属 直属下级 下属 间接下属 间接下级 所辖人员 管辖人员 管理幅度 管辖人数"),
    *_labels("ident", "headcount", "岗位定员 岗位定员数 定员 定员人数 编制人数 岗位编制 编制 人数"),
    *_labels("ident", "grade", "职级 岗位等级 职位等级 薪点 薪点区间 工资等级 岗位级别"),
    *_labels("ident", "category", "岗位类别 职位类别 岗位类型 职系"),
    *_labels("ident", "code", "岗位编号 职位编号 编号 岗位分析日期 薪酬类型 工作范围 机构名称 所属中心"),
    # document control (文件控制): the `document` field
    *_labels("ident", "document.number", "文件编号 文件号 说明书编号"),
    *_labels("ident", "document.version", "版本 版本号 文件版本 版次"),
    *_labels("ident", "document.effective_date", "生效日期 生效时间 实施日期 执行日期 发布日期"),
    *_labels("ident", "document.prepared_by", "编制人 编写人 编制部门 拟稿人 拟制人 编制单位"),
    *_labels("ident", "document.reviewed_by", "审核人 审定人 复核人 审核"),
    *_labels("ident", "document.approved_by", "批准人 审批人 核准人 批准"),
    *_labels("summary", None, "岗位目的 工作综述 职位概要 岗位概述 职位概述 岗位概要 工作概述 工作目的 工作摘要 "
                             "岗位使命 职位目的 岗位宗旨 工作概要 工作说明 岗位说明 职位说明 职责概述"),
    *_labels("duties", None, "岗位职责 职责与工作任务 主要工作 工作职责 主要职责 职责描述 工作内容 职责范围 具体职责 "
                            "岗位职责与工作任务 职责与任务 工作任务 主要工作内容 职责及工作内容 职务职责 工作职责与任务 "
                            "职责与日常任务 核心岗位职责 核心职责"),
    *_labels("authorities", None, "权限 工作权限 岗位权限 职权 权力 职责权限 权责 岗位权力"),
    *_labels("relationships", None, "工作关系 工作协作关系 协作关系 工作联系 沟通关系 协调关系 工作关联"),
    *_labels("relationships", "internal", "内部协调关系 内部关系 内部联系 内部沟通 内部协作 内部 对内"),
    *_labels("relationships", "external", "外部协调关系 外部关系 外部联系 外部沟通 外部协作 外部 对外"),
    *_labels("qualifications", None, "任职资格 任职要求 职位要求 任职条件 岗位要求 资格要求 岗位任职资格 "
                                    "任职资格要求 个人标准 职位资格 岗位资格 任职资格条件"),
    *_labels("qualifications", "education", "学历 学历要求 教育程度 教育水平 最低学历 教育背景 学历背景"),
    *_labels("qualifications", "majors", "专业 专业要求 所学专业"),
    *_labels("qualifications", "experience", "工作经验 经验 经验要求 工作经历 从业经验"),
    *_labels("qualifications", "knowledge", "知识 知识要求 必备知识 专业知识 必备专业知识 必备业务知识 "
                                          "计算机知识 其他知识 知识结构"),
    *_labels("qualifications", "skills", "技能 工作技能 技能要求 专业技能 业务技能 技能技巧"),
    *_labels("qualifications", "competencies", "能力 核心能力 能力要求 必备能力 其他能力 素质能力"),
    *_labels("qualifications", "traits", "素质 个性 个性特征 核心特质 职业素养 个人素质 性格特征 素质要求 职业道德要求 "
                                       "职业道德 综合素质"),
    *_labels("qualifications", "certificates", "证书 资格证书 职业资格 执业资格 资质证书"),
    *_labels("qualifications", "other", "性别 年龄 最佳年龄 健康要求 身体要求 其它要求 其他要求 培训经历 培训要求"),
    *_labels("kpis", None, "考核指标 关键业绩指标 绩效考核 绩效考核指标 关键考核指标 考核标准 绩效指标 KPI 业绩考核 "
                          "关键绩效指标 绩效考核标准 考核内容 考核要点 衡量标准 业绩标准 考核维度"),
    *_labels("conditions", None, "工作条件 工作环境与条件 工作场所"),
    *_labels("conditions", "environment", "工作环境 工作地点"),
    *_labels("conditions", "hours", "工作时间 工作时段"),
    *_labels("conditions", "tools", "工作工具 使用工具 工具设备 工作设备 所用工具 办公设备"),
    *_labels("career", None, "职业发展 职业发展通道 晋升通道 晋升路线 发展方向"),
    *_labels("career", "promotes_to", "晋升方向 可晋升岗位 晋升岗位"),
    *_labels("career", "from", "来源岗位 晋升来源 来源"),
    *_labels("career", "rotation", "轮岗方向 可轮换岗位 轮换岗位"),
    *_labels("cases", None, "典型工作场景 工作场景 真实案例 典型案例"),
    *_labels("cases", "background", "背景", "cases"),
    *_labels("cases", "work", "工作任务 工作内容", "cases"),
    *_labels("cases", "communication", "沟通过程 沟通协调 沟通", "cases"),
    *_labels("cases", "outcome", "工作成果 结果 成果", "cases"),
    *_labels("ignore", None, "薪酬 薪酬待遇 薪资待遇 福利待遇 薪酬福利 待遇 岗位图 其他 其它 备注 述职签字 签字 "
                            "任职人 任职人上级 关键行业或技术术语准确定义 术语 "
                            "承担的部门职能 部门职能 待核对事项"),  # derived from _departments.yaml / internal only
]
# short labels that are also everyday words: they are a label only inside the section they belong to
_SCOPE_OF = {"内部": "relationships", "外部": "relationships", "对内": "relationships", "对外": "relationships",
             "专业": "qualifications", "经验": "qualifications", "知识": "qualifications", "技能": "qualifications",
             "能力": "qualifications", "素质": "qualifications", "证书": "qualifications", "性别": "qualifications",
             "年龄": "qualifications"}

_ENUM = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:第[一二三四五六七八九十]+[章节条部分]\s*|[（(]\s*[一二三四五六七八九十]+\s*[)）]|"
    r"[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．](?!\d)|[（(]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[)）]|[①-⑳]|"
    r"[♦◆●•·▪■□★☆►▶➢✓√※\-*+])\s*")
_PAREN_NOTE = re.compile(r"[（(][^()（）]{0,8}[)）]")


def strip_marker(text: str) -> str:
    """The text without its leading enumeration marker (1. （一） ① - ###)."""
    return _ENUM.sub("", text, count=1).strip()


def _norm(text: str) -> str:
    return re.sub(r"[\s:：*#【】\[\]]+", "", text)


@cache
def _by_text() -> dict[str, Label]:
    return {label.text: label for label in LABELS}


def find_label(text: str, section: str | None = None) -> Label | None:
    """The label that `text` (a whole heading, enumeration marker allowed) names, if any."""
    key = _norm(strip_marker(text))
    label = _by_text().get(key) or _by_text().get(_norm(_PAREN_NOTE.sub("", strip_marker(text))))
    if label is None:
        return None
    scope = label.scope or _SCOPE_OF.get(label.text)
    if scope and scope != section:
        return None
    return label


def is_label(text: str) -> bool:
    """For tables: a cell that is a field label in any section."""
    key = _norm(text)
    return key in _by_text() and key not in ("背景", "结果", "成果", "沟通")


def heading_label(text: str, section: str | None = None) -> Label | None:
    """A heading line such as 「四、任职资格」「二、职责与日常任务详细说明」「岗位职责：（具体工作）」.

    Exact labels first; then a label followed by a few words of decoration
    (说明, 详细说明, 清单, 概述) when the line has no sentence punctuation.
    """
    label = find_label(text, section)
    if label is not None:
        return label
    if marker_kind(text) not in (None, "chapter", "cn", "cn-paren"):
        return None  # 「1. 日常工作与小组任务」 is an item; only chapter-style headings get the loose match
    body = _PAREN_NOTE.sub("", strip_marker(text)).strip().rstrip(":：")
    if not body or len(body) > 18 or re.search(r"[。，,；;！？!?]", body):
        return None
    for candidate in sorted(_by_text(), key=len, reverse=True):
        if len(candidate) < 3:
            continue
        at = body.find(candidate)
        if at == -1:
            continue
        rest = body[:at] + body[at + len(candidate):]
        if len(rest) <= 10 and re.fullmatch(r"(核心|主要|基本|具体|详细|岗位|职位)?\w*?(说明|清单|概述|概况|详解|"
                                            r"要求|标准|内容|描述|列表|细则|及\w{0,6}|与\w{0,6})?", rest):
            label = _by_text()[candidate]
            scope = label.scope or _SCOPE_OF.get(label.text)
            if scope and scope != section:
                continue
            return label
    return None


def split_label_value(text: str, section: str | None = None) -> tuple[Label, str] | None:
    """「直接上级：总经理」「1.知识要求：熟悉…」 → (label, value); None when the text before the colon is no label."""
    match = re.match(r"^(.{1,14}?)\s*[:：]\s*(.*)$", text)
    if not match:
        return None
    label = find_label(match[1], section)
    if label is None:
        return None
    return label, match[2].strip()


ROLE_SUFFIXES = ("总经理", "副总经理", "副总裁", "总监", "经理", "主管", "专员", "代表", "组长", "助理", "副总", "总裁",
                 "内勤", "业务员", "协理", "主任", "店长", "文员", "顾问", "工程师", "会计", "出纳", "秘书", "司机",
                 "导购", "收银员", "督导", "销售员", "部长", "科长", "班长", "职员", "客服", "管理员", "策划",
                 "讲师", "设计师", "分析师", "操作员", "技术员", "领班", "负责人", "厂长", "组员", "店员", "采购员",
                 "业务经理", "营业员", "推广员", "跟单员", "核算员", "检验员", "质检员", "仓管员", "库管员",
                 "保管员", "统计员", "资料员", "安全员", "品管员", "调度员", "办事员", "话务员", "录入员")
_ROLE_TITLE = re.compile(r"^[\u4e00-\u9fffA-Za-z（）()]{0,10}?(?:" + "|".join(sorted(ROLE_SUFFIXES, key=len, reverse=True))
                         + r")$")
_NOT_TITLE = re.compile(r"^(作为|负责|协助|完成|向|对|与|由|在|及|和|的|根据|配合|接受|服从|上级|下属|其|本|该|各|相关|每|公司)")


def looks_like_title(text: str) -> bool:
    """「销售经理」「区域销售主管」「门店组长」 — a role title on its own."""
    text = text.strip()
    return (2 <= len(text) <= 12 and bool(_ROLE_TITLE.match(text)) and not _NOT_TITLE.match(text)
            and not re.search(r"职责|说明|要求|岗位|职位|工作|制度|资格|考核", text)
            and text not in ("经理", "主管", "总经理", "上级", "部长", "主任"))


_KINDS = [
    ("chapter", re.compile(r"^\s*(?:#{1,6}\s*)?第[一二三四五六七八九十]+[章节条部分]")),
    ("cn", re.compile(r"^\s*(?:#{1,6}\s*)?[一二三四五六七八九十]+\s*[、.．]")),
    ("cn-paren", re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[)）]")),
    ("num", re.compile(r"^\s*\d{1,2}\s*[、.．](?!\d)")),
    ("num-paren", re.compile(r"^\s*[（(]\s*\d{1,2}\s*[)）]")),
    ("num-half", re.compile(r"^\s*\d{1,2}\s*[)）]")),
    ("circled", re.compile(r"^\s*[①-⑳]")),
    ("bullet", re.compile(r"^\s*[♦◆●•·▪■□★☆►▶➢✓√※\-*+]")),
]
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def marker_kind(text: str) -> str | None:
    """Which enumeration style a line starts with: 'cn' 一、, 'num' 1. / 1、, 'num-paren' (1) …"""
    for kind, pattern in _KINDS:
        if pattern.match(text):
            return kind
    return None


def marker_number(text: str) -> int | None:
    """1 for 「1.」「(1)」「一、」「①」; None for bullets and plain text."""
    match = re.match(r"^\s*(?:#{1,6}\s*)?[（(]?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．)）]", text)
    if match:
        token = match[1]
        if token.isdigit():
            return int(token)
        if len(token) == 1:
            return _CN_DIGITS[token]
        return 10 + _CN_DIGITS.get(token[-1], 0) if token[0] == "十" else None
    match = re.match(r"^\s*([①-⑳])", text)
    return ord(match[1]) - ord("①") + 1 if match else None
