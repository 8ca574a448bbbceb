"""Half of the uncached files read in a forked process (roledocs.forked, kb.load._read_in_two):
the same documents, problems and positions as reading them all here."""
from __future__ import annotations

import os
import time

import pytest

from roledocs import forked
from roledocs.kb import cache as cache_module
from roledocs.kb.validate import validate_knowledge_base
from support.synthetic import write_synthetic_knowledge_base

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="没有 os.fork 的系统上总是在一个进程中读取")


def test_in_two_is_the_whole_job_in_some_order(monkeypatch):
    items = list(range(5000))
    children = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: children.append(1) or real_fork())
    assert sorted(forked.in_two(lambda part: [x * x for x in part], items, min_items=10)) == [x * x for x in items]
    assert children  # it did fork
    assert forked.in_two(lambda part: [len(part)], list(range(5)), min_items=10) == [5]  # small: here, whole


def test_a_failing_child_leaves_the_work_to_the_parent():
    parent = os.getpid()

    def work(part):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")  # (after taking a slice: done here too)
        time.sleep(0.01)  # the child has time to take slices
        return list(part)

    assert sorted(forked.in_two(work, list(range(3000)), min_items=10)) == list(range(3000))


def test_the_faster_process_takes_more_of_the_work():
    """The items are taken a slice at a time (forked.in_two): a process slowed down, here the
    parent, takes fewer; a child that took slices and failed has them done here (the test above)."""
    parent = os.getpid()

    def work(part):
        if os.getpid() == parent:
            time.sleep(0.02)
        return [(os.getpid() == parent, x) for x in part]

    out = forked.in_two(work, list(range(6400)), min_items=10)
    assert sorted(x for _, x in out) == list(range(6400))
    assert sum(here for here, _ in out) <= 6400 // 4  # (fixed halves: 3,200)


def test_the_child_does_its_own_work_first_then_shares():
    """forked.first_then_in_two: the child runs `first` while this process starts on the items;
    once done it takes the slices left. Every item once, `first`'s result from the child."""
    parent = os.getpid()

    def first():
        time.sleep(0.3)  # meanwhile the parent takes slices
        return os.getpid()

    def work(part):
        time.sleep(0.01)  # (both take some)
        return [(os.getpid(), x) for x in part]

    ran_in, out = forked.first_then_in_two(first, work, list(range(640)))
    assert ran_in != parent
    assert sorted(x for _, x in out) == list(range(640))
    takers = {pid for pid, _ in out}
    assert takers == {parent, ran_in}  # the parent did not wait for `first`; the child helped after it


def test_a_child_failing_after_its_own_work_leaves_everything_to_the_parent():
    parent = os.getpid()

    def work(part):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")  # (after taking a slice: done here too)
        time.sleep(0.01)
        return list(part)

    ran_in, out = forked.first_then_in_two(os.getpid, work, list(range(640)))
    assert ran_in == parent and sorted(out) == list(range(640))


def test_first_then_in_two_without_a_fork_runs_both_here(monkeypatch):
    monkeypatch.setenv("ROLEDOCS_NO_FORK", "1")
    order = []
    first = lambda: order.append("first") or "done"  # noqa: E731
    result = forked.first_then_in_two(first, lambda part: order.append("work") or [len(part)], list(range(10)))
    assert result == ("done", [10]) and order == ["first", "work"]


def test_ready_says_whether_the_child_is_done():
    release_read, release_write = os.pipe()
    later = forked.aside(lambda: os.read(release_read, 1) and 7)  # the child waits for the parent's word
    try:
        assert not later.ready()
        os.write(release_write, b"x")
        deadline = time.monotonic() + 60
        while not later.ready():
            assert time.monotonic() < deadline, "the child never finished"
            time.sleep(0.01)
        assert later() == 7
    finally:
        os.close(release_read)
        os.close(release_write)


def _summary(report):
    return ([(p.code, p.file, p.line, p.column, p.message) for p in report.problems],
            [(d.name, d.kind, d.data, dict(d.positions)) for d in sorted(report.documents, key=lambda d: d.name)])


def test_reading_in_two_processes_gives_what_one_gives(tmp_path, monkeypatch):
    root = write_synthetic_knowledge_base(tmp_path / "kb", 260)
    broken = sorted((root / "roles").glob("*/*.yaml"))[7]
    broken.write_text(broken.read_text(encoding="utf-8") + "\nsummary: 重复的键\n", encoding="utf-8")  # an error
    # read, then found against the schema where it was read (kb.load._read_in_two)
    misspelt = sorted((root / "roles").glob("*/*.yaml"))[200]
    misspelt.write_text(misspelt.read_text(encoding="utf-8") + "\nsumary: 拼错的键\n", encoding="utf-8")
    forks = []
    real = forked.in_two
    monkeypatch.setattr(forked, "in_two", lambda work, items, **kw: forks.append(len(items)) or real(work, items, **kw))
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-two"))
    two = validate_knowledge_base(root)
    cache_module.close_all()
    assert forks == [len(list((root / "roles").rglob("*.yaml")))]
    monkeypatch.setenv("ROLEDOCS_NO_FORK", "1")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-one"))
    one = validate_knowledge_base(root)
    cache_module.close_all()
    assert not two.ok and any(p.file.endswith(broken.name) for p in two.problems)
    assert any(p.file.endswith(misspelt.name) and p.code.startswith("RD2") for p in two.problems)
    assert _summary(two) == _summary(one)
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-two"))  # read back from the cache the two made
    again = validate_knowledge_base(root)
    cache_module.close_all()
    assert _summary(again) == _summary(one)
