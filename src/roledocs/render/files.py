"""Atomic writes: a document is either the old file, the new file, or absent — never half written.

A temporary file is named `.<document>.<pid>.<random>.tmp`. A process stopped by
SIGTERM or Ctrl-C removes its own (the CLI turns both into exceptions); one killed
outright cannot, so the next render into the folder removes the temporary files of
processes that no longer run (`remove_stale_temporary_files`).
"""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterator

# .sales-rep.pdf.12345.k2j3h4x_.tmp; older versions wrote .sales-rep.pdf.k2j3h4x_.tmp (no pid)
_TEMPORARY = re.compile(r"\.(?P<name>.+\.(?:docx|pdf|html|md))\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.tmp")


def _file_mode() -> int:
    """What open() would give a new file: 0o666 less the umask (0o644 usually), not mkstemp's 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Yield a temporary file next to `path`; it replaces `path` only if the block succeeds.

    The temporary file is in the same directory so that os.replace is a rename
    on one file system (atomic), not a copy.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode())  # documents are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporary_files(folder: Path) -> list[Path]:
    """Remove the temporary documents that killed processes left in `folder`; returns them."""
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
