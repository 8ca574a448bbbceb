"""Shared fixtures. The built site is shared by the build tests and the browser tests
(one real `mkdocs build --strict` per test session)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_project import copy_project, mkdocs_build, plant_canary


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
    """The system Chromium for the browser tests. Missing Chromium or Playwright: skip, unless
    ROLEDOCS_REQUIRE_BROWSER=1 (set by .ci/run), which turns that into a failure."""
    def unavailable(reason: str):
        if os.environ.get("ROLEDOCS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}（ROLEDOCS_REQUIRE_BROWSER=1：浏览器测试必须运行）")
        pytest.skip(reason)

    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("没有安装 Playwright（pip install -e '.[dev]'）")
    from support import browser
    path = browser.chromium_path()
    if path is None:
        unavailable("找不到 Chromium（apt-get install chromium，或设置 ROLEDOCS_CHROMIUM）")
    return path
