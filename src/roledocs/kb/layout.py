"""Where a knowledge base's files are: the roles/ folder and its YAML files, found without
reading any of them (no YAML parser imported: a fresh-index search only needs this)."""
from __future__ import annotations

import os
from pathlib import Path

# File name at the top of roles/ → document kind (and schema name).
SPECIAL_FILES = {
    "_departments.yaml": "departments",
    "_kpis.yaml": "kpis",
    "_glossary.yaml": "glossary",
    "_positions.yaml": "positions",
    "_processes.yaml": "processes",
}
YAML_SUFFIXES = (".yaml", ".yml")

def find_roles_dir(root: Path) -> Path:
    """`root` may be the project (containing roles/) or the roles folder itself."""
    root = Path(root)
    if (root / "roles").is_dir() or not any((root / name).is_file() for name in SPECIAL_FILES):
        return root / "roles"  # a folder without the special files is not a roles folder
    return root


def iter_knowledge_base_files(roles_dir: Path):
    """YAML files of the knowledge base, sorted; folders named _* or .* are skipped
    (roles/_drafts/ holds the importer's unreviewed drafts).

    Symlinks are listed as they are, so that load_knowledge_base can refuse those that
    leave the project; a symlinked folder inside the project is walked, one leading
    outside is listed itself, and a link back to an enclosing folder is not walked again.
    """
    if not roles_dir.is_dir():
        return
    inside = project_folders(roles_dir)
    found: list[Path] = []

    def walk(folder: Path, enclosing: frozenset) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            path = Path(entry.path)
            if _is_dir(entry):
                if entry.name.startswith((".", "_")):
                    continue
                real = path.resolve()
                if entry.is_symlink() and not is_inside(real, inside):
                    found.append(path)
                elif real not in enclosing:
                    walk(path, enclosing | {real})
            elif entry.name.endswith(YAML_SUFFIXES) and (entry.is_symlink() or entry.is_file()):
                found.append(path)  # a broken link too: reading it says what is wrong

    walk(roles_dir, frozenset({roles_dir.resolve()}))
    yield from sorted(found)


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def project_folders(roles_dir: Path) -> tuple[Path, ...]:
    """Where the knowledge base's files may really lie: the project, and roles/ itself
    (which may be a link to a shared folder)."""
    return roles_dir.parent.resolve(), roles_dir.resolve()


def is_inside(path: Path, folders: tuple[Path, ...]) -> bool:
    """True when path is one of folders or lies inside one of them."""
    return any(path == folder or folder in path.parents for folder in folders)
