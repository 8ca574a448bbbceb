"""A real `mkdocs build --strict` of the knowledge-base site, checked file by file.

The project (mkdocs.yml, docs/, roles/) is copied to a temporary folder, one
confidential canary is planted in a role's `compensation`, and the site is built
once for the whole module. Nothing is written into the repository.
"""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from roledocs.kb import open_knowledge_base
from roledocs.kb.model import build_model
from roledocs.kb.validate import validate_knowledge_base
from roledocs.site.plugin import published_documents

from support.site_project import CANARY, DRAFT_ROLE, ENV, REVIEW_CANARY, REPO, copy_project, mkdocs_build


@pytest.fixture(scope="module")
def project(site_project: Path) -> Path:
    return site_project


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="module")
def kb(project: Path):
    """The knowledge base as the public site shows it: without draft roles."""
    report = validate_knowledge_base(project)
    return build_model(published_documents(report.documents, "public"), "public", root=report.roles_dir)


def read(site: Path, url_path: str) -> str:
    path = site / url_path
    if url_path.endswith("/") or url_path == "":
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


# ── pages ────────────────────────────────────────────────────────────────
def test_every_generated_page_exists(site, kb):
    for role_id in kb.roles:
        assert (site / "roles" / role_id / "index.html").is_file(), role_id
    for dept_id in kb.departments:
        assert (site / "departments" / dept_id / "index.html").is_file(), dept_id
    for process in kb.processes:
        assert (site / "processes" / process.id / "index.html").is_file()
    for page in ["", "roles/", "departments/", "processes/", "kpis/", "glossary/", "org/", "tags/",
                 "editors/", "errors/"]:
        assert (site / page / "index.html").is_file(), page
    assert (site / "assets" / "roledocs.css").is_file()


def test_no_generated_file_is_written_into_docs(site, project):
    assert sorted(p.name for p in (project / "docs").iterdir()) == sorted(p.name for p in (REPO / "docs").iterdir())
    assert not (project / "docs" / "roles").exists()


def test_home_page_has_hand_written_text_and_generated_overview(site, kb):
    html = read(site, "")
    assert "岗位说明书知识库" in html and "编辑指南" in html  # docs/index.md
    assert "roledocs:overview" not in html
    assert f"<strong>{len(kb.roles)}</strong><span>个岗位</span>" in html
    for dept in kb.departments.values():
        assert f'href="departments/{dept.id}/"' in html


def test_role_page_shows_every_section(site, kb):
    role = kb.roles["sales-director"]
    html = read(site, "roles/sales-director/")
    assert "<strong>岗位目的</strong>：" + role.summary[:20] in html
    for heading in ["汇报关系", "岗位职责", "权限", "工作关系", "任职资格", "绩效考核指标",
                    "工作条件", "职业发展", "典型工作场景", "文件控制与审批"]:
        assert re.search(rf'<h2 id="{heading}">{heading}', html), heading
    for duty in role.duties:
        assert duty.title in html
        for task in duty.tasks[:1]:
            assert task[:20] in html
    for rk in role.kpis:
        assert f'href="../../kpis/#{rk.kpi.id}"' in html
    assert role.document.number in html
    for case in role.cases:
        assert case.title in html


def test_reporting_line_links_superior_self_and_subordinates(site, kb):
    role = kb.roles["sales-director"]
    html = read(site, "roles/sales-director/")
    chain = re.search(r'<div class="roledocs-chain">(.*?)</div>', html, re.S).group(1)
    assert f'<a href="../{role.superior.id}/">{role.superior.title}</a>' in chain
    assert f"<strong>{role.title}</strong>（本岗）" in chain
    assert role.subordinates
    for sub in role.subordinates:
        assert f'<a href="../{sub.id}/">{sub.title}</a>' in chain
    # a position outside the knowledge base is named, not linked
    assert "总经理 →" in chain


def test_role_page_tags_and_edit_link(site, kb):
    html = read(site, "roles/sales-director/")
    assert re.search(r'class="md-tag[^"]*"[^>]*>销售部<', html)
    assert re.search(r'class="md-tag[^"]*"[^>]*>经营管理类<', html)
    # mkdocs.yml's repo_url is the placeholder git.example.com: no edit link, no repository link
    # (tests/test_site_pages.py builds with a real repository URL and finds both).
    assert "git.example.com" not in html and "md-content__button" not in html and 'class="md-source"' not in html


