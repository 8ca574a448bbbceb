"""A search of a fresh index reads the index only: the YAML loader, JSON Schema and the model
stay unimported (issue 16.5: they cost ~0.1 s of a cold `roledocs search`), and so do rjieba
(its dictionary alone is ~0.14 s), OpenCC, pypinyin and PyYAML: the query is analysed from the
index's own tables (search.lexicon)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parents[2]
NOT_ON_THE_QUERY_PATH = ("jsonschema", "fastjsonschema", "roledocs.kb.model", "roledocs.kb.load",
                         "roledocs.kb.validate", "roledocs.kb.rules", "roledocs.content",
                         "rjieba", "jieba", "opencc", "pypinyin", "yaml", "ruamel", "click")


def test_searching_a_fresh_index_imports_no_loader_schema_or_model(tmp_path, cli):
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    assert cli("index", "--root", tmp_path).returncode == 0  # the index is fresh from here on
    code = ("import sys; from roledocs.cli import main\n"
            "try:\n    code = main(['search', '客户投诉', '--root', sys.argv[1]])\nexcept SystemExit as e:\n"
            "    code = e.code\n"
            f"print('LOADED', code, [m for m in {NOT_ON_THE_QUERY_PATH!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                            timeout=120)
    assert "客服主管" in result.stdout, result.stdout + result.stderr
    assert "LOADED 0 []" in result.stdout, result.stdout + result.stderr


def test_a_changed_file_is_still_noticed(tmp_path, cli):
    """The cheap freshness check still sees an edit: the index is rebuilt and finds the new text."""
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    assert cli("index", "--root", tmp_path).returncode == 0
    role = tmp_path / "roles" / "sales" / "sales-rep.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("  - 业务员\n", "  - 业务员\n  - 跑街先生\n"),
                    encoding="utf-8")
    result = cli("search", "跑街先生", "--root", tmp_path, "--format", "json")
    assert result.returncode == 0 and '"sales-rep"' in result.stdout


def test_a_search_in_traditional_or_pinyin_also_loads_nothing_heavy(tmp_path, cli):
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    assert cli("index", "--root", tmp_path).returncode == 0
    code = ("import sys; from roledocs.cli import main\n"
            "for query in sys.argv[2:]:\n"
            "    try:\n        main(['search', query, '--root', sys.argv[1]])\n    except SystemExit:\n        pass\n"
            f"print('LOADED', [m for m in {NOT_ON_THE_QUERY_PATH!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path), "客戶投訴", "xszj", "反覆確認訂單"],
                            capture_output=True, text=True, timeout=120)
    assert "客服主管" in result.stdout and "销售总监" in result.stdout, result.stdout + result.stderr
    assert "LOADED []" in result.stdout, result.stdout + result.stderr


def test_an_edit_that_keeps_size_and_mtime_is_still_noticed(tmp_path, cli):
    """Same size, mtime set back with os.utime: the freshness check must not call the index fresh."""
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    assert cli("index", "--root", tmp_path).returncode == 0
    role = tmp_path / "roles" / "sales" / "sales-rep.yaml"
    before = role.stat()
    content = role.read_text(encoding="utf-8")
    assert "  - 业务员\n" in content
    role.write_text(content.replace("  - 业务员\n", "  - 跑腿员\n"), encoding="utf-8")  # same byte count
    os.utime(role, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = role.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = cli("search", "跑腿员", "--root", tmp_path, "--format", "json")
    assert result.returncode == 0 and '"sales-rep"' in result.stdout, result.stdout + result.stderr
