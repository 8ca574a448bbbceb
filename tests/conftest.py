"""Shared fixtures: the in-process CLI runner (`cli`); the built site, shared by the build tests
and the browser tests (one real `mkdocs build --strict` per test session)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The parse cache (roledocs.kb.cache) of this run, in and out of process (set before the helpers
# below copy the environment for their subprocesses): used as by a user, but never the user's
# own ~/.cache/roledocs.
_TEST_CACHE = None if os.environ.get("ROLEDOCS_CACHE_DIR") else tempfile.mkdtemp(prefix="roledocs-test-cache-")
if _TEST_CACHE:
    os.environ["ROLEDOCS_CACHE_DIR"] = _TEST_CACHE

from support import system_tools  # noqa: E402
from support.site_project import copy_project, mkdocs_build, plant_canary  # noqa: E402


def pytest_configure(config):
    # a mistyped opt-out (ROLEDOCS_SKIP_BROWSER=ja) stops the run before any test
    for name in (system_tools.SKIP_BROWSER, system_tools.SKIP_LIBREOFFICE):
        system_tools.flag(name)


def pytest_unconfigure(config):
    if _TEST_CACHE:
        from roledocs.kb.cache import close_all

        close_all()
        shutil.rmtree(_TEST_CACHE, ignore_errors=True)


def pytest_terminal_summary(terminalreporter):
    labels = {system_tools.SKIP_BROWSER: "浏览器测试", system_tools.SKIP_LIBREOFFICE: "LibreOffice 检查"}
    for name in sorted(system_tools.opted_out):
        terminalreporter.write_line(f"注意：按 {name}=1 没有运行{labels[name]}（去掉这个环境变量即可运行）。", yellow=True)


@pytest.fixture(scope="session")
def cli():
    """`cli(*args, cwd=REPO, env=None, input=None)` runs `roledocs ARGS` in this process (click's
    CliRunner) and returns its exit code, stdout and stderr (support/cli.py)."""
    from support.cli import run_cli

    return run_cli


@pytest.fixture(scope="session")
def site_project(tmp_path_factory) -> Path:
    """A copy of mkdocs.yml, docs/ and roles/ with a confidential canary planted."""
    project = copy_project(tmp_path_factory.mktemp("site-project"))
    plant_canary(project)
    return project


@pytest.fixture(scope="session")
def built_site(site_project: Path) -> Path:
    site = site_project.parent / "site"
    result = mkdocs_build(site_project, site, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def chromium() -> str:
    """The system Chromium for the browser tests: missing, it fails with how to install it,
    unless ROLEDOCS_SKIP_BROWSER=1 opts out (tests/system_tools.py)."""
    return system_tools.chromium()


@pytest.fixture(scope="module")
def base_url(built_site):
    """The built public site served over http (one server per test module)."""
    from support import browser

    with browser.serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def chrome(chromium):
    """The system Chromium, launched once per test module."""
    from support import browser

    with browser.launch(chromium) as b:
        yield b
