from __future__ import annotations

import click

from .options import color_enabled, help_option, require_roles_dir, root_option


def _paint(text: str, spans, color: bool) -> str:
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
    from ..search.index import IndexUnusable, default_index_path
    from ..kb import InvalidKnowledgeBase
    from ..search import hits_as_json, searcher

    require_roles_dir(ctx, root)
    if not query.strip():
        click.echo("错误：搜索词是空的。请输入要找的岗位、职责或指标，例如 roledocs search 客户投诉。", err=True)
        ctx.exit(2)
    try:
        engine = searcher(root)
    except InvalidKnowledgeBase:
        path = default_index_path(root)
        if not path.is_file():
            click.echo("错误：知识库有错误，无法建立搜索索引。请运行 roledocs validate 查看并修正。", err=True)
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
    except OSError as exc:
        click.echo(f"错误：无法建立或读取搜索索引：{exc}", err=True)
        ctx.exit(2)
    if department:
        known = engine.departments()
        if not any(department in pair for pair in known):
            names = "、".join(f"{name}（{did}）" for did, name in known)
            click.echo(f"错误：没有部门“{department}”。可以用部门编号或名称：{names}。", err=True)
            ctx.exit(2)
    hits = engine.search(query, limit=limit, department=department)
    if as_json:
        click.echo(hits_as_json(hits))
    if not hits:
        suggestions = engine.suggestions(query)
        message = f"没有找到与“{query[:50]}”相关的岗位。"
        if department:
            message += f"（只在部门“{department}”中查找）"
        if suggestions:
            message += "\n您是不是要找：" + "、".join(suggestions)
        click.echo(message, err=as_json)
        ctx.exit(1)
    if not as_json:
        color = color_enabled()
        for rank, hit in enumerate(hits, start=1):
            title = click.style(hit.title, bold=True) if color else hit.title
            click.echo(f"{rank}. {title}  {hit.id} · {hit.department} · {hit.score:.2f}")
            for match in hit.matches:
                label = match.label if match.field != "title" else "岗位名称"
                click.echo(f"   {label}：{_paint(match.text, match.highlights, color)}")
    ctx.exit(0)
