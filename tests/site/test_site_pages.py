"""The site's pages for controlled documents and health checks (issues 15, 18, 14.16), on a
copy of the real knowledge base in a real git repository with scripted commits, built with a
real `mkdocs build` and a real repository URL; the shared build of tests/conftest.py (a plain
copy, no git, the placeholder URL) checks the site without history.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from support.site_project import copy_project, mkdocs_build
from support import browser

REPO_URL = "https://git.hr-intranet.cn/hr/roledocs"
FIRST_DAY, SECOND_DAY, THIRD_DAY = "2026-01-05", "2026-03-02", "2026-04-01"
FAST = """INHERIT: mkdocs.yml
repo_url: {repo_url}
plugins:
  - search:
      lang: zh
  - tags
  - roledocs:
      documents: []
      audience: {audience}
"""


def git(project: Path, *args: str, day: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "人力资源部", "GIT_AUTHOR_EMAIL": "hr@example.cn",
           "GIT_COMMITTER_NAME": "人力资源部", "GIT_COMMITTER_EMAIL": "hr@example.cn"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T10:00:00+08:00"
    return subprocess.run(["git", *args], cwd=project, env=env, capture_output=True, text=True, check=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(project: Path, site: Path, audience: str = "public", repo_url: str = REPO_URL) -> str:
    name = f"site-{audience}.yml"
    (project / name).write_text(FAST.format(repo_url=repo_url, audience=audience), encoding="utf-8")
    result = mkdocs_build(project, site, config=name)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def project(cli, tmp_path_factory) -> Path:
    """The real knowledge base, committed on FIRST_DAY; on SECOND_DAY sales-rep loses a KPI and
    gets version 1.1 (roledocs bump); on THIRD_DAY marketing-coordinator is retired and
    sales-rep's review date passes."""
    project = copy_project(tmp_path_factory.mktemp("history-site") / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "初始版本", day=FIRST_DAY)
    rep = project / "roles" / "sales" / "sales-rep.yaml"
    edit(rep, "  - kpi: supervisor-evaluation\n", "")
    bumped = cli("bump", "sales-rep", "--root", project, "--change", "去掉上级综合评价指标", "--date", SECOND_DAY)
    assert bumped.returncode == 0, bumped.stdout + bumped.stderr
    git(project, "commit", "-qam", "销售代表：去掉上级综合评价", day=SECOND_DAY)
    edit(project / "roles" / "sales" / "marketing-coordinator.yaml", "\nstatus: active\n", "\nstatus: retired\n")
    edit(rep, 'review_due: "2027-12-01"', 'review_due: "2020-01-01"')
    git(project, "commit", "-qam", "营销协理停用", day=THIRD_DAY)
    return project


@pytest.fixture(scope="module")
def site(project) -> Path:
    site = project.parent / "site"
    build(project, site)
    return site


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html: str, heading_id: str) -> str:
    """The HTML from a heading to the next heading of the same or a higher level."""
    start = re.search(rf'<h([23]) id="{heading_id}"', html)
    assert start, heading_id
    end = re.compile(rf"<h[1-{start.group(1)}][ >]").search(html, start.end())
    return html[start.start():end.start() if end else len(html)]


# ── issue 15: revisions, the last change, recent changes, comparisons ─────
def test_role_page_lists_revisions_with_the_commit_that_made_each_version(site):
    revisions = text_of(section(page(site, "roles/sales-rep"), "修订记录"))
    assert "提交日期" in revisions
    assert re.search(rf"1\.0 .*? {FIRST_DAY} ", revisions), revisions
    assert re.search(rf"1\.1 .*?去掉上级综合评价指标 {SECOND_DAY}", revisions), revisions


def test_role_page_compares_with_the_previous_version(site):
    last = text_of(section(page(site, "roles/sales-rep"), "与上一版本比较"))
    # the newest commit touching the file changed only its review date: not content, still a change
    assert THIRD_DAY in last and "营销协理停用" in last, last
    html = page(site, "roles/sales-director-assistant")
    first = text_of(section(html, "与上一版本比较"))  # untouched since the first commit
    assert f"{FIRST_DAY} 的新增" in first and "这是这个岗位的第一个版本" in first, first


def test_the_last_content_change_shows_what_changed(project, tmp_path):
    """A role whose last commit changed its KPIs shows the removed KPI and the new version."""
    site = tmp_path / "site"
    subprocess.run(["git", "worktree", "add", "-q", str(tmp_path / "at-second"), "HEAD~1"], cwd=project, check=True)
    build(tmp_path / "at-second", site)
    last = text_of(section(page(site, "roles/sales-rep"), "与上一版本比较"))
    assert SECOND_DAY in last and "销售代表：去掉上级综合评价" in last
    assert "删除 上级综合评价" in last, last
    assert "1.0 1.1" in last, last


def test_recent_changes_page_lists_commits_newest_first(site):
    html = page(site, "changes")
    text = text_of(html)
    assert text.index("营销协理停用") < text.index("销售代表：去掉上级综合评价") < text.index("初始版本")
    assert re.search(r'<strong>修改</strong> <a href="\.\./roles/sales-rep/">销售代表</a>', html), html
    assert "还有" in text  # the first commit adds every role and entry: counted, not listed
    home = page(site, "")
    assert 'href="changes/"' in home and 'href="health/"' in home


