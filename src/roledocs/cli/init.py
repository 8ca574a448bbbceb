"""`roledocs init DIR`: scaffold a new knowledge-base repository (roledocs.starter)."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_OK
from .options import format_option, help_option


@click.command()
@click.argument("directory", metavar="文件夹", type=click.Path(path_type=Path), default=".")
@format_option()
@help_option
def init(directory, output_format):
    """新建一个岗位说明书知识库：roles/（五个共用文件和一个示例岗位）、mkdocs.yml、docs/、
    编辑器设置、pre-commit 配置和 CI 文件。

    文件夹不存在时会创建；已有的文件一律保留不动（再次运行只补上缺少的文件）。
    文件夹里已经有岗位时，不添加示例内容。字段规则（schemas）和 Word/PDF 模板来自已安装的 roledocs，
    项目中放了自己的 schemas/ 或 templates/ 时优先使用项目的（见 docs/customize.md）。

    退出码：0 成功，2 用法或环境错误（例如目标是一个文件、没有写权限）。
    """
    from ..starter import create_project

    result = create_project(directory)
    if output_format == "json":
        from ..reporters import envelope

        click.echo(envelope("init", "ok", root=str(result.root), written=result.written, kept=result.kept,
                            example_skipped=result.example_skipped))
        return EXIT_OK
    if result.written:
        click.echo(f"在 {result.root} 中创建了 {len(result.written)} 个文件：")
        for relative in result.written:
            click.echo(f"  {relative}")
    if result.kept:
        click.echo(f"{len(result.kept)} 个文件已经存在，保留未改动：{'、'.join(result.kept)}")
    if result.example_skipped:
        click.echo("roles/ 中已有岗位：没有添加示例岗位和示例共用文件。")
    where = "" if Path(directory).resolve() == Path.cwd().resolve() else f"cd {directory}\n  "
    click.echo("下一步：\n"
               f"  {where}roledocs validate      # 校验 roles/\n"
               "  roledocs new 岗位编号 --title 岗位名称 --department sales --reports-to sales-manager\n"
               "  roledocs build         # 生成网站（site/）和每个岗位的 Word/PDF")
    return EXIT_OK
