"""`roledocs history`: a role's revisions, joined with the git commits that touched its file."""
from __future__ import annotations

import click

from ..errors import EXIT_OK
from .options import format_option, help_option, require_roles_dir, root_option


@click.command()
@click.argument("role_id", metavar="岗位编号")
@format_option()
@root_option
@help_option
def history(role_id, output_format, root):
    """显示岗位的修订记录和修改过它的 git 提交。

    修订记录来自 document.history（版本、生效日期、修订内容），并注明引入每个版本的提交；
    提交记录列出提交号、日期、作者和说明（文件移动或改名后仍能跟踪）。

    退出码：0 成功，1 知识库有错误，2 用法或环境错误（岗位编号不存在、不是 git 仓库）。
    """
    from ..history.revisions import history_as_text, role_history
    from ..reporters import envelope

    require_roles_dir(root)
    found = role_history(root, role_id)
    if output_format == "json":
        click.echo(envelope("history", "ok", **found.to_dict()))
    else:
        click.echo(history_as_text(found))
    return EXIT_OK