def test_role_page_compares_the_role_with_its_superior(site):
    html = page(site, "roles/sales-rep")
    compared = section(html, "岗位比较")
    superior = re.search(r'<details class="roledocs-compare"[^>]*>\s*<summary>直接上级：(.*?)（(\d+) 处不同）</summary>',
                         compared)
    assert superior, compared[:500]
    assert int(superior.group(2)) > 5
    assert "岗位职责" in text_of(compared) and "新增" in text_of(compared)


def test_retired_role_is_marked_and_left_out_of_the_org_chart(site):
    html = page(site, "roles/marketing-coordinator")
    assert re.search(r"本岗位自\d{4}年\d+月\d+日起已停用", text_of(html))
    assert "<title>营销协理</title>" not in page(site, "org") and "营销协理" not in page(site, "org").split("<svg")[1]
    assert "营销协理</a>（已停用）" in page(site, "roles")


# ── the site without git ─────────────────────────────────────────────────
def test_without_git_the_site_builds_and_says_so(built_site):
    """The shared build is of a plain copy (no .git): no history parts, and a sentence why."""
    from roledocs.site.revisions import NO_GIT

    role = page(built_site, "roles/sales-rep")
    assert "提交日期" not in section(role, "修订记录")
    assert NO_GIT in text_of(section(role, "与上一版本比较"))
    assert NO_GIT in text_of(page(built_site, "changes"))


# ── issue 18: the health page ────────────────────────────────────────────
def test_health_page_counts_checks_and_links_findings_to_role_and_yaml_line(site, project):
    html = page(site, "health")
    text = text_of(html)
    assert "各项检查" in text and "RD545" in text and "RD532" in text
    row = re.search(r"<tr><td>RD545[^<]*</td><td><a href=\"([^\"]+)\">销售代表</a></td><td><a href=\"([^\"]+)\">"
                    r"roles/sales/sales-rep\.yaml:(\d+)</a>", html)
    assert row, html[html.find("问题清单"):][:1500]
    assert row.group(1) == "../roles/sales-rep/"
    line = int(row.group(3))
    assert (project / "roles/sales/sales-rep.yaml").read_text(encoding="utf-8").splitlines()[line - 1].startswith(
        "review_due:")
    assert row.group(2) == f"{REPO_URL}/edit/main/roles/sales/sales-rep.yaml#L{line}"
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="roledocs-health-chart"' in html
    assert "销售部" in text_of(html.split('class="roledocs-health-chart"')[1].split("</svg>")[0])


def test_health_page_of_a_site_without_repository_has_no_edit_links(built_site):
    html = page(built_site, "health")
    assert "git.example.com" not in html and "/edit/" not in html
    assert "知识库体检" in text_of(html)


# ── issue 14 point 16: footers and edit links ────────────────────────────
def test_public_and_internal_sites_have_their_own_footer(site, project, tmp_path):
    public = page(site, "")
    assert "岗位说明书公开版" in public and "内部资料" not in public
    internal_site = tmp_path / "internal"
    build(project, internal_site, audience="internal")
    internal = page(internal_site, "")
    assert "内部资料" in internal and "公开版" not in internal


def test_a_real_repository_url_gives_edit_links(site):
    html = page(site, "roles/sales-director")
    edit = f"{REPO_URL}/edit/main/roles/sales/sales-director.yaml"
    assert html.count(f'href="{edit}"') >= 2  # Material's edit button and the 源文件 row


@pytest.mark.parametrize("url", ["https://git.example.com/hr/roledocs", "https://example.org/x",
                                 "http://gitlab.example/hr/kb", "https://repo.invalid/hr"])
def test_a_placeholder_repository_url_gives_no_links(url):
    from roledocs.site.plugin import is_placeholder_url

    assert is_placeholder_url(url)


@pytest.mark.parametrize("url", ["https://git.hr-intranet.cn/hr/roledocs", "https://github.com/acme/roles",
                                 "https://example.company.com/hr", "https://notexample.com/x"])
def test_a_real_repository_url_is_not_a_placeholder(url):
    from roledocs.site.plugin import is_placeholder_url

    assert not is_placeholder_url(url)


# ── the compare page, in a browser ───────────────────────────────────────
@pytest.mark.browser
def test_compare_page_shows_any_two_roles_side_by_side(site, chromium):
    with browser.serve(site) as url, browser.launch(chromium) as b:
        pg = b.new_page(viewport={"width": 1280, "height": 900})
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(url + "compare/")
        pg.select_option("select[name=a]", "sales-clerk")
        pg.select_option("select[name=b]", "store-team-lead")
        pg.click("button[type=submit]")
        frames = pg.locator(".roledocs-compare-frames iframe")
        pg.wait_for_function("() => [...document.querySelectorAll('.roledocs-compare-frames iframe')]"
                             ".every(f => f.contentDocument && f.contentDocument.querySelector('h1'))")
        titles = [frames.nth(i).content_frame.locator("h1").first.inner_text().rstrip("¶").strip() for i in range(2)]
        assert titles == ["销售内勤", "门店组长"]
        assert pg.url.endswith("#sales-clerk/store-team-lead")
        pg.goto(url + "compare/#sales-rep/sales-manager")  # a link to a pair opens it
        pg.reload()
        pg.wait_for_function("() => document.querySelector('.roledocs-compare-frames iframe').contentDocument"
                             ".querySelector('h1')")
        assert frames.first.content_frame.locator("h1").first.inner_text().startswith("销售代表")
        assert errors == []
