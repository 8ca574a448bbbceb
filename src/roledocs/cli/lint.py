from __future__ import annotations

import click

from .options import color_enabled, help_option, require_roles_dir, root_option


@click.command()
@root_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式：text 给人看，json 给程序（CI）读。")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default=None,
              help="有这一级别（或更高）的问题时退出码为 1。[默认：error，或 pyproject.toml 中的设置]")
@click.option("--only", multiple=True, metavar="检查",
              help="只运行这些检查：代码（RD501）、检查名（duty-overlap）或类别（overlap）；可重复，也可用逗号分隔。")
@click.option("--disable", multiple=True, metavar="检查", help="不运行这些检查（写法同 --only）。")
@click.option("--list", "list_checks", is_flag=True, help="列出全部检查及其代码、名称和默认级别。")
@help_option
@click.pass_context
def lint(ctx, root, output_format, fail_on, only, disable, list_checks):
    """知识库体检：职责交叉、职责空白、公平招聘、考核指标、组织结构和文字表述。

    先校验知识库（有错误时只显示校验错误，不做体检）；每个问题显示为“文件:行:列: 级别 代码 说明”，
    按检查分组。接受的例外在 YAML 该行末尾写 # roledocs-lint: disable=RD501 原因。
    退出码：0 没有达到 --fail-on 级别的问题，1 有（或知识库有错误），2 用法或环境错误（如检查名不存在）。
    """
    from ..lint.report import checks_as_text

    if list_checks:
        click.echo(checks_as_text())
        ctx.exit(0)
    require_roles_dir(ctx, root)
    from ..kb import InvalidKnowledgeBase
    from ..lint import lint_knowledge_base
    from ..lint.report import as_json, as_text

    try:
        report = lint_knowledge_base(root, only=only, disable=disable)
    except InvalidKnowledgeBase as exc:
        if output_format != "json":
            raise  # roledocs.cli.main shows the validation problems and exits 1
        from ..reporters import envelope

        click.echo(envelope("lint", "fail", exc.report.problems, checks=[], roles=0, covered=0, findings=[]))
        ctx.exit(1)
    if output_format == "json":
        click.echo(as_json(report, fail_on))
    else:
        click.echo(as_text(report, color=color_enabled()))
    ctx.exit(1 if report.failed(fail_on) else 0)
