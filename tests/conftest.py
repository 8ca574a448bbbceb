"""Shared fixtures. The built site is shared by the build tests and the browser tests
(one real `mkdocs build --strict` per test session)."""
from __future__ import annotations

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
