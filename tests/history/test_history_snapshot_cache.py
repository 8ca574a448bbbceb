"""What the history reader does once instead of per revision (issue 15, speed at 1,000 roles):
blobs read from git only when new, one snapshot (and model) per commit, and roles known to be
unchanged not compared — with results identical to comparing everything."""
from __future__ import annotations

import pytest

from roledocs.history import snapshot as snapshot_module
from roledocs.history.diff import diff_models
from roledocs.history.report import diff_as_dict
from roledocs.history.revisions import recent_changes
from roledocs.history.snapshot import SnapshotReader, unchanged_roles
from support.gitkb import GitKB

LEAD, REP, MANAGER = "roles/sales/sales-team-lead.yaml", "roles/sales/sales-rep.yaml", "roles/sales/sales-manager.yaml"
AGENT, KPIS = "roles/customer-service/cs-agent.yaml", "roles/_kpis.yaml"


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[GitKB, list[str]]:
    """Four commits after a base: one role edited, a superior retitled, a KPI library change, a move."""
    kb = GitKB.create(tmp_path_factory.mktemp("cache") / "project")
    kb.edit(AGENT, "reports_to: sales-manager\n", "reports_to: sales-manager\ndotted_line_to: [sales-team-lead]\n")
    commits = [kb.commit("客服专员虚线汇报给销售组长")]
    kb.edit(AGENT, "title: 客服专员", "title: 客户服务专员")
    commits.append(kb.commit("客服专员改名"))
    kb.edit(LEAD, "title: 销售组长", "title: 销售主管")  # cs-agent's 虚线汇报 reads differently
    commits.append(kb.commit("销售组长改名"))
    text = kb.read(KPIS)
    kb.write(KPIS, text.replace("definition: ", "definition: （新）", 1))
    commits.append(kb.commit("指标定义"))
    kb.move(AGENT, "roles/sales/cs-agent.yaml")
    commits.append(kb.commit("移动"))
    return kb, commits


def test_blobs_already_read_are_not_read_from_git_again(history, monkeypatch):
    kb, commits = history
    monkeypatch.setenv("ROLEDOCS_NO_CACHE", "1")  # within one reader; across processes: the test below
    asked: list[list[str]] = []
    reader = SnapshotReader(kb.path)
    real = type(reader.repo).read_blobs
    monkeypatch.setattr(type(reader.repo), "read_blobs",
                        lambda self, objects: asked.append(list(objects)) or real(self, objects))
    first = reader.at(commits[0])
    reader.at(commits[1])  # one role file changed
    assert len(asked[0]) == first.files_checked
    assert len(asked[1]) == 1


def test_a_later_process_reads_from_git_only_files_no_command_has_parsed(history, monkeypatch, tmp_path):
    """The parse cache (roledocs.kb.cache) is shared by processes: a file parsed by `validate`
    (working tree) or an earlier `diff` (any revision) is not read from git nor parsed again."""
    kb, commits = history
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    asked: list[list[str]] = []
    real = type(SnapshotReader(kb.path).repo).read_blobs
    monkeypatch.setattr(type(SnapshotReader(kb.path).repo), "read_blobs",
                        lambda self, objects: asked.append(list(objects)) or real(self, objects))
    first = SnapshotReader(kb.path).at(commits[0])
    assert len(asked[-1]) == first.files_checked  # nothing cached yet
    again = SnapshotReader(kb.path).at(commits[0])  # another process, as far as the reader knows
    assert asked[-1] == [] and again.problems == first.problems
    assert [(d.name, d.data) for d in again.documents] == [(d.name, d.data) for d in first.documents]
    SnapshotReader(kb.path).at(commits[1])  # one role file changed since
    assert len(asked[-1]) == 1
    monkeypatch.setenv("ROLEDOCS_NO_CACHE", "1")
    uncached = SnapshotReader(kb.path).at(commits[1])
    monkeypatch.delenv("ROLEDOCS_NO_CACHE")
    cached = SnapshotReader(kb.path).at(commits[1])
    assert [(d.name, d.data, dict(d.positions)) for d in cached.documents] == \
        [(d.name, d.data, d.positions) for d in uncached.documents]


def test_each_commit_is_checked_and_modelled_once(history, monkeypatch):
    kb, commits = history
    from roledocs.kb import model as model_module

    built = []
    real = model_module.build_model
    monkeypatch.setattr(model_module, "build_model", lambda *a, **k: built.append(1) or real(*a, **k))
    checked = []
    real_rules = snapshot_module.check_rules
    monkeypatch.setattr(snapshot_module, "check_rules", lambda docs: checked.append(1) or real_rules(docs))
    changes = recent_changes(kb.path, limit=4)
    assert len(changes) == 4
    assert len(built) == 5 and len(checked) == 5  # 5 commits, not 2 per comparison (8)
    reader = SnapshotReader(kb.path)
    assert reader.at(commits[2]) is reader.at(commits[2])
    named = reader.at("HEAD")  # the same commit by another name: its own label, the same documents
    assert named.label.startswith("HEAD") and named.documents is reader.at(commits[-1]).documents


def test_unchanged_roles_are_the_untouched_files_that_name_no_changed_role(history):
    kb, commits = history
    reader = SnapshotReader(kb.path)
    at = [reader.at(c) for c in commits]
    for s in at:
        s.model()
    assert unchanged_roles(at[0], at[1]) == {"sales-rep", "sales-team-lead", "sales-manager"}
    # 销售组长 retitled: 销售代表 (superior) and 客服专员 (dotted line) name it, so they are compared too
    assert unchanged_roles(at[1], at[2]) == {"sales-manager"}
    assert unchanged_roles(at[2], at[3]) == frozenset()  # a shared file changed: every role may be affected
    assert unchanged_roles(at[3], at[4]) == {"sales-rep", "sales-team-lead", "sales-manager"}  # cs-agent moved


def test_skipping_unchanged_roles_gives_the_same_diff_as_comparing_all(history):
    kb, commits = history
    reader = SnapshotReader(kb.path)
    at = [reader.at(c) for c in commits] + [reader.working_tree()]
    for old, new in zip(at, at[1:]):
        skipped = diff_models(old.model(), new.model(), unchanged=unchanged_roles(old, new))
        full = diff_models(old.model(), new.model())
        assert diff_as_dict(skipped) == diff_as_dict(full)
    agent = diff_models(at[1].model(), at[2].model(), unchanged=unchanged_roles(at[1], at[2])).role("cs-agent")
    assert [(c.field, c.change, c.old, c.new) for c in agent.changes] == [
        ("dotted_line_to", "removed", "销售组长", None), ("dotted_line_to", "added", None, "销售主管")]
