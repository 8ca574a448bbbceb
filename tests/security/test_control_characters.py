"""Invisible control characters (issue 11.4): validate rejects them at file:line, naming the
character, whether written as they are or as escapes; Word output and terminals never see them."""
from __future__ import annotations

from pathlib import Path

import pytest

from support.render_project import copy_roles
from roledocs.kb.load import load_bytes

FORBIDDEN = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]
ROLE = "id: probe\ntitle: 测试岗位\nsummary: {summary}\n"


def load(text: str):
    return load_bytes(text.encode("utf-8"), path=Path("roles/sales/probe.yaml"), name="roles/sales/probe.yaml")


@pytest.mark.parametrize("code_point", FORBIDDEN, ids=[f"U+{c:04X}" for c in FORBIDDEN])
def test_every_forbidden_character_is_named_at_its_line(code_point):
    for summary in (f'"负责\\u{code_point:04X}测试"', f"负责{chr(code_point)}测试"):  # escaped, then as it is
        doc, problems = load(ROLE.format(summary=summary))
        assert doc is None
        assert [(p.code, p.line) for p in problems] == [("RD113", 3)], (summary, problems)
        assert f"U+{code_point:04X}" in problems[0].message
        assert "\\e" in problems[0].hint


@pytest.mark.parametrize("summary", ['"负责\\t测试"', '"第一行\\n第二行"', "负责\t测试", '"负责\\u00A0测试"', '"😀"'])
def test_tabs_line_breaks_and_other_characters_are_fine(summary):
    doc, problems = load(ROLE.format(summary=summary))
    assert problems == [] and doc is not None


def test_the_line_of_a_raw_character_is_exact_inside_a_block(tmp_path):
    text = "id: probe\nsummary: |\n  第一行\n  第二行\x07\n  第三行\n"
    doc, [problem] = load(text)
    assert (problem.code, problem.line, problem.column) == ("RD113", 4, 6)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_roles(tmp_path_factory.mktemp("control"))
    path = project / "roles" / "sales" / "sales-rep.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 销售代表\n", 'title: "销售代表\\e[31m"\n', 1), encoding="utf-8")
    return project


def test_word_output_is_refused_with_the_problem_not_a_crash(cli, project):
    out = project / "out"
    result = cli("render", "sales-rep", "-f", "docx", "--root", str(project), "--out", str(out))
    assert result.returncode == 1, result.stderr
    assert "roles/sales/sales-rep.yaml:3:" in result.stderr and "RD113" in result.stderr
    assert "U+001B" in result.stderr
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert not out.exists()


def test_a_terminal_never_receives_an_escape_sequence_from_yaml(cli, project):
    path = project / "roles" / "sales" / "probe.yaml"
    path.write_text('"\\e[2J\\e[31mfake": 1\n', encoding="utf-8")
    try:
        result = cli("validate", "--root", str(project))
    finally:
        path.unlink()
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr
    assert "roles/sales/probe.yaml:1:1: 错误 RD113 键中有不可见的控制字符 U+001B" in result.stdout
