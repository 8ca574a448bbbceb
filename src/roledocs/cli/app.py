"""The `roledocs` command with click: parse arguments, call the library, choose the exit code.

Exit codes: 0 ok (warnings allowed), 1 problems found, 2 usage or environment error.
Commands live in their own modules and are imported only when run, so
`roledocs validate` never pays for jieba, WeasyPrint or python-docx.
`roledocs.cli.main` comes here for everything but a plain search (cli.fast_search).
"""
from __future__ import annotations

import errno
import importlib
import os
import re
import signal
import sys

import click

from ..errors import EXIT_OK, EXIT_USAGE, RoledocsError
from . import Terminated, _terminate, end_process
from .options import Invocation

# command name → "module:function"; each module defines a click command
COMMANDS = {
    "init": "roledocs.cli.init:init",
    "validate": "roledocs.cli.validate:validate",
    "build": "roledocs.cli.build:build",
    "import": "roledocs.cli.import_:import_",
    "index": "roledocs.cli.index:index",
    "search": "roledocs.cli.search:search",
    "render": "roledocs.cli.render:render",
    "diff": "roledocs.cli.diff:diff",
    "history": "roledocs.cli.history:history",
    "bump": "roledocs.cli.bump:bump",
    "review": "roledocs.cli.review:review",
    "export": "roledocs.cli.export:export",
    "lint": "roledocs.cli.lint:lint",
    "new": "roledocs.cli.new:new",
    "list": "roledocs.cli.list_:list_roles",
    "site": "roledocs.cli.site:site",
}


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help, with Chinese headings and defaults."""

    HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """Writes 用法：… instead of Usage: …"""
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        """Writes 选项：, 命令：, 参数：."""
        self.write(f"{'':>{self.current_indent}}{self.HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows, *args, **kwargs) -> None:
        """Writes the option list with [默认：…], [必填]."""
        words = {"[default: ": "[默认：", "[required]": "[必填]", "[env var: ": "[环境变量："}

        def translate(text: str) -> str:
            for english, chinese in words.items():
                text = text.replace(english, chinese)
            return text
        super().write_dl([(term, translate(text)) for term, text in rows], *args, **kwargs)


# click's own messages are English; these are the ones users meet
_MESSAGES = [
    (re.compile(r"No such option:? '?([^'\s]+?)'?\.?(?:$|\s)"),
     lambda m: f"没有选项 {m[1]}" + _did_you_mean(m.string)),
    (re.compile(r"No such command '(.+)'\."), lambda m: f"没有命令 {m[1]}"),
    (re.compile(r"Missing argument '(.+)'\."), lambda m: f"缺少参数 {m[1]}"),
    (re.compile(r"Missing option '(.+)'\."), lambda m: f"缺少选项 {m[1]}"),
    (re.compile(r"Option '(.+)' requires an argument\."), lambda m: f"选项 {m[1]} 需要一个值"),
    # the parameter is quoted, an option with its short form as '--out' / '-o'
    (re.compile(r"Invalid value for ((?:'[^']*'(?: / )?)+): (.*)", re.S),
     lambda m: f"{_unquote(m[1])} 的值无效：{_translate_value(m[2])}"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), lambda m: f"多余的参数：{m[1]}"),
]

# what click says about a value (click.Path, click.Choice, click.IntRange …)
_PATH = r"(?:File|Directory|Path) (?P<q>['\"])(?P<path>.*)(?P=q)"
_VALUE_MESSAGES = [
    (re.compile(_PATH + r" does not exist\.$", re.S), "{path} 不存在"),
    (re.compile(_PATH + r" is a file\.$", re.S), "{path} 是一个文件，这里需要文件夹"),
    (re.compile(_PATH + r" is a directory\.$", re.S), "{path} 是一个文件夹，这里需要文件"),
    (re.compile(_PATH + r" is not readable\.$", re.S), "{path} 没有读取权限"),
    (re.compile(_PATH + r" is not writable\.$", re.S), "{path} 没有写入权限"),
    (re.compile(r"(?P<value>.*) is not (?:one of )?(?P<choices>'.*)\.$", re.S), "{value} 不是可选的值（可选：{choices}）"),
    (re.compile(r"(?P<value>.*) is not a valid (?:integer|float)(?: range)?\.$", re.S), "{value} 不是有效的数字"),
    (re.compile(r"(?P<value>.*) is not in the range (?P<range>.*)\.$", re.S), "{value} 超出允许的范围（{range}）"),
]


def _did_you_mean(message: str) -> str:
    options = re.findall(r"'(--[\w-]+)'", message.partition("Did you mean")[2])
    return f"，是否想写 {' / '.join(options)}？" if options else ""


def _translate(message: str) -> str:
    for pattern, render in _MESSAGES:
        match = pattern.search(message)
        if match:
            return render(match)
    return message


def _unquote(names: str) -> str:
    """'--out' / '-o' → --out / -o"""
    return " / ".join(re.findall(r"'([^']*)'", names))


def _range(text: str) -> str:
    """click's 1<=x<=1000 / x>=0 / 0<x said in words: 1 到 1000 / 不小于 0 / 大于 0."""
    both = re.fullmatch(r"([\d.]+)(<=?)x(<=?)([\d.]+)", text)
    if both:
        low, high = both[1], both[4]
        return f"{low} 到 {high}" if both[2] == both[3] == "<=" else f"{low} 与 {high} 之间"
    one = re.fullmatch(r"x(>=|>|<=|<)([\d.]+)|([\d.]+)(<=|<)x", text)
    if not one:
        return text
    sign, number = (one[1], one[2]) if one[1] else ({"<=": ">=", "<": ">"}[one[4]], one[3])
    return {">=": "不小于 ", ">": "大于 ", "<=": "不大于 ", "<": "小于 "}[sign] + number


