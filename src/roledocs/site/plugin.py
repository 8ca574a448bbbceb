"""The `roledocs` MkDocs plugin: the knowledge base as pages of a Material site.

A thin layer over `generate.generate_site` (which `roledocs site --out` also uses to write the
same pages as files): it validates, hands MkDocs the generated files in memory, and does what
only a plugin can (live reload on YAML edits, JSON-LD in <head>, the search index).

Events, in build order:

- on_config     load + validate roles/ (a broken knowledge base fails the build with the
                CLI's file:line messages), watch roles/ for `mkdocs serve`, expand the nav
- on_files      generate_site(): every generated page (File.generated, nothing written to docs/),
                the role documents (PDF, Word) and the stylesheet; the git history (site/revisions.py)
                and the 知识库体检 (roledocs.lint) are read there, once per build
- on_page_markdown  put the generated overview into the hand-written home page
- on_post_page  JSON-LD (schema.org/Occupation) in each role page's <head>
- on_post_build replace Material's search with roledocs' (the CLI's index and analysis, fetched on demand)
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..kb.model import KnowledgeBase, build_model
from ..reporters import problems_as_text
from ..site_dir import claim_site_dir
from ..kb.load import find_roles_dir
from ..kb.validate import validate_knowledge_base
from . import urls
from .generate import GeneratedSite, SiteOptions, generate_site, published_documents, site_settings
from .generate import is_placeholder_url  # noqa: F401 - part of the plugin module's interface (tests)

log = logging.getLogger("mkdocs.plugins.roledocs")


class RoledocsConfig(Config):
    """The roledocs plugin's options in mkdocs.yml."""

    root = c.Optional(c.Type(str))  # the folder holding roles/; default: mkdocs.yml's folder
    audience = c.Choice(("public", "internal"), default="public")
    documents = c.ListOfItems(c.Choice(("pdf", "docx")), default=["pdf", "docx"])
    search = c.Type(bool, default=True)  # replace Material's search with roledocs' (site/search_index.py)
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
    # The 知识库体检 page runs the 职责交叉 checks (RD501–RD503) up to this many roles: above it they
    # cost more than the whole site (~50 s at 1,000 synthetic roles); `roledocs lint` runs them.
    health_overlap_up_to = c.Type(int, default=300)


class RoledocsPlugin(BasePlugin[RoledocsConfig]):
    """The MkDocs plugin: validates the knowledge base, adds its pages, documents and search words."""

    supports_multiple_instances = False

    def __init__(self):
        self.kb: KnowledgeBase | None = None
        self.documents: list = []  # the validated documents this site publishes (no drafts when public)
        self.root: Path | None = None
        self.site: GeneratedSite | None = None
        # `roledocs build` validated already and hands its report over (roledocs.site.build)
        self.validated = None
        self.role_pages: set[str] = set()  # their source uris
        self.role_anchors: dict[str, dict[str, str]] = {}  # role page url → heading → url#anchor

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
        settings = site_settings(self.kb, config, self.config)
        if config.repo_url and settings.get("repo_url", config.repo_url) is None:
            log.info(f"roledocs: repo_url {config.repo_url} 是示例地址，网站不显示“编辑此页”和代码仓库链接。"
                     "请在 mkdocs.yml 中改成公司代码仓库的地址。")
        for key, value in settings.items():
            config[key] = value
        return config

    # ── files: generated pages, documents, stylesheet ─────────────────────
    def on_files(self, files: Files, *, config) -> Files:
        """Returns the files with the generated pages, role documents and stylesheet added."""
        self.site = generate_site(self.kb, self.documents, self.site_options(config))
        self.role_pages = {urls.role_uri(rid) for rid in self.kb.roles}
        self.role_anchors = {}
        for src_uri, content in self.site.assets.items():
            files.append(File.generated(config, src_uri, content=content))
        for src_uri, markdown in self.site.pages.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(f"docs/{src_uri} 与自动生成的页面重名：请改名或删除该文件。")
            file = File.generated(config, src_uri, content=markdown)
            if src_uri in self.site.edit_uris:
                # "Edit this page" opens the role's YAML file, not a generated Markdown file.
                file.edit_uri = self.site.edit_uris[src_uri]
            files.append(file)
        return files

    def site_options(self, config) -> SiteOptions:
        """The plugin's options and the MkDocs settings the generated pages depend on."""
        return SiteOptions(audience=self.config.audience, documents=tuple(self.config.documents),
                           history=self.config.history, history_commits=self.config.history_commits,
                           compare_up_to=self.config.compare_up_to, health=self.config.health,
                           health_overlap_up_to=self.config.health_overlap_up_to,
                           nav_roles_per_department=self.config.nav_roles_per_department,
                           use_directory_urls=config.use_directory_urls, docs_dir=Path(config.docs_dir),
                           repo_url=config.repo_url, edit_uri=config.edit_uri)

    # ── pages ─────────────────────────────────────────────────────────────
    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        """Returns the home page's Markdown with the overview at its marker (appended if none)."""
        if self.config.search and page.file.src_uri in self.role_pages:
            # roledocs' search indexes the roles itself (search_index.py): Material need not
            # cut every role page into sections and segment them (a quarter of a 1,000-role build)
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if page.file.src_uri == urls.HOME and self.site is not None:
            return self.site.home_page(markdown)
        return markdown

    def on_page_context(self, context, *, page, config, nav):
        """Remembers a role page's headings (anchors for the search results' sections)."""
        if self.config.search and page.file.src_uri in self.role_pages:
            anchors = self.role_anchors.setdefault(page.url, {})
            items = list(page.toc)
            while items:
                item = items.pop(0)
                anchors.setdefault(item.title, page.url + item.url)
                items += item.children
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        """Returns the page's HTML with its role's JSON-LD in <head>."""
        jsonld = self.site.jsonld.get(page.file.src_uri) if self.site is not None else None
        if jsonld and "</head>" in output:
            tag = f'<script type="application/ld+json">{jsonld}</script>\n'
            output = output.replace("</head>", tag + "</head>", 1)
        return output

    # ── search ────────────────────────────────────────────────────────────
    @event_priority(-100)  # after Material's `search` plugin has written search_index.json
    def on_post_build(self, *, config) -> None:
        """Replaces Material's search with roledocs' (search_index.install_search): the CLI's index
        and query analysis, in files a worker fetches on demand."""
        if not self.config.search:
            return
        from .search_index import install_search

        if install_search(config.site_dir, self.kb, self.role_anchors, config.use_directory_urls) is None:
            log.info("roledocs: 没有找到 Material 的搜索索引和搜索 worker（未启用 search 插件？），网站搜索保持原样。")
