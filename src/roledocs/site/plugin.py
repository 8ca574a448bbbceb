"""The `roledocs` MkDocs plugin: the knowledge base as pages of a Material site.

Events, in build order:

- on_config     load + validate roles/ (a broken knowledge base fails the build with the
                CLI's file:line messages), watch roles/ for `mkdocs serve`, expand the nav
- on_files      add every generated page (File.generated, nothing written to docs/), the
                role documents (PDF, Word) and the stylesheet; the git history (site/revisions.py)
                and the 知识库体检 (roledocs.lint) are read here, once per build
- on_page_markdown  put the generated overview into the hand-written home page
- on_post_page  JSON-LD (schema.org/Occupation) in each role page's <head>
- on_post_build improve Material's search index with roledocs.search.text (after `search` wrote it)
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..content.job_description import in_documents
from ..kb.model import KnowledgeBase, build_model
from ..reporters import problems_as_text
from ..site_dir import claim_site_dir
from ..kb.load import find_roles_dir
from ..kb.validate import validate_knowledge_base
from . import documents, urls
from .escape import html, url_path
from .revisions import SiteHistory, load_site_history
from .pages import OVERVIEW_MARKER, Downloads, SitePages, occupation_jsonld

log = logging.getLogger("mkdocs.plugins.roledocs")

STYLESHEET = "assets/roledocs.css"
STYLESHEET_SOURCE = Path(__file__).with_name("roledocs.css")


class RoledocsConfig(Config):
    """The roledocs plugin's options in mkdocs.yml."""

    root = c.Optional(c.Type(str))  # the folder holding roles/; default: mkdocs.yml's folder
    audience = c.Choice(("public", "internal"), default="public")
    documents = c.ListOfItems(c.Choice(("pdf", "docx")), default=["pdf", "docx"])
    search = c.Type(bool, default=True)  # improve Material's search index with roledocs.search.text
    # A department's roles are listed in the navigation up to this many; beyond it the
    # department page's table lists them (Material renders the whole nav into every page).
    nav_roles_per_department = c.Type(int, default=50)
    # The footer line of each audience (Material prints `copyright`): a public build must not
    # call itself 内部资料, and an internal one must say it holds confidential text.
    footer_public = c.Type(str, default="人力资源部 · 岗位说明书公开版")
    footer_internal = c.Type(str, default="人力资源部 · 内部资料（含保密信息，请勿外传）")
    # How many of the latest commits the history parts look at (最近修订, 与上一版本比较):
    # each costs two models of the knowledge base.
    history_commits = c.Type(int, default=10)
    # Each role compared with its superior on its page (0.2–0.7 s a pair on the real roles): done when
    # the knowledge base has at most this many roles; above it the pages link to 岗位比较 instead.
    compare_up_to = c.Type(int, default=300)
    history = c.Type(bool, default=True)
    health = c.Type(bool, default=True)  # the 知识库体检 page (roledocs.lint)


