"""`roledocs index`: build or refresh the search index and say what is in it."""
from __future__ import annotations

import click

from ..errors import EXIT_OK
from .options import format_option, help_option, require_roles_dir, root_option, unless_invalid


@click.command()
@root_option
@click.option("--force", is_flag=True, help="即使索引已是最新也重新建立。")
@format_option()
@help_option
def index(root, force, output_format):
    """建立或更新搜索索引（.roledocs-cache/index.sqlite）。

    平时不必手动运行：roledocs search 发现知识库、分词词典或同义词有变化时会自动重建索引。
    本命令还会逐页检查索引文件，文件损坏时重新建立。
    退出码：0 成功，1 知识库有错误（先运行 roledocs validate 修正），2 用法或环境错误。
    """
    from ..search.index import update_index

    require_roles_dir(root)
    with unless_invalid("无法建立搜索索引"):
        status = update_index(root, force=force)
    if status.damaged:
        click.echo("警告：搜索索引文件已损坏，重新建立。", err=True)
    if output_format == "json":
        from ..reporters import envelope

        click.echo(envelope("index", "ok", **status.as_dict()))
        return EXIT_OK
    state = "已重建" if status.rebuilt else "已是最新"
    click.echo(f"搜索索引{state}：{status.roles} 个岗位，{status.units} 个可搜索单元，"
               f"{status.size / 1024:.0f} KB（{status.path}）。")
    if status.dictionary_hash:
        click.echo(f"分词词典：{status.dictionary_hash}")
    return EXIT_OK
