"""`roledocs` run in the test process with click's CliRunner: what the `cli` fixture calls.

Faster than a subprocess (no interpreter start, no re-import of jieba or WeasyPrint) and the
same code path: `roledocs.cli.main`, with its Chinese error handling and exit codes. Tests
whose point is the process itself (lazy imports, the entry point, signals, a terminal) start
a real process instead (support/process_tools.py).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[2]


class CliResult(NamedTuple):
    """What a run of `roledocs` left, named like subprocess.CompletedProcess's fields;
    a tuple too: `code, out, err = cli(...)`."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args, cwd: Path | str = REPO, env: dict[str, str] | None = None,
            input: str | None = None) -> CliResult:
    """Run `roledocs ARGS` in this process, in `cwd`, with `env` added to the environment;
    stdout and stderr are captured apart (not a terminal: no colour)."""
    from click.testing import CliRunner

    from roledocs.cli import main

    runner = CliRunner()
    before = os.getcwd()
    with runner.isolation(input=input, env=env) as (stdout, stderr, _):
        os.chdir(cwd)
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # click's --version and --help exit inside main
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            os.chdir(before)
    return CliResult(code, stdout.getvalue().decode("utf-8", "replace"),
                     stderr.getvalue().decode("utf-8", "replace"))
