"""Options shared by several commands."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="项目目录（包含 roles/ 文件夹），也可以直接指向 roles/。")
help_option = click.help_option("-h", "--help", help="显示帮助并退出。")


def color_enabled() -> bool:
    """Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def require_roles_dir(ctx: click.Context, root: Path) -> None:
    """A missing knowledge base is an environment error (exit 2), not a problem in it."""
    from ..kb.load import find_roles_dir

    if not find_roles_dir(root).is_dir():
        click.echo(f"错误：在 {root} 找不到知识库文件夹 roles/。请在项目目录中运行，或用 --root 指定。", err=True)
        ctx.exit(2)


def exit_invalid(ctx: click.Context, report, consequence: str) -> None:
    """The knowledge base has errors: show them as `validate` does, say what was not done, exit 1."""
    from ..reporters import problems_as_text

    click.echo(problems_as_text(report.problems, report.files_checked, color=color_enabled()), err=True)
    click.echo(f"错误：知识库有错误，{consequence}。请先修正上面的问题（roledocs validate）。", err=True)
    ctx.exit(1)
