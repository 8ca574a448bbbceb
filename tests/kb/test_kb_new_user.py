"""Validation tried as a new user would (issue 13, point 7), on a copy of the real knowledge base:
one broken file gives one error, an unclosed quote or bracket is reported where it was opened,
and a reporting cycle is reported in every file on it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from roledocs.kb.validate import validate_knowledge_base

REPO = Path(__file__).resolve().parents[2]
SALES_REP = "roles/sales/sales-rep.yaml"


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    return tmp_path


def replace_line(path: Path, number: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def line_of(path: Path, pattern: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if re.match(pattern, line))


def test_the_real_knowledge_base_refers_to_sales_rep_everywhere(project):
    """What makes the next test meaningful: departments, processes, career paths and reporting lines name it."""
    assert validate_knowledge_base(project).problems == []
    referring = {p.relative_to(project).as_posix() for p in (project / "roles").rglob("*.yaml")
                 if p.name != "sales-rep.yaml" and re.search(r"\bsales-rep\b", p.read_text(encoding="utf-8"))}
    assert {"roles/_departments.yaml", "roles/_processes.yaml"} <= referring
    assert len(referring) >= 5


BREAKAGES = {
    "unclosed-quote": lambda p: replace_line(p, 3, 'title: "未闭合'),
    "tab-indent": lambda p: replace_line(p, 6, "\t- 业务员"),
    "gbk": lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("gbk")),
    "duplicate-key": lambda p: p.write_text(p.read_text(encoding="utf-8") + "title: 再写一次\n", encoding="utf-8"),
    "id-deleted": lambda p: replace_line(p, 2, "# id 被删掉了"),
    "id-not-text": lambda p: replace_line(p, 2, "id: [sales-rep]"),
    "id-typo": lambda p: replace_line(p, 2, "id: sales-repp"),
    "empty": lambda p: p.write_text("", encoding="utf-8"),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_one_broken_role_file_gives_one_error(project, breakage):
    """Its id (the file name) still resolves: no reference to sales-rep elsewhere is reported."""
    BREAKAGES[breakage](project / SALES_REP)
    problems = validate_knowledge_base(project).problems
    assert [(p.file, p.severity) for p in problems] == [(SALES_REP, "error")], \
        [(p.location(), p.code, p.message) for p in problems]


def test_one_syntax_error_prints_one_error(project, cli):
    replace_line(project / SALES_REP, 3, 'title: "未闭合')
    result = cli("validate", "--root", project)
    assert result.returncode == 1
    out = result.stdout
    assert [line for line in out.splitlines() if " 错误 " in line] == [
        f'{SALES_REP}:3:8: 错误 RD102 YAML 语法错误：第 3 行的引号 " 没有闭合：后面直到第 13 行的内容都被当成了这段文字']
    assert "1 个错误" in out


def test_an_unclosed_quote_is_reported_where_it_was_opened(project):
    """The real file has a quote in a comment on line 13: the string runs to it and the parser gives up there."""
    replace_line(project / SALES_REP, 3, 'title: "未闭合')
    [problem] = validate_knowledge_base(project).problems
    assert (problem.code, problem.line, problem.column) == ("RD102", 3, 8)
    assert "引号" in problem.message and "补上 \"" in problem.hint


def test_a_quote_open_to_the_end_of_the_file_is_reported_where_it_was_opened(project):
    path = project / "roles" / "sales" / "sales-manager.yaml"
    text = path.read_text(encoding="utf-8").replace('"', "“")  # no quote further down to close it
    path.write_text(text, encoding="utf-8")
    line = line_of(path, r"summary:")
    replace_line(path, line, "summary: '负责销售管理")
    [problem] = validate_knowledge_base(project).problems
    assert (problem.file, problem.line, problem.column) == ("roles/sales/sales-manager.yaml", line, 10)
    assert "文件末尾" in problem.message and "'" in problem.hint


@pytest.mark.parametrize("opening,closing", [("[", "]"), ("{", "}")])
def test_an_unclosed_flow_list_or_mapping_is_reported_where_it_was_opened(project, opening, closing):
    path = project / SALES_REP
    line = line_of(path, r"aliases:")
    value = "[业务员, 销售专员" if opening == "[" else "{常用: 业务员"
    lines = path.read_text(encoding="utf-8").splitlines()
    end = next(i for i in range(line, len(lines)) if not lines[i].startswith("  - "))
    lines[line - 1:end] = [f"aliases: {value}"]  # the block list becomes a flow list that is never closed
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [problem] = validate_knowledge_base(project).problems
    assert (problem.code, problem.line, problem.column) == ("RD102", line, 10)
    assert f"“{opening}”" in problem.message and f"“{closing}”" in problem.hint


def test_a_reporting_cycle_is_reported_in_every_file_on_it(project):
    chain = ["sales-rep", "sales-team-lead", "channel-development-supervisor", "sales-supervisor",
             "sales-manager", "sales-director"]
    director = project / "roles" / "sales" / "sales-director.yaml"
    replace_line(director, line_of(director, "reports_to:"), "reports_to: sales-rep")
    problems = validate_knowledge_base(project).problems
    assert {p.code for p in problems} == {"RD305"}
    found = {p.file: p for p in problems}
    assert sorted(found) == sorted(f"roles/sales/{rid}.yaml" for rid in chain)
    for rid in chain:
        path = project / "roles" / "sales" / f"{rid}.yaml"
        problem = found[f"roles/sales/{rid}.yaml"]
        assert problem.line == line_of(path, "reports_to:"), problem
        ring = problem.message.split("：", 1)[1].split(" → ")
        assert ring[0] == ring[-1] == rid and sorted(ring[:-1]) == sorted(chain), problem.message
