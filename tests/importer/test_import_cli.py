"""`roledocs import` as users run it (the in-process runner `cli`), real files in a temporary folder;
a real process for what a command imports and for the umask."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from roledocs.importer.draft import Draft
from roledocs.importer.write import atomic_write, render_yaml

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "fixtures" / "seeds"
LAYOUTS = REPO / "tests" / "fixtures" / "import"


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_seeds_import_then_twice_without_force_changes_nothing(cli, tmp_path):
    out = tmp_path / "x"
    first = cli("import", *sorted(SEEDS.glob("*.txt")), "--out", out)
    assert first.returncode == 0, first.stderr
    assert "找到 4 个岗位" in first.stdout and "新建 " in first.stdout
    assert "未使用的原文" in first.stdout and "已填写" in first.stdout
    before = _snapshot(out)
    assert len(before) >= 25
    second = cli("import", *sorted(SEEDS.glob("*.txt")), "--out", out)
    assert second.returncode == 0, second.stderr
    assert "新建 0" in second.stdout and "没有任何变化" in second.stdout
    assert _snapshot(out) == before  # not even rewritten


def test_an_edited_draft_is_kept_unless_force(cli, tmp_path):
    out = tmp_path / "x"
    source = LAYOUTS / "trainer.txt"
    assert cli("import", source, "--out", out).returncode == 0
    draft = out / "training-specialist.yaml"
    edited = draft.read_text(encoding="utf-8").replace("department: todo", "department: hr")
    draft.write_text(edited, encoding="utf-8")
    again = cli("import", source, "--out", out)
    assert again.returncode == 1
    assert "未覆盖" in again.stdout and "--force" in again.stdout
    assert draft.read_text(encoding="utf-8") == edited  # HR's edit survives
    forced = cli("import", source, "--out", out, "--force")
    assert forced.returncode == 0 and "覆盖" in forced.stdout
    assert "department: todo" in draft.read_text(encoding="utf-8")


def test_same_role_from_two_sources_gets_two_files(cli, tmp_path):
    out = tmp_path / "x"
    first = cli("import", SEEDS / "000_44106b2cc888f5c0.txt", "--out", out)
    second = cli("import", SEEDS / "004_5e2def9975a359dd.txt", "--out", out)
    assert first.returncode == 0 and second.returncode == 0
    managers = sorted(p.name for p in out.glob("sales-manager*.yaml"))
    assert managers == ["sales-manager-2.yaml", "sales-manager.yaml"]
    sources = {yaml.safe_load((out / m).read_text(encoding="utf-8"))["sources"][0] for m in managers}
    assert sources == {"000_44106b2cc888f5c0.txt", "004_5e2def9975a359dd.txt"}
    assert yaml.safe_load((out / "sales-manager-2.yaml").read_text(encoding="utf-8"))["id"] == "sales-manager-2"


def test_default_output_is_roles_drafts_of_the_root(cli, tmp_path):
    shutil.copytree(REPO / "roles", tmp_path / "roles", ignore=shutil.ignore_patterns("_drafts"))
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    result = cli("import", LAYOUTS / "channel_manager.md", "--root", tmp_path)
    assert result.returncode == 0, result.stderr
    draft = tmp_path / "roles" / "_drafts" / "regional-franchise-manager.yaml"
    assert draft.is_file()
    assert draft.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/role.schema.json\n")  # like the files in roles/<dept>/
    validated = cli("validate", "--root", tmp_path)
    assert validated.returncode == 0, validated.stdout  # drafts are not part of the knowledge base


def test_json_report(cli, tmp_path):
    result = cli("import", SEEDS / "004_5e2def9975a359dd.txt", "--out", tmp_path, "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    drafts = data["files"][0]["drafts"]
    assert [d["title"] for d in drafts] == ["销售副总", "销售经理", "客服主管", "销售内勤", "业务员"]
    assert data["created"] == 5 and drafts[0]["duties"] == 8 and drafts[0]["kpis"] == 5
    assert any("营销管理部职能分解" in ln["text"] for ln in data["files"][0]["outside_roles"])


@pytest.mark.parametrize("args, message", [
    (["import", "missing.docx", "--out", "{tmp}"], "missing.docx"),
    (["import", "{tmp}/a.doc", "--out", "{tmp}/o"], "不支持的文件类型"),  # .pdf is read since issue 17
    (["import", str(LAYOUTS / "trainer.txt"), "--out", "{tmp}/file.txt"], "--out"),
    (["import", str(LAYOUTS / "trainer.txt"), "--root", "{tmp}/nowhere"], "roles/"),
])
def test_usage_errors_exit_2_without_traceback(cli, tmp_path, args, message):
    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    result = cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


def test_a_file_without_any_role_exits_1(cli, tmp_path):
    empty = tmp_path / "空白.txt"
    empty.write_text("\n\n", encoding="utf-8")
    result = cli("import", empty, "--out", tmp_path / "o")
    assert result.returncode == 1 and "没有找到任何岗位" in result.stdout


def test_no_half_files_when_writing_fails(tmp_path):
    draft = Draft("销售经理", "sales-manager", {"id": "sales-manager", "title": "销售经理"})
    text = render_yaml(draft, "x") * 2000 + "title: \ud800\n"  # a lone surrogate cannot be encoded
    target = tmp_path / "sales-manager.yaml"
    with pytest.raises(UnicodeEncodeError):  # fails in the middle of writing the file
        atomic_write(target, text, replace=False)
    assert list(tmp_path.iterdir()) == []  # neither the draft nor a temporary file is left


def test_atomic_write_never_replaces_without_permission(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_text("HR 的修改\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        atomic_write(target, "new\n", replace=False)
    assert target.read_text(encoding="utf-8") == "HR 的修改\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_slow_libraries_load_only_when_an_import_runs(cli):
    code = ("import sys, roledocs.cli, roledocs.importer, roledocs.cli.import_; "
            "print(sorted(m for m in ('docx', 'opencc', 'pypinyin', 'jieba', 'weasyprint') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
    help_text = cli("import", "--help")
    assert help_text.returncode == 0 and "--force" in help_text.stdout and "_drafts" in help_text.stdout


def test_a_file_named_twice_is_imported_once(cli, tmp_path):
    """`import a.txt a.txt ./a.txt` (or a glob that matches a file twice) used to write three drafts."""
    shutil.copy(LAYOUTS / "trainer.txt", tmp_path / "a.txt")
    result = cli("import", "a.txt", "a.txt", "./a.txt", str(tmp_path / "a.txt"), "--out", "drafts", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == ["training-specialist.yaml"]
    assert "合计：1 个文件，1 个草稿" in result.stdout


def test_drafts_are_readable_by_others_like_any_file(tmp_path):
    """mkstemp makes 0600 files; a draft in a shared repository should be 0644 (0666 less the umask)."""
    code = ("import os, sys; os.umask(0o022); from roledocs.cli import main; "
            "sys.exit(main(['import', sys.argv[1], '--out', sys.argv[2]]))")
    result = subprocess.run([sys.executable, "-c", code, str(LAYOUTS / "trainer.txt"), str(tmp_path / "drafts")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    for draft in (tmp_path / "drafts").iterdir():
        assert draft.stat().st_mode & 0o777 == 0o644, oct(draft.stat().st_mode)
