"""`roledocs site --out DIR`: the site's generated pages written as files (roledocs.site.files)."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_OK
from ..site.files import BUILDERS
from .options import color_enabled, format_option, help_option, require_roles_dir, root_option, unless_invalid


@click.command()
@root_option
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="写入页面的文件夹。必须是新的或空的文件夹，或以前由 roledocs site 写入的文件夹。")
@click.option("--no-documents", is_flag=True, help="不生成 PDF/Word 岗位说明书文件（即使 mkdocs.yml 要求生成）。")
@click.option("--for", "builder", type=click.Choice(list(BUILDERS)), default="mkdocs", show_default=True,
              help="用哪个程序构建网站：两者对 HTML 中链接的理解不同（组织架构图、下载按钮）。")
@format_option()
@help_option
def site(root, out, no_documents, builder, output_format):
    """把网站的页面写成文件：不用 roledocs 插件也能构建网站。

    写入 OUT/mkdocs.yml（项目的 mkdocs.yml 去掉 roledocs 插件，导航已展开）和 OUT/docs/（手写页面、
    自动生成的岗位、部门、考核指标、术语、流程、组织架构等页面、样式和下载文件）。
    之后在 OUT 中运行 mkdocs build（或 zensical build）即得到网站。
    只改写内容有变化的文件，删除上次写入但已不再生成的文件，不碰其他文件。
    退出码：0 成功，1 知识库有错误，2 用法或环境错误（如输出目录中有别人的文件）。
    """
    from ..reporters import problems_as_text
    from ..site.files import write_site_files

    require_roles_dir(root)
    with unless_invalid("未写入页面"):
        result = write_site_files(Path(root), out, documents=not no_documents, builder=builder)
    if output_format == "json":
        from ..reporters import envelope

        click.echo(envelope("site", "ok", result.problems, **result.as_dict()))
        return EXIT_OK
    click.echo(problems_as_text(result.problems, result.files_checked, color=color_enabled()))
    click.echo(f"完成：{result.pages} 个自动生成的页面，共 {result.files} 个文件在 {out}/"
               f"（本次写入 {len(result.written)} 个，删除 {len(result.removed)} 个）。")
    click.echo(f"构建网站：cd {out} && {builder} build")
    return EXIT_OK