def _translate_value(message: str) -> str:
    for pattern, template in _VALUE_MESSAGES:
        match = pattern.match(message.strip())
        if match:
            fields = {k: v.strip("'\"") for k, v in match.groupdict().items() if v is not None}
            if "choices" in fields:
                fields["choices"] = _unquote(match["choices"]).replace(" / ", "、")
            if "range" in fields:
                fields["range"] = _range(fields["range"])
            return template.format(**fields)
    return message


class ChineseContext(click.Context):
    """A context whose help is Chinese."""

    formatter_class = ChineseHelpFormatter


class LazyGroup(click.Group):
    """The `roledocs` group: a command's module is imported only when that command runs."""

    context_class = ChineseContext

    def list_commands(self, ctx):
        """The command names, sorted."""
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        """The click command `name` (its module imported now), or None."""
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name].split(":")
        command = getattr(importlib.import_module(module), attr)
        command.context_class = ChineseContext
        return command


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.version_option(package_name="roledocs", message="roledocs %(version)s", help="显示版本并退出。")
@click.help_option("-h", "--help", help="显示帮助并退出。")
def cli():
    """roledocs：岗位说明书知识库工具。

    校验 roles/ 中的 YAML 岗位文件，生成 Word / PDF 岗位说明书、搜索索引和知识库网站。
    每个命令都可以用 --help 查看说明，例如 roledocs validate --help。
    """


def _show_error(exc: RoledocsError, invocation: Invocation) -> int:
    """Say what went wrong (its problems first, when it has any) and return its exit code.
    A command asked for JSON also gets its failure as the envelope on stdout."""
    from ..terminal import safe_lines

    report = getattr(exc, "report", None)  # an invalid knowledge base, a refused job posting
    problems = list(report.problems) if report is not None else []
    if invocation.json:
        from ..reporters import envelope

        click.echo(envelope(invocation.command, "fail", problems, error=str(exc)))
    elif report is not None:
        from ..reporters import problems_as_text
        from .options import color_enabled

        click.echo(problems_as_text(problems, report.files_checked, color=color_enabled()), err=True)
    click.echo(f"错误：{safe_lines(exc)}", err=True)  # messages may quote YAML: no control characters
    return exc.exit_code


def main(argv: list[str] | None = None) -> int:
    """Run `roledocs ARGV`; returns the exit code (0 ok, 1 problems found, 2 usage or environment
    error). Every RoledocsError is said here, once; without `argv` (the process itself) it exits."""
    if argv is None:  # the `roledocs` process itself, not a caller's process
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), _terminate)
    invocation = Invocation()
    try:
        result = cli.main(args=argv, prog_name="roledocs", standalone_mode=False, obj=invocation)
    except (Terminated, Exception) as exc:
        code = failure(exc, invocation)
    else:
        code = result if isinstance(result, int) else EXIT_OK
    if __name__ == "__main__" or argv is None:
        end_process(code)
    return code


def failure(exc: BaseException, invocation: Invocation) -> int:
    """Say why a command stopped, once, and return the exit code (for main and cli.fast_search)."""
    if isinstance(exc, Terminated):
        click.echo("已终止。", err=True)
        return exc.code
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        click.echo(exc.ctx.get_help())
        return EXIT_OK
    if isinstance(exc, click.UsageError):
        if exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
            click.echo(f"运行 “{exc.ctx.command_path} --help” 查看说明。", err=True)
        click.echo(f"错误：{_translate(exc.format_message())}", err=True)
        return EXIT_USAGE
    if isinstance(exc, RoledocsError):  # bad input or environment, told in Chinese by the library
        return _show_error(exc, invocation)
    if isinstance(exc, click.ClickException):
        click.echo(f"错误：{exc.format_message()}", err=True)
        return EXIT_USAGE
    if isinstance(exc, click.Abort):
        click.echo("已取消。", err=True)
        return EXIT_USAGE
    if isinstance(exc, OSError):  # a full disk, a read-only folder …: the environment, not a bug
        if exc.errno == errno.EPIPE:  # the reader went away (`| head`): as click's own main does
            from click.utils import PacifyFlushWrapper

            sys.stdout, sys.stderr = PacifyFlushWrapper(sys.stdout), PacifyFlushWrapper(sys.stderr)
            sys.exit(1)
        from ..oserrors import describe

        click.echo(f"错误：{describe(exc)}", err=True)
        return EXIT_USAGE
    if os.environ.get("ROLEDOCS_DEBUG"):  # a bug, not bad input: say so briefly instead of a traceback
        raise exc
    click.echo(f"roledocs 内部错误：{type(exc).__name__}: {exc}\n"
               "请设置环境变量 ROLEDOCS_DEBUG=1 重新运行以查看详细信息，并报告给维护者。", err=True)
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    main()
