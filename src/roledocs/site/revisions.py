"""The git history the site shows: 最近修订, each role's 与上一版本比较 and the commit dates of
its 修订记录 — read once per build from the last `limit` commits.

`roledocs.history.recent_changes` builds two models per commit; the site asks it once and
answers every role page from that window, instead of walking each role's own log (which
would build models per role). Outside the window a role page says where to find more.
Without git (a tarball, a copy) the site builds without these parts and says why.
Only what the site publishes is shown: roles outside `kb` (drafts on a public site) are
dropped from every diff.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import RoledocsError
from ..history.changes import RoleDiff
from ..history.git import Commit, NotARepository
from ..kb.model import KnowledgeBase

NO_GIT = ("这个网站构建时没有 git 历史（例如从压缩包或复制的文件夹构建），所以没有修订的提交日期、"
          "与上一版本的比较和最近修订。")


@dataclass
class SiteHistory:
    """The git history a site build shows: the latest changes, or why there is none."""

    available: bool
    reason: str = ""                  # why there is no history (shown on the pages)
    limit: int = 0                    # how many commits were looked at
    changes: list = field(default_factory=list)   # roledocs.history.revisions.Change, newest first

    def last_change(self, role_id: str) -> tuple[Commit, RoleDiff] | None:
        """The newest change of the role within the window."""
        for ch in self.changes:
            found = ch.diff.role(role_id) if ch.diff else None
            if found is not None and (found.changes or found.change != "changed"):
                return ch.commit, found
        return None

    def version_commits(self, role_id: str, current_version: str) -> dict[str, Commit]:
        """{version: the commit that introduced it}, for the versions introduced within the window."""
        found: dict[str, Commit] = {}
        added: Commit | None = None
        for ch in reversed(self.changes):  # oldest first
            rd = ch.diff.role(role_id) if ch.diff else None
            if rd is None:
                continue
            if rd.change == "added":
                added = ch.commit
            for c in rd.changes:
                if c.field == "document.version" and c.new:
                    if added is not None and c.old:
                        found[c.old] = added
                    added = None
                    found[c.new] = ch.commit
        if added is not None and current_version:
            found[current_version] = added
        return found


def load_site_history(root: Path | str, kb: KnowledgeBase, limit: int) -> SiteHistory:
    """The last `limit` commits that changed roles/, restricted to what `kb` publishes."""
    from ..history.revisions import recent_changes

    try:
        changes = recent_changes(root, limit=limit)
    except NotARepository:
        return SiteHistory(False, NO_GIT)
    except RoledocsError as exc:  # no commit yet, git missing, an unreadable revision
        return SiteHistory(False, f"{NO_GIT}（{exc}）")
    shown = []
    for ch in changes:
        if ch.diff is not None:
            roles = [r for r in ch.diff.roles if r.id in kb.roles]
            shared = [dataclasses.replace(s, roles=[(i, t) for i, t in s.roles if i in kb.roles])
                      for s in ch.diff.shared]
            if not roles and not shared:
                continue
            ch = dataclasses.replace(ch, diff=dataclasses.replace(ch.diff, roles=roles, shared=shared))
        shown.append(ch)
    return SiteHistory(True, limit=limit, changes=shown)
