"""Choosing what `roledocs render` makes (issue 14, point 11): whole departments (--department / -d),
roles by id, Chinese title or alias; unknown or ambiguous names name the closest entries with their
titles; internal files never share a name with public ones."""
from __future__ import annotations

import re

import pytest

from support.render_project import CANARY, REPO, copy_roles, docx_text, edit_role, squash
from roledocs.content.job_description import in_documents
from roledocs.export.selection import SHOWN_CANDIDATES, select
from roledocs.kb import open_knowledge_base


@pytest.fixture(scope="module")
def kb():
    return open_knowledge_base(REPO)


def published(kb, roles) -> list[str]:
    return sorted(r.id for r in roles if in_documents(r.status, "public"))


def written(out) -> list[str]:
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


@pytest.mark.parametrize("how", ["id", "name", "alias"])
def test_department_renders_exactly_its_roles(kb, tmp_path, cli, how):
    for department in kb.departments.values():
        name = {"id": department.id, "name": department.name,
                "alias": department.aliases[0] if department.aliases else department.name}[how]
        out = tmp_path / department.id
        code, _, err = cli("render", "-d", name, "-f", "md", "-o", str(out), "--root", str(REPO))
        assert code == 0, err
        expected = published(kb, [r for r in kb.roles.values() if r.department is department])
        assert written(out) == sorted(f"{r}.md" for r in expected), name


def test_repeated_department_option_renders_both(kb, tmp_path, cli):
    code, _, err = cli("render", "--department", "sales", "-d", "客服部", "-f", "md", "-o", str(tmp_path),
                       "--root", str(REPO))
    assert code == 0, err
    both = [r for r in kb.roles.values() if r.department_id in ("sales", "customer-service")]
    assert written(tmp_path) == sorted(f"{r}.md" for r in published(kb, both))


def test_every_role_is_found_by_its_title_and_its_aliases(kb):
    names = [(r, n) for r in kb.roles.values() for n in (r.id, r.title, *r.aliases)]
    owners = {}
    for role, name in names:
        owners.setdefault(name, set()).add(role.id)
    for role, name in names:
        if len(owners[name]) == 1:  # a name two roles share is ambiguous: see below
            assert select(kb, [name]).roles == (role,), name


def test_render_by_chinese_title(kb, tmp_path, cli):
    role = kb.roles["sales-rep"]
    code, out, err = cli("render", role.title, "-f", "md", "-o", str(tmp_path), "--root", str(REPO))
    assert code == 0, err
    assert written(tmp_path) == ["sales-rep.md"]


def test_unknown_role_lists_the_closest_with_titles_not_every_id(kb, tmp_path, cli):
    role = kb.roles["sales-rep"]
    typo = role.title[:-1]  # 销售代: one character short
    code, out, err = cli("render", typo, "-f", "md", "-o", str(tmp_path), "--root", str(REPO))
    assert code == 2 and not out
    assert f"知识库中没有岗位 {typo}" in err and "Traceback" not in err
    listed = re.findall(r"([a-z0-9-]+)（([^）]+)）", err)
    assert listed[0] == (role.id, role.title)  # closest first, with its title
    assert len(listed) <= SHOWN_CANDIDATES < len(kb.roles)  # never a dump of every id
    assert all(kb.roles[i].title == t for i, t in listed)
    assert written(tmp_path) == []


def test_unknown_department_lists_departments_with_names(kb, tmp_path, cli):
    code, _, err = cli("render", "-d", "销售不", "-f", "md", "-o", str(tmp_path), "--root", str(REPO))
    assert code == 2 and "知识库中没有部门 销售不" in err
    listed = re.findall(r"([a-z0-9-]+)（([^）]+)）", err)
    assert listed[0] == ("sales", kb.departments["sales"].name)
    assert all(kb.departments[i].name == n for i, n in listed)
    assert written(tmp_path) == []


def test_a_name_two_roles_share_is_ambiguous(tmp_path, cli):
    project = copy_roles(tmp_path / "project")
    for role_id in ("sales-rep", "sales-clerk"):
        edit_role(project, role_id, lambda d: d.setdefault("aliases", []).append("大客户专员"))
    kb = open_knowledge_base(project)
    out = tmp_path / "out"
    code, _, err = cli("render", "大客户专员", "-f", "md", "-o", str(out), "--root", str(project))
    assert code == 2 and "请写岗位编号" in err
    for role_id in ("sales-rep", "sales-clerk"):
        assert f"{role_id}（{kb.roles[role_id].title}）" in err
    assert written(out) == []


def test_roles_and_departments_together_are_a_usage_error(tmp_path, cli):
    code, _, err = cli("render", "sales-rep", "-d", "sales", "-f", "md", "-o", str(tmp_path),
                       "--root", str(REPO))
    assert code == 2 and err.startswith("错误：") and written(tmp_path) == []


@pytest.fixture(scope="module")
def secret_project(tmp_path_factory):
    project = copy_roles(tmp_path_factory.mktemp("secret"))
    edit_role(project, "sales-rep", lambda d: d.update(compensation={"salary_range": CANARY}))
    return project


def test_internal_and_public_files_never_share_a_name(secret_project, tmp_path, cli):
    formats = [a for f in ("docx", "md", "html") for a in ("-f", f)]
    for audience in ("public", "internal"):
        code, _, err = cli("render", "sales-rep", *formats, "-f", "posting", "--audience", audience,
                           "-o", str(tmp_path), "--root", str(secret_project))
        assert code == 0, err
    names = written(tmp_path)
    public = [n for n in names if ".internal." not in n]
    assert sorted(public) == ["sales-rep.docx", "sales-rep.html", "sales-rep.md", "sales-rep.posting.docx",
                              "sales-rep.posting.html", "sales-rep.posting.md"]  # public names as before
    assert sorted(n for n in names if ".internal." in n) == sorted(
        n.replace(".docx", ".internal.docx").replace(".html", ".internal.html").replace(".md", ".internal.md")
        for n in public)
    assert squash(CANARY) in squash(docx_text(tmp_path / "sales-rep.internal.docx"))
    assert squash(CANARY) not in squash(docx_text(tmp_path / "sales-rep.docx"))  # not overwritten by internal
    for name in public:
        assert CANARY not in (tmp_path / name).read_bytes().decode("utf-8", "replace")
