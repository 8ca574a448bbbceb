"""考核指标: every KPI can be measured and is used, and every role is measured by a sensible
number of them.

Two KPI rules are part of validation already and stop lint before it starts: weights given
for some KPIs of a role but not all (RD307), and 合格 / 优异 lines that contradict the
KPI's direction (RD308).
"""
from __future__ import annotations

from .context import LintContext

PERCENT = {"%", "％", "百分比"}


def run(ctx: LintContext) -> None:
    """Reports incomplete, unused or out-of-range KPIs, and roles with too few or too many KPIs."""
    kb = ctx.kb
    library = ctx.special.get("kpis")
    vocab = kb.vocabulary
    limit = ctx.config.threshold("percent-limit")
    if library is not None:
        for k, kpi in enumerate(kb.kpis.values()):
            here = ("kpis", k)
            missing = [vocab.label("kpis", f"kpis.{key}") for key, value in
                       (("formula", kpi.formula), ("unit", kpi.unit), ("data_source", kpi.data_source)) if not value]
            if missing:
                ctx.report("RD531", library, here + ("id",), f"指标「{kpi.name}」缺少{'、'.join(missing)}",
                           "没有计算公式和数据来源的指标无法考核：请在 _kpis.yaml 中补上。")
            if not kpi.users:
                ctx.report("RD532", library, here + ("id",), f"指标「{kpi.name}」（{kpi.id}）没有任何岗位使用",
                           "在用它考核的岗位的 kpis 中引用它，或从指标库中删除。")
            if kpi.unit in PERCENT:
                for key, value in (("pass", kpi.passing), ("excellent", kpi.excellent)):
                    _percent(ctx, library, here + (key,), kpi.name, key, value, limit, None)
    low, high = ctx.config.threshold("min-kpis"), ctx.config.threshold("max-kpis")
    for role in kb.roles.values():
        count = len(role.kpis)
        if (count and count < low) or count > high:
            ctx.report_role("RD533", role, ("kpis",), f"岗位有 {count} 个考核指标，建议 {low:g}–{high:g} 个",
                            "指标太少考核片面，太多则重点不清：保留最能体现岗位价值的几项，并写上权重。")
        elif not count:
            ctx.report_role("RD533", role, ("id",), "岗位没有考核指标",
                            f"在 kpis 中引用 _kpis.yaml 的指标，建议 {low:g}–{high:g} 个。")
        for i, item in enumerate(role.kpis):
            if item.kpi.unit in PERCENT:
                doc = ctx.doc_of(role)
                for key, value in (("pass", item.passing), ("excellent", item.excellent)):
                    if ("kpis", i, key) in doc.positions:  # the role's own line; the library's is reported once
                        _percent(ctx, doc, ("kpis", i, key), item.name, key, value, limit, role)


def _percent(ctx, doc, parts, name, key, value, limit, role) -> None:
    if value is None or 0 <= value <= limit:
        return
    label = "合格线" if key == "pass" else "优异线"
    ctx.report("RD534", doc, parts, f"指标「{name}」以百分比计，{label} {value:g}% 超出 0–{limit:g}% 的合理范围",
               "检查是否多写了一个 0，或把数值和单位写反了（例如写成 9000 而不是 90）。", role=role)
