"""Options and helpers shared by several commands."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from ..reporters import OUTPUT_FORMATS

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="项目目录（包含 roles/ 文件夹），也可以直接指向 roles/。")
help_option = click.help_option("-h", "--help", help="显示帮助并退出。")


@dataclass
class Invocation:
    """What `roledocs.cli.main` needs to know about the running command when it fails:
    its name and whether its output is JSON (then the failure is printed as an envelope too)."""

    command: str = ""
    json: bool = False


def _remember_format(ctx: click.Context, param, value: str) -> str:
    invocation = ctx.find_object(Invocation)
    if invocation is not None and value == "json":
        invocation.command, invocation.json = ctx.command.name, True
    return value


def format_option(*more: str, name: str = "--format",
                  help: str = "输出格式：text 给人看，json 给程序（CI）读（格式见 docs/cli.md）。"):
    """--format text|json (and the command's `more` formats); with json, a failure is printed
    as the JSON envelope as well. `name`: another option name where --format means something else."""
    return click.option(name, "output_format", type=click.Choice(OUTPUT_FORMATS + more), default="text",
                        show_default=True, callback=_remember_format, help=help)


def color_enabled() -> bool:
    """Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(text: str) -> None:
    """Print a command's output and a line break: what click.echo does with it (there are colour
    codes in it only for a terminal, where click keeps them), without its two copies of the text
    (a lint report of 28,000 findings is 30 MB)."""
    sys.stdout.write(text)
    sys.stdout.write("\n")
    sys.stdout.flush()


def require_roles_dir(root: Path) -> None:
    """A missing knowledge base is an environment error (exit 2), not a problem in it."""
    from ..errors import EnvironmentProblem
    from ..kb.layout import find_roles_dir

    if not find_roles_dir(root).is_dir():
        raise EnvironmentProblem(f"在 {root} 找不到知识库文件夹 roles/。请在项目目录中运行，或用 --root 指定。")


@contextmanager
def unless_invalid(consequence: str):
    """Inside it, an invalid knowledge base stops the command: `roledocs.cli.main` shows its
    problems, then what was therefore not done ("未导出工作簿"), and exits 1."""
    from ..kb import InvalidKnowledgeBase

    try:
        yield
    except InvalidKnowledgeBase as exc:
        raise InvalidKnowledgeBase(exc.report, consequence) from None


def audience_option(help: str):
    """--audience public|internal (the audiences of roledocs.kb.model)."""
    from ..kb.model import AUDIENCES

    return click.option("--audience", type=click.Choice(AUDIENCES), default=AUDIENCES[0], show_default=True, help=help)
