"""Decisions the commands used to make themselves, now library functions the CLI calls:
the stale-index policy and department filter of search, index statistics, the drafts folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roledocs.errors import EXIT_PROBLEMS, EXIT_USAGE, EnvironmentProblem, UsageError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    return tmp_path


def break_it(project: Path) -> None:
    path = project / "roles" / "sales" / "sales-rep.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("reports_to: sales-team-lead", "reports_to: nobody"),
                    encoding="utf-8")


def test_search_falls_back_to_the_last_good_index_and_says_so(project):
    from roledocs.search import search_project

    assert search_project(project, "客户投诉").warnings == []
    break_it(project)
    result = search_project(project, "客户投诉")
    assert result.hits[0].id == "customer-service-supervisor"
    assert result.warnings == ["知识库有错误，搜索使用的是上次成功建立的索引。请运行 roledocs validate 查看。"]


def test_search_without_a_good_index_is_refused_with_exit_1(project):
    from roledocs.search import NoUsableIndex, search_project

    break_it(project)
    with pytest.raises(NoUsableIndex) as refused:
        search_project(project, "客户投诉")
    assert refused.value.exit_code == EXIT_PROBLEMS and "roledocs validate" in str(refused.value)


def test_search_names_the_departments_when_one_is_unknown(project):
    from roledocs.kb import open_knowledge_base
    from roledocs.search import search_project

    with pytest.raises(UsageError) as unknown:
        search_project(project, "主管", department="no-such")
    departments = open_knowledge_base(project).departments.values()
    assert all(f"{d.name}（{d.id}）" in str(unknown.value) for d in departments if d.roles)
    assert {h.department_id for h in search_project(project, "主管", department="销售部").hits} == {"sales"}
    with pytest.raises(UsageError):
        search_project(project, "   ")


def test_index_statistics(project):
    from roledocs.kb import open_knowledge_base
    from roledocs.search.index import update_index

    status = update_index(project)
    kb = open_knowledge_base(project)
    assert (status.rebuilt, status.damaged, status.roles) == (True, False, len(kb.roles))
    assert status.units > status.roles and status.dictionary_hash
    status.path.write_bytes(b"\0" * status.size)  # damaged: found page by page and rebuilt
    again = update_index(project)
    assert (again.rebuilt, again.damaged, again.roles) == (True, True, len(kb.roles))


def test_drafts_folder(project):
    from roledocs.importer.destination import drafts_folder

    assert drafts_folder(project) == (project / "roles" / "_drafts", "")
    assert (project / "roles" / "_drafts").is_dir()
    folder, warning = drafts_folder(project, project / "roles" / "new")
    assert folder.is_dir() and "当作正式岗位" in warning
    (project / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError):
        drafts_folder(project, project / "afile")
    with pytest.raises(EnvironmentProblem) as nowhere:
        drafts_folder(project / "elsewhere")
    assert nowhere.value.exit_code == EXIT_USAGE and "roles/" in str(nowhere.value)
