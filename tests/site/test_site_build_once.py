"""Issue 13.5: `roledocs build` validates the knowledge base once and runs MkDocs in its own
process (the plugin takes the report it is handed); what MkDocs says reaches the user in Chinese."""
from __future__ import annotations

import re

from support.site_project import copy_project


def test_build_validates_once_and_runs_mkdocs_in_process(cli, tmp_path, monkeypatch):
    import roledocs.cli.build as build_command
    import roledocs.site.plugin as plugin
    from roledocs.kb.validate import validate_knowledge_base

    project = copy_project(tmp_path / "project")
    calls = []

    def counted(root):
        calls.append(root)
        return validate_knowledge_base(root)

    monkeypatch.setattr(build_command, "validate_knowledge_base", counted)
    monkeypatch.setattr(plugin, "validate_knowledge_base", counted)
    result = cli("build", "--root", project)  # in this process: the monkeypatches apply
    assert result.returncode == 0
    assert len(calls) == 1
    assert (project / "site" / "roles" / "sales-rep" / "index.html").is_file()
    err = result.stderr
    assert "Building prefix dict" not in err and "Documentation built" not in err


def test_build_output_is_chinese(cli, tmp_path):
    project = copy_project(tmp_path / "project")
    result = cli("build", "--root", str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    for line in (result.stdout + result.stderr).splitlines():
        assert re.search(r"[\u4e00-\u9fff]", line) or not re.search(r"[A-Za-z]{4,} [A-Za-z]{3,}", line), line


def test_a_broken_site_configuration_keeps_the_old_site(cli, tmp_path):
    project = copy_project(tmp_path / "project")
    assert cli("build", "--root", str(project)).returncode == 0
    before = (project / "site" / "index.html").read_bytes()
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write('\nextra: "未闭合\n')
    result = cli("build", "--root", str(project))
    assert result.returncode == 1
    assert "mkdocs.yml 有错误" in result.stderr and "原来的网站" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "site" / "index.html").read_bytes() == before
