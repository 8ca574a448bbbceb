"""`roledocs render`: write 岗位说明书 files (Word, PDF, HTML, Markdown) for roles."""
from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import EXIT_OK
from ..export.documents import HR_FORMATS
from ..render import FORMATS
from .options import audience_option, format_option, help_option, require_roles_dir, root_option, unless_invalid


@click.command()
@click.argument("role_names", nargs=-1, metavar="[岗位]...")
@click.option("--format", "-f", "formats", type=click.Choice(FORMATS + HR_FORMATS), multiple=True,
              help="文件格式：docx（Word）、pdf、html、md；appraisal（绩效考核表 .xlsx，多个岗位时每个岗位一个工作表）；"
                   "posting（招聘启事 .md、.html、.docx，先做招聘公平检查）。可重复，例如 -f docx -f pdf。默认 docx 和 pdf。")
@click.option("--department", "-d", "department_names", multiple=True, metavar="部门",
              help="生成这些部门的全部岗位：部门编号或名称，例如 -d sales 或 -d 销售部。可重复。不能与岗位同时使用。")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出文件夹。默认为项目目录下的 artifacts/documents。")
@audience_option("读者：public 不含保密字段（薪酬）；internal 为内部版本，包含保密字段。")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="同时生成的进程数；0 表示使用全部 CPU 核心。")
@click.option("--at", "at", metavar="版本或日期",
              help="生成过去某个版本的岗位说明书：git 提交号、标签、分支，或日期 YYYY-MM-DD（这一天或之前的最后一个提交）。"
                   "从 git 读取，不改动工作区；默认输出到 artifacts/documents/<提交号>/。")
@click.option("--shard", metavar="K/N", callback=lambda ctx, param, value: _shard(value),
              help="只生成 N 等份中的第 K 份（例如 --shard 2/4），供 CI 的多个并行任务分担全部重新生成；"
                   "每个岗位恰好在一份中。")
@format_option(name="--output-format", help="命令输出的格式（--format 是文件格式）：text 给人看，json 给程序读"
                                              "（生成的文件列表，见 docs/cli.md）。")
@root_option
@help_option
def render(role_names, department_names, formats, out_dir, audience, jobs, at, shard, output_format, root):
    """生成岗位说明书文件，每个岗位一个文件：公开版本 <岗位编号>.<格式>，内部版本 <岗位编号>.internal.<格式>。

    岗位可以写编号、名称或别名（例如 sales-rep 或 销售代表）；名称对应多个岗位时请写编号。
    不写岗位时生成全部岗位，或用 --department 生成某些部门的岗位（公开版本不含草稿岗位）。文件先写到临时文件再改名，中断不会留下半个文件。
    用 --at 可以重新生成当时生效的版本（页眉中是那时的版本号和生效日期）。

    招聘启事（-f posting）含有法律禁止的招聘条件（如限男性、本地户口）时拒绝生成，指出岗位文件的行号和法律依据。

    退出码：0 成功，1 知识库有错误、招聘条件违法或文件无法生成，2 用法或环境错误（如岗位或部门不存在、缺少中文字体）。
    """
    from ..content.job_description import in_documents
    from ..errors import EnvironmentProblem, UsageError
    from ..kb import open_knowledge_base
    from ..kb.load import find_roles_dir
    from ..export.selection import select
    from ..render import render_documents

    require_roles_dir(root)
    formats = tuple(dict.fromkeys(formats)) or ("docx", "pdf")
    revision = None
    with unless_invalid("未生成任何文件"):
        if at:  # the documents as they were: read from git, model built in memory
            from ..history.snapshot import SnapshotReader

            snapshot = SnapshotReader(root).at(at)
            revision = snapshot.revision
            kb = snapshot.model(audience)
        else:
            kb = open_knowledge_base(root, audience=audience)
    selection = select(kb, role_names, department_names)
    drafts = [rid for rid, role in kb.roles.items() if not in_documents(role.status, audience)]
    named_drafts = [r.id for r in selection.roles if r.id in drafts] if selection.by_role else []
    if named_drafts:
        raise UsageError(f"岗位 {'、'.join(named_drafts)} 是草稿（status: draft），不生成公开版本的岗位说明书；"
                         "内部审阅请加 --audience internal。")
    role_ids = [r.id for r in selection.roles if r.id not in drafts]
    if shard is not None:
        from ..export.selection import shard as slice_of

        role_ids = slice_of(role_ids, *shard)
    drafts = [rid for rid in drafts if kb.roles[rid] in selection.roles]  # the skipped ones
    if out_dir is None:
        out_dir = find_roles_dir(root).parent / "artifacts" / "documents"
        if revision is not None:
            out_dir = out_dir / revision.commit.short
    problems = []  # warnings of the fair-hiring check (postings)
    try:
        paths = render_documents(kb, out_dir, formats=formats, role_ids=role_ids,
                                 jobs=jobs or os.cpu_count() or 1, problems=problems)
    except OSError as exc:  # out dir is a file, read-only, disk full …
        from ..oserrors import describe

        raise EnvironmentProblem(f"无法写入岗位说明书文件：{describe(exc, out_dir)}") from exc
    roles = len(role_ids)
    if output_format == "json":
        from ..reporters import envelope

        click.echo(envelope("render", "ok", problems, files=[str(p) for p in paths], roles=roles,
                            formats=list(formats), audience=audience, out_dir=str(out_dir),
                            revision=revision.label if revision is not None else None, skipped_drafts=drafts))
        return EXIT_OK
    if problems:
        from ..reporters import problems_as_text
        from .options import color_enabled

        click.echo(problems_as_text(problems, len({p.file for p in problems}), color=color_enabled()), err=True)
    for path in paths:
        click.echo(str(path))
    label = "内部版本（含保密字段）" if audience == "internal" else "公开版本"
    when = f"，{revision.label} 时的版本" if revision is not None else ""
    skipped = f"；跳过 {len(drafts)} 个草稿岗位" if drafts else ""
    click.echo(f"已生成 {roles} 个岗位的 {'、'.join(formats)} 文件（{label}{when}），共 {len(paths)} 个，位于 {out_dir}{skipped}。")
    return EXIT_OK


def _shard(value: str | None) -> tuple[int, int] | None:
    """--shard K/N → (K, N), 1 ≤ K ≤ N."""
    if value is None:
        return None
    parts = value.replace("／", "/").split("/")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise click.BadParameter(f"{value} 应写成 K/N，例如 2/4（4 份中的第 2 份）")
    k, n = (int(p) for p in parts)
    if not 1 <= k <= n:
        raise click.BadParameter(f"{value}：K 应在 1 到 N 之间")
    return k, n
