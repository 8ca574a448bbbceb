"""The programs outside Python that the suite needs, and the one place that reads the
environment variables about them.

Chromium (browser tests) and LibreOffice (the Word check) are required: when one is
missing, its tests FAIL with a Chinese message that says how to install it
(`scripts/system-deps.sh`) or how to opt out. Opting out is explicit and shows in the
pytest summary:

    ROLEDOCS_SKIP_BROWSER=1       no browser tests
    ROLEDOCS_SKIP_LIBREOFFICE=1   no LibreOffice check of the Word files

Flags are parsed by `flag`: 1 / true / yes / on mean yes, 0 / false / no / off / empty or
unset mean no (any case, spaces around ignored); anything else stops the run with a message.
ROLEDOCS_CHROMIUM and ROLEDOCS_SOFFICE name the program to use (default: the Debian paths).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off", ""})
SKIP_BROWSER = "ROLEDOCS_SKIP_BROWSER"
SKIP_LIBREOFFICE = "ROLEDOCS_SKIP_LIBREOFFICE"
INSTALL = "bash scripts/system-deps.sh（或 make test，它会先运行这个脚本）"

# opt-outs used in this run, for the summary at the end (conftest.pytest_terminal_summary)
opted_out: set[str] = set()


def flag(name: str, environ=None) -> bool:
    """The yes/no value of an environment variable (see the module docstring)."""
    raw = (environ if environ is not None else os.environ).get(name, "")
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise pytest.UsageError(f"环境变量 {name}={raw!r} 无法识别：请写 1、true、yes、on（是）或 0、false、no、off、空（否）。")


def _executable(path: str | None) -> str | None:
    return path if path and Path(path).is_file() and os.access(path, os.X_OK) else None


def chromium() -> str:
    """The Chromium to drive; fails (or skips, when opted out) without one."""
    if flag(SKIP_BROWSER):
        opted_out.add(SKIP_BROWSER)
        pytest.skip(f"已按 {SKIP_BROWSER}=1 跳过浏览器测试")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("没有安装 Playwright：请运行 .venv/bin/pip install -e '.[dev]'（make test 会自动安装）。"
                    f"不运行浏览器测试：{SKIP_BROWSER}=1 make test", pytrace=False)
    from support.browser import chromium_path

    path = chromium_path()
    if path is None:
        where = os.environ.get("ROLEDOCS_CHROMIUM") or "/usr/bin/chromium"
        pytest.fail(f"找不到 Chromium（{where}），浏览器测试无法运行。请安装：{INSTALL}，"
                    f"或用 ROLEDOCS_CHROMIUM 指定浏览器路径；不运行浏览器测试：{SKIP_BROWSER}=1 make test",
                    pytrace=False)
    return path


def soffice() -> str:
    """LibreOffice's soffice; fails (or skips, when opted out) without it."""
    if flag(SKIP_LIBREOFFICE):
        opted_out.add(SKIP_LIBREOFFICE)
        pytest.skip(f"已按 {SKIP_LIBREOFFICE}=1 跳过 LibreOffice 检查")
    chosen = os.environ.get("ROLEDOCS_SOFFICE")
    path = _executable(chosen) if chosen else shutil.which("soffice")
    if path is None:
        pytest.fail(f"找不到 LibreOffice（{chosen or 'soffice'}），无法检查 Word 文件能否打开。请安装：{INSTALL}，"
                    f"或用 ROLEDOCS_SOFFICE 指定 soffice 的路径；不运行这项检查：{SKIP_LIBREOFFICE}=1 make test",
                    pytrace=False)
    return path
