"""A retired role's successor (接替岗位, `successor`): checked like a reference, in the model, on the
site's role page as a link beside 已停用, in the Word / PDF void mark, in `roledocs list`, in `diff`.
Real files: the project is copied, the site built with `mkdocs build`, documents read back."""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from support.render_project import docx_text, pdf_text
from roledocs.kb import open_knowledge_base
from roledocs.kb.validate import validate_knowledge_base
from support.site_project import copy_project, mkdocs_build

LEAD = "roles/sales/sales-team-lead.yaml"
SUPERVISOR = "roles/sales/sales-supervisor.yaml"


def retire(project: Path, successor: str | None, path: str = LEAD) -> None:
    """Retires the role at `path`, with `successor:` on the line after its status."""
    file = project / path
    text = file.read_text(encoding="utf-8")
    line = "status: retired\n" + (f"successor: {successor}\n" if successor is not None else "")
    file.write_text(text.replace("status: active\n", line, 1), encoding="utf-8")


def line_of(project: Path, path: str, needle: str) -> int:
    lines = (project / path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(needle))


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="module")
def retired(tmp_path_factory) -> Path:
    """The real knowledge base with 销售组长 retired, taken over by 销售主管."""
    project = copy_project(tmp_path_factory.mktemp("successor") / "project")
    retire(project, "sales-supervisor")
    return project


def test_successor_is_in_the_typed_model(retired):
    kb = open_knowledge_base(retired)
    lead, supervisor = kb.roles["sales-team-lead"], kb.roles["sales-supervisor"]
    assert lead.successor_id == "sales-supervisor" and lead.successor is supervisor
    assert supervisor.successor is None and supervisor.successor_id == ""
    assert not [p for p in validate_knowledge_base(retired).problems if p.code in ("RD320", "RD321")]


def test_unknown_successor_is_an_error_at_its_line_with_a_suggestion(project, cli):
    retire(project, "sales-supervsor")
    code, out, _ = cli("validate", "--root", str(project))
    assert code == 1
    line = line_of(project, LEAD, "successor:")
    found = [x for x in out.splitlines() if "RD320" in x]
    assert len(found) == 1, out
    assert f"{LEAD}:{line}" in found[0] and "接替岗位 sales-supervsor 不存在" in found[0]
    assert "是否想写 sales-supervisor" in out


def test_a_title_written_for_the_id_is_one_problem_naming_the_id(project):
    retire(project, "销售主管")
    problems = validate_knowledge_base(project).problems
    at_line = [p for p in problems if p.file == LEAD and p.line == line_of(project, LEAD, "successor:")]
    assert [p.code for p in at_line] == ["RD320"]  # not also the id pattern (RD205)
    assert "请写编号 sales-supervisor（销售主管）" in at_line[0].hint


@pytest.mark.parametrize("status, says", [("retired", "本身已停用"), ("draft", "本身还是草稿")])
def test_a_successor_that_is_retired_or_a_draft_is_a_warning(project, status, says):
    retire(project, "sales-supervisor")
    file = project / SUPERVISOR
    file.write_text(file.read_text(encoding="utf-8").replace("status: active", f"status: {status}", 1),
                    encoding="utf-8")
    problems = [p for p in validate_knowledge_base(project).problems if p.code == "RD321"]
    assert len(problems) == 1 and problems[0].file == LEAD and not problems[0].is_error
    assert f"接替岗位 sales-supervisor {says}" in problems[0].message
    assert problems[0].line == line_of(project, LEAD, "successor:")


def test_site_role_page_links_the_successor_beside_retired(retired, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(retired, site)
    assert result.returncode == 0, result.stderr
    page = (site / "roles" / "sales-team-lead" / "index.html").read_text(encoding="utf-8")
    notice = re.search(r'<div class="admonition warning">(.*?)</div>', page, re.S)
    assert notice and "已停用" in notice.group(1) and "接替岗位" in notice.group(1)
    link = re.search(r'接替岗位</strong>：<a href="([^"]+)">销售主管</a>', notice.group(1))
    assert link, notice.group(1)
    target = posixpath.normpath(posixpath.join("roles/sales-team-lead/", link.group(1)))
    successor_page = (site / target / "index.html") if not target.endswith(".html") else site / target
    assert "<h1" in successor_page.read_text(encoding="utf-8") and "销售主管" in successor_page.read_text(encoding="utf-8")


def test_word_and_pdf_void_mark_names_the_successor(retired, cli, tmp_path):
    out = tmp_path / "documents"
    code, _, err = cli("render", "sales-team-lead", "-f", "docx", "-f", "pdf", "-o", str(out),
                       "--root", str(retired))
    assert code == 0, err
    sentence = "本说明书作废，仅供查阅。接替岗位：销售主管（sales-supervisor）。"
    word = docx_text(out / "sales-team-lead.docx")
    assert "作废" in word and sentence in word
    pdf = re.sub(r"\s+", "", pdf_text(out / "sales-team-lead.pdf"))
    assert sentence in pdf


def test_list_shows_the_successor_of_a_retired_role(retired, cli):
    code, out, _ = cli("list", "--root", str(retired))
    assert code == 0
    row = next(x for x in out.splitlines() if x.startswith("sales-team-lead "))
    assert "已停用，接替岗位：销售主管（sales-supervisor）" in row
    code, out, _ = cli("list", "--format", "json", "--root", str(retired))
    rows = {r["id"]: r for r in json.loads(out)["roles"]}
    assert rows["sales-team-lead"]["successor"] == "sales-supervisor"
    assert rows["sales-team-lead"]["successor_title"] == "销售主管"
    assert "successor" not in rows["sales-rep"]  # the field appears only for a role that has one


def test_diff_names_a_changed_successor_by_its_label(retired, project):
    from roledocs.history.diff import diff_models

    retire(project, "sales-manager")
    change = diff_models(open_knowledge_base(project), open_knowledge_base(retired)).role("sales-team-lead")
    found = [c for c in change.changes if c.field == "successor"]
    assert [(c.label, c.old, c.new) for c in found] == [("接替岗位", "销售经理", "销售主管")]
