"""`roledocs search` without click: the command's work, and a parser for its plain invocations.

    plain_search(args) -> PlainSearch | None     None: let click parse it (help, an error …)
    run_plain_search(request) -> exit code       output and errors exactly as through click
    run(query, limit, department, output_format, root) -> exit code   (cli.search calls it too)

Importing click and the command machinery costs ~30 ms, a fifth of a cold search. The parser
takes only what it understands completely: `search QUERY` with --limit/-n, --department/-d,
--format, --json, --root, each at most once, as `--opt value` or `--opt=value`, with valid values.
Anything else is handed to click unchanged, so help, error messages and exit codes stay click's.
"""
from __future__ import annotations

import os
import sys
from collections import namedtuple
from pathlib import Path

from ..errors import EXIT_OK, EXIT_PROBLEMS
from ..terminal import safe

_VALUED = {"--limit": "limit", "-n": "limit", "--department": "department", "-d": "department",
           "--format": "format", "--root": "root"}
_FORMATS = ("text", "json")  # reporters.OUTPUT_FORMATS; another value goes to click, which says what is wrong
# what click.style gives (fg="red", bold=True) and (bold=True)
_RED_BOLD, _BOLD, _RESET = "\033[31m\033[1m", "\033[1m", "\033[0m"


class PlainSearch(namedtuple("PlainSearch", "query limit department output_format root")):
    """A `roledocs search` invocation with every value checked as click would (a named tuple:
    dataclasses would cost ~15 ms of import)."""

    __slots__ = ()


def plain_search(args: list[str]) -> PlainSearch | None:
    """The search `args` ask for, or None when click should parse them."""
    if not args or args[0] != "search":
        return None
    values: dict[str, str | bool] = {}
    query = None
    rest = list(args[1:])
    while rest:
        arg = rest.pop(0)
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if arg == "--json" and "json" not in values:
            values["json"] = True
        elif name in _VALUED and _VALUED[name] not in values:
            if not eq:
                if not rest or rest[0].startswith("-"):
                    return None
                value = rest.pop(0)
            values[_VALUED[name]] = value
        elif arg.startswith("-") or query is not None:
            return None  # -h, --help, an unknown or repeated option, "--", a second query …
        else:
            query = arg
    limit, fmt, root = values.get("limit", "10"), values.get("format", "text"), values.get("root", ".")
    if query is None or not limit.isascii() or not limit.isdigit() or not 1 <= int(limit) <= 1000:
        return None
    if fmt not in _FORMATS or (os.path.exists(root) and not (os.path.isdir(root) and os.access(root, os.R_OK))):
        return None  # click.Path(file_okay=False) refuses a file and an unreadable folder
    return PlainSearch(query, int(limit), values.get("department"), "json" if values.get("json") else fmt, Path(root))


def run_plain_search(request: PlainSearch) -> int:
    """Run the search; a failure is said as cli.app says it (the same message, the same exit code)."""
    from . import Terminated

    try:
        try:
            return run(request.query, request.limit, request.department, request.output_format, request.root)
        except (EOFError, KeyboardInterrupt) as exc:  # as click: a new line, then "cancelled"
            print(file=sys.stderr)
            import click

            raise click.Abort() from exc
    except (Terminated, Exception) as exc:
        from .app import failure
        from .options import Invocation

        json = request.output_format == "json"
        return failure(exc, Invocation("search" if json else "", json))


def run(query: str, limit: int, department: str | None, output_format: str, root: Path) -> int:
    """Search the project at ``root`` and print the result: 0 found, 1 nothing found."""
    from ..search import search_project

    _require_roles_dir(root)
    result = search_project(root, query, limit=limit, department=department)
    code = EXIT_OK if result.hits else EXIT_PROBLEMS
    for warning in result.warnings:
        _echo(f"警告：{safe(warning)}", err=True)
    if output_format == "json":
        from ..reporters import envelope, status_of

        _echo(envelope("search", status_of(code), **result.as_dict()))
    if output_format == "json" and not result.hits:
        from ..search.present import no_hit_lines

        _echo("\n".join(no_hit_lines(result, _width())), err=True)
        return code
    if output_format != "json":
        from ..search.present import no_hit_lines, result_lines

        if not result.hits:
            _echo("\n".join(no_hit_lines(result, _width())))
            return code
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")  # as options.color_enabled
        lines = result_lines(result, _width(),
                             mark=(lambda t: _RED_BOLD + t + _RESET) if color else None,
                             bold=(lambda t: _BOLD + t + _RESET) if color else None)
        _echo("\n".join(lines))
    return code


def _require_roles_dir(root: Path) -> None:
    """As options.require_roles_dir: a missing knowledge base is an environment error (exit 2)."""
    from ..errors import EnvironmentProblem
    from ..kb.layout import find_roles_dir

    if not find_roles_dir(root).is_dir():
        raise EnvironmentProblem(f"在 {root} 找不到知识库文件夹 roles/。请在项目目录中运行，或用 --root 指定。")


def _echo(text: str, err: bool = False) -> None:
    """click.echo: the text and a new line, flushed."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def _width() -> int:
    """The terminal's columns (COLUMNS when set, 80 when not a terminal)."""
    import shutil

    return shutil.get_terminal_size().columns
