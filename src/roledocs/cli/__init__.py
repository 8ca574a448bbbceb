"""The `roledocs` command: parse arguments, call the library, choose the exit code.

Exit codes: 0 ok (warnings allowed), 1 problems found, 2 usage or environment error.
A plain `roledocs search …` runs without click (cli.fast_search: importing click and the
command machinery would be a fifth of a cold search); everything else, and any search
invocation that small parser does not take (--help, a wrong value …), goes to click (cli.app).
Names of cli.app (COMMANDS, cli …) can be imported from here.
"""
from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from typing import NoReturn


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
        end_process(code)
    return code


def end_process(code: int) -> NoReturn:
    """End the `roledocs` process with exit code `code`.

    A big command leaves millions of objects behind (a 1,000-role lint: the files' values and
    positions, the model, the findings). The interpreter's shutdown would run a full garbage
    collection over them and free them one by one, 0.2 s the user waits for, before the operating
    system takes the memory back anyway. So once the exit handlers have run (the parse cache
    writes what is pending in one) and the output is flushed, the process ends at once: os._exit
    after the exit handlers, as Instagram's Python servers end. With other threads still running
    (they are waited for) or output that cannot be flushed (a closed pipe), the usual exit."""
    if threading.active_count() == 1:
        atexit._run_exitfuncs()  # (their usual order: last registered first)
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        else:
            os._exit(code)
    sys.exit(code)


def __getattr__(name: str):
    import importlib

    app = importlib.import_module(f"{__name__}.app")  # not `from . import app`: that asks __getattr__ again
    try:
        return getattr(app, name)
    except AttributeError:
        raise AttributeError(f"module 'roledocs.cli' has no attribute {name!r}") from None


if __name__ == "__main__":  # pragma: no cover
    main()
