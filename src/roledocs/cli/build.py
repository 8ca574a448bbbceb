from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from ..reporters import problems_as_text
from ..kb.validate import validate_knowledge_base
from .options import color_enabled, help_option, require_roles_dir, root_option


@click.command()
@root_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="网站输出目录（默认：项目目录下的 site/）。")
@help_option
@click.pass_context
def build(ctx, root, site_dir):
    """构建整个知识库：校验、搜索索引、Word/PDF 岗位说明书和网站。

    依次：校验 roles/；更新搜索索引；运行 mkdocs build 生成网站，
    每个岗位的 PDF 和 Word 文件在同一次构建中生成到 site/downloads/。
    CI 中每次提交都应运行它。退出码：0 成功，1 知识库有错误或构建失败，2 用法或环境错误。
    """
    require_roles_dir(ctx, root)
    report = validate_knowledge_base(root)
    click.echo(problems_as_text(report.problems, report.files_checked, color=color_enabled()))
    if not report.ok:
        ctx.exit(1)
    roles = sum(d.kind == "role" for d in report.documents)
    click.echo(f"知识库有效：{roles} 个岗位。")

    from ..search.index import ensure_index

    path, rebuilt = ensure_index(root)
    click.echo(f"搜索索引{'已重建' if rebuilt else '已是最新'}：{path}")

    config = Path(root) / "mkdocs.yml"
    if not config.is_file():
        click.echo(f"错误：找不到网站配置 {config}，无法生成网站和岗位说明书文件。", err=True)
        ctx.exit(2)
    site_dir = site_dir or Path(root) / "site"
    # mkdocs runs the roledocs plugin, which renders every role's PDF and Word file into the site.
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config),
                             "-d", str(Path(site_dir).resolve())],
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        click.echo("错误：网站构建失败（见上面 mkdocs 的输出）。", err=True)
        ctx.exit(1)
    downloads = sorted(Path(site_dir).rglob("*.pdf")) + sorted(Path(site_dir).rglob("*.docx"))
    click.echo(f"完成：网站 {site_dir}/，岗位说明书文件 {len(downloads)} 个。")
    ctx.exit(0)
