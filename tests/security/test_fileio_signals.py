"""A SIGTERM that arrives just as the temporary file is created (the CI saw one: `kill` sent the
moment the file appeared) still removes it: the signal is held until the removal is armed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import os, signal, sys, tempfile
from pathlib import Path
from roledocs import fileio
from roledocs.cli import _terminate

signal.signal(signal.SIGTERM, _terminate)  # as the roledocs process does: unwind, run `finally`
real = tempfile.mkstemp

def mkstemp_then_sigterm(*args, **kwargs):
    made = real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGTERM)  # delivered right after the file exists
    return made

tempfile.mkstemp = mkstemp_then_sigterm
target = Path(sys.argv[1]) / "sales-rep.pdf"
try:
    with fileio.atomic_output(target) as handle:
        handle.write(b"%PDF")
except SystemExit as exc:
    print("TERMINATED", exc.code)
print("LEFT", sorted(p.name for p in target.parent.iterdir()))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_right_after_the_temporary_file_is_created_leaves_nothing(tmp_path):
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True,
                            timeout=60)
    assert "TERMINATED 143" in result.stdout, result.stdout + result.stderr
    assert "LEFT []" in result.stdout, result.stdout + result.stderr
