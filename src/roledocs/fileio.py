"""Atomic writes, the one way roledocs writes a file: a file is either the old one, the new one,
or absent — never half written. Documents, exports, postings, import drafts, version bumps and
the search index all write through here.

The temporary file is `.<name>.<pid>.<random>.tmp` in the target's own folder, so the final
os.replace is a rename on one file system (atomic), not a copy. A process stopped by SIGTERM or
Ctrl-C removes its own (the CLI turns both into exceptions); one killed outright cannot, so the
next render into the folder removes the temporary files of processes that no longer run
(`remove_stale_temporary_files`).
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO, Iterator

# .sales-rep.pdf.12345.k2j3h4x_.tmp; older versions wrote .sales-rep.pdf.k2j3h4x_.tmp (no pid)
_TEMPORARY = re.compile(r"\.(?P<name>.+?)\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.tmp")


def _new_file_mode() -> int:
    """What open() would give a new file: 0o666 less the umask (0o644 usually), not mkstemp's 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _mode_for(path: Path) -> int:
    """A replaced file keeps its permissions; a new one gets open()'s (files are meant to be shared)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return _new_file_mode()


@contextlib.contextmanager
def atomic_path(path: Path, *, replace: bool = True) -> Iterator[Path]:
    """Yield a temporary path next to `path` for a writer that needs a file name (SQLite); when
    the block succeeds the file becomes `path`. With `replace=False` an existing `path` is never
    overwritten: FileExistsError, even when it appeared meanwhile (os.link refuses)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = None
    held = _hold_termination()
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
        os.close(fd)
        _release(held)  # a SIGTERM that came meanwhile unwinds from here, through the finally below
        yield Path(tmp)
        os.chmod(tmp, _mode_for(path))
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
    finally:
        _release(held)
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


_TERMINATION = {getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)}


def _hold_termination():
    """Hold SIGTERM, SIGHUP and Ctrl-C while the temporary file is created: delivered between its
    creation and the `try` that removes it, they would leave it behind. Returns the previous mask
    (None where signals cannot be held: Windows, or not the main thread)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _TERMINATION)


def _release(held) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextlib.contextmanager
def atomic_output(path: Path, *, replace: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary file handle; what is written replaces `path` only if the block succeeds
    (flushed to disk first). `replace=False`: see atomic_path."""
    with atomic_path(path, replace=replace) as tmp:
        with open(tmp, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())


def atomic_write_text(path: Path, text: str, *, replace: bool = True) -> None:
    """Write `text` as UTF-8 (line ends as given) atomically; `replace=False`: see atomic_path."""
    data = text.encode("utf-8")  # before the temporary file exists: text that cannot be encoded leaves nothing
    with atomic_output(path, replace=replace) as handle:
        handle.write(data)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporary_files(folder: Path) -> list[Path]:
    """Remove the temporary files that killed processes left in `folder`; returns them."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:  # no folder yet, nothing to clean
        return removed
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match and entry.is_file() and not (match["pid"] and _running(int(match["pid"]))):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed
