"""`roledocs init DIR`: a new knowledge-base repository that works with the installed package alone.

The starter (roledocs/data/starter/) holds roles/ with the five shared files and one example
role, mkdocs.yml, docs/index.md, editor settings, a pre-commit config and CI files; the
help pages (编辑指南, 错误代码, 自定义) come from roledocs's own docs/, and the JSON Schemas
are copied to .vscode/schemas/ for the editor only. Schemas and templates are read from the
package unless the repository has its own schemas/ or templates/ (docs/customize.md).

Nothing is overwritten: a file that already exists is kept and reported, so running init
again after an upgrade adds only what is missing (e.g. fresh editor schemas after deleting
.vscode/schemas/). Into a folder that already has roles, no example content is added.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import EXIT_USAGE, RoledocsError
from .vocabulary import packaged_schemas_dir

_PACKAGE_DIR = Path(__file__).resolve().parent
STARTER_DIR = _PACKAGE_DIR / "data" / "starter"
HELP_PAGES = ("editors.md", "errors.md", "customize.md")  # from roledocs's docs/ into the new docs/
EDITOR_SCHEMAS = ".vscode/schemas"


class InitRefused(RoledocsError):
    """The target cannot hold a new knowledge base (a file in the way, not writable …)."""

    exit_code = EXIT_USAGE


@dataclass
class InitResult:
    """What `create_project` did: the files written and the ones it found and kept (relative paths)."""

    root: Path
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    example_skipped: bool = False  # the folder already had roles: no example content added


def help_pages_dir() -> Path:
    """roledocs's docs/ in a source checkout, or the copy packaged with roledocs."""
    installed = _PACKAGE_DIR / "_data" / "docs"
    return installed if installed.is_dir() else _PACKAGE_DIR.parents[1] / "docs"


def starter_files() -> dict[str, Path]:
    """Every file of a new project: {relative path in the project: source file}."""
    files = {}
    for source in sorted(STARTER_DIR.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            parts = source.relative_to(STARTER_DIR).parts
            # dotfiles are stored as dot-name: wheels and editors treat hidden package files oddly
            files["/".join("." + p[4:] if p.startswith("dot-") else p for p in parts)] = source
    for page in HELP_PAGES:
        files[f"docs/{page}"] = help_pages_dir() / page
    for schema in sorted(packaged_schemas_dir().glob("*.schema.json")):
        files[f"{EDITOR_SCHEMAS}/{schema.name}"] = schema
    return files


def _has_roles(root: Path) -> bool:
    roles = root / "roles"
    return roles.is_dir() and any(roles.rglob("*.yaml"))


def create_project(target: Path) -> InitResult:
    """Write the starter project into `target` (created when missing); returns what was written
    and kept. Raises InitRefused (Chinese message) when target is a file or cannot be written."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise InitRefused(f"{target} 是一个文件，不是文件夹：请指定新知识库的文件夹。")
    result = InitResult(target)
    result.example_skipped = _has_roles(target)
    files = {relative: source for relative, source in starter_files().items()
             if not (result.example_skipped and relative.startswith("roles/"))}  # no example mixed into a real KB
    try:  # every source is read before the first write: a broken installation leaves no half project
        contents = {relative: source.read_bytes() for relative, source in files.items()}
    except OSError as exc:
        from .oserrors import describe
        raise InitRefused(f"roledocs 的安装不完整，缺少新知识库的文件（{describe(exc)}）。请重新安装 roledocs。") from None
    try:
        for relative, content in contents.items():
            path = target / relative
            if path.exists() or path.is_symlink():
                result.kept.append(relative)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as handle:  # never replaces a file that appeared meanwhile
                handle.write(content)
            result.written.append(relative)
    except OSError as exc:
        from .oserrors import describe
        raise InitRefused(f"无法在 {target} 中创建知识库：{describe(exc)}") from None
    return result
