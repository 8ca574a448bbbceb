"""Half of a CPU-bound job in a forked child process, the other half here: two cores, half the wall time.

    both = in_two(work, items)      # == work(items[0::2]) + work(items[1::2]), in some order

``work`` takes a list and returns a list of plain data (what marshal writes). The child gets
everything it needs by fork (no pickling of the inputs, nothing imported again) and sends its
result back through a pipe; it never touches files, databases or the terminal, and leaves with
os._exit. Anything unusual runs the whole job here, serially, with the same result: no fork
(Windows), other threads running (forking them is unsafe: `mkdocs serve`, tests with a server),
one core, a small job, or a child that fails.
"""
from __future__ import annotations

import marshal
import os
import threading

MIN_ITEMS = 2000  # below this the fork (~5 ms) and the transfer cost more than they save


def _can_fork(items: list, min_items: int) -> bool:
    return (len(items) >= min_items and hasattr(os, "fork") and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1 and os.environ.get("ROLEDOCS_NO_FORK") != "1")


def in_two(work, items: list, min_items: int = MIN_ITEMS) -> list:
    """``work(items[0::2]) + work(items[1::2])``, the second half computed in a forked child
    (serially here when ``items`` has fewer than ``min_items``)."""
    if not _can_fork(items, min_items):
        return work(items)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return work(items)
    if pid == 0:  # the child: compute, write, leave without running any cleanup of the parent's
        status = 1
        try:
            os.close(read_end)
            data = marshal.dumps(work(items[1::2]))
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    mine = work(items[0::2])
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return mine + work(items[1::2])  # the child failed: its half here
    try:
        return mine + marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return mine + work(items[1::2])
