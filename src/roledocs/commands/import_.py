from __future__ import annotations

from pathlib import Path

import click

from .options import help_option, root_option

SUPPORTED = (".docx", ".txt", ".md", ".html", ".htm")


@click.command("import")
@click.argument("files", nargs=-1, required=True, metavar="旧文件...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="草稿写到哪个文件夹。默认 <项目>/roles/_drafts/（校验和网站都把其中的文件当作草稿，不会发布）。")
@click.option("--force", is_flag=True, help="覆盖内容不同的已有草稿（默认从不覆盖）。")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="报告格式：text 给人看，json 给程序读（含全部未使用的原文行）。")
@root_option
@help_option
@click.pass_context
def import_(ctx, files, out_dir, force, output_format, root):
    """把旧岗位说明书（Word .docx、文本 .txt、Markdown .md、网页 .html）导入为 YAML 草稿。

    一个文件中有几个岗位，就生成几个草稿（status: draft，sources 写明来源文件），
    并报告每个草稿填了哪些字段、哪些原文没有用上、哪些内容需要核对。

    已有的草稿从不覆盖（除非加 --force）；重复运行不会改变任何文件。
    岗位名称、直接上级、部门和考核指标会对照 --root 指定的知识库换成编号。

    退出码：0 全部完成，1 有文件读不了、没找到岗位或草稿未覆盖，2 用法或环境错误。

    例：roledocs import 旧文件/*.docx --out roles/_drafts
    """
    from ..importer import import_files
    from ..importer.report import report_as_json, report_as_text
    from ..load import find_roles_dir

    unsupported = [str(f) for f in files if f.suffix.lower() not in SUPPORTED]
    if unsupported:
        click.echo(f"错误：不支持的文件类型：{'、'.join(unsupported)}。支持 {' '.join(SUPPORTED)}；"
                   "旧的 .doc 文件请先在 Word 中另存为 .docx。", err=True)
        ctx.exit(2)
    roles_dir = find_roles_dir(root)
    if out_dir is None:
        if not roles_dir.is_dir():
            click.echo(f"错误：在 {root} 找不到知识库文件夹 roles/，不知道草稿该写到哪里。"
                       "请在项目目录中运行，或用 --root 指定项目，或用 --out 指定输出文件夹。", err=True)
            ctx.exit(2)
        out_dir = roles_dir / "_drafts"
    if out_dir.exists() and not out_dir.is_dir():
        click.echo(f"错误：{out_dir} 不是文件夹。", err=True)
        ctx.exit(2)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from ..oserrors import reason

        click.echo(f"错误：无法创建输出文件夹 {out_dir}：{reason(exc)}", err=True)
        ctx.exit(2)
    out_parts = out_dir.resolve().parts
    roles_parts = roles_dir.resolve().parts
    if out_parts[:len(roles_parts)] == roles_parts and not any(p.startswith(("_", ".")) for p in out_parts[len(roles_parts):]):
        click.echo(f"注意：{out_dir} 在知识库 roles/ 中，但文件夹名不以 _ 开头：校验和网站会把草稿当作正式岗位。"
                   "建议用默认的 roles/_drafts/。", err=True)
    report = import_files(list(files), out_dir, root=root if roles_dir.is_dir() else None, force=force)
    click.echo(report_as_json(report) if output_format == "json" else report_as_text(report))
    ctx.exit(1 if report.failed else 0)