def test_draft_roles_are_not_on_the_public_site(site, project):
    """The canary's draft copy: no page, no link, no box in a chart, no search entry; the active
    role it was copied from is published as usual."""
    draft = open_knowledge_base(project, audience="internal").roles[DRAFT_ROLE]
    assert draft.status == "draft"
    assert (site / "roles" / "sales-team-lead" / "index.html").is_file()
    assert not (site / "roles" / DRAFT_ROLE).exists()
    assert not (site / "downloads" / f"{DRAFT_ROLE}.pdf").exists()
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(rf'href="[^"]*roles/{DRAFT_ROLE}/', text), path
        assert draft.title not in text, path  # not on a page, not as a box of an org chart
    for path in (site / "search").rglob("*.json"):  # search_index.json and the search files (search/roledocs/)
        parsed = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
        assert draft.title not in parsed and DRAFT_ROLE not in parsed, path


class _Head(HTMLParser):
    """<title> and <meta> elements as a browser parses them."""

    def __init__(self):
        super().__init__()
        self.metas: list[dict] = []
        self.title, self._in_title = "", False

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.metas.append(dict(attrs))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def test_page_titles_and_descriptions_read_as_written_in_yaml(site, kb):
    """MkDocs and Material print these raw: a quote in a summary (the real 客户投诉处理 process
    has one) must not break out of <meta name="description" content="…">."""
    pages = {f"roles/{r.id}/": (r.title, r.summary) for r in kb.roles.values()}
    pages |= {f"departments/{d.id}/": (d.name, d.summary or d.name) for d in kb.departments.values()}
    pages |= {f"processes/{p.id}/": (p.name, p.summary or p.name) for p in kb.processes}
    assert any('"' in summary for _, summary in pages.values())  # the case the real knowledge base has
    for path, (title, summary) in pages.items():
        head = _Head()
        head.feed(read(site, path).split("</head>")[0])
        descriptions = [m for m in head.metas if m.get("name") == "description"]
        assert [m.get("content") for m in descriptions] == [" ".join(summary.split())], path
        assert all(set(m) <= {"name", "content", "charset", "http-equiv", "property"} for m in head.metas), path
        assert head.title == f"{title} - 岗位说明书知识库", path


def test_json_ld_occupation_in_head(site, kb):
    html = read(site, "roles/sales-director/")
    head = html.split("</head>")[0]
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@type"] == "Occupation" and data["@context"] == "https://schema.org"
    assert data["name"] == "销售总监"
    assert data["responsibilities"][0] == kb.roles["sales-director"].duties[0].title
    assert "Sales Director" in data["alternateName"]
    assert "ld+json" not in read(site, "kpis/")


def test_org_charts_are_inline_svg_linking_every_role(site, kb):
    html = read(site, "org/")
    svg = re.search(r'<svg class="roledocs-orgchart".*?</svg>', html, re.S).group(0)
    for role in kb.roles.values():
        assert f'<a href="../roles/{role.id}/">' in svg, role.id
        assert f">{role.title}</text>" in svg
    assert ">总经理</text>" in svg
    dept_html = read(site, "departments/customer-service/")
    dept_svg = re.search(r'<svg class="roledocs-orgchart".*?</svg>', dept_html, re.S).group(0)
    for role in kb.departments["customer-service"].roles:
        assert f'<a href="../../roles/{role.id}/">' in dept_svg
    assert "销售代表" not in dept_svg  # another department's role


def test_role_page_lists_the_department_functions_it_carries(site, kb):
    html = read(site, "roles/customer-service-supervisor/")
    assert re.search(r'<h2 id="承担的部门职能">承担的部门职能', html)
    section = html[html.index('id="承担的部门职能"'):html.index('id="权限"')]
    for a in kb.functions_of("customer-service-supervisor"):
        assert a.name in section
        for duty in a.duties:
            assert duty[:15] in section
    assert "客服部</a>的负责人。部门职责：负责客户服务政策" in section  # the head: the department's remit
    links = re.findall(r'href="\.\./\.\./departments/([\w-]+)/#([^"]+)"', section)
    assert {d for d, _ in links} == {"sales", "customer-service"}
    for dept_id, anchor in links:  # each function links to its heading on the department page
        assert f'id="{unquote(anchor)}"' in read(site, f"departments/{dept_id}/"), anchor
    clerk = read(site, "roles/sales-clerk/")
    assert re.search(r'<h2 id="承担的部门职能">', clerk) and "的负责人。部门职责" not in clerk


