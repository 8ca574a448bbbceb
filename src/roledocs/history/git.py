"""The git repository under the knowledge base, through the plain `git` command.

Nothing here writes: revisions are read with `git cat-file --batch` (many blobs in one
process), file histories with `git log --follow`. GitPython is avoided on purpose (its own
author calls it unmaintained) and libgit2 has no `--follow`.

Every failure a person can cause or meet — no git, a folder outside any repository, an
unknown revision, a date before the first commit, history cut off by a shallow clone —
becomes a Chinese `UsageError` / `EnvironmentProblem` (exit 2).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import EnvironmentProblem, UsageError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIELD, _RECORD = "\x1f", "\x1e"  # log format separators that no subject contains


class NotARepository(EnvironmentProblem):
    """The knowledge base is not inside a git repository (a tarball, a copied folder)."""


class UnknownRevision(UsageError):
    """A revision or date that names no commit."""


@dataclass(frozen=True)
class Commit:
    """One git commit (or one commit of a file's log): hash, committer date, author, subject."""

    hash: str
    date: str      # committer date, ISO 8601 with offset
    author: str
    subject: str
    path: str = ""  # the file's path in this commit (log --follow sees renames)
    status: str = ""  # A / M / R / D for a file's log

    @property
    def short(self) -> str:
        """The abbreviated hash (7 characters)."""
        return self.hash[:7]

    @property
    def day(self) -> str:
        """The commit's date, YYYY-MM-DD."""
        return self.date[:10]

    def to_dict(self) -> dict:
        """The commit as JSON (path only when set)."""
        return {"hash": self.hash, "date": self.date, "author": self.author, "subject": self.subject,
                **({"path": self.path} if self.path else {})}


@dataclass(frozen=True)
class Revision:
    """What a person asked for (`asked`: a commit, tag, branch or date) and the commit it names."""

    asked: str
    commit: Commit

    @property
    def label(self) -> str:
        """How messages name the revision: the short hash, or what was asked with hash and day."""
        if self.asked in (self.commit.hash, self.commit.short):
            return self.commit.short
        return f"{self.asked}（{self.commit.short}，{self.commit.day}）"


def _git_executable() -> str:
    found = shutil.which("git")
    if not found:
        raise EnvironmentProblem("找不到 git 命令：读取历史版本需要 git。请安装 git（Debian：apt-get install git）后重试。")
    return found


def _env() -> dict:
    # no optional index refresh (never write in the repository), messages we can match, no pager
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_PAGER": "cat"}


class Repository:
    """The git repository containing a folder (usually the project with roles/)."""

    def __init__(self, folder: Path | str):
        self.git = _git_executable()
        folder = Path(folder).resolve()
        result = subprocess.run([self.git, "-C", str(folder), "rev-parse", "--show-toplevel"],
                                capture_output=True, env=_env())
        if result.returncode != 0:
            raise NotARepository(
                f"{folder} 不在 git 仓库中，无法读取历史版本。"
                "比较版本、修订记录、--since 和 --at 需要知识库的 git 仓库（git clone 得到的文件夹，不是压缩包）；"
                "其他命令（validate、render、build、search）照常可用。")
        self.top = Path(result.stdout.decode().strip())
        self.folder = folder

    def run(self, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
        """Runs git in the repository; returns stdout, EnvironmentProblem on failure when `check`."""
        result = subprocess.run([self.git, "-C", str(self.top), *args], input=input, capture_output=True,
                                env=_env())
        if check and result.returncode != 0:
            raise EnvironmentProblem(f"git {' '.join(args[:2])} 失败：{result.stderr.decode(errors='replace').strip()}")
        return result.stdout

    def relative(self, path: Path) -> str:
        """A path under the repository as git names it ("roles/sales/x.yaml")."""
        return Path(path).resolve().relative_to(self.top).as_posix()

    # ── shallow clones ────────────────────────────────────────────────────────

    @cached_property
    def shallow_boundary(self) -> frozenset[str]:
        """Commits whose parents a shallow clone does not have (empty for a full clone)."""
        path = Path(self.run("rev-parse", "--git-path", "shallow").decode().strip())
        path = path if path.is_absolute() else self.top / path
        return frozenset(path.read_text().split()) if path.is_file() else frozenset()

    @property
    def is_shallow(self) -> bool:
        """Whether the repository is a shallow clone."""
        return bool(self.shallow_boundary)

    def _shallow_hint(self) -> str:
        return ("这是一个浅克隆（shallow clone），更早的历史没有下载："
                "请运行 git fetch --unshallow，或在 CI 中设置完整克隆（GitLab：GIT_DEPTH: 0；"
                "GitHub Actions：actions/checkout 的 fetch-depth: 0）。") if self.is_shallow else ""

    # ── revisions ─────────────────────────────────────────────────────────────

    def commit(self, rev: str) -> Commit:
        """The commit `rev` names; UnknownRevision (Chinese) when there is none."""
        out = self.run("log", "-1", "--no-walk", f"--format=%H{_FIELD}%cI{_FIELD}%an{_FIELD}%s", rev, "--",
                       check=False)
        if not out:
            raise UnknownRevision(f"找不到版本 {rev}。")
        return _parse_commit(out.decode("utf-8", "replace").strip())

    def resolve(self, asked: str) -> Revision:
        """A commit, tag or branch name, or a date (YYYY-MM-DD: the last commit of HEAD's history on
        or before that day). Raises UnknownRevision in Chinese."""
        asked = (asked or "").strip()
        if not asked or asked.startswith("-"):
            raise UnknownRevision(f"版本 {asked!r} 无效：请写提交号、标签、分支名或日期（YYYY-MM-DD）。")
        found = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{asked}^{{commit}}", check=False)
        if found.strip():
            return Revision(asked, self.commit(found.decode().strip()))
        if _DATE.match(asked):
            return Revision(asked, self._commit_on_or_before(asked))
        if self.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).strip() == b"":
            raise UnknownRevision(f"找不到版本 {asked}：仓库中还没有任何提交。")
        raise UnknownRevision(
            f"找不到版本 {asked}：它不是这个仓库中的提交号、标签或分支，也不是 YYYY-MM-DD 格式的日期。"
            + self._shallow_hint())

    def _commit_on_or_before(self, day: str) -> Commit:
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            raise UnknownRevision(f"日期 {day} 不存在。") from None
        # the whole day counts, in the committer's time zone as git reads it
        out = self.run("rev-list", "-1", "--first-parent", f"--before={date.isoformat()} 23:59:59", "HEAD",
                       check=False).decode().strip()
        if not out:
            cut = "；" + self._shallow_hint() if self.is_shallow else ""
            raise UnknownRevision(f"{day} 或之前没有任何提交（知识库的第一个提交晚于这一天）{cut}")
        return self.commit(out)

    # ── reading files at a revision ───────────────────────────────────────────

    def list_files(self, commit: str, folder: str) -> dict[str, str]:
        """{path: blob id} of every file under `folder` at `commit`."""
        out = self.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", folder.rstrip("/") + "/")
        files = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, blob = meta.split()
            if kind == b"blob":
                files[path.decode("utf-8", "surrogateescape")] = blob.decode()
        return files

    def read_blobs(self, objects: list[str]) -> dict[str, bytes]:
        """The contents of many objects (blob ids or "REV:path") in one `git cat-file --batch` process;
        an object that does not exist is left out."""
        if not objects:
            return {}
        unique = list(dict.fromkeys(objects))
        out = self.run("cat-file", "--batch", input="".join(f"{o}\n" for o in unique).encode("utf-8"))
        result, pos = {}, 0
        for name in unique:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            if len(header) < 3 or header[1] != b"blob":  # "<name> missing" (or not a file)
                if len(header) == 3:
                    pos += int(header[2]) + 1
                continue
            size = int(header[2])
            result[name] = out[pos:pos + size]
            pos += size + 1
        return result

    # ── logs ──────────────────────────────────────────────────────────────────

    def file_log(self, path: str) -> list[Commit]:
        """Commits that touched one file, newest first, following renames and moves."""
        out = self.run("log", "--follow", "--name-status", "-z", f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%an{_FIELD}%s",
                       "HEAD", "--", path, check=False)
        commits = []
        for record in out.decode("utf-8", "replace").split(_RECORD)[1:]:
            head, _, files = record.partition("\0")  # -z: "<header>\0\n<status>\0<path>[\0<new path>]\0"
            commit = _parse_commit(head.strip())
            parts = [p for p in files.strip("\n\0").split("\0") if p]
            status, file_path = (parts[0][:1], parts[-1]) if parts else ("", path)
            commits.append(Commit(commit.hash, commit.date, commit.author, commit.subject, file_path, status))
        return commits

    def log(self, folder: str, limit: int) -> list[tuple[Commit, str | None]]:
        """The last `limit` commits of HEAD's first-parent history that touched `folder`, newest first,
        each with its first parent (None for a root commit or a shallow boundary)."""
        out = self.run("log", "--first-parent", f"-{int(limit)}",
                       f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%an{_FIELD}%s{_FIELD}%P",
                       "HEAD", "--", folder, check=False)
        commits = []
        for record in out.decode("utf-8", "replace").split(_RECORD)[1:]:
            fields = record.strip().split(_FIELD)
            parents = fields[4].split() if len(fields) > 4 else []
            commit = Commit(*fields[:4])
            parent = parents[0] if parents and commit.hash not in self.shallow_boundary else None
            commits.append((commit, parent))
        return commits

    def changed_paths(self, folder: str) -> dict[str, str]:
        """{path: two-letter status} of files under `folder` that differ from HEAD (git status)."""
        out = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", folder)
        changed = {}
        items = out.decode("utf-8", "surrogateescape").split("\0")
        i = 0
        while i < len(items):
            item = items[i]
            i += 1
            if len(item) < 4:
                continue
            status, path = item[:2], item[3:]
            if "R" in status or "C" in status:
                i += 1  # the original path follows
            changed[path] = status
        return changed


def _parse_commit(line: str) -> Commit:
    fields = line.split(_FIELD)
    fields += [""] * (4 - len(fields))
    return Commit(*fields[:4])
