"""`roledocs search`: find roles by what people type (Chinese, Traditional, pinyin, questions)."""
from __future__ import annotations

import click

from ..errors import EXIT_OK, EXIT_PROBLEMS
from ..terminal import safe
from .options import Invocation, color_enabled, format_option, help_option, require_roles_dir, root_option


def _paint(text: str, spans, color: bool) -> str:
    text = safe(text)  # one character for one: the spans still fit
    if not color or not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(click.style(text[start:end], fg="red", bold=True))
        last = end
    out.append(text[last:])
    return "".join(out)


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
    if not result.hits:
        message = f"没有找到与“{safe(query[:50])}”相关的岗位。"
        if department:
            message += f"（只在部门“{safe(department)}”中查找）"
        if result.suggestions:
            message += "\n您是不是要找：" + "、".join(map(safe, result.suggestions))
        click.echo(message, err=output_format == "json")
        return code
    if output_format != "json":
        color = color_enabled()
        for rank, hit in enumerate(result.hits, start=1):
            title = click.style(safe(hit.title), bold=True) if color else safe(hit.title)
            click.echo(f"{rank}. {title}  {safe(hit.id)} · {safe(hit.department)} · {hit.score:.2f}")
            for match in hit.matches:
                label = safe(match.label) if match.field != "title" else "岗位名称"
                click.echo(f"   {label}：{_paint(match.text, match.highlights, color)}")
    return code
