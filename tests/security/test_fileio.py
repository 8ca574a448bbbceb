"""roledocs.fileio, the one atomic writer: documents, exports, drafts, bumps and the index
are the old file, the new file or absent — never half written, never with mkstemp's 0600."""
from __future__ import annotations

import os
import stat

import pytest

from roledocs.fileio import atomic_output, atomic_path, atomic_write_text, remove_stale_temporary_files


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_open_would_give(tmp_path):
    umask = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "a.md", "内容\n")
    finally:
        os.umask(umask)
    assert _mode(tmp_path / "a.md") == 0o644
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "内容\n"


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    atomic_write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and _mode(target) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as handle:
            handle.write(b"half")
            raise RuntimeError("stopped")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_without_replace_an_existing_file_is_never_overwritten(tmp_path):
    target = tmp_path / "a.yaml"
    with pytest.raises(FileExistsError):
        with atomic_path(target, replace=False) as tmp:
            tmp.write_text("导入的草稿\n", encoding="utf-8")
            target.write_text("HR 同时保存的内容\n", encoding="utf-8")  # appeared meanwhile
    assert target.read_text(encoding="utf-8") == "HR 同时保存的内容\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_stale_temporary_files_of_dead_processes_are_removed(tmp_path):
    dead = tmp_path / ".sales-rep.pdf.999999999.abcdefgh.tmp"
    mine = tmp_path / f".roles.sqlite.{os.getpid()}.abcdefgh.tmp"
    other = tmp_path / "notes.tmp"
    for path in (dead, mine, other):
        path.write_bytes(b"x")
    assert remove_stale_temporary_files(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])
