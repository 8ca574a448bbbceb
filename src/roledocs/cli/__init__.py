"""The `roledocs` command: parse arguments, call the library, choose the exit code.

Exit codes: 0 ok (warnings allowed), 1 problems found, 2 usage or environment error.
A plain `roledocs search …` runs without click (cli.fast_search: importing click and the
command machinery would be a fifth of a cold search); everything else, and any search
invocation that small parser does not take (--help, a wrong value …), goes to click (cli.app).
Names of cli.app (COMMANDS, cli …) can be imported from here.
"""
from __future__ import annotations

import signal
import sys


class Terminated(SystemExit):
    """SIGTERM or SIGHUP: unwind like Ctrl-C, so `finally` blocks remove temporary files."""


def _terminate(signum, frame):
    raise Terminated(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Run `roledocs ARGV`; returns the exit code (0 ok, 1 problems found, 2 usage or environment
    error). Every RoledocsError is said here, once; without `argv` (the process itself) it exits."""
    from .fast_search import plain_search, run_plain_search

    request = plain_search(sys.argv[1:] if argv is None else argv)
    if request is None:
        from .app import main as click_main

        return click_main(argv)
    if argv is None:  # the `roledocs` process itself, not a caller's process
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), _terminate)
    code = run_plain_search(request)
    if argv is None:
        sys.exit(code)
    return code


def __getattr__(name: str):
    import importlib

    app = importlib.import_module(f"{__name__}.app")  # not `from . import app`: that asks __getattr__ again
    try:
        return getattr(app, name)
    except AttributeError:
        raise AttributeError(f"module 'roledocs.cli' has no attribute {name!r}") from None


if __name__ == "__main__":  # pragma: no cover
    main()
