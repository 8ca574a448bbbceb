"""A small knowledge base in a real git repository, changed by scripted commits.

    kb = GitKB.create(tmp_path)                 # valid knowledge base, first commit on 2026-01-05
    kb.edit("roles/sales/sales-rep.yaml", "weight: 55", "weight: 50")
    kb.commit("调整权重", date="2026-02-01")

Files are written as people write them (comments, quoted versions, blank lines), so the
tests of `roledocs bump` can check that nothing outside the edited lines changes.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

FILES = {
    "roles/_departments.yaml": """\
# 部门与职能分解
departments:
  - id: sales
    name: 销售部
    head: sales-manager
    summary: 负责公司产品的销售。
    functions:
      - name: 销售管理
        description: 销售规划与实施。
        items:
          - name: 客户开发
            duties:
              - 开发新客户，拓展销售渠道。
            roles:
              - sales-rep
              - sales-team-lead
  - id: customer-service
    name: 客服部
    summary: 负责客户服务与投诉处理。
""",
    "roles/_kpis.yaml": """\
kpis:
  - id: sales-target-achievement
    name: 销售业绩达成率
    definition: 实际销售额与目标销售额之比。
    formula: 实际销售额 ÷ 目标销售额 × 100%
    unit: "%"
    direction: higher
    period: 月度
    pass: 90
    excellent: 105

  - id: customer-satisfaction
    name: 客户满意度
    definition: 客户对服务的满意程度。
    unit: "%"
    direction: higher
    period: 季度
    pass: 80
    excellent: 95

  - id: complaint-rate
    name: 客户投诉率
    definition: 被投诉订单占全部订单的比例。
    unit: "%"
    direction: lower
    period: 月度
    pass: 5
    excellent: 2
""",
    "roles/_positions.yaml": """\
positions:
  - id: general-manager
    title: 总经理
""",
    "roles/_glossary.yaml": """\
terms:
  - term: 回款
    definition: 收回客户所欠的货款。
""",
    "roles/_processes.yaml": """\
processes:
  - id: sales-workflow
    name: 销售工作流程
    owner: sales-manager
    steps:
      - title: 客户线索收集
        roles:
          - sales-rep
""",
    "roles/sales/sales-rep.yaml": """\
# yaml-language-server: $schema=../../schemas/role.schema.json
id: sales-rep
title: 销售代表
department: sales
category: 业务类
headcount: 20
status: active
# 销售代表向销售组长汇报
reports_to: sales-team-lead
summary: 开发和维护客户，完成个人销售目标。
duties:
  - title: 客户开发
    description: 开发新客户。
    tasks:
      - 通过电话、拜访等方式联系潜在客户。
      - 整理客户线索并录入销售管理系统。
    frequency: 每日

  - title: 客户关系维护
    description: 定期回访客户，提高客户满意度。
    tasks:
      - 定期拜访客户。
      - 建立客户档案。

  - title: 合同签订
    description: 与客户谈判并签订销售合同。
    tasks:
      - 负责商务谈判，签订销售合同。
qualifications:
  education: 大专及以上
  experience: 1年以上销售经验
kpis:
  - kpi: sales-target-achievement
    weight: 55
  - kpi: customer-satisfaction
    weight: 45
document:
  number: HR-JD-010
  version: "1.0"  # 受控版本
  effective_date: "2026-01-05"
  approved_by: 总经理
  history:
    - version: "1.0"
      date: "2026-01-05"
      change: 首次发布。

review_due: "2026-12-31"
tags:
  - 一线销售
""",
    "roles/sales/sales-team-lead.yaml": """\
id: sales-team-lead
title: 销售组长
department: sales
category: 经营管理类
headcount: 4
status: active
reports_to: sales-manager
summary: 带领销售小组完成销售目标。
duties:
  - title: 团队管理
    description: 管理本组销售代表。
    tasks:
      - 分配销售任务。
      - 辅导新销售代表。
  - title: 客户开发
    description: 开发新客户。
    tasks:
      - 通过电话、拜访等方式联系潜在客户。
      - 带领组员开发重点客户。
qualifications:
  education: 本科及以上
  experience: 3年以上销售经验
kpis:
  - kpi: sales-target-achievement
    weight: 60
  - kpi: customer-satisfaction
    weight: 40
    pass: 85
document:
  number: HR-JD-009
  version: "1.2"
  effective_date: "2026-01-05"
  history:
    - version: "1.2"
      date: "2026-01-05"
      change: 首次发布。
review_due: "2027-06-30"
""",
    "roles/sales/sales-manager.yaml": """\
id: sales-manager
title: 销售经理
department: sales
category: 经营管理类
headcount: 1
status: active
reports_to: general-manager
summary: 负责销售部的全面管理。
duties:
  - title: 销售规划
    description: 制定销售计划。
    tasks:
      - 制定年度销售计划。
kpis:
  - kpi: sales-target-achievement
document:
  number: HR-JD-008
  version: "2.0"
  effective_date: "2026-01-05"
review_due: "2027-06-30"
""",
    "roles/customer-service/cs-agent.yaml": """\
id: cs-agent
title: 客服专员
department: customer-service
category: 业务类
headcount: 3
status: active
reports_to: sales-manager
summary: 处理客户咨询与投诉。
duties:
  - title: 投诉处理
    description: 受理并跟进客户投诉。
    tasks:
      - 记录客户投诉。
kpis:
  - kpi: complaint-rate
    weight: 50
  - kpi: customer-satisfaction
    weight: 50
document:
  number: HR-JD-020
  version: "1.0"
  effective_date: "2026-01-05"
review_due: "2027-06-30"
""",
}


class GitKB:
    """A project folder (roles/ inside) that is a git repository with scripted commits."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def create(cls, path: Path, *, date: str = "2026-01-05") -> GitKB:
        kb = cls(path)
        kb.path.mkdir(parents=True, exist_ok=True)
        kb.git("init", "-q", "-b", "main")
        for rel, text in FILES.items():
            kb.write(rel, text)
        kb.commit("知识库初版", date=date)
        return kb

    def env(self, date: str | None, author: str) -> dict:
        env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "hr@example.com",
               "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "hr@example.com",
               "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        if date:
            stamp = f"{date}T12:00:00+08:00"
            env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        return env

    def git(self, *args: str, date: str | None = None, author: str = "人力资源部") -> str:
        result = subprocess.run(["git", "-C", str(self.path), *args], capture_output=True, text=True,
                                env=self.env(date, author))
        assert result.returncode == 0, result.stderr
        return result.stdout

    def file(self, rel: str) -> Path:
        return self.path / rel

    def read(self, rel: str) -> str:
        return self.file(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        path = self.file(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def move(self, src: str, dst: str) -> None:
        self.file(dst).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", src, dst)

    def commit(self, message: str, *, date: str | None = None, author: str = "人力资源部") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date, author=author)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def tag(self, name: str) -> None:
        self.git("tag", name)

    def status(self) -> str:
        return self.git("--no-optional-locks", "status", "--porcelain", "--untracked-files=all")  # looks, never writes the index

    def tree_bytes(self) -> dict[str, bytes]:
        """Every file of the working tree (outside .git) with its bytes: to show nothing was written."""
        return {p.relative_to(self.path).as_posix(): p.read_bytes() for p in sorted(self.path.rglob("*"))
                if p.is_file() and ".git" not in p.relative_to(self.path).parts}


def bump_text(text: str, version: str) -> str:
    """A role file with its document version raised by hand (as an HR editor would)."""
    import re

    return re.sub(r'(\n  version: )"[^"]*"', rf'\1"{version}"', text, count=1)
