from __future__ import annotations

import click

from ..terminal import safe
from .options import color_enabled, help_option, require_roles_dir, root_option


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


@click.command()
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(min=1, max=1000), default=10, show_default=True,
              help="最多显示多少个岗位。")
@click.option("--department", "-d", metavar="部门", help="只看一个部门（部门编号或名称，例如 sales 或 销售部）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：[{id, title, department, score, matches}]。")
@root_option
@help_option
@click.pass_context
def search(ctx, query, limit, department, as_json, root):
    """在知识库中搜索岗位，例如 roledocs search 谁负责客户投诉。

    可以输入岗位名称、别名、职责、考核指标或一句问话；支持繁体字、拼音和首字母（xszj → 销售总监）。
    结果按相关程度排序，并显示命中的职责或指标。
    退出码：0 找到结果，1 没有找到（或知识库有错误且没有旧索引），2 用法或环境错误。
    """
    from ..index import IndexDamaged
    from ..search import hits_as_json

    require_roles_dir(ctx, root)
    if not query.strip():
        click.echo("错误：搜索词是空的。请输入要找的岗位、职责或指标，例如 roledocs search 客户投诉。", err=True)
        ctx.exit(2)
    try:
        departments, hits, suggestions = _answer(_open(ctx, root), query, limit, department)
    except IndexDamaged:  # found while reading: rebuild once and ask again
        try:
            departments, hits, suggestions = _answer(_open(ctx, root, rebuild=True), query, limit, department)
        except IndexDamaged as exc:
            click.echo(f"错误：{exc}", err=True)
            ctx.exit(2)
    if departments is not None:
        names = "、".join(safe(f"{name}（{did}）") for did, name in departments)
        click.echo(f"错误：没有部门“{department}”。可以用部门编号或名称：{names}。", err=True)
        ctx.exit(2)
    if as_json:
        click.echo(hits_as_json(hits))
    if not hits:
        message = f"没有找到与“{query[:50]}”相关的岗位。"
        if department:
            message += f"（只在部门“{department}”中查找）"
        if suggestions:
            message += "\n您是不是要找：" + "、".join(map(safe, suggestions))
        click.echo(message, err=as_json)
        ctx.exit(1)
    if not as_json:
        color = color_enabled()
        for rank, hit in enumerate(hits, start=1):
            title = click.style(safe(hit.title), bold=True) if color else safe(hit.title)
            click.echo(f"{rank}. {title}  {safe(hit.id)} · {safe(hit.department)} · {hit.score:.2f}")
            for match in hit.matches:
                label = safe(match.label) if match.field != "title" else "岗位名称"
                click.echo(f"   {label}：{_paint(match.text, match.highlights, color)}")
    ctx.exit(0)


def _open(ctx: click.Context, root, rebuild: bool = False):
    """The project's Searcher; warnings and errors are said here (exit 1 or 2)."""
    from ..index import IndexUnusable, default_index_path
    from ..knowledge_base import InvalidKnowledgeBase
    from ..search import searcher

    try:
        engine = searcher(root, rebuild=rebuild)
    except InvalidKnowledgeBase:
        path = default_index_path(root)
        if rebuild or not path.is_file():
            problem = "搜索索引已损坏，而知识库有错误，无法重建" if rebuild else "知识库有错误，无法建立搜索索引"
            click.echo(f"错误：{problem}。请运行 roledocs validate 查看并修正，再运行 roledocs index --force。", err=True)
            ctx.exit(1)
        click.echo("警告：知识库有错误，搜索使用的是上次成功建立的索引。请运行 roledocs validate 查看。", err=True)
        try:
            engine = searcher(path)
        except IndexUnusable as exc:
            click.echo(f"错误：{exc}", err=True)
            ctx.exit(1)
    except IndexUnusable as exc:
        click.echo(f"错误：{exc}", err=True)
        ctx.exit(2)
    if engine.warning:
        click.echo(f"警告：{engine.warning}", err=True)
    return engine


def _answer(engine, query: str, limit: int, department: str | None):
    """(the known departments when `department` is not one of them else None, hits, suggestions)."""
    if department:
        known = engine.departments()
        if not any(department in pair for pair in known):
            return known, [], []
    hits = engine.search(query, limit=limit, department=department)
    return None, hits, ([] if hits else engine.suggestions(query))
