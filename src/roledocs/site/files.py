"""Pages as files: the site's generated pages written into a folder that builds without roledocs.

`write_site_files(project, out)` writes into `out`:

- `mkdocs.yml`: the project's, without the roledocs plugin, with what the plugin would change
  (the nav expanded with departments, roles and processes, the stylesheet, the footer) and
  `docs_dir: docs`; everything else (Material, search, Markdown extensions, their `!!python`
  tags) as it was;
- `docs/`: the hand-written pages (the home page with its overview), the generated pages,
  the stylesheet and the role documents (PDF, Word).

A plain `mkdocs build` or `zensical build` in `out` then gives the site. What needs a
plugin is missing there (the README lists it): the search index re-tokenised with
roledocs.search.text and its worker, the JSON-LD in <head> (here it is at the end of the page), and
the "edit this page" button of generated pages opening the role's YAML file (MkDocs derives it from
the page's path, which the repository does not have; the role page's own 编辑 link is right).

Each file is written atomically (roledocs.fileio) and only when its content changed, so a
`mkdocs serve` in `out` reloads only what changed. `MANIFEST` lists what roledocs wrote: the
next run removes the files it no longer writes, never anything else; a folder holding files
but no manifest is refused.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..fileio import atomic_output, remove_stale_temporary_files

MANIFEST = ".roledocs-pages.json"
# builder → how links in raw HTML are written: MkDocs leaves them alone (final URLs, relative to the
# page), Zensical resolves them against the Markdown file (zensical/zensical#258, #571)
BUILDERS = {"mkdocs": "page", "zensical": "source"}
CONFIG = "mkdocs.yml"
DOCS = "docs"


class UnsafeOutputDir(UsageError):
    """The folder cannot take the pages (the message says why, in Chinese)."""


@dataclass
class WrittenSite:
    """What `write_site_files` did."""

    out: Path
    pages: int = 0                      # generated Markdown pages
    files: int = 0                      # every file in the folder roledocs is responsible for
    written: list[str] = field(default_factory=list)   # new or changed (relative to `out`)
    removed: list[str] = field(default_factory=list)   # written last time, not any more
    problems: list = field(default_factory=list)       # validation warnings
    files_checked: int = 0

    def as_dict(self) -> dict:
        """What was written, for `roledocs site --format json`."""
        return {"out": str(self.out), "pages": self.pages, "files": self.files,
                "written": len(self.written), "removed": self.removed}


def check_output_dir(out: Path, project: Path, docs_dir: Path) -> Path:
    """The resolved folder, or UnsafeOutputDir: never the project, roles/ or docs/ (nor a folder
    holding one of them, nor one inside roles/ or docs/), never a folder of someone else's files."""
    from ..kb.load import find_roles_dir

    target = Path(out).resolve()
    roles_dir = find_roles_dir(project).resolve()
    advice = f"请换一个输出目录，例如 {roles_dir.parent / 'site-pages'}。"
    for folder, name in ((roles_dir.parent, "项目文件夹"), (roles_dir, "知识库文件夹 roles/"),
                         (docs_dir, "网站文档文件夹 docs/")):
        if target == folder or target in folder.parents:
            what = name if target == folder else f"{name}（{folder}）的上级文件夹"
            raise UnsafeOutputDir(f"页面输出目录 {out} 是{what}：写入页面会替换其中的文件。{advice}")
        if folder in target.parents and folder != roles_dir.parent:
            raise UnsafeOutputDir(f"页面输出目录 {out} 在{name}里面：生成的页面不能放在那里。{advice}")
    if target.exists() and not target.is_dir():
        raise UnsafeOutputDir(f"页面输出目录 {out} 是一个文件，不是文件夹。{advice}")
    if target.is_dir() and not (target / MANIFEST).is_file() and any(os.scandir(target)):
        raise UnsafeOutputDir(
            f"页面输出目录 {out} 中已有文件，但不是 roledocs site 写的（没有清单文件 {MANIFEST}）："
            "为了不覆盖或删除别人的文件，roledocs 不写入这里。请指定一个新的或空的文件夹。")
    return target


