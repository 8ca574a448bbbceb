"""Write drafts: readable YAML, atomically, never over an existing file without --force.

File names: the draft's id. When another source already has a draft with that
id (both 000.txt and 004.txt describe 销售经理), the next free name
`xiaoshou-jingli-2.yaml` is used, so one import never hides another. A file
that already holds a draft from the same source is that draft's file: same
content → unchanged, different content → left alone unless --force.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..fileio import atomic_write_text
from .draft import Draft

CREATED, UNCHANGED, OVERWRITTEN, KEPT = "created", "unchanged", "overwritten", "kept"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter when PyYAML has it
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def render_yaml(draft: Draft, schema_ref: str) -> str:
    """The draft as YAML text: the schema line, a header comment, and each key with its comments above it."""
    parts = [f"# yaml-language-server: $schema={schema_ref}\n",
             "# 导入草稿：请核对全部内容，处理带“待补充”“todo”和注释的字段后，再放进 roles/<部门>/ 并把 status 改为 active。\n"]
    for key, value in draft.data.items():
        for comment in draft.comments.get(key, []):
            parts.append(f"# {comment}\n")
        parts.append(yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096,
                               default_flow_style=False, indent=2))
    return "".join(parts)


def _identity(path: Path) -> tuple | None:
    """Which draft a file holds: (sources, title); None when it is no readable draft."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return (data.get("sources"), data.get("title")) if isinstance(data, dict) else None


def choose_path(out_dir: Path, draft: Draft, claimed: set[Path]) -> Path:
    """The draft's file: its id, or id-2, id-3 … when that name holds another draft
    (another source, or another role that maps to the same id) or was taken in this run."""
    identity = (draft.data.get("sources"), draft.data.get("title"))
    n = 1
    while True:
        stem = draft.id if n == 1 else f"{draft.id}-{n}"
        path = out_dir / f"{stem}.yaml"
        if path not in claimed and (not path.exists() or _identity(path) == identity):
            return path
        n += 1


def atomic_write(path: Path, text: str, *, replace: bool) -> None:
    """Write a draft atomically (roledocs.fileio); without `replace` an existing file is never
    overwritten (FileExistsError), even one that appeared meanwhile."""
    atomic_write_text(path, text, replace=replace)


def write_draft(path: Path, text: str, *, force: bool) -> str:
    """Write a draft atomically; returns created, unchanged, overwritten or kept (an edited draft without force)."""
    if path.exists():
        try:
            if path.read_text(encoding="utf-8") == text:
                return UNCHANGED
        except (OSError, UnicodeDecodeError):
            pass
        if not force:
            return KEPT
        atomic_write(path, text, replace=True)
        return OVERWRITTEN
    atomic_write(path, text, replace=False)
    return CREATED
