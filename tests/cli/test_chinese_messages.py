"""Issue 14.6: every message a user can meet is Chinese — click's usage errors, libyaml's syntax
errors, MkDocs's and jieba's chatter. Each path is run and no line may be an English sentence
(three or more English words with no Chinese), file names and codes aside."""
from __future__ import annotations

import re

import pytest

from support.render_project import copy_roles

ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,']+[A-Za-z]{2,}){2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def english_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if ENGLISH_SENTENCE.search(line) and not CJK.search(line)]


def english_clauses(text: str) -> list[str]:
    """English sentences inside Chinese lines too (「YAML 语法错误：mapping values are not allowed」)."""
    return [m.group(0) for m in ENGLISH_SENTENCE.finditer(text)]


@pytest.mark.parametrize("args", [
    ["render", "-f", "xlsx"], ["search"], ["search", "-n", "abc", "销售"], ["search", "-n", "0", "销售"],
    ["import", "/nonexistent/旧文件.docx"], ["render", "--jobs", "-1"], ["bogus"], ["validate", "--bogus"],
    ["search", "--json", "--format"], ["lint", "--only", "nothing"],
])
def test_usage_errors_are_chinese(args, cli):
    code, out, err = cli(*args)
    assert code == 2
    text = out + err
    assert CJK.search(text), text
    assert english_clauses(text) == [], text


@pytest.mark.parametrize("line", [
    "summary: 值: 里有冒号",              # mapping values are not allowed
    "  summary: 多缩进了",                # did not find expected key
    "summary: @某某",                     # cannot start any token
    'summary: "没有闭合',                 # unclosed quote
    "summary: [甲, 乙",                   # unclosed bracket
    "summary: *nope",                     # undefined alias
    'summary: "反斜杠 \\q"',              # unknown escape
])
def test_yaml_syntax_errors_are_chinese(cli, tmp_path, line):
    project = copy_roles(tmp_path)
    path = project / "roles" / "sales" / "sales-rep.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\nsummary:") + 1
    end = text.index("\n", start)
    while text[end + 1] == " ":  # a folded summary continues on indented lines
        end = text.index("\n", end + 1)
    path.write_text(text[:start] + line + text[end:], encoding="utf-8")
    result = cli("validate", "--root", str(project))
    assert result.returncode == 1
    assert "sales-rep.yaml" in result.stdout
    assert english_clauses(result.stdout + result.stderr) == [], result.stdout
