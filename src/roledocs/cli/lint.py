"""`roledocs lint`: health checks of a valid knowledge base (overlaps, gaps, fair hiring …)."""
from __future__ import annotations

import click

from ..errors import EXIT_OK, EXIT_PROBLEMS
from ..lint.config import FAIL_ON
from .options import color_enabled, emit, format_option, help_option, require_roles_dir, root_option, unless_invalid


@click.command()
@root_option
@format_option()
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="有这一级别（或更高）的问题时退出码为 1。[默认：error，或 pyproject.toml 中的设置]")
@click.option("--only", multiple=True, metavar="检查",
              help="只运行这些检查：代码（RD501）、检查名（duty-overlap）或类别（overlap）；可重复，也可用逗号分隔。")
@click.option("--disable", multiple=True, metavar="检查", help="不运行这些检查（写法同 --only）。")
@click.option("--list", "list_checks", is_flag=True, help="列出全部检查及其代码、名称和默认级别。")
@help_option
def lint(root, output_format, fail_on, only, disable, list_checks):
    """知识库体检：职责交叉、职责空白、公平招聘、考核指标、组织结构和文字表述。

    先校验知识库（有错误时只显示校验错误，不做体检）；每个问题显示为“文件:行:列: 级别 代码 说明”，
    按检查分组。接受的例外在 YAML 该行末尾写 # roledocs-lint: disable=RD501 原因。
    退出码：0 没有达到 --fail-on 级别的问题，1 有（或知识库有错误），2 用法或环境错误（如检查名不存在）。
    """
    from ..reporters import envelope

    if list_checks:
        from ..lint.registry import CHECKS
        from ..lint.report import checks_as_text

        click.echo(envelope("lint", "ok", checks=[c.as_dict() for c in CHECKS]) if output_format == "json"
                   else checks_as_text())
        return EXIT_OK
    require_roles_dir(root)
    from ..lint import lint_knowledge_base
    from ..lint.report import as_json, as_text

    with unless_invalid("没有做体检"):  # roledocs.cli.main shows the validation problems, exit 1
        report = lint_knowledge_base(root, only=only, disable=disable)
    emit(as_json(report, fail_on) if output_format == "json" else as_text(report, color=color_enabled()))
    return EXIT_PROBLEMS if report.failed(fail_on) else EXIT_OK
