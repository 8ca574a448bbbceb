"""`roledocs new`: a commented draft of a new role, or a new KPI at the end of _kpis.yaml."""
from __future__ import annotations

import click

from ..errors import EXIT_OK
from ..scaffold import KINDS
from .options import format_option, help_option, require_roles_dir, root_option


@click.command()
@click.argument("new_id", metavar="编号")
@click.option("--kind", type=click.Choice(KINDS), default="role", show_default=True,
              help="role 新岗位；kpi 在 _kpis.yaml 末尾添加新指标。")
@click.option("--title", "--name", "title", required=True, metavar="名称",
              help="岗位名称（例如 大客户经理）或指标名称（例如 复购率）。")
@click.option("--department", metavar="部门编号", help="岗位：所属部门的编号，例如 sales。")
@click.option("--reports-to", metavar="上级编号", help="岗位：直接上级的编号，例如 sales-director。")
@click.option("--category", metavar="类别", help="岗位：岗位类别（默认 其他类，并记入待核对事项）；指标：指标类别。")
@click.option("--unit", metavar="单位", help="指标：单位，例如 %、元、天。")
@click.option("--direction", default="higher", show_default=True, metavar="方向",
              help="指标：higher 越高越好，lower 越低越好（可选值见 schemas/kpis.schema.json）。")
@format_option()
@root_option
@help_option
def new(new_id, kind, title, department, reports_to, category, unit, direction, output_format, root):
    """新建岗位草稿，或在指标库中添加指标。

    \b
    新岗位：roledocs new key-account-manager --title 大客户经理 --department sales --reports-to sales-director
      写出 roles/<部门>/<编号>.yaml：带中文注释的草稿（status: draft），可以直接通过校验；
      标着【待填写】的地方由 roledocs validate 提醒（RD318），直到填好为止。
    新指标：roledocs new repeat-purchase-rate --kind kpi --name 复购率 --unit %
      在 roles/_kpis.yaml 末尾追加一项，文件的其余部分（包括注释）不变。

    编号已被使用、编号写法不对、部门或上级不存在时不写任何文件。

    退出码：0 成功（可能有待填写的提醒），1 知识库原本就有错误，2 用法错误（没有写任何文件）。
    """
    from ..errors import UsageError
    from ..reporters import envelope, problems_as_text
    from ..scaffold import new_kpi, new_role

    require_roles_dir(root)
    if kind == "role":
        missing = [name for name, value in (("--department", department), ("--reports-to", reports_to)) if not value]
        if missing:
            raise UsageError(f"新建岗位需要 {' 和 '.join(missing)}，例如 --department sales --reports-to sales-director。")
        path, problems = new_role(root, new_id, title, department, reports_to, category)
        done = f"已新建岗位草稿 {path}"
    else:
        problems = new_kpi(root, new_id, title, unit=unit, direction=direction, category=category)
        done = f"已在 _kpis.yaml 末尾添加指标 {new_id}（{title}）"
    if output_format == "json":
        click.echo(envelope("new", "ok", problems, kind=kind, id=new_id, message=done))
    else:
        click.echo(done)
        if problems:
            click.echo(f"还有 {len(problems)} 处待填写（填好后再运行 roledocs validate）：")
            click.echo(problems_as_text(problems, 1))
    return EXIT_OK
