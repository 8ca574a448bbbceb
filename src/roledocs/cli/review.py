"""`roledocs review`: roles due for their periodic review, for a scheduled CI job."""
from __future__ import annotations

import datetime as dt

import click

from ..errors import EXIT_OK, EXIT_PROBLEMS
from .options import format_option, help_option, require_roles_dir, root_option, unless_invalid


@click.command()
@click.option("--within", type=click.IntRange(min=0), default=30, show_default=True, metavar="天数",
              help="复审日期在这么多天之内的岗位也列出。")
@format_option()
@click.option("--date", "today", metavar="YYYY-MM-DD", help="以这一天为“今天”（默认今天），用于预先检查。")
@root_option
@help_option
def review(within, output_format, today, root):
    """列出需要复审的岗位（每周定时运行）。

    复审日期（review_due）已过或即将到期的岗位，以及仍有待核对事项（review_notes）的正式岗位；
    按部门分组，并写明部门负责人。

    退出码：0 没有过期的岗位，1 有岗位已过复审日期（或知识库有错误），2 用法或环境错误。
    每周在 CI 中运行一次，有过期的岗位时任务失败，提醒人力资源部。
    """
    from ..errors import UsageError
    from ..history.review import review_as_text, roles_to_review
    from ..kb import open_knowledge_base
    from ..reporters import envelope, status_of

    require_roles_dir(root)
    if today is None:
        day = dt.date.today()
    else:
        try:
            day = dt.date.fromisoformat(today)
        except ValueError:
            raise UsageError(f"--date 的值 {today!r} 不是 YYYY-MM-DD 格式的日期，例如 2026-03-01。") from None
    with unless_invalid("无法检查复审"):
        kb = open_knowledge_base(root, audience="internal")
    groups = roles_to_review(kb, within, day)
    code = EXIT_PROBLEMS if any(i.overdue for g in groups for i in g.items) else EXIT_OK
    if output_format == "json":
        click.echo(envelope("review", status_of(code), today=day.isoformat(), within=within,
                            departments=[g.to_dict() for g in groups]))
    else:
        click.echo(review_as_text(groups, within, day))
    return code
