"""`roledocs export` at size (issue 17: 1,000 roles ≤ 5 s): the cyclic garbage collector is paused
while it reads the knowledge base and writes the workbook.

Its full passes over the model (about a million objects at 1,000 roles, none in a reference
cycle) found nothing and took a tenth of the command's CPU time. Counting the collector's runs
is exact where a time limit on this shared machine would not be.
"""
from __future__ import annotations

import gc

import openpyxl

from support.synthetic import write_synthetic_knowledge_base


class Collections:
    """The generations the cyclic collector ran on while the block was active."""

    def __enter__(self):
        self.generations: list[int] = []
        gc.callbacks.append(self.seen)
        return self

    def seen(self, phase, info):
        if phase == "start":
            self.generations.append(info["generation"])

    def __exit__(self, *exc):
        gc.callbacks.remove(self.seen)


def test_export_runs_no_cyclic_collection_and_turns_the_collector_back_on(cli, tmp_path):
    root = write_synthetic_knowledge_base(tmp_path / "kb", 300, seed=1)
    out = tmp_path / "out"
    assert gc.isenabled()
    # a failed export (an unknown role) turns it back on too; run first, it also does the
    # first-time imports, whose collections are not the export's (the test alone saw 6)
    assert cli("export", "--root", root, "--out", out, "--role", "no-such-role").returncode == 2
    assert gc.isenabled()

    with Collections() as collections:
        assert cli("export", "--root", root, "--out", out).returncode == 0
    # at most the one pass when the collector is turned back on (before: 283 passes at 300 roles)
    assert len(collections.generations) <= 1, collections.generations
    assert gc.isenabled()
    overview = openpyxl.load_workbook(out / "roles-export.xlsx", read_only=True)["岗位一览"]
    assert overview.max_row == 301  # the header and every role
