"""组织结构: span of control, one-over-one layers, roles outside the reporting tree, headcount
against the department's figure, overdue reviews, drafts that already carry a release
version."""
from __future__ import annotations

import re
from functools import lru_cache

from ..content.format import chinese_date, parse_date
from ..kb.model import Role
from .context import LintContext

_VERSION = re.compile(r"\d+(?:\.\d+)?")


def people(role: Role) -> int:
    """Headcount, counting an unstated one as one person."""
    return role.headcount if role.headcount is not None else 1


def run(ctx: LintContext) -> None:
    """Reports problems of the organisation's structure: span, layers, headcount, reviews, drafts."""
    kb = ctx.kb
    heads = {d.head_id for d in kb.departments.values()}
    max_span, chain_depth = ctx.config.threshold("max-span"), ctx.config.threshold("chain-depth")

    @lru_cache(maxsize=None)
    def height(role: Role) -> int:  # levels of roles from this one down to the lowest
        return 1 + max((height(s) for s in role.subordinates), default=0)

    for role in kb.roles.values():
        subs = role.subordinates
        if subs:
            reports = sum(people(s) for s in subs)
            span = reports / people(role)
            if span > max_span:
                each = f"，{people(role)} 人平均每人 {span:.0f} 名" if people(role) > 1 else ""
                ctx.report_role("RD541", role, ("id",), f"{role.title}的直接下属共 {reports} 人{each}，超过 {max_span:g} 人",
                                "考虑增设组长或主管一级，或拆分团队；确属扁平管理时用例外标记说明原因。")
            if len(subs) == 1 and people(subs[0]) == 1 and people(role) == 1:
                levels = role.depth + height(role)
                if levels >= chain_depth:
                    ctx.report_role("RD542", role, ("id",), f"{role.title}只管理一个岗位（{subs[0].title}，定员 1 人），"
                                    f"所在汇报链有 {levels} 层",
                                    "一对一的管理层级拉长了汇报链：考虑合并这两级，或为下级增加平级岗位。")
        if not isinstance(role.superior, Role) and not subs and role.id not in heads:
            boss = role.superior.title if role.superior is not None else role.reports_to
            ctx.report_role("RD543", role, ("reports_to",), f"{role.title}直接向 {boss} 汇报，在知识库中没有上级岗位，"
                            "也不带下级岗位", "补充上级岗位的岗位说明书，或把 reports_to 改为知识库中的岗位。")
        due = parse_date(role.review_due)
        if due is not None and due < ctx.today:
            ctx.report_role("RD545", role, ("review_due",), f"复审日期 {chinese_date(due)} 已过（今天是 {chinese_date(ctx.today)}）",
                            "复审岗位说明书后，把 review_due 改为下一次复审的日期。")
        version = _VERSION.search(role.document.version or "")
        if role.status == "draft" and version and float(version.group()) >= 1.0:
            ctx.report_role("RD546", role, ("document", "version"),
                            f"岗位仍是草稿（status: draft），版本号却是 {role.document.version}",
                            "正式发布时把 status 改为 active；仍在起草时版本号用 0.x。")
    departments = ctx.special.get("departments")
    for d, dept in enumerate(kb.departments.values()):
        if dept.headcount is None or departments is None:
            continue
        total = sum(people(r) for r in dept.roles)
        if total != dept.headcount:
            unstated = [r.title for r in dept.roles if r.headcount is None]
            note = f"（{'、'.join(unstated)}未写定员，按 1 人计）" if unstated else ""
            ctx.report("RD544", departments, ("departments", d, "headcount"),
                       f"{dept.name}的编制是 {dept.headcount} 人，各岗位定员合计 {total} 人{note}",
                       "核对部门编制和各岗位的 headcount，使两者一致。", department_id=dept.id)
