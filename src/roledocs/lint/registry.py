"""The catalogue of health checks: code, name, Chinese title, family and default severity.

A check is named on the command line, in the configuration and in per-line markers by its
code (RD501), its name (duty-overlap) or its family (overlap: every check of the family).
The families are one module each; `CHECKS` is the only list of what exists.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    title: str      # Chinese name, shown in the output and on the site
    family: str
    severity: str   # default: error | warning | notice
    summary: str    # one line: what it finds


# family → (module, Chinese name); each module has `run(ctx)` for its codes
FAMILIES = {
    "overlap": ("roledocs.lint.overlap", "职责交叉"),
    "coverage": ("roledocs.lint.coverage", "职责空白"),
    "fair-hiring": ("roledocs.lint.fairness", "公平招聘"),
    "kpi": ("roledocs.lint.kpis", "考核指标"),
    "structure": ("roledocs.lint.structure", "组织结构"),
    "writing": ("roledocs.lint.writing", "文字表述"),
    "markers": ("roledocs.lint.markers", "例外标记"),
}

CHECKS: tuple[Check, ...] = (
    Check("RD501", "duty-overlap", "职责交叉", "overlap", "warning",
          "两个平级或无关岗位的职责、任务说的是同一件事"),
    Check("RD502", "duty-overlap-chain", "上下级职责重复", "overlap", "notice",
          "上级和直接下级写了同一句职责（动词相同，没有分出组织 / 执行的层次）"),
    Check("RD503", "duty-repeat", "岗位内重复", "overlap", "warning",
          "同一岗位中，任务重复了所属职责的说明或另一条任务"),
    Check("RD511", "function-uncovered", "部门职能无人承担", "coverage", "error",
          "_departments.yaml 中的职能或职能分项没有写明任何承担岗位"),
    Check("RD512", "role-without-function", "岗位未承担部门职能", "coverage", "warning",
          "岗位没有出现在任何部门的职能分解中"),
    Check("RD513", "process-step-without-role", "流程步骤无人负责", "coverage", "error",
          "_processes.yaml 中的流程步骤没有写明参与岗位"),
    Check("RD514", "department-without-head", "部门没有负责人", "coverage", "warning",
          "部门没有填写负责岗位（head）"),
    Check("RD521", "fair-hiring", "就业歧视风险", "fair-hiring", "warning",
          "任职资格中有性别、户籍、民族、宗教、传染病病原携带、残疾、婚育等限制（引用法律条文）"),
    Check("RD522", "hiring-notice", "年龄等限制", "fair-hiring", "notice",
          "任职资格中有年龄限制，或公平招聘规则中级别为“提示”的要求（如相貌）"),
    Check("RD531", "kpi-incomplete", "指标定义不完整", "kpi", "warning",
          "指标库中的指标缺少计算公式、单位或数据来源"),
    Check("RD532", "kpi-unused", "指标无人使用", "kpi", "warning",
          "指标库中的指标没有任何岗位使用"),
    Check("RD533", "kpi-count", "考核指标数量不当", "kpi", "warning",
          "岗位的考核指标少于下限或多于上限（默认 3–8 个）"),
    Check("RD534", "kpi-threshold-unit", "指标标准与单位矛盾", "kpi", "error",
          "百分比指标的合格线或优异线超出合理范围（默认高于 200% 或低于 0）"),
    Check("RD541", "span-of-control", "管理幅度过大", "structure", "warning",
          "一名管理者的直接下属人数超过上限（默认 15 人）"),
    Check("RD542", "one-over-one", "单线管理层级", "structure", "warning",
          "管理者只有一个定员为 1 人的直接下级岗位，且处在较长的汇报链上"),
    Check("RD543", "detached-role", "游离岗位", "structure", "warning",
          "岗位在知识库中没有上级岗位，也不带下级，且不是部门负责人"),
    Check("RD544", "headcount-mismatch", "部门编制不符", "structure", "warning",
          "部门内各岗位定员之和与部门编制（headcount）不一致"),
    Check("RD545", "review-overdue", "复审日期已过", "structure", "warning",
          "岗位的下次复审日期（review_due）已经过去"),
    Check("RD546", "draft-versioned", "草稿版本号异常", "structure", "warning",
          "岗位仍是草稿（draft），文件版本号却已是 1.0 或更高"),
    Check("RD551", "duty-without-verb", "职责没有动词", "writing", "warning",
          "职责说明或任务中没有表示动作的动词"),
    Check("RD552", "task-length", "任务过长或过短", "writing", "warning",
          "任务的字数超出范围（默认 6–100 个字）"),
    Check("RD553", "vague-filler", "空泛表述", "writing", "warning",
          "“负责相关工作”之类的空话，或一个岗位中不止一次出现“其他工作”"),
    Check("RD554", "deliverable-spelling", "交付物写法不一", "writing", "warning",
          "同一交付物在不同地方写法不同（《客户档案》与 客户档案）"),
    Check("RD555", "english-term", "中英文混用", "writing", "notice",
          "中文里夹了英文词，而术语表中有对应的中文术语"),
    Check("RD590", "lint-marker", "例外标记有误", "markers", "warning",
          "roledocs-lint 标记缺少原因、写了不存在的检查，或没有抑制任何问题"),
)

BY_CODE = {c.code: c for c in CHECKS}


def lookup(word: str) -> tuple[Check, ...]:
    """The checks a word names: a code, a check name or a family; () when none."""
    key = word.strip()
    if key.upper() in BY_CODE:
        return (BY_CODE[key.upper()],)
    named = tuple(c for c in CHECKS if key.lower() in (c.name, c.family))
    return named


def resolve(words, *, source: str = "--only / --disable") -> set[str]:
    """Codes named by `words` (each may hold several, separated by commas); UsageError
    (exit 2) for a name that is no check."""
    codes: set[str] = set()
    for word in words or ():
        for part in filter(None, (p.strip() for p in str(word).split(","))):
            found = lookup(part)
            if not found:
                raise UsageError(f"{source} 中的 {part} 不是已有的检查。可以写代码（如 RD501）、检查名（如 duty-overlap）"
                                 f"或检查类别（{'、'.join(FAMILIES)}）；全部检查见 roledocs lint --list。")
            codes.update(c.code for c in found)
    return codes
