"""Helpers for tests that stop, measure or confine real processes: snapshots of folders,
waiting for a file to appear, peak memory of a child, a private mount namespace
(a full disk is a small tmpfs, a read-only checkout a read-only bind mount)."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ENV = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too): relative path → sha256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def wait_for(condition, proc: subprocess.Popen, what: str, timeout: float = 600, poll: float = 0.01):
    """Poll `condition()` until it returns something truthy; fail if `proc` ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the process ended (exit {proc.returncode}) before {what}:\n{out}\n{err}")
        time.sleep(poll)
    proc.kill()
    pytest.fail(f"timed out waiting for {what}")


def roledocs_run(*args, cwd=None, env=None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`roledocs ARGS` in a fresh process, for tests whose point is the process: state a process
    reads once (fontconfig's configuration), the entry point. Everything else uses the `cli` fixture."""
    return subprocess.run([sys.executable, "-m", "roledocs.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env={**ENV, **(env or {})}, timeout=timeout)


def roledocs_process(*args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "roledocs.cli", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=kwargs.pop("env", ENV), **kwargs)


# Linux keeps a process's peak RSS across execve, and a child started from this (large) pytest
# process starts from pytest's peak: wait4 would report pytest's memory, not the command's. A small
# launcher process starts the command and reports the command's own peak.
_LAUNCHER = ("import os, subprocess, sys\n"
             "proc = subprocess.Popen(sys.argv[2:])\n"
             "_, status, usage = os.wait4(proc.pid, 0)\n"
             "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
             "sys.exit(os.waitstatus_to_exitcode(status))\n")


def run_measured(args, workdir: Path, timeout: float = 300) -> tuple[int, str, str, float]:
    """Run a command; (exit code, stdout, stderr, peak RSS in MiB of the command and the
    children it waited for), measured by wait4 in a small launcher process."""
    out, err, peak = workdir / "measured.stdout", workdir / "measured.stderr", workdir / "measured.maxrss"
    with open(out, "wb") as o, open(err, "wb") as e:
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(peak), *map(str, args)],
                                stdout=o, stderr=e, env=ENV, start_new_session=True)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)  # the launcher and the command: their own process group
        proc.wait()
        pytest.fail(f"{args} did not finish in {timeout} s")
    return (proc.returncode, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"),
            int(peak.read_text()) / 1024)


def namespaces_work() -> bool:
    """`unshare -Urm` (a user and mount namespace) lets a test mount a tmpfs without root."""
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-Urm", "true"], capture_output=True).returncode == 0


needs_namespaces = pytest.mark.skipif(not namespaces_work(), reason="unshare -Urm is not permitted here")


def in_namespace(script: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run a shell script in a private mount namespace (its mounts vanish with it)."""
    return subprocess.run(["unshare", "-Urm", "sh", "-euc", script], capture_output=True, text=True,
                          env=ENV, timeout=timeout)
