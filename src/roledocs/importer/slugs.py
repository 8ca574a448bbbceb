"""Ids for new roles and KPIs: English-ish slugs from a small dictionary of HR words.

「仓储主管」 → warehouse-supervisor, 「投诉处理及时率」 → complaint-handling-timeliness. The
title is cut into the longest words the dictionary knows, left to right; a stretch it
does not know is written in pinyin (「通话」 → tonghua), so every title gets a valid slug.
Chinese puts the modifier before the head, as English does, so the order is kept.
"""
from __future__ import annotations

import re
from functools import cache

# Chinese word → English slug part. Role words first, then the words of KPI names.
HR_WORDS: dict[str, str] = {
    # heads of role titles
    "总经理": "general-manager", "副总经理": "deputy-general-manager", "副总裁": "vice-president",
    "总裁": "president", "副总": "vp", "总监": "director", "经理": "manager", "主管": "supervisor",
    "主任": "director", "专员": "specialist", "代表": "rep", "组长": "team-lead", "助理": "assistant",
    "协理": "coordinator", "店长": "store-manager", "部长": "head", "科长": "section-chief", "班长": "shift-lead",
    "负责人": "lead", "厂长": "plant-manager", "顾问": "consultant", "讲师": "instructor", "分析师": "analyst",
    "操作员": "operator", "技术员": "technician", "领班": "foreman", "管理员": "administrator",
    "工程师": "engineer", "设计师": "designer", "文员": "clerk", "内勤": "clerk", "秘书": "secretary",
    "司机": "driver", "导购": "shopping-guide", "督导": "field-supervisor", "业务员": "salesperson",
    "销售员": "salesperson", "营业员": "shop-assistant", "店员": "shop-assistant", "收银员": "cashier",
    "跟单员": "merchandiser", "统计员": "statistician", "资料员": "records-clerk", "调度员": "dispatcher",
    "话务员": "operator", "录入员": "data-entry-clerk", "仓管员": "warehouse-keeper", "库管员": "warehouse-keeper",
    "保管员": "keeper", "检验员": "inspector", "质检员": "quality-inspector", "品管员": "quality-inspector",
    "采购员": "buyer", "推广员": "promoter", "安全员": "safety-officer", "会计": "accountant", "出纳": "cashier",
    "策划": "planner", "职员": "staff", "客服": "customer-service",
    # modifiers of role titles
    "高级": "senior", "资深": "senior", "初级": "junior", "首席": "chief", "副": "deputy", "区域": "regional",
    "大区": "regional", "销售": "sales", "营销": "marketing", "市场": "marketing", "推广": "promotion",
    "渠道": "channel", "拓展": "development", "开发": "development", "大客户": "key-account", "客户": "customer",
    "售前": "presales", "售后": "after-sales", "门店": "store", "店铺": "store", "仓储": "warehouse",
    "仓库": "warehouse", "物流": "logistics", "采购": "purchasing", "质量": "quality", "质检": "quality-check",
    "品质": "quality", "检验": "inspection", "培训": "training", "人力资源": "hr", "人事": "hr", "招聘": "recruitment",
    "薪酬": "compensation", "绩效": "performance", "行政": "admin", "财务": "finance", "技术": "technical",
    "研发": "rd", "工程": "engineering", "设计": "design", "生产": "production", "计划": "plan", "项目": "project",
    "产品": "product", "运营": "operations", "营运": "operations", "品牌": "brand", "活动": "event",
    "电商": "ecommerce", "网络": "online", "电话": "telesales", "商务": "business", "办公室": "office",
    "综合": "general", "招商": "franchise", "管理": "management", "副店长": "deputy-manager", "安全": "safety", "信息": "information", "数据": "data", "法务": "legal",
    # KPI names
    "完成率": "completion", "达成率": "achievement", "及时率": "timeliness", "准确率": "accuracy",
    "合格率": "pass-rate", "满意度": "satisfaction", "满意率": "satisfaction", "增长率": "growth-rate",
    "流失率": "churn-rate", "周转率": "turnover", "占有率": "share", "覆盖率": "coverage", "完整率": "completeness",
    "降低率": "reduction", "漏检率": "miss-rate", "出勤率": "attendance", "到岗率": "onboarding-rate",
    "回款率": "collection-rate", "转化率": "conversion-rate", "差错率": "error-rate", "投诉率": "complaint-rate",
    "退货率": "return-rate", "损耗率": "loss-rate", "利用率": "utilization", "控制率": "control",
    "投诉": "complaint", "处理": "handling", "解决": "resolution", "反馈": "feedback", "回访": "callback",
    "回款": "collection", "通话": "call", "库存": "inventory", "成本": "cost", "费用": "expense", "控制": "control",
    "到货": "delivery", "记录": "record", "档案": "file", "销售额": "sales-revenue", "销售量": "sales-volume",
    "利润": "profit", "目标": "target", "任务": "task", "新客户": "new-customer", "数量": "count", "人数": "headcount",
    "员工": "staff", "人员": "staff", "线索": "lead", "有效": "valid", "促销": "promotion", "订单": "order",
    "发货": "shipping", "退货": "return", "事故": "incident", "预算": "budget", "报表": "report", "报告": "report",
    "工作": "work", "服务": "service", "质量问题": "quality-issue", "供应商": "supplier", "合同": "contract",
    "新员工": "new-staff", "收货": "receiving", "录入": "entry", "账物": "book-stock", "相符率": "match-rate",
    "补货": "replenishment", "损耗": "loss", "入库": "inbound", "出库": "outbound", "拜访": "visit", "团队": "team", "考勤": "attendance", "陈列": "display", "盘点": "stocktaking",
    "率": "rate", "数": "count", "额": "amount", "度": "level",
}
# words that carry no meaning in an id: 「销售部副主管」 → sales-deputy-supervisor
_SILENT = ("部", "中心", "室", "的", "及", "和", "与")


@cache
def _longest_first() -> list[str]:
    return sorted(HR_WORDS, key=len, reverse=True)


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin  # dictionary load: only for words the HR dictionary lacks

    return "".join(lazy_pinyin(text))


def slug_words(title: str) -> list[str]:
    """The title cut into slug parts: dictionary words in English, other stretches in pinyin."""
    parts: list[str] = []
    unknown = ""
    i = 0
    while i < len(title):
        word = next((w for w in _longest_first() if title.startswith(w, i)), None)
        silent = next((w for w in _SILENT if title.startswith(w, i)), None) if word is None else None
        if word is None and silent is None:
            unknown += title[i]
            i += 1
            continue
        if unknown:
            parts.append(_pinyin(unknown))
            unknown = ""
        if word is not None:
            parts.append(HR_WORDS[word])
            i += len(word)
        else:
            i += len(silent)
    if unknown:
        parts.append(_pinyin(unknown))
    return parts


def slugify(title: str) -> str:
    """A valid id (lowercase, digits, hyphens) for a Chinese title: 仓储主管 → warehouse-supervisor."""
    import unicodedata

    words = slug_words(unicodedata.normalize("NFKC", title))
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    # 「客户客户」 or 「质检…质检员」: a part said twice is said once
    pieces: list[str] = []
    for piece in slug.split("-"):
        if not pieces or pieces[-1] != piece:
            pieces.append(piece)
    slug = "-".join(pieces)[:64].strip("-")
    if not slug or not slug[0].isalpha():
        slug = ("role-" + slug if slug else "role")[:64].strip("-")
    return slug
