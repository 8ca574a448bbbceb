"""`roledocs export`: the HR workbook (.xlsx) of role tables."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_OK
from ..gcpause import collector_paused
from .options import audience_option, format_option, help_option, require_roles_dir, root_option, unless_invalid


@click.command()
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出文件夹。默认为项目目录下的 artifacts/exports。")
@audience_option("读者：public 不含保密字段；internal 另含「薪酬（保密）」工作表，文件名带 -internal。")
@click.option("--role", "role_ids", multiple=True, metavar="岗位编号",
              help="只导出这些岗位；可重复，例如 --role sales-rep --role sales-manager。")
@click.option("--department", "department_ids", multiple=True, metavar="部门编号",
              help="只导出这些部门的岗位和职能分解；可重复。不能与 --role 同时使用。")
@format_option()
@root_option
@help_option
@collector_paused()  # the model and the workbook's cells live to the end: nothing to collect
def export(out_dir, audience, role_ids, department_ids, output_format, root):
    """导出岗位汇总工作簿（Excel .xlsx）。

    工作表：岗位一览、岗位职责、考核指标、指标库、部门职能分解、定岗定编、汇报关系（internal 另有 薪酬（保密））。

    表头固定、可筛选，数字和日期是真正的数字和日期，定岗定编的计数和合计是 Excel 公式。

    文件先写到临时文件再改名，失败不会留下半个文件。

    退出码：0 成功，1 知识库有错误，2 用法或环境错误（岗位或部门编号不存在、文件夹不可写）。
    """
    from ..export import SHEETS, export_workbook, select
    from ..kb import open_knowledge_base
    from ..kb.load import find_roles_dir
    from ..reporters import envelope

    require_roles_dir(root)
    with unless_invalid("未导出工作簿"):
        kb = open_knowledge_base(root, audience=audience)
    selection = select(kb, role_ids, department_ids)
    out_dir = out_dir or find_roles_dir(root).parent / "artifacts" / "exports"
    path = export_workbook(kb, selection, out_dir)
    if output_format == "json":
        click.echo(envelope("export", "ok", path=str(path), audience=audience, roles=len(selection.roles),
                            sheets=list(SHEETS)))
    else:
        label = "内部版本（含保密字段）" if audience == "internal" else "公开版本"
        click.echo(str(path))
        click.echo(f"已导出 {len(selection.roles)} 个岗位的汇总工作簿（{label}）：{path}")
    return EXIT_OK
