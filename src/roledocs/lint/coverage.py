"""职责空白: work the organisation has that nobody carries, and roles outside it — department
function items without roles, roles in no department function, process steps without
roles, departments without a head."""
from __future__ import annotations

from .context import LintContext


def run(ctx: LintContext) -> None:
    """Reports work nobody carries and roles outside the organisation's functions and processes."""
    kb = ctx.kb
    departments = ctx.special.get("departments")
    for d, dept in enumerate(kb.departments.values()):
        if departments is None:
            break
        if not dept.head_id:
            ctx.report("RD514", departments, ("departments", d), f"部门 {dept.name}（{dept.id}）没有填写负责人",
                       "在 _departments.yaml 中为这个部门写 head: <负责岗位的编号>。", department_id=dept.id)
        for f, function in enumerate(dept.functions):
            here = ("departments", d, "functions", f)
            if not function.items and not function.role_ids:
                ctx.report("RD511", departments, here + ("name",),
                           f"{dept.name}的职能「{function.name}」没有承担岗位",
                           "在这项职能下写 roles: 列出承担它的岗位编号；已经没有人做的职能请删除。",
                           department_id=dept.id)
            for n, item in enumerate(function.items):
                # an item is carried by its own roles, or else by the roles of its function
                if not item.role_ids and not function.role_ids:
                    ctx.report("RD511", departments, here + ("items", n, "name"),
                               f"{dept.name}的职能分项「{function.name} / {item.name}」没有承担岗位",
                               "在这个分项下写 roles: 列出承担它的岗位编号。", department_id=dept.id)
    for role in kb.roles.values():
        if not kb.functions_of(role):
            ctx.report_role("RD512", role, ("id",), f"岗位 {role.title} 没有出现在任何部门的职能分解中",
                            "在 _departments.yaml 中把本岗位的编号写进它承担的职能或职能分项的 roles。")
    processes = ctx.special.get("processes")
    for p, process in enumerate(kb.processes):
        for s, step in enumerate(process.steps):
            if not step.role_ids:
                ctx.report("RD513", processes, ("processes", p, "steps", s, "title"),
                           f"流程「{process.name}」的第 {s + 1} 步「{step.title}」没有参与岗位",
                           "在这一步下写 roles: 列出负责或参与的岗位编号。",
                           department_id=process.owner.department_id if process.owner else "")
