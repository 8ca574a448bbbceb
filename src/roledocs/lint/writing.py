"""文字表述: how duties are written — an action in every duty, tasks of a readable length, no
empty phrases, one spelling per deliverable, Chinese terms where the glossary has them."""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

from ..cjk import HAS_HAN, nfkc
from .context import LintContext, quote

CODES = ("RD551", "RD552", "RD553", "RD554", "RD555")

# A whole text that says nothing but "(do the) related / routine work": 「负责相关工作」「做好本部门日常工作」
_VAGUE = re.compile(r"^(?:负责|做好|完成|协助|处理|承担|从事)?(?:本部门|部门|本岗位|岗位|本职|上级安排的|领导安排的)?"
                    r"(?:的)?(?:相关|有关|日常|一般)(?:的)?(?:工作|事务|事宜|事项)$")
# The catch-all 「完成上级交办的其他工作」: once per role is accepted practice, more is filler
_CATCH_ALL = re.compile(r"其他(?:的)?(?:工作|任务|事务|事宜|事项)|(?:交办|交代|安排)的(?:工作|任务|事项)")
_NON_WORD = re.compile(r"[\W_]+")
# Verbs duty statements are written with. jieba's part-of-speech tags alone are unreliable
# here (it tags 培训 and 检查 as nouns, 客户档案 as a verb), so these come first and the
# tagger only decides texts that contain none of them (and is not even loaded, 0.2 s, when every
# text has one).
ACTION_VERBS = (
    "负责", "制定", "制订", "编制", "拟定", "组织", "实施", "执行", "完成", "协助", "配合", "参与", "落实", "督导",
    "督促", "监督", "检查", "审核", "审批", "审查", "指导", "带领", "培训", "培养", "考核", "评估", "分析", "统计",
    "汇总", "整理", "收集", "编写", "撰写", "提交", "报告", "汇报", "反馈", "跟踪", "跟进", "维护", "建立", "完善",
    "开发", "开拓", "拓展", "推广", "策划", "协调", "沟通", "处理", "解决", "受理", "接待", "回访", "拜访", "谈判",
    "签订", "管理", "控制", "调整", "分配", "分解", "下达", "安排", "部署", "召开", "主持", "参加", "优化", "改进",
    "提升", "提高", "确保", "保证", "办理", "登记", "录入", "核对", "核算", "盘点", "采购", "招聘", "面试", "激励",
    "调研", "预测", "设计", "规划", "发放", "清理", "保管", "归档", "编报", "更新", "传递", "做好", "开展", "进行",
    "达成", "了解", "掌握", "关注", "寻找", "发展", "推动", "促进", "实现", "遵守", "服从", "接受", "提供", "介绍",
    "解答", "监控", "识别", "审阅", "签署", "催收", "回收", "交付", "配置", "制作", "宣传", "走访", "辅导", "支持",
    "填写", "上传", "上报", "报送", "宣导", "传达", "贯彻", "观察", "找出", "保持", "树立", "提出", "指挥", "联络",
    "起草", "核实", "复核", "牵头", "推进", "筹备", "承办",
)
_ACTION_VERB = re.compile("|".join(map(re.escape, ACTION_VERBS)))  # one search instead of one per verb
VERB_TAGS = frozenset({"v", "vd", "vg", "vi", "vq"})
_BRACKETS = str.maketrans("", "", "《》〈〉<>“”\"'‘’「」『』【】 \u3000")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#&.\-]*[A-Za-z0-9+#]|[A-Za-z]")


@functools.lru_cache(maxsize=1 << 16)  # asked by several checks; copied roles repeat their texts
def is_vague(text: str) -> bool:
    """Whether the text is an empty phrase such as 负责相关工作."""
    return bool(_VAGUE.match(_NON_WORD.sub("", nfkc(text))))


def is_catch_all(text: str) -> bool:
    """Whether the text holds a catch-all such as 完成上级交办的其他工作."""
    return bool(_CATCH_ALL.search(text))


def is_filler(text: str) -> bool:
    """Vague or catch-all text: says nothing about the role's own work."""
    return is_vague(text) or is_catch_all(text)


@functools.lru_cache(maxsize=1 << 16)
def has_verb(text: str) -> bool:
    """Whether the text contains a verb: a known action verb, else one by jieba's part-of-speech tags."""
    if _ACTION_VERB.search(text):
        return True
    import rjieba  # the jieba dictionary loads on first use (~0.1 s)

    return any(tag in VERB_TAGS for _, tag in rjieba.tag(text))


def length(text: str) -> int:
    """Characters a reader counts: no spaces."""
    return len("".join(text.split()))


def run(ctx: LintContext) -> None:
    """Reports how duties are written: actions, task length, filler, deliverables, English words."""
    roles = list(ctx.kb.roles.values())
    if ctx.wants("RD551") or ctx.wants("RD552") or ctx.wants("RD553"):
        for role in roles:
            _duties(ctx, role)
    if ctx.wants("RD554"):
        _deliverables(ctx)
    if ctx.wants("RD555"):
        _english(ctx)