class RoledocsPlugin(BasePlugin[RoledocsConfig]):
    """The MkDocs plugin: validates the knowledge base, adds its pages, documents and search words."""

    supports_multiple_instances = False

    def __init__(self):
        self.kb: KnowledgeBase | None = None
        self.documents: list = []  # the validated documents this site publishes (no drafts when public)
        self.root: Path | None = None
        self.jsonld: dict[str, str] = {}
        self.pages: SitePages | None = None
        # `roledocs build` validated already and hands its report over (roledocs.site.build)
        self.validated = None

    # ── configuration: load, validate, watch, nav ─────────────────────────
    def on_config(self, config):
        """Validates and loads the knowledge base (PluginError on errors); returns the adjusted config."""
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.root = (config_dir / self.config.root).resolve() if self.config.root else config_dir
        claim_site_dir(config.site_dir, self.root, config.docs_dir)  # refuses roles/, docs/, a foreign folder
        handed = self.validated
        if handed is not None and Path(handed.roles_dir).resolve() == find_roles_dir(self.root).resolve():
            report = handed  # its warnings were shown by `roledocs build`
        else:
            report = validate_knowledge_base(self.root)
            for warning in report.warnings:
                log.warning(f"{warning.location()}: {warning.code} {warning.message}")
        if not report.ok:
            raise PluginError("知识库有错误，网站没有生成：\n"
                              + problems_as_text(report.problems, report.files_checked))
        self.documents = published_documents(report.documents, self.config.audience)
        self.kb = build_model(self.documents, self.config.audience, root=report.roles_dir,
                              vocab=report.vocabulary)
        roles_dir = str(report.roles_dir)
        if roles_dir not in config.watch:
            config.watch.append(roles_dir)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        config.copyright = (self.config.footer_internal if self.config.audience == "internal"
                            else self.config.footer_public)
        if config.repo_url and is_placeholder_url(config.repo_url):
            log.info(f"roledocs: repo_url {config.repo_url} 是示例地址，网站不显示“编辑此页”和代码仓库链接。"
                     "请在 mkdocs.yml 中改成公司代码仓库的地址。")
            config.repo_url = config.repo_name = config.edit_uri = None
        if config.nav:
            config.nav = expand_nav(config.nav, self.kb, self.config.nav_roles_per_department)
        return config

    # ── files: generated pages, documents, stylesheet ─────────────────────
    def on_files(self, files: Files, *, config) -> Files:
        """Returns the files with the generated pages, role documents and stylesheet added."""
        kb = self.kb
        rendered = documents.render_all(kb, self.config.documents) if self.config.documents else {}
        downloads = Downloads()
        order = {fmt: i for i, fmt in enumerate(self.config.documents)}
        for (role_id, fmt), content in sorted(rendered.items(), key=lambda kv: (kv[0][0], order[kv[0][1]])):
            files.append(File.generated(config, urls.download_uri(role_id, fmt), content=content))
            downloads.formats.setdefault(role_id, []).append(fmt)
        history = (load_site_history(self.root, kb, self.config.history_commits) if self.config.history
                   else SiteHistory(False, "这个网站构建时关闭了修订历史（roledocs 插件的 history: false）。"))
        if not history.available:
            log.info(f"roledocs: {history.reason}")
        self.pages = SitePages(kb, use_directory_urls=config.use_directory_urls, downloads=downloads,
                               edit_url_for=lambda role: self._edit_url(config, role), history=history,
                               compare=len(kb.roles) <= self.config.compare_up_to,
                               health=self._health_markdown(config) if self.config.health else None)
        for src_uri, markdown in self.pages.generate().items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(f"docs/{src_uri} 与自动生成的页面重名：请改名或删除该文件。")
            file = File.generated(config, src_uri, content=markdown)
            role_id = _role_id_of(src_uri)
            if role_id in kb.roles:
                # "Edit this page" opens the role's YAML file, not a generated Markdown file.
                file.edit_uri = self._yaml_uri(config, kb.roles[role_id])
                self.jsonld[src_uri] = occupation_jsonld(kb.roles[role_id])
            files.append(file)
        files.append(File.generated(config, STYLESHEET, content=STYLESHEET_SOURCE.read_bytes()))
        return files

    def _health_markdown(self, config) -> str:
        """The 知识库体检 page from roledocs.lint over what this site publishes."""
        from ..lint import lint_documents
        from ..lint.config import load_config
        from ..lint.page import health_page, page_markdown

        report = lint_documents(self.documents, Path(self.kb.root), config=load_config(Path(self.kb.root).parent))
        use_dir = config.use_directory_urls

        def edit_url(file: str, line: int | None) -> str | None:
            url = self._edit_url_of_file(config, file)
            return f"{url}#L{line}" if url and line else url

        return page_markdown(health_page(report, self.kb),
                             role_url=lambda rid: urls.html_link(urls.HEALTH, urls.role_uri(rid), use_dir),
                             edit_url=edit_url)

    def _yaml_uri(self, config, role) -> str | None:
        """The role's YAML file relative to docs/, URL-encoded (a folder name may hold anything)."""
        if self.kb.root is None:
            return None
        docs_dir = Path(config.docs_dir).resolve()
        return url_path(os.path.relpath(Path(self.kb.root).parent / role.file, docs_dir).replace(os.sep, "/"))

    def _edit_url(self, config, role) -> str | None:
        return self._edit_url_of_file(config, role.file)

    def _edit_url_of_file(self, config, file: str) -> str | None:
        """The repository's edit page of a knowledge-base file (`roles/…`, relative to the project)."""
        if not (config.repo_url and config.edit_uri) or self.kb.root is None:
            return None
        from urllib.parse import urljoin
        docs_dir = Path(config.docs_dir).resolve()
        path = url_path(os.path.relpath(Path(self.kb.root).parent / file, docs_dir).replace(os.sep, "/"))
        base = config.repo_url if config.repo_url.endswith("/") else config.repo_url + "/"
        return urljoin(base, config.edit_uri + path)

    # ── pages ─────────────────────────────────────────────────────────────
    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        """Returns the home page's Markdown with the overview at its marker (appended if none)."""
        if page.file.src_uri == urls.HOME and self.pages is not None:
            overview = self.pages.overview(urls.HOME)
            if OVERVIEW_MARKER in markdown:
                return markdown.replace(OVERVIEW_MARKER, overview)
            return markdown.rstrip() + "\n\n" + overview
        return markdown

    def on_post_page(self, output: str, *, page, config) -> str:
        """Returns the page's HTML with its role's JSON-LD in <head>."""
        jsonld = self.jsonld.get(page.file.src_uri)
        if jsonld and "</head>" in output:
            tag = f'<script type="application/ld+json">{jsonld}</script>\n'
            output = output.replace("</head>", tag + "</head>", 1)
        return output

    # ── search ────────────────────────────────────────────────────────────
    @event_priority(-100)  # after Material's `search` plugin has written search_index.json
    def on_post_build(self, *, config) -> None:
        """Adds roledocs' search words to Material's search index and installs the search worker."""
        if not self.config.search:
            return
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            log.info("roledocs: 没有找到 search/search_index.json（未启用 search 插件？），跳过搜索索引增强。")
            return
        from .search_index import improve_search_index_file, install_search_worker
        improve_search_index_file(path, self.kb)
        install_search_worker(config.site_dir)


