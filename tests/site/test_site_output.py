"""Where a site is built: never into a folder whose files it would delete, and never half.

`roledocs build --site-dir roles` used to delete every YAML file and print 完成; a
SIGTERM two seconds into a build left 48 files and no index.html; a full disk left half
a site and a traceback. Real builds, real signals, a real full disk (a small tmpfs).
"""
from __future__ import annotations

import json
import os
import shlex
import signal
import sys
from pathlib import Path

import pytest

from support.process_tools import ENV, in_namespace, needs_namespaces, roledocs_process, snapshot, wait_for
from support.render_project import edit_role
from support.site_project import copy_project, mkdocs_build

from roledocs.site_dir import MARKER, UnsafeSiteDir, check_site_dir, replace_site, staging_for


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".roledocs-new-" in p.name or ".roledocs-old-" in p.name)


# ── folders a build must never empty ──

@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "project")
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "合同.txt").write_text("不能删除的文件", encoding="utf-8")
    return project


@pytest.mark.parametrize("site_dir, says", [
    ("roles", "是知识库文件夹 roles/"),
    (".", "是项目文件夹"),
    ("..", "项目文件夹"),                   # a parent of the project
    ("docs", "是网站文档文件夹 docs/"),
    ("roles/sales", "在知识库文件夹 roles/ 里面"),
    ("../foreign", "不是 roledocs 生成的网站"),  # any folder with files that we did not build
])
def test_build_refuses_a_folder_it_would_empty_and_touches_nothing(cli, project, site_dir, says):
    everything = snapshot(project.parent)
    result = cli("build", "--root", project, "--site-dir", project / site_dir)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "错误：网站输出目录" in result.stderr and says in result.stderr
    assert "完成" not in result.stdout and "Traceback" not in result.stderr
    assert snapshot(project.parent) == everything


@pytest.mark.parametrize("site_dir", ["roles", "../foreign"])
def test_mkdocs_build_through_the_plugin_refuses_them_too(project, site_dir):
    everything = snapshot(project.parent)
    result = mkdocs_build(project, project / site_dir)
    assert result.returncode != 0
    assert "网站输出目录" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(project.parent) == everything


def test_what_may_be_replaced(tmp_path):
    roles = tmp_path / "p" / "roles"
    roles.mkdir(parents=True)
    check_site_dir(tmp_path / "new", roles.parent)                     # does not exist yet
    (tmp_path / "hidden-only" / ".git").mkdir(parents=True)            # a gh-pages worktree: kept, see below
    check_site_dir(tmp_path / "hidden-only", roles.parent)
    marked = tmp_path / "marked"
    marked.mkdir()
    (marked / MARKER).write_text("x", encoding="utf-8")
    (marked / "index.html").write_text("x", encoding="utf-8")
    check_site_dir(marked, roles.parent)
    old = tmp_path / "before-the-marker"                               # a roledocs site from an older version
    (old / "assets").mkdir(parents=True)
    (old / "index.html").write_text("x", encoding="utf-8")
    (old / "assets" / "roledocs.css").write_text("x", encoding="utf-8")
    check_site_dir(old, roles.parent)
    (old / "assets" / "roledocs.css").unlink()                         # any other site with an index.html
    with pytest.raises(UnsafeSiteDir):
        check_site_dir(old, roles.parent)


