"""Required means required: the browser and LibreOffice tests fail, with a Chinese message that
says how to install or opt out, when their program is missing; opting out is explicit and shows
in the summary; flags are parsed in one place; no test skips because a dependency is missing."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import system_tools

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("true", True), ("TRUE", True), ("yes", True), ("On", True), (" 1 ", True),
    ("0", False), ("false", False), ("no", False), ("OFF", False), ("", False), ("  ", False), (None, False),
])
def test_flags_are_parsed_not_compared(value, expected):
    environ = {} if value is None else {"X": value}
    assert system_tools.flag("X", environ) is expected


@pytest.mark.parametrize("value", ["ja", "2", "y", "enable", "真"])
def test_a_flag_that_means_nothing_stops_the_run(value):
    with pytest.raises(pytest.UsageError, match="无法识别"):
        system_tools.flag("ROLEDOCS_SKIP_BROWSER", {"ROLEDOCS_SKIP_BROWSER": value})


def _pytest(test: str, **env: str) -> subprocess.CompletedProcess:
    """A test of the suite in a pytest of its own, with the given environment."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ROLEDOCS_")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
                          cwd=REPO, env={**environ, **env}, capture_output=True, text=True, timeout=600)


BROWSER_TEST = "tests/site/test_site_browser.py::test_home_loads_without_console_errors"
LIBREOFFICE_TEST = "tests/render/test_render_docx.py::test_docx_converts_in_libreoffice"


@pytest.mark.parametrize("test, variable, install", [
    (BROWSER_TEST, "ROLEDOCS_CHROMIUM", "找不到 Chromium"),
    (LIBREOFFICE_TEST, "ROLEDOCS_SOFFICE", "找不到 LibreOffice"),
])
def test_a_missing_program_fails_and_says_how_to_install_or_opt_out(test, variable, install, tmp_path):
    result = _pytest(test, **{variable: str(tmp_path / "nothing-here")})
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert re.search(r"\b1 (failed|error)\b", out) and "skipped" not in out, out  # a fixture fails: "error"
    assert install in out and "scripts/system-deps.sh" in out, out
    assert ("ROLEDOCS_SKIP_BROWSER=1" if "Chromium" in install else "ROLEDOCS_SKIP_LIBREOFFICE=1") in out, out


@pytest.mark.parametrize("test, opt_out", [(BROWSER_TEST, "ROLEDOCS_SKIP_BROWSER"),
                                           (LIBREOFFICE_TEST, "ROLEDOCS_SKIP_LIBREOFFICE")])
def test_opting_out_skips_and_says_so_in_the_summary(test, opt_out, tmp_path):
    result = _pytest(test, **{opt_out: "yes", "ROLEDOCS_CHROMIUM": str(tmp_path / "x"),
                              "ROLEDOCS_SOFFICE": str(tmp_path / "x")})
    out = result.stdout + result.stderr
    assert result.returncode == 0 and "1 skipped" in out, out
    assert f"已按 {opt_out}=1 跳过" in out  # the skip reason (-ra)
    assert f"注意：按 {opt_out}=1 没有运行" in out  # the closing summary


def test_a_mistyped_opt_out_stops_the_run():
    result = _pytest(BROWSER_TEST, ROLEDOCS_SKIP_BROWSER="ja")
    assert result.returncode == 4 and "ROLEDOCS_SKIP_BROWSER='ja' 无法识别" in result.stdout + result.stderr


def test_no_test_skips_because_a_dependency_fails_to_import():
    offenders = [p.name for p in (REPO / "tests").rglob("*.py")
                 if "importorskip" in p.read_text(encoding="utf-8") and p.name != Path(__file__).name]
    assert offenders == []


def test_the_environment_is_read_in_one_place():
    """Only system_tools reads the opt-out flags; ROLEDOCS_REQUIRE_BROWSER is gone (required is the default)."""
    readers = [p.name for p in (REPO / "tests").rglob("*.py")
               if re.search(r"ROLEDOCS_(SKIP|REQUIRE)_\w+\"?\)", p.read_text(encoding="utf-8"))
               and p.name not in ("system_tools.py", Path(__file__).name)]
    assert readers == []
    for path in (REPO / ".ci" / "run", REPO / "Makefile"):
        assert "ROLEDOCS_REQUIRE_BROWSER" not in path.read_text(encoding="utf-8")
