"""Everything the knowledge base adds to a site, computed by ONE function: `generate_site`.

It returns the generated pages (source uri → Markdown), the files beside them (the
stylesheet, the role documents), the home page's overview, the nav expanded with the
departments, roles and processes, and what only a plugin can place (the role pages' "edit
this page" targets, their JSON-LD). Two front ends use it:

- the MkDocs plugin (plugin.py) adds them as `File.generated` (nothing written; `mkdocs serve`
  rebuilds them on every YAML edit);
- `roledocs site --out DIR` (files.py) writes them into a folder that a plain `mkdocs build`
  or `zensical build` turns into the same site.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..content.job_description import in_documents
from ..kb.model import KnowledgeBase
from . import documents as role_documents, urls
from .escape import html, url_path
from .pages import OVERVIEW_MARKER, Downloads, SitePages, occupation_jsonld
from .revisions import SiteHistory, load_site_history

log = logging.getLogger("mkdocs.plugins.roledocs")

STYLESHEET = "assets/roledocs.css"
STYLESHEET_SOURCE = Path(__file__).with_name("roledocs.css")
HISTORY_OFF = "这个网站构建时关闭了修订历史（roledocs 插件的 history: false）。"


@dataclass(frozen=True)
class SiteOptions:
    """What the site shows: the roledocs plugin's options in mkdocs.yml, and the few MkDocs settings
    the generated pages depend on."""

    audience: str = "public"
    documents: tuple[str, ...] = ("pdf", "docx")
    history: bool = True
    history_commits: int = 10
    compare_up_to: int = 300
    health: bool = True
    health_overlap_up_to: int = 300   # above this many roles the 知识库体检 page leaves out 职责交叉
    nav_roles_per_department: int = 50
    use_directory_urls: bool = True
    docs_dir: Path | None = None      # the hand-written pages: edit links are relative to it
    repo_url: str | None = None       # None: no "edit this page" (placeholder URLs are removed first)
    edit_uri: str | None = None
    raw_links: str = "page"           # "source" for Zensical (see SitePages)


@dataclass
class GeneratedSite:
    """The knowledge base's part of the site."""

    pages: dict[str, str]                  # source uri → Markdown
    assets: dict[str, bytes]               # site path → content (stylesheet, PDF and Word files)
    overview: str                          # the home page's generated part (at OVERVIEW_MARKER)
    edit_uris: dict[str, str] = field(default_factory=dict)  # role page uri → its YAML, relative to docs/
    jsonld: dict[str, str] = field(default_factory=dict)     # role page uri → schema.org/Occupation

    def home_page(self, markdown: str) -> str:
        """The hand-written home page with the overview at its marker (appended if it has none)."""
        if OVERVIEW_MARKER in markdown:
            return markdown.replace(OVERVIEW_MARKER, self.overview)
        return markdown.rstrip() + "\n\n" + self.overview


def published_documents(documents: list, audience: str) -> list:
    """The documents a site for `audience` shows: draft roles never reach a public site (a
    reference to one then resolves to nothing, as to a role outside the knowledge base)."""
    return [d for d in documents
            if d.kind != "role" or in_documents(str((d.data or {}).get("status") or ""), audience)]


def generate_site(kb: KnowledgeBase, published: list, options: SiteOptions) -> GeneratedSite:
    """The pages, files and overview of the site of `kb` (built from the validated `published`
    documents, which the 知识库体检 page lints). Raises PluginError when a document cannot be rendered."""
    root = Path(kb.root).parent if kb.root is not None else None
    assets: dict[str, bytes] = {}
    downloads = Downloads()
    rendered = role_documents.render_all(kb, options.documents) if options.documents else {}
    order = {fmt: i for i, fmt in enumerate(options.documents)}
    for (role_id, fmt), content in sorted(rendered.items(), key=lambda kv: (kv[0][0], order[kv[0][1]])):
        assets[urls.download_uri(role_id, fmt)] = content
        downloads.formats.setdefault(role_id, []).append(fmt)
    assets[STYLESHEET] = STYLESHEET_SOURCE.read_bytes()

    history = (load_site_history(root, kb, options.history_commits) if options.history and root is not None
               else SiteHistory(False, HISTORY_OFF))
    if not history.available:
        log.info(f"roledocs: {history.reason}")
    edit_url = _edit_url_maker(kb, options)
    pages = SitePages(kb, use_directory_urls=options.use_directory_urls, downloads=downloads,
                      edit_url_for=lambda role: edit_url(role.file), history=history,
                      compare=len(kb.roles) <= options.compare_up_to, raw_links=options.raw_links,
                      health=_health_markdown(kb, published, options, edit_url) if options.health else None)
    site = GeneratedSite(pages.generate(), assets, pages.overview(urls.HOME))
    for role in kb.roles.values():
        uri = urls.role_uri(role.id)
        site.jsonld[uri] = occupation_jsonld(role)
        if kb.root is not None and options.docs_dir is not None:
            site.edit_uris[uri] = _relative_to_docs(kb, options, role.file)
    return site


