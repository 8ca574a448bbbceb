"""`roledocs diff`: what changed in the knowledge base between two revisions, in HR terms."""
from __future__ import annotations

import click

from ..errors import EXIT_OK
from .options import audience_option, format_option, help_option, require_roles_dir, root_option


@click.command()
@click.argument("base", required=False, metavar="[BASE")
@click.argument("head", required=False, metavar="[HEAD]]")
@format_option("markdown", help="输出格式：text 给人看，json 给程序读（见 docs/cli.md），markdown 可以贴到合并请求的评论中。")
@click.option("--role", "role_ids", multiple=True, metavar="岗位编号",
              help="只看这些岗位（可重复）；共用文件的修改只列出影响这些岗位的条目。")
@click.option("--roles", "pair", nargs=2, metavar="岗位A 岗位B",
              help="比较两个岗位（例如 sales-rep sales-team-lead：晋升后多了什么）。")
@audience_option("读者：public 不比较保密字段（薪酬、待核对事项）；internal 也比较它们。")
@root_option
@help_option
def diff(base, head, output_format, role_ids, pair, audience, root):
    """比较知识库的两个版本：岗位的新增、删除、停用、移动，以及每个岗位改了哪些内容。

    BASE 和 HEAD 可以是提交号、标签、分支名或日期（YYYY-MM-DD：这一天或之前的最后一个提交）。
    BASE 默认为 HEAD（最近一次提交），HEAD 默认为工作区（包括还没有提交的修改）。
    职责按名称对应（改名算修改，调整顺序算移动），任务按内容对应（改写显示原文和新文）；
    共用文件（考核指标库、部门、术语、流程）的修改只列一次，并列出受影响的岗位。

    \b
    例：roledocs diff                       最近一次提交之后改了什么
        roledocs diff v1.0 main --format markdown > 变更.md
        roledocs diff --roles sales-rep sales-team-lead

    退出码：0 成功（不论有没有变化），1 某个版本的知识库有错误，2 用法或环境错误（不是 git 仓库、版本不存在等）。
    """
    from ..history.compare import compare_revisions, compare_two_roles
    from ..reporters import envelope

    require_roles_dir(root)
    if pair:
        if base or head or role_ids:
            raise click.UsageError("--roles 比较同一版本中的两个岗位，不能同时写 BASE、HEAD 或 --role。")
        result = compare_two_roles(root, *pair, audience=audience)
    else:
        result = compare_revisions(root, base, head, role_ids=role_ids, audience=audience)
    if output_format == "json":
        click.echo(envelope("diff", "ok", **result.as_dict()))
    elif output_format == "markdown":
        click.echo(result.as_markdown(), nl=False)
    else:
        click.echo(result.as_text())
    return EXIT_OK
