"""`roledocs list`: role ids beside their Chinese titles (named list_ because a submodule `list`
would shadow the builtin inside roledocs.cli once imported)."""
from __future__ import annotations

import click

from ..errors import EXIT_OK
from .options import format_option, help_option, require_roles_dir, root_option, unless_invalid


@click.command(name="list")
@click.option("--department", "-d", metavar="部门编号", help="只列出这个部门的岗位：编号（例如 sales）或部门名称（销售部）。")
@format_option()
@root_option
@help_option
def list_roles(department, output_format, root):
    """列出岗位：编号、岗位名称、部门、状态和直接上级。

    按部门排列（草稿岗位也列出）。写 reports_to、career 等引用时，用这里的编号。

    退出码：0 成功，1 知识库有错误，2 用法或环境错误（例如部门不存在）。
    """
    from ..kb import open_knowledge_base
    from ..listing import role_rows, rows_as_text
    from ..reporters import envelope
    from ..scaffold import departments, pick

    require_roles_dir(root)
    with unless_invalid("无法列出岗位"):
        kb = open_knowledge_base(root, audience="internal")
    if department is not None:
        department = pick(department, departments(kb), "部门", by_name=True).id
    rows = role_rows(kb, department)
    if output_format == "json":
        click.echo(envelope("list", "ok", roles=[r.to_dict() for r in rows]))
    else:
        click.echo(rows_as_text(kb, rows))
    return EXIT_OK
