from __future__ import annotations

import click

from .options import exit_invalid, help_option, require_roles_dir, root_option


@click.command()
@root_option
@click.option("--force", is_flag=True, help="即使索引已是最新也重新建立。")
@help_option
@click.pass_context
def index(ctx, root, force):
    """建立或更新搜索索引（.roledocs-cache/index.sqlite）。

    平时不必手动运行：roledocs search 发现知识库、分词词典或同义词有变化时会自动重建索引。
    本命令还会逐页检查索引文件，文件损坏时重新建立。
    退出码：0 成功，1 知识库有错误（先运行 roledocs validate 修正），2 用法或环境错误。
    """
    from ..index import IndexNotWritable, default_index_path, ensure_index, index_damaged, read_meta
    from ..knowledge_base import InvalidKnowledgeBase

    require_roles_dir(ctx, root)
    damaged = not force and index_damaged(default_index_path(root))
    if damaged:
        click.echo("警告：搜索索引文件已损坏，重新建立。", err=True)
    try:
        path, rebuilt = ensure_index(root, force=force or damaged)
    except InvalidKnowledgeBase as exc:
        exit_invalid(ctx, exc.report, "无法建立搜索索引")
    except IndexNotWritable as exc:
        click.echo(f"错误：{exc}。请检查磁盘空间和文件夹的写入权限；"
                   "在只读的目录中 roledocs search 仍然可用（在内存中建立索引）。", err=True)
        ctx.exit(2)
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    roles = con.execute("SELECT count(*) FROM roles").fetchone()[0]
    units = con.execute("SELECT count(*) FROM units").fetchone()[0]
    con.close()
    size = path.stat().st_size / 1024
    state = "已重建" if rebuilt else "已是最新"
    click.echo(f"搜索索引{state}：{roles} 个岗位，{units} 个可搜索单元，{size:.0f} KB（{path}）。")
    dictionary = read_meta(path).get("dictionary_hash", "")
    if dictionary:
        click.echo(f"分词词典：{dictionary}")
    ctx.exit(0)