def _relative_to_docs(kb: KnowledgeBase, options: SiteOptions, file: str) -> str:
    """A knowledge-base file (`roles/…`) relative to docs/, URL-encoded (a folder name may hold anything)."""
    path = os.path.relpath(Path(kb.root).parent / file, Path(options.docs_dir).resolve())
    return url_path(path.replace(os.sep, "/"))


def _edit_url_maker(kb: KnowledgeBase, options: SiteOptions) -> Callable[[str], str | None]:
    """file → the repository's edit page of that knowledge-base file, or None without a repository."""
    if not (options.repo_url and options.edit_uri) or kb.root is None or options.docs_dir is None:
        return lambda file: None
    from urllib.parse import urljoin

    base = options.repo_url if options.repo_url.endswith("/") else options.repo_url + "/"
    return lambda file: urljoin(base, options.edit_uri + _relative_to_docs(kb, options, file))


def _health_markdown(kb: KnowledgeBase, published: list, options: SiteOptions, edit_url) -> str:
    """The 知识库体检 page from roledocs.lint over what this site publishes. Above
    `health_overlap_up_to` roles it leaves out the 职责交叉 family (comparing every duty text with
    the similar ones: 96 % of lint's time, ~50 s at 1,000 synthetic roles, more than the rest of
    the site build) and says so; `roledocs lint` in CI still runs it."""
    from ..lint import lint_documents
    from ..lint.config import load_config
    from ..lint.page import health_page, page_markdown

    skip_overlap = len(kb.roles) > options.health_overlap_up_to
    report = lint_documents(published, Path(kb.root), config=load_config(Path(kb.root).parent),
                            disable=["overlap"] if skip_overlap else None)

    def edit_line(file: str, line: int | None) -> str | None:
        url = edit_url(file)
        return f"{url}#L{line}" if url and line else url

    def role_url(role_id: str) -> str:
        if options.raw_links == "source":
            return urls.md_link(urls.HEALTH, urls.role_uri(role_id))
        return urls.html_link(urls.HEALTH, urls.role_uri(role_id), options.use_directory_urls)

    markdown = page_markdown(health_page(report, kb), role_url=role_url, edit_url=edit_line)
    if skip_overlap:
        title, _, rest = markdown.partition("\n")
        markdown = (f"{title}\n\n!!! note \"本页没有运行职责交叉检查\"\n\n"
                    f"    知识库有 {len(kb.roles)} 个岗位，超过 roledocs 插件的 health_overlap_up_to"
                    f"（{options.health_overlap_up_to}）：职责交叉检查（RD501–RD503）逐对比较相似的职责文字，"
                    "岗位很多时比生成整个网站还慢，所以网站上的体检不运行它。"
                    "请运行 `roledocs lint` 查看，或在 mkdocs.yml 中调大 health_overlap_up_to。\n" + rest)
    return markdown


def site_settings(kb: KnowledgeBase, config, plugin) -> dict:
    """The MkDocs settings the knowledge base changes: the stylesheet, the footer of the audience,
    the expanded nav, and no repository links when `repo_url` is the template's example address.
    `config`: MkDocs' settings (a mapping); `plugin`: the roledocs plugin's options."""
    settings: dict = {"extra_css": [*config.get("extra_css", []),
                                    *([STYLESHEET] if STYLESHEET not in config.get("extra_css", []) else [])],
                      "copyright": plugin["footer_internal"] if plugin["audience"] == "internal"
                      else plugin["footer_public"]}
    if config.get("repo_url") and is_placeholder_url(config["repo_url"]):
        settings.update(repo_url=None, repo_name=None, edit_uri=None)
    if config.get("nav"):
        settings["nav"] = expand_nav(config["nav"], kb, plugin["nav_roles_per_department"])
    return settings


# Hosts reserved for examples (RFC 2606, RFC 6761): a repo_url there is the template's placeholder.
_PLACEHOLDER_HOSTS = ("example.com", "example.net", "example.org", "example", "invalid")


def is_placeholder_url(url: str) -> bool:
    """Whether the URL's host is an example one (example.com, .invalid …) rather than a real repository."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return any(host == h or host.endswith("." + h) for h in _PLACEHOLDER_HOSTS)


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
