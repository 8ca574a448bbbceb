"""`roledocs validate`: check the knowledge base and list every problem."""
from __future__ import annotations

import click

from ..errors import EXIT_OK, EXIT_PROBLEMS
from ..kb.validate import validate_knowledge_base
from ..reporters import envelope, problems_as_text, status_of
from .options import color_enabled, format_option, help_option, require_roles_dir, root_option


@click.command()
@root_option
@format_option()
@click.option("--strict", is_flag=True, help="把警告也当作错误（退出码 1）。")
@click.option("--since", metavar="版本",
              help="同时检查版本规则：自这个版本（提交号、标签、分支或日期）以来内容有修改的岗位，"
                   "必须提高 document.version 并添加修订记录。用于合并请求的 CI，例如 --since origin/main。")
@help_option
def validate(root, output_format, strict, since):
    """校验知识库：YAML 语法、字段结构和跨文件引用。

    每个问题显示为“文件:行:列: 级别 代码 说明”，下一行是修改提示。
    --format json 输出 {"command": "validate", "status", "problems": [...], "files_checked"}（见 docs/cli.md）。
    退出码：0 没有错误（可以有警告），1 发现错误，2 用法或环境错误（如 --since 的版本不存在、不是 git 仓库）。
    """
    require_roles_dir(root)
    report = validate_knowledge_base(root)
    problems = report.problems
    if since:
        from ..history.versions import version_problems

        problems = sorted(problems + version_problems(root, since, report), key=lambda p: p.sort_key())
    failed = any(p.is_error or strict for p in problems)
    code = EXIT_PROBLEMS if failed else EXIT_OK
    if output_format == "json":
        click.echo(envelope("validate", status_of(code), problems, files_checked=report.files_checked))
    else:
        click.echo(problems_as_text(problems, report.files_checked, color=color_enabled()))
    return code
