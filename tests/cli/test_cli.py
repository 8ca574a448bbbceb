"""The `roledocs` command as users and CI run it: the in-process runner (`cli`), real files; a real
process where the process is the point (what a command imports)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def broken_kb(tmp_path):
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    path = tmp_path / "roles" / "sales" / "sales-rep.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("category:"))
    lines[index] = "category: 销售类"
    lines.insert(index + 1, "dutise: []")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path, index + 1  # 1-based line of the bad category


def test_the_real_knowledge_base_is_valid(cli):
    result = cli("validate", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "没有发现问题" in result.stdout


def test_errors_point_at_file_line_and_column(cli, broken_kb):
    root, line = broken_kb
    result = cli("validate", "--root", str(root))
    assert result.returncode == 1
    assert f"roles/sales/sales-rep.yaml:{line}:11: 错误 RD204" in result.stdout
    assert f"roles/sales/sales-rep.yaml:{line + 1}:1: 错误 RD201" in result.stdout
    assert "提示：是否想写 duties" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_json_output_lists_every_problem(cli, broken_kb):
    root, line = broken_kb
    result = cli("validate", "--root", str(root), "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert (data["command"], data["status"]) == ("validate", "fail")
    problems = data["problems"]
    assert {(p["code"], p["line"]) for p in problems} >= {("RD204", line), ("RD201", line + 1)}
    assert set(problems[0]) >= {"code", "severity", "message", "file", "line", "column", "path", "hint"}


def test_json_output_of_a_clean_run_has_no_problems(cli):
    result = cli("validate", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert (data["command"], data["status"], data["problems"]) == ("validate", "ok", [])
    assert data["files_checked"] == len(list((REPO / "roles").rglob("*.yaml")))


def test_missing_knowledge_base_is_an_environment_error(cli, tmp_path):
    result = cli("validate", "--root", str(tmp_path))
    assert result.returncode == 2
    assert "roles/" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["validate", "--format", "xml"], ["validate", "--nope"], ["nosuchcommand"]])
def test_usage_errors_exit_2_in_chinese(cli, args):
    result = cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)


def test_help_is_in_chinese_with_english_option_names(cli):
    top = cli("--help")
    assert top.returncode == 0
    assert "用法：" in top.stdout and "validate" in top.stdout
    sub = cli("validate", "--help")
    assert "--format" in sub.stdout and "--root" in sub.stdout and "校验" in sub.stdout
    assert "选项：" in sub.stdout
    assert "[默认：text]" in sub.stdout and "[default" not in sub.stdout


@pytest.mark.parametrize("command", ["build", "render", "search", "index", "import"])
def test_every_command_has_chinese_help(cli, command):
    result = cli(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "用法：" in result.stdout and "选项：" in result.stdout
    assert "[default" not in result.stdout


def test_strict_turns_warnings_into_failure(cli, tmp_path):
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    # a role file in the wrong department folder is a warning (RD313), not an error
    shutil.move(tmp_path / "roles" / "customer-service" / "sales-clerk.yaml", tmp_path / "roles" / "engineering" / "sales-clerk.yaml")
    assert cli("validate", "--root", str(tmp_path)).returncode == 0
    strict = cli("validate", "--root", str(tmp_path), "--strict")
    assert strict.returncode == 1
    assert "RD313" in strict.stdout


def test_gbk_file_gets_a_clear_message_and_no_traceback(cli, tmp_path):
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    path = tmp_path / "roles" / "sales" / "sales-rep.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").replace("P1–P3", "P1-P3").encode("gbk"))
    result = cli("validate", "--root", str(tmp_path))
    assert result.returncode == 1
    assert "GBK" in result.stdout and "UTF-8" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_does_not_import_slow_libraries():
    code = ("import sys; from roledocs.cli import main\n"
            "try:\n    main(['validate'])\nexcept SystemExit:\n    pass\n"
            "slow = [m for m in ('jieba', 'rjieba', 'weasyprint', 'docx', 'docxtpl', 'opencc', 'pypinyin') "
            "if m in sys.modules]\n"
            "print('SLOW', slow)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "SLOW []" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("args, message", [
    (["render", "-o", "{file}"], "--out / -o 的值无效：{file} 是一个文件，这里需要文件夹"),
    (["import", "{file}", "--out", "{file}"], "--out 的值无效：{file} 是一个文件，这里需要文件夹"),
    (["build", "--site-dir", "{file}"], "--site-dir 的值无效：{file} 是一个文件，这里需要文件夹"),
    (["import", "{tmp}/没有这个文件.docx"], "旧文件... 的值无效：{tmp}/没有这个文件.docx 不存在"),
    (["import", "{tmp}"], "旧文件... 的值无效：{tmp} 是一个文件夹，这里需要文件"),
    (["search", "销售", "-n", "0"], "--limit / -n 的值无效：0 超出允许的范围（1 到 1000）"),
    (["search", "销售", "-n", "十"], "--limit / -n 的值无效：十 不是有效的数字"),
    (["render", "-f", "odt"], "--format / -f 的值无效：odt 不是可选的值（可选：{formats}）"),
])
def test_invalid_values_are_explained_in_chinese(cli, tmp_path, args, message):
    """click's own messages (`Invalid value for '--out' / '-o': Directory '…' is a file.`) used to be
    half translated into `--out' / '-o 的值无效：Directory …`."""
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    from roledocs.export.documents import HR_FORMATS
    from roledocs.render import FORMATS

    fill = {"file": str(afile), "tmp": str(tmp_path), "formats": "、".join(FORMATS + HR_FORMATS)}
    result = cli(*[a.format(**fill) for a in args])
    assert result.returncode == 2
    assert f"错误：{message.format(**fill)}\n" in result.stderr, result.stderr
