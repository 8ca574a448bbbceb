"""`roledocs build`: validate once, index, and build the site (with every role's PDF and Word file).

MkDocs runs in this process (roledocs.site.build) with the validation handed to the plugin,
into a staging folder beside the target that is swapped in only when the build succeeded
(roledocs.site_dir): a failed, interrupted (SIGTERM, Ctrl-C: the CLI unwinds) or killed
build leaves the previous site whole.
"""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from ..errors import EXIT_OK
from ..reporters import problems_as_text
from ..kb.validate import validate_knowledge_base
from .options import color_enabled, format_option, help_option, require_roles_dir, root_option

@click.command()
@root_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="网站输出目录（默认：项目目录下的 site/）。必须是新的或空的文件夹，或以前生成的网站。")
@format_option(help="输出格式：text 给人看；json 在最后输出结果（见 docs/cli.md），过程信息写到标准错误。")
@help_option
def build(root, site_dir, output_format):
    """构建整个知识库：校验、搜索索引、Word/PDF 岗位说明书和网站。

    依次：校验 roles/；更新搜索索引；运行 mkdocs build 生成网站，
    每个岗位的 PDF 和 Word 文件在同一次构建中生成到 site/downloads/。
    新网站先生成在输出目录旁边的临时文件夹中，成功后才替换旧网站：构建失败或被中断时旧网站保持不变。
    CI 中每次提交都应运行它。退出码：0 成功，1 知识库有错误或构建失败，2 用法或环境错误。
    """
    if output_format == "json":  # stdout carries only the JSON: progress goes to stderr
        with contextlib.redirect_stdout(sys.stderr):
            outcome = _build(root, site_dir)
        from ..reporters import envelope

        click.echo(envelope("build", "ok", outcome.pop("problems"), **outcome))
        return EXIT_OK
    _build(root, site_dir)
    return EXIT_OK


def _build(root, site_dir) -> dict:
    """Validate, index, build the site; returns what the JSON output reports. Failures raise
    (RoledocsError: roledocs.cli.main says why and exits with its code)."""
    from ..errors import EXIT_PROBLEMS, EnvironmentProblem, RoledocsError
    from ..kb import InvalidKnowledgeBase
    from ..site_dir import check_site_dir, replace_site, staging_for

    require_roles_dir(root)
    config = Path(root) / "mkdocs.yml"
    if not config.is_file():
        raise EnvironmentProblem(f"找不到网站配置 {config}，无法生成网站和岗位说明书文件。")
    site_dir = Path(site_dir) if site_dir else Path(root) / "site"
    # before anything else: a wrong --site-dir is a usage error (UnsafeSiteDir), found in milliseconds
    target = check_site_dir(site_dir, root, _docs_dir(config))

    report = validate_knowledge_base(root)
    if not report.ok:
        raise InvalidKnowledgeBase(report, "未生成网站")
    click.echo(problems_as_text(report.problems, report.files_checked, color=color_enabled()))
    roles = sum(d.kind == "role" for d in report.documents)
    click.echo(f"知识库有效：{roles} 个岗位。")

    from ..search.index import IndexNotWritable, default_index_path, ensure_index, index_damaged

    try:
        path, rebuilt = ensure_index(root, force=index_damaged(default_index_path(root)))
        click.echo(f"搜索索引{'已重建' if rebuilt else '已是最新'}：{path}")
    except IndexNotWritable as exc:  # the site does not need it; roledocs search builds one in memory
        click.echo(f"警告：{exc}", err=True)

    from ..oserrors import describe
    from ..site.build import SiteBuildFailed, build_site

    kept = f"原来的网站 {site_dir} 没有改动。"
    with staging_for(target) as staging:
        # the roledocs plugin renders every role's PDF and Word file into the site
        try:
            build_site(config, staging, report)
        except SiteBuildFailed as exc:
            raise SiteBuildFailed(f"{exc}\n{kept}") from None
        except OSError as exc:  # a full disk, a read-only folder
            raise RoledocsError(f"无法写入网站：{describe(exc)}。{kept}", exit_code=EXIT_PROBLEMS) from None
        replace_site(target, staging)
    downloads = sorted(target.rglob("*.pdf")) + sorted(target.rglob("*.docx"))
    click.echo(f"完成：网站 {site_dir}/，岗位说明书文件 {len(downloads)} 个。")
    return {"problems": report.problems, "roles": roles, "site": str(site_dir), "downloads": len(downloads)}


def _docs_dir(config: Path) -> Path:
    """mkdocs.yml's docs_dir (default docs/), read without running MkDocs: its tags
    (!!python/name:…, !ENV) are skipped, not executed."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    docs = data.get("docs_dir") if isinstance(data, dict) else None
    return (config.parent / str(docs or "docs")).resolve()
