"""A copy of the real knowledge base to plant defects in, for the lint tests."""
from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def copy_roles(dest: Path) -> Path:
    """dest/roles as a copy of the repository's roles/; returns dest (the project)."""
    shutil.copytree(REPO / "roles", dest / "roles")
    return dest


def edit(project: Path, file: str, old: str, new: str) -> None:
    """Replace `old` (which must occur exactly once) in roles/<file>."""
    path = project / "roles" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{file}: {old!r} occurs {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(project: Path, file: str, needle: str) -> int:
    """1-based line of the only line of roles/<file> containing `needle`."""
    lines = (project / "roles" / file).read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if needle in line]
    assert len(found) == 1, f"{file}: {needle!r} on lines {found}"
    return found[0]
