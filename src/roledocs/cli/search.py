"""`roledocs search`: find roles by what people type (Chinese, Traditional, pinyin, questions).

The click command gives the help and the error messages; the work is cli.fast_search.run, which
`roledocs.cli.main` calls directly for a plain search, without importing click."""
from __future__ import annotations

import click

from .options import Invocation, format_option, help_option, root_option


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
    from .fast_search import run

    return run(query, limit, department, "json" if as_json else output_format, root)
