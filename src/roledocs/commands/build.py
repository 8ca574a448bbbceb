from __future__ import annotations

import click

from ..reporters import problems_as_text
from ..validate import validate_knowledge_base
from .options import color_enabled, help_option, require_roles_dir, root_option


@click.command()
@root_option
@help_option
@click.pass_context
def build(ctx, root):
    """构建整个知识库：校验，然后生成所有输出。

    CI 中每次提交都应运行它；发现错误时退出码为 1。
    """
    require_roles_dir(ctx, root)
    report = validate_knowledge_base(root)
    click.echo(problems_as_text(report.problems, report.files_checked, color=color_enabled()))
    if not report.ok:
        ctx.exit(1)
    roles = sum(d.kind == "role" for d in report.documents)
    click.echo(f"知识库有效：{roles} 个岗位。")
    ctx.exit(0)