def test_the_swap_keeps_hidden_entries_of_the_old_site(tmp_path):
    """MkDocs' clean keeps hidden files (a gh-pages worktree's .git); the swap must too."""
    target = tmp_path / "site"
    (target / ".git").mkdir(parents=True)
    (target / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (target / "old.html").write_text("old", encoding="utf-8")
    with staging_for(target) as staging:
        (staging / "index.html").write_text("new", encoding="utf-8")
        replace_site(target, staging)
    assert sorted(p.name for p in target.iterdir()) == [".git", MARKER, "index.html"]
    assert (target / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert _leftovers(tmp_path) == []


# ── a build that fails or is stopped leaves the old site whole ──

@pytest.fixture(scope="module")
def built(cli, tmp_path_factory):
    """A project whose site was built once (Word downloads only: a realistic build, quicker)."""
    project = copy_project(tmp_path_factory.mktemp("atomic") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "documents: [pdf, docx]" in text
    config.write_text(text.replace("documents: [pdf, docx]", "documents: [docx]"), encoding="utf-8")
    result = cli("build", "--root", project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def _staging_with_pages(project: Path):
    """The staging folder, once the new build has started writing into it."""
    for folder in project.glob(".site.roledocs-new-*"):
        try:
            if any(p.name != MARKER for p in folder.iterdir()):
                return folder
        except FileNotFoundError:  # removed while we looked
            pass
    return None


@pytest.mark.slow
def test_sigterm_during_a_build_keeps_the_old_site_and_removes_the_staging_folder(built, tmp_path):
    site = built / "site"
    before = snapshot(site)
    edit_role(built, "sales-rep", lambda d: d.update(title="销售代表（新版）"))
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    proc = roledocs_process("build", "--root", built, env={**ENV, "TMPDIR": str(private_tmp)})
    wait_for(lambda: _staging_with_pages(built), proc, "the new site's first files")
    proc.send_signal(signal.SIGTERM)   # `kill PID`, as a CI runner cancelling a job does
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM, out + err
    assert "已终止" in err and "完成" not in out and "Traceback" not in err
    assert snapshot(site) == before                      # the old site, every byte
    assert _leftovers(built) == []                       # no staging folder left beside it
    assert not list(private_tmp.glob("roledocs-*"))      # nor the documents' temporary folder


@needs_namespaces
@pytest.mark.slow
def test_a_full_disk_keeps_the_old_site_and_says_so_in_chinese(built, tmp_path):
    site = built / "site"
    blocks = sum(-(-p.stat().st_size // 4096) for p in site.rglob("*") if p.is_file())
    dirs = sum(1 for p in site.rglob("*") if p.is_dir()) + 1
    size_kb = (blocks + dirs) * 4 * 3 // 2    # the old site fits; a second copy does not
    disk = tmp_path / "disk"
    disk.mkdir()
    report = tmp_path / "report.json"
    check = (f"import json, sys; sys.path.insert(0, {str(Path(__file__).parents[1])!r}); "
             "from support.process_tools import snapshot; from pathlib import Path; d = Path(sys.argv[1]); "
             "json.dump({'site': snapshot(d / 'site'), 'entries': sorted(p.name for p in d.iterdir())}, "
             "open(sys.argv[2], 'w'))")
    result = in_namespace(
        f"mount -t tmpfs -o size={size_kb}k tmpfs {disk}\n"
        f"cp -a {site} {disk}/site\n"
        f"rc=0; {sys.executable} -m roledocs.cli build --root {built} --site-dir {disk}/site || rc=$?\n"
        f"echo \"exit=$rc\"\n"
        f"{sys.executable} -c {shlex.quote(check)} {disk} {report}\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "exit=1" in result.stdout, result.stdout + result.stderr
    assert "磁盘空间不足" in result.stderr and "原来的网站" in result.stderr
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    after = json.loads(report.read_text(encoding="utf-8"))
    assert after["site"] == snapshot(site)               # still the old site, whole
    assert after["entries"] == ["site"]                  # no staging folder left on the disk


@pytest.mark.slow
def test_a_killed_build_leaves_the_old_site_and_the_next_build_cleans_up(cli, built):
    """SIGKILL (the OOM killer, `kill -9` of the job) cannot be caught: the staging folder
    stays, the old site is untouched, and the next build removes the leftover."""
    site = built / "site"
    before = snapshot(site)
    edit_role(built, "sales-rep", lambda d: d.update(title="销售代表（第三版）"))
    proc = roledocs_process("build", "--root", built, start_new_session=True)
    wait_for(lambda: _staging_with_pages(built), proc, "the new site's first files")
    os.killpg(proc.pid, signal.SIGKILL)                  # the whole job: roledocs, mkdocs, workers
    proc.communicate(timeout=60)
    assert snapshot(site) == before
    assert _leftovers(built), "the killed build should have left its staging folder"
    result = cli("build", "--root", built)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _leftovers(built) == []
    assert "销售代表（第三版）" in (site / "roles" / "sales-rep" / "index.html").read_text(encoding="utf-8")
    assert (site / MARKER).is_file()
