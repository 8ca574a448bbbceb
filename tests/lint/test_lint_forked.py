"""The overlap check in a forked process while the other checks run (lint._overlap_aside): the same
findings as one process, and what it computed is kept in the parent's parse cache."""
from __future__ import annotations

import os

import pytest

from roledocs import lint
from roledocs.kb import cache as cache_module
from roledocs.lint import overlap
from support.synthetic import write_synthetic_knowledge_base

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="没有 os.fork 的系统上体检总是在一个进程中运行")


def findings(report) -> list:
    return [(f.code, f.problem.as_tuple(), f.role_id, f.department_id) for f in report.findings]


def test_the_forked_overlap_check_finds_what_one_process_finds(tmp_path, monkeypatch):
    root = write_synthetic_knowledge_base(tmp_path / "kb", lint.OVERLAP_ASIDE_FROM + 10)
    forks = []
    real = lint._overlap_aside
    monkeypatch.setattr(lint, "_overlap_aside", lambda ctx: forks.append(1) or real(ctx))
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-two"))
    two = lint.lint_knowledge_base(root)
    cache_module.close_all()
    assert forks and any(f.code == "RD501" for f in two.findings)  # forked, and overlaps were found there
    monkeypatch.setenv("ROLEDOCS_NO_FORK", "1")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-one"))
    one = lint.lint_knowledge_base(root)
    cache_module.close_all()
    assert findings(two) == findings(one)

    # the child's parse-cache entries were handed to the parent and written: not compared again
    def compared(*args, **kwargs):
        raise AssertionError("the overlap pairs should come from the cache")
    monkeypatch.setattr(overlap, "scored_pairs", compared)
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-two"))
    again = lint.lint_knowledge_base(root)
    cache_module.close_all()
    assert findings(again) == findings(one)


def test_a_failing_child_leaves_the_check_to_this_process(tmp_path, monkeypatch):
    root = write_synthetic_knowledge_base(tmp_path / "kb", lint.OVERLAP_ASIDE_FROM + 10)
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache"))
    parent = os.getpid()
    real = overlap.run

    def run(ctx):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(ctx)
    monkeypatch.setattr(overlap, "run", run)
    report = lint.lint_knowledge_base(root)
    cache_module.close_all()
    monkeypatch.setenv("ROLEDOCS_NO_FORK", "1")
    monkeypatch.setenv("ROLEDOCS_CACHE_DIR", str(tmp_path / "cache-one"))
    assert findings(report) == findings(lint.lint_knowledge_base(root))
    cache_module.close_all()
