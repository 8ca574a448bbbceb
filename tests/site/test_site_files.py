"""Issue 16.3: the site's generated pages as files (`roledocs site --out DIR`), built by a plain
`mkdocs build` (no roledocs plugin) and by Zensical into the same site as the plugin builds."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from support.site_project import CANARY, DRAFT_ROLE, ENV, REVIEW_CANARY, copy_project, mkdocs_build, plant_canary


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The project, and the folder `roledocs site --out` wrote (with the PDF and Word files)."""
    from support.cli import run_cli

    base = tmp_path_factory.mktemp("site-files")
    project = copy_project(base / "project")
    plant_canary(project)
    out = base / "pages"
    code, stdout, stderr = run_cli("site", "--root", str(project), "--out", str(out))
    assert code == 0, stdout + stderr
    return project, out, stdout


@pytest.fixture(scope="module")
def plain_site(written):
    project, out, _ = written
    result = mkdocs_build(out, out / "site", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "site"


@pytest.fixture(scope="module")
def plugin_site(written, tmp_path_factory):
    project, _, _ = written
    site = tmp_path_factory.mktemp("plugin-site") / "site"
    result = mkdocs_build(project, site, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def published_roles(project: Path) -> dict:
    """The roles a public site shows: every one but the drafts."""
    from roledocs.kb import open_knowledge_base

    kb = open_knowledge_base(project)
    return {role_id: role for role_id, role in kb.roles.items() if role.status != "draft"}


class _Page(HTMLParser):
    """The <title>, the <h1> and every href/src of a built page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.title = self.h1 = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag in ("title", "h1") and not getattr(self, "h1" if tag == "h1" else "title"):
            self._in = tag

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            setattr(self, self._in, getattr(self, self._in) + data)


def page(site: Path, url_path: str) -> _Page:
    parsed = _Page()
    parsed.feed((site / url_path / "index.html").read_text(encoding="utf-8"))
    return parsed


def broken_links(site: Path, url_path: str) -> list[str]:
    """The relative links of a page whose target is not in the built site."""
    base = site / url_path
    broken = []
    for link in page(site, url_path).links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "data:")) or not parts.path:
            continue
        target = (base / unquote(parts.path)).resolve()
        if not (target.is_file() or (target / "index.html").is_file()):
            broken.append(link)
    return broken


def pages_of(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
            if not p.relative_to(site).as_posix().startswith(("search/", "assets/"))}


def test_the_folder_holds_a_config_without_the_plugin_and_every_generated_page(written):
    project, out, stdout = written
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "roledocs" not in re.sub(r"(?m)^#.*\n", "", config).split("markdown_extensions")[0]
    assert "!!python/name:material.extensions.emoji.twemoji" in config  # tags kept as tags
    for role_id in published_roles(project):
        assert (out / "docs" / "roles" / f"{role_id}.md").is_file(), role_id
        for fmt in ("pdf", "docx"):
            assert (out / "docs" / "downloads" / f"{role_id}.{fmt}").stat().st_size > 1000
    assert not (out / "docs" / "roles" / f"{DRAFT_ROLE}.md").exists()
    for text in (p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*.md")):
        assert CANARY not in text and REVIEW_CANARY not in text
    assert "完成" in stdout and str(out) in stdout


def test_plain_mkdocs_builds_the_role_pages_with_reporting_lines_and_working_links(written, plain_site):
    project, _, _ = written
    roles = published_roles(project)
    rep = roles["sales-rep"]
    parsed = page(plain_site, "roles/sales-rep")
    assert parsed.h1.strip().rstrip("¶") == rep.title and rep.title in parsed.title
    html = (plain_site / "roles" / "sales-rep" / "index.html").read_text(encoding="utf-8")
    superior = rep.superior
    assert f'href="../{superior.id}/"' in html and superior.title in html  # 直接上级, as a link
    assert 'type="application/ld+json"' in html
    assert 'href="../sales-rep/"' in (plain_site / "org" / "index.html").read_text(encoding="utf-8").replace(
        "../roles/sales-rep/", "../sales-rep/")  # the org chart's boxes link to the role pages
    assert 'href="../../downloads/sales-rep.pdf"' in html
    for role_id in roles:
        assert broken_links(plain_site, f"roles/{role_id}") == [], role_id
    for url in ("", "org", "departments", "departments/sales", "kpis", "glossary", "processes", "changes", "compare",
                "health", "tags"):
        assert broken_links(plain_site, url) == [], url
    assert (plain_site / "assets" / "roledocs.css").is_file()
    for path in plain_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert CANARY not in text and REVIEW_CANARY not in text, path


def test_the_plain_build_has_the_same_pages_and_titles_as_the_plugin_build(plain_site, plugin_site):
    assert pages_of(plain_site) == pages_of(plugin_site)
    for url in sorted(pages_of(plugin_site)):
        a, b = page(plain_site, url), page(plugin_site, url)
        assert (a.title, a.h1) == (b.title, b.h1), url
    # the home page: the same nav (departments, roles, processes expanded), overview and stylesheets
    assert sorted(page(plain_site, "").links) == sorted(page(plugin_site, "").links)
    assert len(page(plugin_site, "").links) > 60


def _zensical() -> list[str] | None:
    """How to run Zensical: from this interpreter's environment (the dev extras install it), else from PATH."""
    if importlib.util.find_spec("zensical") is not None:
        return [sys.executable, "-m", "zensical"]
    found = shutil.which("zensical")
    return [found] if found else None


def test_zensical_builds_the_role_pages(written, tmp_path, cli):
    command = _zensical()
    if command is None:
        pytest.skip("没有安装 Zensical（pip install zensical；它读取 mkdocs.yml，不运行 MkDocs 插件）：跳过 Zensical 构建")
    project, _, _ = written
    folder = tmp_path / "pages"
    code, stdout, stderr = cli("site", "--root", project, "--out", folder, "--for", "zensical")
    assert code == 0, stdout + stderr
    result = subprocess.run([*command, "build", "--clean"], cwd=folder, capture_output=True, text=True, env=ENV,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    site = folder / "site"
    roles = published_roles(project)
    for role in roles.values():
        parsed = page(site, f"roles/{role.id}")
        assert role.title in parsed.title, role.id
        assert broken_links(site, f"roles/{role.id}") == [], role.id
    for url in ("", "org", "departments", "departments/sales", "kpis", "glossary", "processes", "health"):
        assert broken_links(site, url) == [], url
    html = (site / "roles" / "sales-rep" / "index.html").read_text(encoding="utf-8")
    assert f'href="../{roles["sales-rep"].superior.id}/"' in html
    assert 'href="../../downloads/sales-rep.pdf"' in html and (site / "downloads" / "sales-rep.pdf").is_file()
    org = (site / "org" / "index.html").read_text(encoding="utf-8")
    assert 'href="../roles/sales-rep/"' in org  # the org chart's boxes link to the role pages
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert CANARY not in text and REVIEW_CANARY not in text, path


def test_a_second_run_writes_only_what_changed_and_removes_only_its_own_stale_files(tmp_path, cli):
    project = copy_project(tmp_path / "project")
    out = tmp_path / "pages"
    assert cli("site", "--root", project, "--out", out, "--no-documents").returncode == 0
    (out / "site").mkdir()
    (out / "site" / "index.html").write_text("mkdocs 的输出", encoding="utf-8")  # someone else's file
    role = project / "roles" / "sales" / "sales-director-assistant.yaml"  # becomes a draft: not published
    text = role.read_text(encoding="utf-8")
    assert "\nstatus: active\n" in text
    role.write_text(text.replace("\nstatus: active\n", "\nstatus: draft\n"), encoding="utf-8")
    code, stdout, stderr = cli("site", "--root", project, "--out", out, "--no-documents", "--format", "json")
    assert code == 0, stdout + stderr
    report = json.loads(stdout)
    assert report["command"] == "site" and report["status"] == "ok"
    assert "docs/roles/sales-director-assistant.md" in report["removed"]
    assert not (out / "docs" / "roles" / "sales-director-assistant.md").exists()
    assert (out / "site" / "index.html").read_text(encoding="utf-8") == "mkdocs 的输出"
    assert 0 < report["written"] < report["files"]  # the pages that named the removed role, not all
    assert not list(out.rglob("*.tmp"))


@pytest.mark.parametrize("where", ["foreign", "project", "roles", "docs", "file"])
def test_refuses_a_folder_it_must_not_write_and_changes_nothing(tmp_path, cli, where):
    project = copy_project(tmp_path / "project")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "笔记.txt").write_text("别人的文件", encoding="utf-8")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = {"foreign": foreign, "project": project, "roles": project / "roles" / "pages",
           "docs": project / "docs", "file": tmp_path / "a-file"}[where]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    code, stdout, stderr = cli("site", "--root", project, "--out", out)
    assert code == 2, stdout + stderr
    assert "页面输出目录" in stderr and "Traceback" not in stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_the_health_page_leaves_out_the_overlap_checks_above_the_limit_and_says_so(tmp_path):
    """Issue 16.6: the 职责交叉 checks are most of the plugin's own time on a large knowledge base."""
    from roledocs.kb.model import build_model
    from roledocs.kb.validate import validate_knowledge_base
    from roledocs.site.generate import SiteOptions, generate_site, published_documents

    project = copy_project(tmp_path / "project")
    report = validate_knowledge_base(project)
    published = published_documents(report.documents, "public")
    kb = build_model(published, "public", root=report.roles_dir, vocab=report.vocabulary)

    def health(limit: int) -> str:
        options = SiteOptions(documents=(), history=False, health_overlap_up_to=limit, docs_dir=project / "docs")
        return generate_site(kb, published, options).pages["health.md"]

    within, above = health(len(kb.roles)), health(len(kb.roles) - 1)
    assert "| RD501 |" in within and "没有运行职责交叉检查" not in within
    assert "| RD501 |" not in above and "| RD503 |" not in above
    assert "没有运行职责交叉检查" in above and f"知识库有 {len(kb.roles)} 个岗位" in above and "roledocs lint" in above
    assert "| RD511 |" in above  # the other checks still run


def test_markdown_links_are_what_relpath_gives_between_every_pair_of_generated_files():
    """urls.md_link computes relative links without posixpath.relpath (issue 16.6: ~25,000 links at
    1,000 roles); it must give the very same link between any two files of a site."""
    import itertools
    import posixpath

    from roledocs.site import urls

    files = [urls.HOME, urls.KPIS, urls.ROLES_INDEX, urls.role_uri("sales-rep"), urls.role_uri("sales-vp"),
             urls.department_uri("sales"), urls.DEPARTMENTS_INDEX, urls.process_uri("sales-workflow"),
             urls.COMPARE_INDEX, urls.download_uri("sales-rep", "pdf"), "assets/roledocs.css", "a/b/c.md", "a/b/d.md",
             "a/e.md", "roles/a/b.md"]
    for a, b in itertools.product(files, files):
        assert urls.md_link(a, b) == posixpath.relpath(b, posixpath.dirname(a) or "."), (a, b)


def test_help_missing_out_and_an_invalid_knowledge_base_are_said_in_chinese(cli, tmp_path):
    help_text = cli("site", "--help")
    assert help_text.returncode == 0 and "用法：" in help_text.stdout and "--out" in help_text.stdout
    assert "[default" not in help_text.stdout and "--for [mkdocs|zensical]" in help_text.stdout
    missing = cli("site")
    assert missing.returncode == 2 and "缺少选项 --out" in missing.stderr
    project = copy_project(tmp_path / "project")
    role = project / "roles" / "sales" / "sales-rep.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("reports_to: sales-team-lead", "reports_to: nobody"),
                    encoding="utf-8")
    code, stdout, stderr = cli("site", "--root", project, "--out", tmp_path / "pages", "--format", "json")
    assert code == 1
    report = json.loads(stdout)
    assert report["command"] == "site" and report["status"] == "fail"
    assert [p["code"] for p in report["problems"]] == ["RD304"] and "未写入页面" in report["error"]
    assert not (tmp_path / "pages").exists()