def test_documents_render_in_worker_processes_and_only_changed_roles_again(project, caplog, monkeypatch):
    from roledocs.site import documents

    monkeypatch.setenv("ROLEDOCS_NO_CACHE", "1")  # within one process; across builds: test_site_documents_kept.py
    kb = open_knowledge_base(project)
    documents._cache.clear()
    with caplog.at_level("INFO", logger="mkdocs.plugins.roledocs"):
        first = documents.render_all(kb, ["pdf", "docx"], jobs=2)
        assert set(first) == {(r, f) for r in kb.roles for f in ("pdf", "docx")}
        assert all(v.startswith(b"%PDF-" if f == "pdf" else b"PK\x03\x04") for (_, f), v in first.items())
        kb.roles["sales-rep"].summary += "（已修改）"  # what `mkdocs serve` sees after an edit
        second = documents.render_all(kb, ["pdf", "docx"], jobs=2)
    assert f"本次生成 {len(first)} 个" in caplog.text and "本次生成 2 个" in caplog.text
    assert {k for k in first if first[k] != second[k]} <= {("sales-rep", "pdf"), ("sales-rep", "docx")}
    assert len(documents._cache) == len(first)  # the edited role's old documents are dropped
    documents._cache.clear()


def test_chinese_heading_ids(site):
    html = read(site, "glossary/")
    assert 'id="客户满意度"' in html
    assert not re.search(r'<h[23] id="_\d+"', html)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append((tag, value))


def test_every_internal_link_resolves(site):
    checked = 0
    for page in site.rglob("*.html"):
        url = "/" + page.relative_to(site).as_posix()
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "mailto:", "//")):
                continue
            target = unquote(urlsplit(urljoin(url, link)).path)
            path = site / target.lstrip("/")
            if target.endswith("/"):
                path = path / "index.html"
            assert path.exists(), f"{url}: {tag} {link} → {target}"
            checked += 1
    assert checked > 1000


