"""Symlinks in roles/ (issue 11.8): a link that leaves the project is never followed and is
reported at the link; links that stay inside the project are followed."""
from __future__ import annotations

import os
import shutil

import pytest

from roledocs.kb.validate import validate_knowledge_base

SECRET_LINES = "root:$6$geheim$hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"


@pytest.fixture(scope="module")
def base_kb(tmp_path_factory):
    from support.synthetic import write_synthetic_knowledge_base

    return write_synthetic_knowledge_base(tmp_path_factory.mktemp("kb"), 3, seed=7)


@pytest.fixture
def kb(base_kb, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(base_kb, project)
    return project


@pytest.fixture
def outside(tmp_path):
    """A folder beside the project: a secret file and a valid role that is not part of the knowledge base."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "shadow").write_text(SECRET_LINES, encoding="utf-8")
    role = next((tmp_path / "project" / "roles").rglob("role-00002.yaml")).read_text(encoding="utf-8")
    (folder / "stranger.yaml").write_text(role.replace("role-00002", "stranger"), encoding="utf-8")
    return folder


def codes(report):
    return [(p.code, p.file) for p in report.problems]


def test_a_file_link_out_of_the_project_is_not_read(cli, kb, outside):
    (kb / "roles" / "sales" / "shadow.yaml").symlink_to(outside / "shadow")
    report = validate_knowledge_base(kb)
    assert codes(report) == [("RD114", "roles/sales/shadow.yaml")]
    assert "符号链接" in report.problems[0].message
    result = cli("validate", "--root", str(kb))
    assert result.returncode == 1
    assert "RD114" in result.stdout and "root:" not in result.stdout and "daemon" not in result.stdout


def test_a_role_outside_the_project_is_not_accepted(kb, outside):
    (kb / "roles" / "sales" / "stranger.yaml").symlink_to(outside / "stranger.yaml")
    report = validate_knowledge_base(kb)
    assert codes(report) == [("RD114", "roles/sales/stranger.yaml")]
    assert "stranger" not in {d.data.get("id") for d in report.documents}


def test_a_folder_link_out_of_the_project_is_not_walked(kb, outside):
    (kb / "roles" / "hr").symlink_to(outside, target_is_directory=True)
    report = validate_knowledge_base(kb)
    assert codes(report) == [("RD114", "roles/hr")]
    assert "文件夹" in report.problems[0].message
    assert all(not d.name.startswith("roles/hr/") for d in report.documents)


def test_links_inside_the_project_are_followed(kb):
    library = kb / "library" / "marketing"
    library.mkdir(parents=True)
    role = next((kb / "roles").rglob("role-00002.yaml"))
    shutil.move(role, library / role.name)
    shutil.rmtree(role.parent)
    (kb / "roles" / "marketing").symlink_to(os.path.relpath(library, kb / "roles"), target_is_directory=True)
    (kb / "roles" / "marketing-loop").symlink_to("marketing", target_is_directory=True)  # the same folder again
    (library / "back-to-roles").symlink_to(kb / "roles", target_is_directory=True)  # a loop
    report = validate_knowledge_base(kb)
    ids = sorted(d.data["id"] for d in report.documents if d.kind == "role")
    assert ids.count("role-00002") == 2  # found twice, under two names: reported, not hidden
    assert [p.code for p in report.problems if p.is_error] == ["RD301"]


def test_a_broken_link_is_reported_in_chinese(kb):
    (kb / "roles" / "sales" / "gone.yaml").symlink_to(kb / "nowhere.yaml")
    [problem] = validate_knowledge_base(kb).problems
    assert (problem.code, problem.file) == ("RD109", "roles/sales/gone.yaml")
    assert "不存在" in problem.message and "No such file" not in problem.message