def write_site_files(project: Path, out: Path, *, documents: bool = True, builder: str = "mkdocs") -> WrittenSite:
    """Validate the knowledge base of `project` and write its site as files into `out` (see the
    module). `documents=False`: no PDF/Word files even if mkdocs.yml asks for them. `builder`: "mkdocs"
    or "zensical", which differ in how they read links in raw HTML (BUILDERS). Raises
    InvalidKnowledgeBase (exit 1), UnsafeOutputDir / EnvironmentProblem (exit 2)."""
    from mkdocs.exceptions import PluginError

    from ..errors import RoledocsError, EXIT_PROBLEMS
    from ..kb import InvalidKnowledgeBase
    from ..kb.model import build_model
    from ..kb.validate import validate_knowledge_base
    from .generate import SiteOptions, generate_site, published_documents, site_settings
    from .mkdocs_config import ProjectConfig

    config = ProjectConfig.read(Path(project) / CONFIG)
    target = check_output_dir(out, Path(project), config.docs_dir)
    report = validate_knowledge_base(Path(project))
    if not report.ok:
        raise InvalidKnowledgeBase(report, "未写入页面")
    plugin = config.plugin
    published = published_documents(report.documents, plugin["audience"])
    kb = build_model(published, plugin["audience"], root=report.roles_dir, vocab=report.vocabulary)
    settings = site_settings(kb, config.settings, plugin)
    repo_url = settings.get("repo_url", config.settings.get("repo_url"))
    options = SiteOptions(audience=plugin["audience"], documents=tuple(plugin["documents"]) if documents else (),
                          history=plugin["history"], history_commits=plugin["history_commits"],
                          compare_up_to=plugin["compare_up_to"], health=plugin["health"],
                          health_overlap_up_to=plugin["health_overlap_up_to"],
                          nav_roles_per_department=plugin["nav_roles_per_department"],
                          use_directory_urls=config.settings.get("use_directory_urls", True),
                          docs_dir=config.docs_dir, repo_url=repo_url,
                          edit_uri=settings.get("edit_uri", config.settings.get("edit_uri")),
                          raw_links=BUILDERS[builder])
    try:
        site = generate_site(kb, published, options)
    except PluginError as error:  # a document that cannot be rendered: the message is Chinese already
        raise RoledocsError(str(error), exit_code=EXIT_PROBLEMS) from None

    files: dict[str, bytes] = {}
    for path in sorted(config.docs_dir.rglob("*")):
        relative = path.relative_to(config.docs_dir).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in Path(relative).parts):
            files[f"{DOCS}/{relative}"] = path.read_bytes()
    home = f"{DOCS}/index.md"
    if home in files:
        files[home] = site.home_page(files[home].decode("utf-8")).encode("utf-8")
    for uri, markdown in site.pages.items():
        if f"{DOCS}/{uri}" in files:
            raise UsageError(f"{config.docs_dir / uri} 与自动生成的页面重名：请改名或删除该文件。")
        files[f"{DOCS}/{uri}"] = (markdown + _jsonld_block(site.jsonld.get(uri))).encode("utf-8")
    for uri, content in site.assets.items():
        files[f"{DOCS}/{uri}"] = content
    files[CONFIG] = config.without_plugin(settings, docs_dir=DOCS).encode("utf-8")

    result = WrittenSite(target, pages=len(site.pages), files=len(files), problems=report.problems,
                         files_checked=report.files_checked)
    _write(target, files, result)
    return result


def _jsonld_block(jsonld: str | None) -> str:
    """The role's schema.org/Occupation at the end of its page (without the plugin nothing can reach
    <head>; search engines read JSON-LD anywhere in the page, Material's search skips <script>)."""
    return f'\n\n<script type="application/ld+json">{jsonld}</script>\n' if jsonld else ""


def _inside(target: Path, relative: str) -> Path:
    path = (target / relative).resolve()
    if target not in path.parents:  # a name from the knowledge base never leads out of the folder
        raise UsageError(f"拒绝写入页面输出目录之外的文件：{relative}")
    return path


def _write(target: Path, files: dict[str, bytes], result: WrittenSite) -> None:
    """Write what changed, remove what roledocs wrote last time and no longer writes, then the manifest."""
    previous: list[str] = []
    manifest = target / MANIFEST
    if manifest.is_file():
        try:
            previous = list(json.loads(manifest.read_text(encoding="utf-8")).get("files", []))
        except (ValueError, AttributeError):
            previous = []  # a damaged manifest: the stale files stay (never guess what to delete)
    target.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        path = _inside(target, relative)
        remove_stale_temporary_files(path.parent)
        try:
            if path.is_file() and path.read_bytes() == content:
                continue
        except OSError:
            pass
        with atomic_output(path) as handle:
            handle.write(content)
        result.written.append(relative)
    for relative in previous:
        if relative in files or not isinstance(relative, str):
            continue
        path = _inside(target, relative)
        if path.is_file():
            path.unlink()
            result.removed.append(relative)
    text = json.dumps({"written_by": "roledocs site", "files": sorted(files)}, ensure_ascii=False, indent=1)
    with atomic_output(manifest) as handle:
        handle.write(text.encode("utf-8"))