# ── confidentiality ──────────────────────────────────────────────────────
def _site_texts(site: Path):
    """(file, text) for every file of the build; binary formats are opened and read."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
            yield path, re.sub(r"<[^>]+>", "", xml)
        elif path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                                  text=True, check=True).stdout
            yield path, re.sub(r"\s+", "", text)
        elif path.suffix == ".gz":
            yield path, gzip.decompress(data).decode("utf-8", "replace")
        else:
            text = data.decode("utf-8", "replace")
            if path.suffix == ".json":  # \u-escaped: compare the decoded text
                text = json.dumps(json.loads(text), ensure_ascii=False)
            yield path, text.replace("\u200b", "")


def _confidential_strings(project: Path) -> list[str]:
    """Values of the confidential fields (compensation, review_notes) that appear nowhere else."""
    from roledocs.kb.schema import confidential_keys

    secret, public = [], []
    for path in (project / "roles").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        comp = [data.pop(key) for key in sorted(confidential_keys("role")) if key in data]
        public.append(json.dumps(data, ensure_ascii=False, default=str))

        def leaves(value):
            if isinstance(value, dict):
                for v in value.values():
                    yield from leaves(v)
            elif isinstance(value, list):
                for v in value:
                    yield from leaves(v)
            elif isinstance(value, str):
                yield value
        secret.extend(leaves(comp) if comp else [])
    everything_public = "\n".join(public)
    return sorted({s for s in secret if len(s) >= 8 and s not in everything_public})


def test_no_confidential_text_in_any_file_of_the_build(site, project):
    secrets = _confidential_strings(project)
    assert CANARY in secrets and REVIEW_CANARY in secrets and len(secrets) >= 5, secrets
    files = 0
    for path, text in _site_texts(site):
        files += 1
        for secret in secrets:
            assert secret not in text, f"{path.relative_to(site)} 含有保密内容：{secret}"
        if path.parent.parent.name == "roles":
            assert "薪资区间" not in text and "salary_range" not in text, path
            assert "薪酬待遇" not in text and "待核对事项" not in text, path
    assert files > 50


# ── nothing fetched from the internet ────────────────────────────────────
FETCHING_TAGS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
                 "audio": "src", "embed": "src", "object": "data", "track": "src"}
FETCHING_LINK_RELS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "shortcut",
                      "apple-touch-icon", "manifest", "preconnect", "dns-prefetch"}
EXTERNAL = re.compile(r"^(https?:)?//", re.I)


class _Fetches(HTMLParser):
    """URLs a browser fetches when it renders the page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in FETCHING_TAGS and a.get(FETCHING_TAGS[tag]):
            self.urls.append(a[FETCHING_TAGS[tag]])
        if tag == "link" and a.get("href") and FETCHING_LINK_RELS & set((a.get("rel") or "").lower().split()):
            self.urls.append(a["href"])
        for srcset in (a.get("srcset"), a.get("imagesrcset")):
            if srcset:
                self.urls.extend(part.strip().split(" ")[0] for part in srcset.split(","))
        if a.get("style"):
            self.styles.append(a["style"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._in_style = False


CSS_FETCH = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')]+)""", re.I)
JS_FETCH = re.compile(r"""\b(?:fetch|importScripts|import|Worker|SharedWorker|EventSource|WebSocket)\s*\(\s*["'`]((?:https?:)?//[^"'`]+)""")


def test_nothing_is_fetched_from_the_internet(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            parser = _Fetches()
            parser.feed(path.read_text(encoding="utf-8"))
            offenders += [(path, u) for u in parser.urls if EXTERNAL.match(u)]
            for css in parser.styles:
                offenders += [(path, u) for m in CSS_FETCH.finditer(css) for u in m.groups() if u and EXTERNAL.match(u)]
            assert 'class="mermaid"' not in path.read_text(encoding="utf-8"), f"{path}: Mermaid loads from unpkg"
        elif path.suffix == ".css":
            css = path.read_text(encoding="utf-8")
            offenders += [(path, u) for m in CSS_FETCH.finditer(css) for u in m.groups() if u and EXTERNAL.match(u)]
        elif path.suffix == ".js":
            offenders += [(path, m.group(1)) for m in JS_FETCH.finditer(path.read_text(encoding="utf-8"))]
    assert not offenders, offenders
    home = read(site, "")
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home
    # Material fetches repository facts from the GitHub/GitLab API for such repo_urls.
    for source in re.findall(r'<a href="([^"]+)"[^>]*class="md-source"', home):
        assert not re.match(r"https?://(www\.)?(github|gitlab)\.com", source)


def test_external_url_check_catches_a_cdn_script(tmp_path):
    """The scanner above is not blind: a CDN script and a Google font are flagged."""
    parser = _Fetches()
    parser.feed('<script src="https://unpkg.com/mermaid.min.js"></script>'
                '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
                '<link rel="canonical" href="https://example.com/">')
    assert [u for u in parser.urls if EXTERNAL.match(u)] == [
        "https://unpkg.com/mermaid.min.js", "https://fonts.googleapis.com/css?family=Roboto"]
    assert CSS_FETCH.search('@import url("https://fonts.googleapis.com/x.css");').group(1).startswith("https://")
    assert JS_FETCH.search('fetch("https://api.github.com/repos/x")')


# ── downloads ────────────────────────────────────────────────────────────
def test_download_buttons_point_at_documents_built_into_the_site(site, kb):
    for role_id, role in kb.roles.items():
        html = read(site, f"roles/{role_id}/")
        for fmt, magic in (("pdf", b"%PDF-"), ("docx", b"PK\x03\x04")):
            assert f'href="../../downloads/{role_id}.{fmt}"' in html, (role_id, fmt)
            assert (site / "downloads" / f"{role_id}.{fmt}").read_bytes().startswith(magic)
        assert f'download="{role.document.number} {role.title} 岗位说明书.pdf"' in html


# ── a broken knowledge base fails the build ──────────────────────────────
def test_invalid_knowledge_base_fails_the_build_with_file_line_messages(tmp_path):
    project = copy_project(tmp_path / "broken")
    path = project / "roles" / "sales" / "sales-rep.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    line_no = next(i for i, line in enumerate(lines, 1) if line.startswith("reports_to:"))
    lines[line_no - 1] = "reports_to: no-such-role"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"roles/sales/sales-rep.yaml:{line_no}:" in output
    # the very lines `roledocs validate` prints
    assert f"roles/sales/sales-rep.yaml:{line_no}:1: 错误 RD304 直接上级 no-such-role 不存在" in output
    assert "提示：上级必须是 roles/ 中某个岗位的编号，或 _positions.yaml 中的职位。" in output
    assert "检查了 22 个文件：1 个错误，0 个警告" in output
    assert not (tmp_path / "site" / "index.html").exists()


# ── mkdocs serve reloads when HR edits a YAML file ───────────────────────
def test_mkdocs_serve_rebuilds_when_a_role_file_changes(tmp_path):
    import socket
    import time
    import urllib.request

    project = copy_project(tmp_path / "served")
    (project / "serve.yml").write_text("INHERIT: mkdocs.yml\nplugins:\n  - search\n  - tags\n"
                                       "  - roledocs:\n      documents: []\n      search: false\n", encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "serve.yml"),
                               "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/roles/sales-rep/"

    def page() -> str:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")

    def wait_for(predicate, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if predicate(page()):
                    return True
            except OSError:
                pass
            assert server.poll() is None, server.stderr.read()
            time.sleep(0.5)
        return False

    try:
        assert wait_for(lambda html: "<h1" in html and "销售代表" in html)
        path = project / "roles" / "sales" / "sales-rep.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("\ntitle: 销售代表\n", "\ntitle: 销售代表（已修改）\n", 1),
                        encoding="utf-8")
        assert wait_for(lambda html: "销售代表（已修改）" in html), "mkdocs serve did not rebuild after the YAML edit"
    finally:
        server.terminate()
        server.wait(timeout=30)
