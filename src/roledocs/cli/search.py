"""`roledocs search`: find roles by what people type (Chinese, Traditional, pinyin, questions)."""
from __future__ import annotations

import click

from ..errors import EXIT_OK, EXIT_PROBLEMS
from ..terminal import safe
from .options import Invocation, color_enabled, format_option, help_option, require_roles_dir, root_option


def _json_alias(ctx: click.Context, param, value: bool) -> bool:
    """--json is --format json (kept for the scripts that use it)."""
    if value:
        invocation = ctx.find_object(Invocation)
        if invocation is not None:
            invocation.command, invocation.json = ctx.command.name, True
    return value


@click.command()
@click.argument("query", metavar="查询")
@click.option("--limit", "-n", type=click.IntRange(min=1, max=1000), default=10, show_default=True,
              help="最多显示多少个岗位。")
@click.option("--department", "-d", metavar="部门", help="只看一个部门（部门编号或名称，例如 sales 或 销售部）。")
@format_option(help="输出格式：text 给人看，json 给程序读：{\"command\": \"search\", \"status\", \"problems\", "
                    "\"query\", \"department\", \"hits\": [{id, title, department, score, matches}], \"suggestions\", "
                    "\"warnings\"}（见 docs/cli.md）。")
@click.option("--json", "as_json", is_flag=True, callback=_json_alias, help="同 --format json。")
@root_option
@help_option
def search(query, limit, department, output_format, as_json, root):
    """在知识库中搜索岗位，例如 roledocs search 谁负责客户投诉。

    可以输入岗位名称、别名、职责、考核指标或一句问话；支持繁体字、拼音和首字母（xszj → 销售总监）。
    结果按相关程度排序，并显示命中的职责或指标。
    退出码：0 找到结果，1 没有找到（或知识库有错误且没有旧索引），2 用法或环境错误。
    """
    from ..search import search_project

    require_roles_dir(root)
    output_format = "json" if as_json else output_format
    result = search_project(root, query, limit=limit, department=department)
    code = EXIT_OK if result.hits else EXIT_PROBLEMS
    for warning in result.warnings:
        click.echo(f"警告：{safe(warning)}", err=True)
    if output_format == "json":
        from ..reporters import envelope, status_of

        click.echo(envelope("search", status_of(code), **result.as_dict()))
    if output_format == "json" and not result.hits:
        from ..search.present import no_hit_lines

        click.echo("\n".join(no_hit_lines(result, _width())), err=True)
        return code
    if output_format != "json":
        from ..search.present import no_hit_lines, result_lines

        if not result.hits:
            click.echo("\n".join(no_hit_lines(result, _width())))
            return code
        color = color_enabled()
        lines = result_lines(result, _width(),
                             mark=(lambda t: click.style(t, fg="red", bold=True)) if color else None,
                             bold=(lambda t: click.style(t, bold=True)) if color else None)
        click.echo("\n".join(lines))
    return code


def _width() -> int:
    """The terminal's columns (COLUMNS when set, 80 when not a terminal)."""
    import shutil

    return shutil.get_terminal_size().columns
