"""`roledocs import`: legacy job descriptions → YAML drafts, with a report of what was used."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_OK, EXIT_PROBLEMS
from .options import format_option, help_option, root_option


@click.command("import")
@click.argument("files", nargs=-1, required=True, metavar="旧文件...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="草稿写到哪个文件夹。默认 <项目>/roles/_drafts/（校验和网站都把其中的文件当作草稿，不会发布）。")
@click.option("--force", is_flag=True, help="覆盖内容不同的已有草稿（默认从不覆盖）。")
@format_option(help="报告格式：text 给人看，json 给程序读（含全部未使用的原文行）。")
@root_option
@help_option
def import_(files, out_dir, force, output_format, root):
    """把旧岗位说明书（Word .docx、Excel .xlsx、PDF、文本 .txt、Markdown .md、网页 .html）导入为 YAML 草稿。

    一个文件中有几个岗位，就生成几个草稿（status: draft，sources 写明来源文件），
    并报告每个草稿填了哪些字段、哪些原文没有用上、哪些内容需要核对（问题代码 RD4xx，见 docs/errors.md）。
    Excel 可以每个工作表一个岗位；PDF 读取文字层，扫描件和加密文件会说明原因。

    已有的草稿从不覆盖（除非加 --force）；重复运行不会改变任何文件。
    岗位名称、直接上级、部门和考核指标会对照 --root 指定的知识库换成编号。

    退出码：0 全部完成，1 有文件读不了、没找到岗位或草稿未覆盖，2 用法或环境错误。

    例：roledocs import 旧文件/*.docx --out roles/_drafts
    """
    from ..importer import import_files
    from ..importer.destination import check_sources, drafts_folder
    from ..importer.report import report_as_json, report_as_text
    from ..kb.load import find_roles_dir

    check_sources(list(files))
    fresh = out_dir is not None and not Path(out_dir).exists()
    out_dir, warning = drafts_folder(root, out_dir)
    if warning:
        click.echo(warning, err=True)
    knowledge_base = root if find_roles_dir(root).is_dir() else None
    report = import_files(list(files), out_dir, root=knowledge_base, force=force)
    if fresh and not any(out_dir.iterdir()):
        out_dir.rmdir()  # nothing imported: leave no trace, not even the folder this run made
    click.echo(report_as_json(report) if output_format == "json" else report_as_text(report))
    return EXIT_PROBLEMS if report.failed else EXIT_OK
