"""Synthetic knowledge bases of any size, for tests and benchmarks.

`write_synthetic_knowledge_base(dest, n)` writes a valid knowledge base with
`n` roles in a reporting tree (each role reports to an earlier one, so there
is never a cycle), realistic Chinese text, KPIs with weights summing to 100.
"""
from __future__ import annotations

import random
from pathlib import Path

import yaml

DEPARTMENTS = [
    ("sales", "销售部"), ("customer-service", "客服部"), ("marketing", "市场部"),
    ("finance", "财务部"), ("hr", "人力资源部"), ("logistics", "物流部"),
]
KPIS = [
    ("sales-target-achievement", "销售业绩达成率", "higher", 90, 105),
    ("collection-plan-achievement", "回款计划达成率", "higher", 90, 98),
    ("cost-control-deviation", "成本控制偏差率", "lower", 5, 2),
    ("complaint-resolution-timeliness", "客户投诉解决及时率", "higher", 95, 99),
    ("customer-file-completeness", "客户档案完整率", "higher", 95, 100),
    ("core-staff-turnover", "核心员工流失率", "lower", 10, 5),
    ("market-share", "市场占有率", "higher", 10, 15),
    ("customer-satisfaction", "客户满意度", "higher", 85, 95),
]
VERBS = ["负责", "组织", "协助", "制定", "审核", "跟踪", "统计", "分析", "维护", "督促", "协调", "汇报"]
OBJECTS = ["销售计划", "客户档案", "合同评审", "回款进度", "市场调研", "渠道建设", "投诉处理", "培训方案",
           "费用报销", "订单发运", "库存盘点", "价格审核", "竞品信息", "大客户拜访", "招聘面试", "绩效考核",
           "销售报表", "促销活动", "售后服务", "经销商管理", "预算编制", "团队建设", "样品管理", "会议纪要"]
TITLES = ["专员", "主管", "经理", "组长", "助理", "内勤", "代表", "总监", "顾问", "分析师"]
SUBJECTS = ["销售", "客服", "市场", "渠道", "大客户", "区域", "财务", "招聘", "物流", "售前", "售后", "培训"]


def _sentence(rng: random.Random) -> str:
    parts = [rng.choice(VERBS) + rng.choice(OBJECTS) for _ in range(rng.randint(2, 4))]
    return "，".join(parts) + "。"


def synthetic_role(index: int, rng: random.Random, boss: str, department: str) -> dict:
    rid = f"role-{index:05d}"
    kpis = rng.sample(KPIS, 4)
    weights = [40, 30, 20, 10]
    duties = []
    for d in range(rng.randint(4, 8)):
        duties.append({
            "title": rng.choice(OBJECTS) + rng.choice(["管理", "工作", "跟进", "统筹"]),
            "description": _sentence(rng) + _sentence(rng),
            "tasks": [_sentence(rng) for _ in range(rng.randint(2, 4))],
            "frequency": rng.choice(["每日", "每周", "每月", "每季", "不定期"]),
            "deliverables": [f"《{rng.choice(OBJECTS)}报告》"],
        })
    return {
        "id": rid,
        "title": rng.choice(SUBJECTS) + rng.choice(TITLES) + f"{index}",
        "aliases": [rng.choice(SUBJECTS) + rng.choice(TITLES)],
        "department": department,
        "category": rng.choice(["职能管理类", "经营管理类", "业务类", "技术类"]),
        "grade": f"P{rng.randint(1, 9)}",
        "headcount": rng.randint(1, 20),
        "status": "active",
        "reports_to": boss,
        "summary": _sentence(rng) * 2,
        "duties": duties,
        "authorities": [_sentence(rng) for _ in range(3)],
        "relationships": {"internal": [rng.choice(SUBJECTS) + "部"], "external": ["客户", "经销商"]},
        "qualifications": {
            "education": rng.choice(["大专及以上", "本科及以上"]),
            "experience": f"{rng.randint(1, 8)}年以上相关工作经验",
            "skills": ["熟练使用办公软件", rng.choice(OBJECTS)],
            "competencies": ["沟通协调能力", "执行力"],
        },
        "kpis": [{"kpi": k[0], "weight": w} for k, w in zip(kpis, weights)],
        "compensation": {"structure": "基本工资 + 提成", "salary_range": f"{rng.randint(4, 20)}000 元/月"},
        "document": {"number": f"HR-JD-{index:05d}", "version": "1.0", "effective_date": "2026-01-01",
                     "prepared_by": "人力资源部", "approved_by": "总经理"},
        "tags": [rng.choice(["管理岗", "业务岗", "支持岗"])],
    }


def write_synthetic_knowledge_base(dest: Path, n_roles: int, seed: int = 0, fan_out: int = 5) -> Path:
    """Write a valid knowledge base with `n_roles` roles under dest/roles; returns dest."""
    rng = random.Random(seed)
    roles_dir = Path(dest) / "roles"
    roles_dir.mkdir(parents=True, exist_ok=True)

    def dump(path: Path, data) -> None:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")

    dump(roles_dir / "_departments.yaml", {"departments": [{"id": i, "name": n} for i, n in DEPARTMENTS]})
    dump(roles_dir / "_positions.yaml", {"positions": [{"id": "general-manager", "title": "总经理"}]})
    dump(roles_dir / "_kpis.yaml", {"kpis": [
        {"id": i, "name": n, "definition": f"衡量{n}。", "formula": f"{n} = 实际值 ÷ 目标值 × 100%", "unit": "%",
         "direction": d, "period": "月度", "pass": p, "excellent": e} for i, n, d, p, e in KPIS]})
    dump(roles_dir / "_glossary.yaml", {"terms": [{"term": "回款", "aliases": ["收款"], "definition": "收回货款。"}]})
    dump(roles_dir / "_processes.yaml", {"processes": [
        {"id": "sales-workflow", "name": "销售流程", "steps": [{"title": "客户开发", "roles": ["role-00000"]}]}]})
    for index in range(n_roles):
        boss = "general-manager" if index == 0 else f"role-{(index - 1) // fan_out:05d}"
        department = DEPARTMENTS[index % len(DEPARTMENTS)][0]
        folder = roles_dir / department
        folder.mkdir(exist_ok=True)
        dump(folder / f"role-{index:05d}.yaml", synthetic_role(index, rng, boss, department))
    return Path(dest)
