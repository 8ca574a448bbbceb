"""`roledocs history`, reading revisions from git, shallow clones and folders without git, and the
data the site's 修订记录 / 与上一版本比较 / 最近修订 pages are made from."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from roledocs.errors import EnvironmentProblem
from roledocs.history.git import Repository
from roledocs.history.revisions import (last_change, last_change_markdown, recent_changes, recent_changes_markdown,
                                        role_history, role_history_markdown)
from roledocs.history.snapshot import SnapshotReader
from support.gitkb import GitKB, bump_text

REP = "roles/sales/sales-rep.yaml"


def add_revision(kb: GitKB, rel: str, version: str, date: str, change: str) -> None:
    kb.write(rel, bump_text(kb.read(rel), version))
    kb.edit(rel, "  history:\n", "  history:\n" + f'    - version: "{version}"\n      date: "{date}"\n'
            f"      change: {change}\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> GitKB:
    """Three revisions of sales-rep, the last one after moving the file to another folder."""
    kb = GitKB.create(tmp_path_factory.mktemp("history") / "project")
    kb.edit(REP, "weight: 55", "weight: 50")
    kb.edit(REP, "weight: 45", "weight: 50")
    add_revision(kb, REP, "1.1", "2026-02-01", "考核权重调整为各 50%。")
    kb.commit("销售代表：调整考核权重", date="2026-02-01", author="张三")
    kb.edit("roles/_glossary.yaml", "收回客户所欠的货款。", "收回客户的应付货款。")
    kb.commit("术语表：回款", date="2026-02-10")
    kb.move(REP, "roles/field-sales/sales-rep.yaml")
    rep = "roles/field-sales/sales-rep.yaml"
    kb.edit(rep, "reports_to: sales-team-lead", "reports_to: sales-manager")
    add_revision(kb, rep, "1.2", "2026-03-01", "改为向销售经理汇报。")
    kb.commit("销售代表移到外勤销售文件夹，改为向销售经理汇报", date="2026-03-01", author="李四")
    return kb


def test_history_joins_revisions_with_commits_across_a_move(project, cli):
    code, out, err = cli("history", "sales-rep", "--root", str(project.path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "销售代表（sales-rep） roles/field-sales/sales-rep.yaml"
    assert lines[1] == "当前版本 1.2，生效日期 2026-01-05"
    assert "  1.2　2026-03-01　改为向销售经理汇报。" in lines
    assert any(line.strip().startswith("提交 ") and "2026-03-01，李四：销售代表移到外勤销售文件夹" in line for line in lines)
    assert any("2026-02-01，张三：销售代表：调整考核权重" in line for line in lines)
    assert "提交记录（git log --follow，共 3 个）：" in lines
    assert "roles/sales/sales-rep.yaml" in out  # the first commits, before the move

    code, out, _ = cli("history", "sales-rep", "--root", str(project.path), "--format", "json")
    data = json.loads(out)
    assert data["command"] == "history" and data["status"] == "ok"
    assert [(r["version"], r["commit"]["subject"]) for r in data["revisions"]] == [
        ("1.2", "销售代表移到外勤销售文件夹，改为向销售经理汇报"), ("1.1", "销售代表：调整考核权重"), ("1.0", "知识库初版")]
    assert [(c["version"], c["path"]) for c in data["commits"]] == [
        ("1.2", "roles/field-sales/sales-rep.yaml"), ("1.1", "roles/sales/sales-rep.yaml"),
        ("1.0", "roles/sales/sales-rep.yaml")]
    assert data["truncated"] is False and data["uncommitted"] is False


def test_history_unknown_role_and_no_git(project, cli, tmp_path):
    code, _, err = cli("history", "nobody", "--root", str(project.path))
    assert code == 2 and "知识库中没有岗位 'nobody'" in err
    plain = tmp_path / "plain"
    shutil.copytree(project.path / "roles", plain / "roles")
    for args in (["history", "sales-rep"], ["diff"], ["diff", "HEAD~1"], ["render", "-f", "md", "--at", "HEAD"]):
        code, _, err = cli(*args, "--root", str(plain))
        assert code == 2 and "不在 git 仓库中" in err, args
    assert not (plain / "artifacts").exists()


def test_git_missing_is_an_environment_problem(monkeypatch, project):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(EnvironmentProblem, match="找不到 git 命令"):
        Repository(project.path)


def test_reading_revisions_never_touches_the_working_tree(project, cli):
    project.edit("roles/sales/sales-manager.yaml", "headcount: 1", "headcount: 2")  # uncommitted work
    try:
        before, status = project.tree_bytes(), project.status()
        index = (project.path / ".git" / "index").stat().st_mtime_ns
        reader = SnapshotReader(project.path)
        old = reader.at("2026-01-31")
        assert old.label.startswith("2026-01-31（") and old.revision.commit.subject == "知识库初版"
        assert old.model().roles["sales-rep"].document.version == "1.0"
        assert reader.at("HEAD~1").model().roles["sales-rep"].file == "roles/sales/sales-rep.yaml"
        assert cli("diff", "2026-01-31", "--root", str(project.path)).returncode == 0
        assert project.tree_bytes() == before and project.status() == status
        assert (project.path / ".git" / "index").stat().st_mtime_ns == index
    finally:
        project.git("checkout", "-q", "--", "roles/sales/sales-manager.yaml")


def test_uncommitted_changes_are_said(project, cli):
    project.edit("roles/field-sales/sales-rep.yaml", "headcount: 20", "headcount: 21")
    try:
        code, out, _ = cli("history", "sales-rep", "--root", str(project.path))
        assert "工作区有未提交的修改" in out.splitlines()[1]
    finally:
        project.git("checkout", "-q", "--", "roles/field-sales/sales-rep.yaml")


def test_unknown_revision_and_invalid_old_revision(project, cli):
    code, _, err = cli("diff", "v9", "--root", str(project.path))
    assert code == 2 and "找不到版本 v9" in err
    code, _, err = cli("diff", "--", "--output=/tmp/x", "--root", str(project.path))
    assert code == 2
    code, _, err = cli("diff", "2026-02-30", "--root", str(project.path))
    assert code == 2 and "2026-02-30" in err


def test_an_old_revision_with_errors_is_reported_with_exit_1(tmp_path, cli):
    kb = GitKB.create(tmp_path / "p")
    kb.edit(REP, "headcount: 20", "headcount: 很多")
    kb.commit("写错了", date="2026-02-01")
    kb.edit(REP, "headcount: 很多", "headcount: 20")
    code, _, err = cli("diff", "HEAD", "--root", str(kb.path))
    assert code == 1
    assert "RD203" in err and "HEAD（" in err and "的知识库有 1 个错误" in err


@pytest.fixture(scope="module")
def shallow(project, tmp_path_factory) -> GitKB:
    dest = tmp_path_factory.mktemp("shallow") / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project.path}", str(dest)], check=True,
                   capture_output=True)
    return GitKB(dest)


def test_shallow_clone_says_history_is_cut_off(shallow, cli):
    code, out, _ = cli("history", "sales-rep", "--root", str(shallow.path))
    assert code == 0
    assert "这是浅克隆，历史在" in out and "并不一定是在那时新增的" in out
    code, out, _ = cli("history", "sales-rep", "--root", str(shallow.path), "--format", "json")
    data = json.loads(out)
    assert data["truncated"] is True and len(data["commits"]) == 1
    assert data["revisions"][1]["commit"] is None  # 1.1 was made before the cut
    code, _, err = cli("diff", "HEAD~1", "--root", str(shallow.path))
    assert code == 2 and "浅克隆" in err and "git fetch --unshallow" in err
    code, _, err = cli("validate", "--since", "2026-01-10", "--root", str(shallow.path))
    assert code == 2 and "浅克隆" in err
    changes = recent_changes(shallow.path)
    assert len(changes) == 1 and changes[0].diff is None and "浅克隆" in changes[0].note


def test_site_data_role_history_last_change_recent_changes(project):
    history = role_history(project.path, "sales-rep")
    page = role_history_markdown(history)
    assert page.splitlines()[0] == "| 版本 | 生效日期 | 修订内容 | 提交日期 |"
    assert "| 1.2 | 2026-03-01 | 改为向销售经理汇报。 | 2026-03-01 |" in page

    commit, diff = last_change(project.path, "sales-rep")
    assert commit.subject.startswith("销售代表移到外勤销售文件夹")
    assert diff.old_file == "roles/sales/sales-rep.yaml" and diff.file == "roles/field-sales/sales-rep.yaml"
    markdown = last_change_markdown((commit, diff))
    assert "| 直接上级 | 修改 | 销售组长 | 销售经理 |" in markdown

    changes = recent_changes(project.path, limit=10)
    assert [c.commit.subject for c in changes] == [
        "销售代表移到外勤销售文件夹，改为向销售经理汇报", "术语表：回款", "销售代表：调整考核权重", "知识库初版"]
    assert changes[-1].diff.summary()["added"] == 4  # the root commit adds every role
    table = recent_changes_markdown(changes)
    assert "| 2026-02-10 |" in table and "修改 回款" in table
    assert "新增 4 个岗位" not in table and "新增 销售代表" in table  # four roles are named, not counted
