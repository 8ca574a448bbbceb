"""Helpers for the search tests: the real knowledge base and private copies of it."""
from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def copy_roles(dest: Path) -> Path:
    """A private copy of the real knowledge base (tests that edit it or write an index)."""
    shutil.copytree(REPO / "roles", dest / "roles")
    return dest
