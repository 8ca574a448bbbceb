"""How the `roledocs` process ends: at once after its exit handlers (cli.end_process), without
the interpreter freeing what a big command left behind, and never at the cost of output, of an
exit handler or of a thread still working."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from support.cli import REPO
from support.process_tools import ENV

# the `roledocs` process, with witnesses: an exit handler, an object freed only by the
# interpreter's teardown, and (when asked) a thread still writing when the command ends
WRAPPER = textwrap.dedent("""
    import atexit, sys, threading, time
    from pathlib import Path

    marks = Path(sys.argv[1])
    def mark(what):
        with marks.open("a", encoding="utf-8") as f:
            f.write(what + "\\n")

    class Witness:
        def __del__(self):
            mark("torn down")

    witness = Witness()
    atexit.register(mark, "exit handler")
    if sys.argv[2] == "thread":
        threading.Thread(target=lambda: (time.sleep(0.5), mark("thread done"))).start()
    sys.argv = ["roledocs", *sys.argv[3:]]
    import roledocs.cli
    roledocs.cli.main()
""")


def run(tmp_path: Path, thread: bool, *args) -> tuple[subprocess.CompletedProcess, list[str]]:
    marks = tmp_path / "marks.txt"
    done = subprocess.run([sys.executable, "-c", WRAPPER, str(marks), "thread" if thread else "-", *map(str, args)],
                          capture_output=True, text=True, env=ENV, timeout=300, cwd=REPO)
    return done, marks.read_text(encoding="utf-8").split() if marks.exists() else []


def test_the_process_ends_after_its_exit_handlers_with_all_its_output(tmp_path):
    done, marks = run(tmp_path, False, "validate", "--root", REPO, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "ok"  # all of it
    assert marks == ["exit", "handler"]  # ran, and nothing was torn down one object at a time


def test_the_exit_code_is_kept(tmp_path):
    done, marks = run(tmp_path, False, "validate", "--root", tmp_path / "missing")
    assert done.returncode == 2, done.stderr
    assert "错误" in done.stderr
    assert marks == ["exit", "handler"]


def test_a_thread_still_working_is_waited_for(tmp_path):
    done, marks = run(tmp_path, True, "validate", "--root", REPO, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "ok"
    assert "done" in marks and marks.count("handler") == 1  # the usual exit: the thread finished
