"""A damaged, unwritable or full search index: search heals or works from memory, and says so in Chinese.

Random bytes written into .roledocs-cache/index.sqlite used to make every search say
`内部错误：DatabaseError…` while `roledocs index` said 已是最新.
"""
from __future__ import annotations

import json
import random
import sqlite3
import sys

import pytest

from support.process_tools import in_namespace, needs_namespaces
from support.search_project import copy_roles

from roledocs.search.index import ensure_index


def _damage(path, seed=1):
    """Overwrite 20 runs of 2,000 bytes at random places (not the 100-byte header)."""
    data = bytearray(path.read_bytes())
    rnd = random.Random(seed)
    for _ in range(20):
        start = rnd.randrange(100, len(data) - 2000)
        data[start:start + 2000] = rnd.randbytes(2000)
    path.write_bytes(bytes(data))


def _sqlite_says_damaged(path) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        return con.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return True


@pytest.fixture
def damaged(tmp_path):
    project = copy_roles(tmp_path)
    path, _ = ensure_index(project)
    _damage(path)
    assert _sqlite_says_damaged(path)  # the test's premise, checked by SQLite itself
    return project, path


def test_search_rebuilds_a_damaged_index(cli, damaged):
    project, path = damaged
    result = cli("search", "客户投诉", "--json", "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hits"][0]["id"] == "customer-service-supervisor"
    assert "已重新建立" in result.stderr and "内部错误" not in result.stderr
    assert not _sqlite_says_damaged(path)


def test_index_command_finds_the_damage_and_rebuilds(cli, damaged):
    project, path = damaged
    result = cli("index", "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert "已损坏" in result.stderr and "搜索索引已重建" in result.stdout
    assert not _sqlite_says_damaged(path)
    assert json.loads(cli("search", "xszj", "--json", "--root", str(project)).stdout)["hits"][0]["id"] == "sales-director"


def test_damaged_index_and_invalid_knowledge_base_say_what_to_do(cli, damaged):
    project, _ = damaged
    role = project / "roles" / "sales" / "sales-rep.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("category: 业务类", "category: 销售类"), encoding="utf-8")
    result = cli("search", "客户投诉", "--root", str(project))
    assert result.returncode in (1, 2)
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert "roledocs index --force" in result.stderr


def _search_script(project, *extra):
    return f"{sys.executable} -m roledocs.cli {' '.join(extra)} --root {project}"


@needs_namespaces
def test_a_read_only_checkout_still_searches(tmp_path):
    """No index yet and nothing may be written: the index is built in memory."""
    project = copy_roles(tmp_path / "project")
    out = tmp_path / "out"
    out.mkdir()
    result = in_namespace(
        f"mount --bind {project} {project}\nmount -o remount,bind,ro {project}\n"
        f"rc=0; {_search_script(project, 'search', '客户投诉', '--json')} > {out}/search.json 2> {out}/search.err || rc=$?\n"
        f"echo \"search=$rc\"\n"
        f"rc=0; {_search_script(project, 'index')} > {out}/index.out 2> {out}/index.err || rc=$?\n"
        f"echo \"index=$rc\"\n")
    assert result.returncode == 0, result.stderr
    assert "search=0" in result.stdout and "index=2" in result.stdout, result.stdout
    assert json.loads((out / "search.json").read_text(encoding="utf-8"))["hits"][0]["id"] == "customer-service-supervisor"
    search_err = (out / "search.err").read_text(encoding="utf-8")
    index_err = (out / "index.err").read_text(encoding="utf-8")
    assert "只读" in search_err and "内存" in search_err
    assert "只读" in index_err and "内部错误" not in search_err + index_err
    assert not (project / ".roledocs-cache").exists()


@needs_namespaces
def test_a_full_disk_still_searches_and_leaves_no_half_index(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    result = in_namespace(
        f"mount -t tmpfs -o size=700k tmpfs {disk}\ncp -r {copy_roles(tmp_path / 'src') / 'roles'} {disk}/roles\n"
        f"rc=0; {_search_script(disk, 'search', '客户投诉', '--json')} > {out}/search.json 2> {out}/search.err || rc=$?\n"
        f"echo \"search=$rc\"\n"
        f"rc=0; {_search_script(disk, 'index')} > {out}/index.out 2> {out}/index.err || rc=$?\n"
        f"echo \"index=$rc\"\nls -A {disk}/.roledocs-cache > {out}/cache.txt\n")
    assert result.returncode == 0, result.stderr
    assert "search=0" in result.stdout and "index=2" in result.stdout, result.stdout
    assert json.loads((out / "search.json").read_text(encoding="utf-8"))["hits"][0]["id"] == "customer-service-supervisor"
    errors = (out / "search.err").read_text(encoding="utf-8") + (out / "index.err").read_text(encoding="utf-8")
    assert "磁盘空间不足" in errors and "内部错误" not in errors
    assert (out / "cache.txt").read_text(encoding="utf-8").split() == []  # no temporary index left behind
