"""`roledocs bump`: raise roles' document versions and add the history entry, in place."""
from __future__ import annotations

import click

from ..errors import EXIT_OK
from .options import format_option, help_option, require_roles_dir, root_option


@click.command()
@click.argument("role_ids", nargs=-1, required=True, metavar="岗位编号...")
@click.option("--change", required=True, metavar="说明", help="本次修订的内容，写入修订记录（必填）。")
@click.option("--major", is_flag=True, help="提高主版本（1.3 → 2.0）；默认提高次版本（1.2 → 1.3）。")
@click.option("--date", metavar="YYYY-MM-DD", help="生效日期和修订日期，默认今天。")
@format_option()
@root_option
@help_option
def bump(role_ids, change, major, date, output_format, root):
    """提高岗位说明书的版本，并添加修订记录。

    修改 document.version 和 effective_date，并在 document.history 末尾添加一条修订记录。
    直接修改 YAML 文件，其余内容（注释、键的顺序、引号、空行）保持原样。
    所有岗位都检查通过后才写入；任何一个失败，一个文件也不改。

    \b
    例：roledocs bump sales-rep --change "调整考核指标权重"
        roledocs bump sales-rep sales-team-lead --change "职责重新划分" --major --date 2026-03-01

    退出码：0 成功，1 知识库有错误或文件无法安全修改，2 用法错误（岗位编号不存在、日期或版本号格式不对）。
    """
    from ..history.bump import bump_roles

    require_roles_dir(root)
    bumped = bump_roles(root, list(role_ids), change, major=major, date=date)
    if output_format == "json":
        from ..reporters import envelope

        click.echo(envelope("bump", "ok", roles=[{"id": b.role_id, "file": b.name, "old_version": b.old_version,
                                                  "new_version": b.new_version, "date": b.date} for b in bumped]))
        return EXIT_OK
    for b in bumped:
        click.echo(f"{b.role_id}：版本 {b.old_version} → {b.new_version}，生效日期 {b.date}（{b.name}）")
    return EXIT_OK
