"""Issue 13.1: the schema is the one vocabulary. A project that keeps its own schemas/ (as HR's
repository does) retitles a field there, and every output follows: the Word text, the PDF text,
the site's role page and the search snippets; validation checks against the same schemas."""
from __future__ import annotations

import json
import shutil

import pytest

from support.render_project import REPO, docx_text, pdf_text, squash
from support.site_project import copy_project, mkdocs_build

NEW_SUMMARY = "设岗目的与价值"      # was 岗位目的
NEW_EDUCATION = "最低学历要求"     # was 学历 (a nested field)
NEW_ACTIVE = "正式施行"            # status active, was 现行
ROLE = "sales-rep"


def _retitle(project):
    shutil.copytree(REPO / "schemas", project / "schemas")
    path = project / "schemas" / "role.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    props = schema["properties"]
    old = props["summary"]["title"], props["qualifications"]["properties"]["education"]["title"]
    props["summary"]["title"] = NEW_SUMMARY
    props["qualifications"]["properties"]["education"]["title"] = NEW_EDUCATION
    props["status"]["x-enum-labels"]["active"] = NEW_ACTIVE
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    return old


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("vocab") / "project")
    old = _retitle(project)
    return project, old


def test_documents_take_the_projects_labels(cli, project, tmp_path):
    project, (old_summary, old_education) = project
    result = cli("render", ROLE, "-f", "docx", "-f", "pdf", "-o", str(tmp_path), "--root", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    word = docx_text(tmp_path / f"{ROLE}.docx")
    pdf = squash(pdf_text(tmp_path / f"{ROLE}.pdf"))
    for name, text in (("Word", word), ("PDF", pdf)):
        assert NEW_SUMMARY in text and NEW_EDUCATION in text, name
        assert old_summary not in text, name  # the old title is gone, not shown beside the new one
    assert NEW_ACTIVE in word


def test_site_page_takes_the_projects_labels(project, tmp_path):
    project, (old_summary, _) = project
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    page = next(site.rglob(f"{ROLE}/index.html")).read_text(encoding="utf-8")
    assert NEW_SUMMARY in page and NEW_EDUCATION in page
    assert old_summary not in page


def test_search_snippets_take_the_projects_labels(project):
    from roledocs.kb import open_knowledge_base
    from roledocs.search.index import role_units

    project, (old_summary, _) = project
    kb = open_knowledge_base(project)
    labels = {unit.label for unit in role_units(kb.roles[ROLE], kb)}
    assert NEW_SUMMARY in labels and old_summary not in labels


def test_validation_checks_against_the_projects_schemas(cli, tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(REPO / "schemas", project / "schemas")
    path = project / "schemas" / "role.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["title"]["maxLength"] = 3  # a house rule: short titles
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    result = cli("validate", "--root", str(project))
    assert result.returncode == 1
    assert "岗位名称" in result.stdout and "sales-director-assistant.yaml" in result.stdout


def test_a_broken_project_schema_is_a_clear_error(cli, tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(REPO / "schemas", project / "schemas")
    (project / "schemas" / "role.schema.json").write_text('{"title": "岗位", }', encoding="utf-8")
    result = cli("validate", "--root", str(project))
    assert result.returncode == 2
    assert "role.schema.json" in result.stderr and "第 1 行" in result.stderr and "JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_project_without_schemas_uses_the_shipped_ones(cli, tmp_path):
    from roledocs.vocabulary import packaged_schemas_dir, project_vocabulary

    project = copy_project(tmp_path / "project")
    assert project_vocabulary(project).schemas_dir == packaged_schemas_dir()
    result = cli("validate", "--root", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
