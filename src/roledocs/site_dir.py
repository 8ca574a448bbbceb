"""The folder a site is built into: never one that holds anything but a site, and replaced whole.

A site build empties its output folder first (MkDocs does), so `--site-dir roles`
would delete the knowledge base. `check_site_dir` refuses, before anything is
touched:

- the project folder, roles/, docs/, any folder that contains one of them, and any
  folder inside roles/;
- a folder that holds files but is not a site roledocs built (it has no MARKER).

Every site roledocs builds gets MARKER, a hidden file (MkDocs' clean keeps hidden
files, so the marker survives the clean of a `mkdocs build`).

`roledocs build` builds into a staging folder beside the target (`staging_for`) and
swaps it in only when the build succeeded (`replace_site`): on failure or
interruption the old site stays whole. A staging folder left by a killed build is
removed on the next run.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
from pathlib import Path
from typing import Iterator

from mkdocs.exceptions import PluginError

from .errors import UsageError

MARKER = ".roledocs-site"
MARKER_TEXT = ("此文件夹是 roledocs 生成的网站，roledocs build / mkdocs build 会替换其中的全部内容。\n"
               "This folder is a site built by roledocs; the next build replaces all of its content.\n")
# a roledocs site built before the marker existed: it has the plugin's stylesheet
_OLD_SITE_FILES = ("index.html", "assets/roledocs.css")


class UnsafeSiteDir(PluginError, UsageError):
    """The output folder must not be emptied (the message says why, in Chinese).

    A PluginError, so that MkDocs reports it from the plugin as a build error, without a traceback;
    a UsageError, so that `roledocs build` ends with exit code 2.
    """

    exit_code = UsageError.exit_code  # not click's 1


def is_site(folder: Path) -> bool:
    """A site roledocs built: it may be emptied and rebuilt."""
    return (folder / MARKER).is_file() or all((folder / name).is_file() for name in _OLD_SITE_FILES)


def check_site_dir(site_dir: Path | str, root: Path | str, docs_dir: Path | str | None = None) -> Path:
    """The resolved output folder, or UnsafeSiteDir when building there could delete files.

    `root` is the project (or its roles/ folder); `docs_dir` defaults to the project's docs/.
    """
    from .kb.load import find_roles_dir

    target = Path(site_dir).resolve()
    roles_dir = find_roles_dir(Path(root)).resolve()
    project = roles_dir.parent
    docs = Path(docs_dir).resolve() if docs_dir else project / "docs"
    advice = f"请换一个输出目录，例如 {project / 'site'}。"
    for folder, name in ((project, "项目文件夹"), (roles_dir, "知识库文件夹 roles/"), (docs, "网站文档文件夹 docs/")):
        if target == folder or target in folder.parents:
            what = name if target == folder else f"{name}（{folder}）的上级文件夹"
            raise UnsafeSiteDir(f"网站输出目录 {site_dir} 是{what}：构建网站会先清空输出目录，删除其中的全部文件。{advice}")
    if roles_dir in target.parents:
        raise UnsafeSiteDir(f"网站输出目录 {site_dir} 在知识库文件夹 roles/ 里面：网站不能放在知识库中。{advice}")
    if target.exists() and not target.is_dir():
        raise UnsafeSiteDir(f"网站输出目录 {site_dir} 是一个文件，不是文件夹。{advice}")
    if target.is_dir() and not is_site(target) and any(not e.name.startswith(".") for e in os.scandir(target)):
        raise UnsafeSiteDir(
            f"网站输出目录 {site_dir} 中已有文件，但它不是 roledocs 生成的网站（没有标记文件 {MARKER}）："
            "构建网站会删除其中的全部文件。请指定一个新的或空的文件夹；"
            "确认其中的文件都可以删除时，先自己清空这个文件夹再构建。")
    return target


def claim_site_dir(site_dir: Path | str, root: Path | str, docs_dir: Path | str | None = None) -> Path:
    """check_site_dir, then create the folder and mark it as a roledocs site."""
    target = check_site_dir(site_dir, root, docs_dir)
    target.mkdir(parents=True, exist_ok=True)
    if not (target / MARKER).is_file():
        (target / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return target


# ── building beside the target, then swapping ────────────────────────────────

def _sibling(target: Path, kind: str, pid: int) -> Path:
    return target.with_name(f".{target.name}.roledocs-{kind}-{pid}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _carry_hidden(old: Path, new: Path) -> None:
    """Hidden entries of the old site (a gh-pages worktree's .git …) move into the new one:
    MkDocs' own clean never deletes them either."""
    for entry in os.scandir(old):
        if entry.name.startswith(".") and not (new / entry.name).exists():
            os.rename(entry.path, new / entry.name)


def remove_leftovers(target: Path) -> None:
    """Staging folders of builds that were killed (SIGKILL, power loss) are removed; an old
    site moved aside by a swap that never finished comes back."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.roledocs-(new|old)-(\d+)")
    if not target.parent.is_dir():
        return
    for path in target.parent.iterdir():
        match = pattern.fullmatch(path.name)
        if not match or _alive(int(match[2])):
            continue
        if match[1] == "old" and not target.exists():
            os.rename(path, target)
            continue
        if match[1] == "old":
            _carry_hidden(path, target)
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def staging_for(target: Path) -> Iterator[Path]:
    """An empty, marked folder beside `target` to build into; removed on exit unless
    `replace_site` moved it into place."""
    target = Path(target)
    remove_leftovers(target)
    staging = _sibling(target, "new", os.getpid())
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def replace_site(target: Path, staging: Path) -> None:
    """Put the finished site in place of the old one: two renames, with SIGTERM and Ctrl-C
    held back in between, so the target is never half old, half new."""
    target = Path(target)
    old = _sibling(target, "old", os.getpid())
    held = {signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", signal.SIGTERM)}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        had_old = target.exists()
        if had_old:
            os.rename(target, old)
        try:
            os.rename(staging, target)
        except OSError:
            if had_old:
                os.rename(old, target)
            raise
        if had_old:
            _carry_hidden(old, target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    shutil.rmtree(old, ignore_errors=True)