def published_documents(documents: list, audience: str) -> list:
    """The documents a site for `audience` shows: draft roles never reach a public site (a
    reference to one then resolves to nothing, as to a role outside the knowledge base)."""
    return [d for d in documents
            if d.kind != "role" or in_documents(str((d.data or {}).get("status") or ""), audience)]


# Hosts reserved for examples (RFC 2606, RFC 6761): a repo_url there is the template's placeholder.
_PLACEHOLDER_HOSTS = ("example.com", "example.net", "example.org", "example", "invalid")


def is_placeholder_url(url: str) -> bool:
    """Whether the URL's host is an example one (example.com, .invalid …) rather than a real repository."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return any(host == h or host.endswith("." + h) for h in _PLACEHOLDER_HOSTS)


def _role_id_of(src_uri: str) -> str | None:
    if src_uri.startswith("roles/") and src_uri.endswith(".md") and src_uri != urls.ROLES_INDEX:
        return src_uri[len("roles/"):-3]
    return None


def expand_nav(nav: list, kb: KnowledgeBase, roles_per_department: int = 50) -> list:
    """Expand the generated index pages named in mkdocs.yml's nav into sections.

    Titles are HTML-escaped: MkDocs and Material print nav titles raw.
    `departments/index.md` becomes a section with one sub-section per department (its page,
    then its roles, managers first, unless there are more than `roles_per_department`);
    `processes/index.md` gets its process pages.
    """
    def roles_of(dept) -> list:
        if len(dept.roles) > roles_per_department:
            return []

        ordered = sorted(dept.roles, key=lambda r: (r.depth, r.document.number, r.id))
        return [{html(r.title): urls.role_uri(r.id)} for r in ordered]

    def expand(value):
        if value == urls.DEPARTMENTS_INDEX:
            return [urls.DEPARTMENTS_INDEX] + [
                {html(d.name): [{"部门概况": urls.department_uri(d.id)}] + roles_of(d)} for d in kb.departments.values()]
        if value == urls.PROCESSES_INDEX:
            return [urls.PROCESSES_INDEX] + [{html(p.name): urls.process_uri(p.id)} for p in kb.processes]
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    def walk(item):
        if isinstance(item, dict):
            return {title: expand(value) for title, value in item.items()}
        if isinstance(item, list):
            return [walk(x) for x in item]
        return item  # a bare path keeps its place; only titled entries become sections

    return [walk(item) for item in nav]
