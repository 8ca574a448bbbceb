"""A plain `roledocs search` runs without click (cli.fast_search, issue 16.5): it must take the
same values click would, hand everything else to click, and print exactly what the click
command prints, errors and exit codes included."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from roledocs import cli as roledocs_cli
from roledocs.cli import app
from roledocs.cli.fast_search import plain_search
from roledocs.cli.search import search as click_search
from support.search_project import copy_roles


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_roles(tmp_path_factory.mktemp("fast"))
    assert roledocs_cli.main(["index", "--root", str(root)]) == 0
    return root


def _run(main, args):
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue().decode(), err.getvalue().decode()


def _invocations(root, tmp_path):
    r = str(root)
    return [
        ["search", "客户投诉", "--root", r],
        ["search", "客户投诉", f"--root={r}", "-n", "2", "--format", "json"],
        ["search", "--json", "xszj", "--root", r, "-d", "销售部"],
        ["search", "--limit=3", "銷售總監", "--department", "sales", "--root", r],
        ["search", "无此岗位xyz", "--root", r],
        ["search", "无此岗位xyz", "--root", r, "--json"],
        ["search", "", "--root", r],
        ["search", "", "--root", r, "--format=json"],
        ["search", "主管", "-d", "没有这个部门", "--root", r],
        ["search", "客户投诉", "--root", str(tmp_path / "empty")],
        ["search", "客户投诉", "--root", str(tmp_path / "empty"), "--json"],
    ]


def test_a_plain_search_prints_exactly_what_the_click_command_prints(project, tmp_path):
    (tmp_path / "empty").mkdir()
    for args in _invocations(project, tmp_path):
        assert plain_search(args) is not None, args  # taken by the fast path …
        fast = _run(roledocs_cli.main, args)
        slow = _run(app.main, args)  # … and what click says for it
        assert fast == slow, args
    codes = {_run(roledocs_cli.main, args)[0] for args in _invocations(project, tmp_path)}
    assert codes == {0, 1, 2}


def test_the_fast_parser_reads_values_as_click_does(project, tmp_path):
    for args in _invocations(project, tmp_path):
        ctx = click_search.make_context("search", args[1:])
        request = plain_search(args)
        output_format = "json" if ctx.params["as_json"] else ctx.params["output_format"]
        assert (request.query, request.limit, request.department, request.output_format, request.root) == \
            (ctx.params["query"], ctx.params["limit"], ctx.params["department"], output_format, ctx.params["root"])


@pytest.mark.parametrize("args", [
    ["search"], ["search", "--help"], ["search", "-h"], ["search", "a", "b"], ["search", "a", "-n", "0"],
    ["search", "a", "-n", "1001"], ["search", "a", "-n", "x"], ["search", "a", "-n", "５"], ["search", "a", "-n"],
    ["search", "a", "--format", "xml"], ["search", "a", "--root", "README.md"], ["search", "a", "--bogus"],
    ["search", "a", "-n", "2", "-n", "3"], ["search", "--", "-x"], ["search", "-x"], ["search", "a", "-d", "-n"],
    ["validate"], [], ["--version"], ["Search", "a"],
])
def test_anything_else_goes_to_click(args):
    assert plain_search(args) is None
    assert _run(roledocs_cli.main, args) == _run(app.main, args)
