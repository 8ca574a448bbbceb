"""Where generated pages live, and relative links between them.

Markdown links (`[x](../roles/sales-rep.md)`) are resolved and checked by MkDocs.
Raw HTML (the SVG org chart, download buttons inside HTML) is not rewritten by
MkDocs, so it needs final URLs relative to the page's own URL.
"""
from __future__ import annotations

import posixpath

ROLES_INDEX = "roles/index.md"
DEPARTMENTS_INDEX = "departments/index.md"
PROCESSES_INDEX = "processes/index.md"
KPIS = "kpis.md"
GLOSSARY = "glossary.md"
ORGCHART = "org.md"
TAGS = "tags.md"
HOME = "index.md"
CHANGES = "changes.md"
HEALTH = "health.md"
COMPARE_INDEX = "compare/index.md"
DOWNLOADS_DIR = "downloads"


def role_uri(role_id: str) -> str:
    """The source uri of a role's page."""
    return f"roles/{role_id}.md"


def department_uri(dept_id: str) -> str:
    """The source uri of a department's page."""
    return f"departments/{dept_id}.md"


def process_uri(process_id: str) -> str:
    """The source uri of a process's page."""
    return f"processes/{process_id}.md"


def download_uri(role_id: str, fmt: str) -> str:
    """The site path of a role's document in one format (pdf, docx)."""
    return f"{DOWNLOADS_DIR}/{role_id}.{fmt}"


def md_link(from_uri: str, to_uri: str) -> str:
    """A Markdown link target from one source file to another (MkDocs resolves it): what
    posixpath.relpath gives for two clean relative paths, without its abspath calls (a site of
    1,000 roles asks for ~25,000 links)."""
    base, target = from_uri.split("/")[:-1], to_uri.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:])


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a source file, relative to the site root ('' for the home page)."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def html_link(from_uri: str, to_uri: str, use_directory_urls: bool = True) -> str:
    """A URL usable in raw HTML of the page built from `from_uri`, pointing at `to_uri`."""
    base = page_url(from_uri, use_directory_urls)
    target = page_url(to_uri, use_directory_urls)
    base_dir = base if base.endswith("/") or base == "" else posixpath.dirname(base)
    rel = posixpath.relpath(target or ".", base_dir.rstrip("/") or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        rel = "."
    return rel
