"""CPU-bound work in a forked child process while this one goes on: two cores, less wall time.

    both = in_two(work, items)      # == work(items), in two processes, in some order
    later = aside(work)             # work() starts in a child …
    later.ready()                   # (is it done?)
    result = later()                # … and its result is here (or work() runs here now)

``work`` returns plain data (what marshal writes). The child gets everything it needs by fork
(no pickling of the inputs, nothing imported again) and sends its result back through a pipe; it
writes no files, databases or terminal output (it may read, with connections of its own: the
parse cache's are let go by kb.cache.for_child_process) and leaves with os._exit. Anything unusual runs the whole job here, serially, with the same result: no fork
(Windows), other threads running (forking them is unsafe: `mkdocs serve`, tests with a server),
one core, a small job, or a child that fails.
"""
from __future__ import annotations

import marshal
import os
import select
import signal
import struct
import threading

_IN_CHILD = False
MIN_ITEMS = 2000  # below this the fork (~5 ms) and the transfer cost more than they save


def can_fork() -> bool:
    """Whether a child process may be forked now (see the module's docstring)."""
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and os.environ.get("ROLEDOCS_NO_FORK") != "1")


def _can_fork(items: list, min_items: int) -> bool:
    return len(items) >= min_items and can_fork()


def aside(work, *, in_child=None):
    """Start ``work()`` in a forked child; returns a function that waits for it and returns its
    result (plain data), or runs ``work()`` here when there is no child or it failed; its
    ``cancel()`` stops the child when the result is not wanted. ``in_child``: called first in
    the child (to let go of what only the parent may use)."""
    global _IN_CHILD
    if not can_fork():
        return _here(work)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return _here(work)
    if pid == 0:
        _IN_CHILD = True
        status = 1
        try:
            os.close(read_end)
            if in_child is not None:
                in_child()
            data = marshal.dumps(work())
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def result():
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0:
            try:
                return marshal.loads(data)
            except (ValueError, EOFError, TypeError):
                pass
        return work()  # the child failed: here

    def cancel():
        """The result is not wanted after all: stop the child."""
        os.close(read_end)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

    def ready() -> bool:
        """Whether the child is done (its result written, or it has ended): no longer busy.
        (poll, not select: select fails for descriptor numbers above 1023.)"""
        pipe = select.poll()
        pipe.register(read_end, select.POLLIN)
        return bool(pipe.poll(0))
    result.cancel = cancel
    result.ready = ready
    return result


def done(value):
    """`aside`'s result for a value already at hand: nothing runs, nothing to wait for."""
    return _here(lambda: value)


def _here(work):
    """`aside`'s result when there is no child: ``work()`` runs when the result is asked for."""
    def result():
        return work()
    result.cancel = lambda: None
    result.ready = lambda: True  # no other process is busy
    return result


def in_two(work, items: list, min_items: int = MIN_ITEMS, slices: int = 64) -> list:
    """``work`` over all of ``items`` (its results concatenated, in some order), shared with a
    forked child (serially here when ``items`` has fewer than ``min_items``).

    The two processes take the items a slice at a time (``slices`` of them, numbered in a pipe:
    each read takes the next number) until none is left: halves fixed in advance finished up to
    0.3 s apart (the parent also has the child's result to read, and a process may be slowed
    by the rest of the machine), now the faster one takes more."""
    if not _can_fork(items, min_items):
        return work(items)
    return _shared(None, work, items, slices)[1]


def first_then_in_two(first, work, items: list, *, in_child=None, slices: int = 64) -> tuple:
    """``(first(), work over all of items)``: a forked child does ``first`` and then takes the
    slices of the items (see in_two) this process has not taken yet; this process starts on them
    at once. Two jobs of which only one can be shared: however long ``first`` takes, both
    processes are busy until the end (serially here when no process can be forked).
    ``in_child``: as for ``aside``; ``first``'s result is plain data."""
    if not can_fork():
        return first(), work(items)
    return _shared(first, work, items, slices, in_child)


def _shared(first, work, items: list, slices: int, in_child=None) -> tuple:
    """(first() or None, work over all of items), shared with a forked child (in_two)."""
    # every slices-th item in a slice: items sorted by their work (similarity's blocks, largest
    # first) give slices of about equal work, not a first slice with the largest blocks
    parts = [items[start::slices] for start in range(min(slices, len(items)))]
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, struct.pack(f"<{len(parts)}H", *range(len(parts))))  # ≤ 4 KiB: one write
    finally:
        os.close(write_end)

    def share(own=None) -> list:
        """(own() or None, the numbers of the slices this process took, the results of their work)."""
        head = own() if own is not None else None
        done, out = [], []
        while len(ticket := os.read(read_end, 2)) == 2:
            number = struct.unpack("<H", ticket)[0]
            out.extend(work(parts[number]))
            done.append(number)
        return [head, done, out]

    try:
        later = aside(lambda: share(first), in_child=in_child)
        mine, theirs = share(), later()
    finally:
        os.close(read_end)
    # a child that failed took slices it never finished: they are done here
    left = set(range(len(parts))) - set(mine[1]) - set(theirs[1])
    return theirs[0], mine[2] + theirs[2] + [result for number in sorted(left) for result in work(parts[number])]


def in_child() -> bool:
    """Whether this is a child forked by this module (its results go back as plain data)."""
    return _IN_CHILD
