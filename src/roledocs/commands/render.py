"""`roledocs render`: write 岗位说明书 files (Word, PDF, HTML, Markdown) for roles."""
from __future__ import annotations

import os
from pathlib import Path

import click

from .options import exit_invalid, help_option, require_roles_dir, root_option

FORMAT_CHOICES = ("docx", "pdf", "html", "md")


@click.command()
@click.argument("role_ids", nargs=-1, metavar="[岗位编号]...")
@click.option("--format", "-f", "formats", type=click.Choice(FORMAT_CHOICES), multiple=True,
              help="输出格式：docx（Word）、pdf、html、md；可重复，例如 -f docx -f pdf。默认 docx 和 pdf。")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出文件夹。默认为项目目录下的 artifacts/documents。")
@click.option("--audience", type=click.Choice(["public", "internal"]), default="public", show_default=True,
              help="读者：public 不含保密字段（薪酬）；internal 为内部版本，包含保密字段。")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="同时生成的进程数；0 表示使用全部 CPU 核心。")
@root_option
@help_option
@click.pass_context
def render(ctx, role_ids, formats, out_dir, audience, jobs, root):
    """生成岗位说明书文件，每个岗位一个文件：<岗位编号>.<格式>。

    不写岗位编号时生成全部岗位。文件先写到临时文件再改名，中断不会留下半个文件。

    退出码：0 成功，1 知识库有错误或文件无法生成，2 用法或环境错误（如岗位编号不存在、缺少中文字体）。
    """
    from ..knowledge_base import InvalidKnowledgeBase, open_knowledge_base
    from ..load import find_roles_dir
    from ..render import RenderEnvironmentError, RenderError, UnknownRole, render_documents

    require_roles_dir(ctx, root)
    formats = tuple(dict.fromkeys(formats)) or ("docx", "pdf")
    try:
        kb = open_knowledge_base(root, audience=audience)
    except InvalidKnowledgeBase as exc:
        exit_invalid(ctx, exc.report, "未生成任何文件")
    if out_dir is None:
        out_dir = find_roles_dir(root).parent / "artifacts" / "documents"
    try:
        paths = render_documents(kb, out_dir, formats=formats, role_ids=role_ids or None,
                                 jobs=jobs or os.cpu_count() or 1)
    except (UnknownRole, RenderEnvironmentError) as exc:
        hint = "\n可用的岗位编号：" + "、".join(sorted(kb.roles)) if isinstance(exc, UnknownRole) else ""
        click.echo(f"错误：{exc}{hint}", err=True)
        ctx.exit(2)
    except RenderError as exc:
        click.echo(f"错误：{exc}", err=True)
        ctx.exit(1)
    except OSError as exc:  # out dir is a file, read-only, disk full …
        from ..oserrors import describe

        click.echo(f"错误：无法写入岗位说明书文件：{describe(exc, out_dir)}", err=True)
        ctx.exit(2)
    for path in paths:
        click.echo(str(path))
    roles = len(paths) // len(formats)
    label = "内部版本（含保密字段）" if audience == "internal" else "公开版本"
    click.echo(f"已生成 {roles} 个岗位的 {'、'.join(formats)} 文件（{label}），共 {len(paths)} 个，位于 {out_dir}。")
    ctx.exit(0)