def _duties(ctx: LintContext, role) -> None:
    low, high = ctx.config.threshold("min-task-length"), ctx.config.threshold("max-task-length")
    catch_alls = 0
    for d, duty in enumerate(role.duties):
        texts = ([(("duties", d, "description"), "职责说明", duty.description)] if duty.description else [])
        texts += [(("duties", d, "tasks", t), "任务", task) for t, task in enumerate(duty.tasks)]
        for parts, label, text in texts:
            if is_vague(text):
                ctx.report_role("RD553", role, parts, f"{label}{quote(text)}没有说明具体做什么",
                                "写出具体的工作内容，例如 “每月汇总销售数据并提交分析报告”。")
            elif is_catch_all(text):
                catch_alls += 1
                if catch_alls > 1:
                    ctx.report_role("RD553", role, parts, f"{label}{quote(text)}是本岗位第 {catch_alls} 处“其他工作”",
                                    "“完成上级交办的其他工作”在一个岗位中写一次就够了：删除这一条，或写出具体内容。")
            elif not has_verb(text) and ctx.wants("RD551"):
                ctx.report_role("RD551", role, parts, f"{label}{quote(text)}中没有表示动作的动词",
                                "以动词开头写出做什么，例如 “客户档案” 改为 “建立并维护客户档案”。")
            if label == "任务" and not is_catch_all(text):
                n = length(text)
                if n > high:
                    ctx.report_role("RD552", role, parts, f"任务有 {n} 个字，超过 {high:g} 个字：{quote(text)}",
                                    "一条任务写一件事：把它拆成几条，或删去背景和目的。")
                elif n < low:
                    ctx.report_role("RD552", role, parts, f"任务只有 {n} 个字，少于 {low:g} 个字：{quote(text)}",
                                    "写清对象和做法，例如 “培训” 改为 “组织新员工入职培训”。")


def _deliverables(ctx: LintContext) -> None:
    places = []  # (key, form, doc, parts, role)
    for role in ctx.kb.roles.values():
        doc = ctx.doc_of(role)
        for d, duty in enumerate(role.duties):
            for parts, text in ctx.text_parts(doc, ("duties", d, "deliverables"), duty.deliverables):
                places.append((text, doc, parts, role))
    doc = ctx.special.get("processes")
    for p, process in enumerate(ctx.kb.processes):
        for s, step in enumerate(process.steps):
            for parts, text in ctx.text_parts(doc, ("processes", p, "steps", s, "deliverables"), step.deliverables):
                places.append((text, doc, parts, None))
    spellings: dict[str, Counter] = defaultdict(Counter)
    for text, *_ in places:
        spellings[_deliverable_key(text)][text] += 1
    for text, doc, parts, role in places:
        forms = spellings[_deliverable_key(text)]
        if len(forms) < 2:
            continue
        # the most used form; on a tie the one in 《》, the Chinese way to name a document
        usual = max(forms, key=lambda f: (forms[f], f.startswith("《")))
        if text != usual:
            ctx.report("RD554", doc, parts, f"交付物{quote(text)}在其他地方写作{quote(usual)}（{forms[usual]} 处）",
                       f"统一写成 {usual}：文件名用书名号《》括起来。", role=role)


def _deliverable_key(text: str) -> str:
    return nfkc(text).translate(_BRACKETS).lower()


def _english(ctx: LintContext) -> None:
    chinese_for: dict[str, str] = {}
    for term in ctx.kb.glossary:
        for name in (*term.aliases, term.en):
            if name and not HAS_HAN.search(name):
                chinese_for[name.lower()] = term.term
    if not chinese_for:
        return
    phrases = sorted((n for n in chinese_for if " " in n), key=len, reverse=True)

    def english_in(text: str) -> list[tuple[str, str]]:
        """(English as written, the glossary's Chinese) of each glossary word the Chinese text uses."""
        if not HAS_HAN.search(text):
            return []
        lowered = text.lower()
        found = {p: p for p in phrases if p in lowered}  # key → as written
        found.update({w.lower(): w for w in _LATIN_WORD.findall(text) if w.lower() in chinese_for})
        # 「关键业绩指标（KPI）」: the English only annotates
        return [(written, chinese_for[key]) for key, written in found.items() if chinese_for[key] not in text]

    seen: dict[str, list[tuple[str, str]]] = {}  # roles made from one template repeat their texts
    for role in ctx.kb.roles.values():
        for parts, text in ctx.role_texts(role):
            if text not in seen:
                seen[text] = english_in(text)
            for written, chinese in seen[text]:
                ctx.report_role("RD555", role, parts, f"{quote(text)}中的英文 {written} 在术语表中有中文：{chinese}",
                                f"改写成 “{chinese}”；确需保留英文时，写成 “{chinese}（{written}）”。")
