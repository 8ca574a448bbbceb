"""The CLI is wiring: every command that prints results has --format text|json with one JSON
envelope (docs/cli.md), errors meant for people are RoledocsErrors handled once by cli.main,
and commands return their exit code instead of calling ctx.exit with a number."""
from __future__ import annotations

import ast
import json
import re
import shutil
from dataclasses import fields
from pathlib import Path

import pytest

from roledocs.cli import COMMANDS
from roledocs.kb.problems import CATALOGUE, Problem

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "src" / "roledocs" / "cli"
ENVELOPE = {"command", "status", "problems"}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The real knowledge base and site settings, copied."""
    dest = tmp_path_factory.mktemp("envelope")
    shutil.copytree(REPO / "roles", dest / "roles")
    shutil.copytree(REPO / "docs", dest / "docs")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "documents: [pdf, docx]" in text
    (dest / "mkdocs.yml").write_text(text.replace("documents: [pdf, docx]", "documents: []"), encoding="utf-8")
    return dest


@pytest.fixture
def broken(tmp_path) -> Path:
    """A knowledge base with one error: a role reports to someone who does not exist (RD304)."""
    shutil.copytree(REPO / "roles", tmp_path / "roles")
    path = tmp_path / "roles" / "sales" / "sales-rep.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("reports_to: sales-team-lead", "reports_to: nobody"),
                    encoding="utf-8")
    return tmp_path


def run_json(cli, *args) -> tuple[int, dict, str]:
    code, out, err = cli(*args)
    data = json.loads(out)  # stdout holds the JSON and nothing else
    assert ENVELOPE <= set(data), data
    assert data["status"] == ("ok" if code == 0 else "fail")
    return code, data, err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_offers_text_and_json(command, cli):
    result = cli(command, "--help")
    assert result.returncode == 0
    help_text = result.stdout
    option = "--output-format" if command == "render" else "--format"  # render's --format: the file formats
    assert re.search(rf"{option} \[text\|json(\|\w+)*\]", help_text), help_text


def test_validate(project, broken, cli):
    code, data, _ = run_json(cli, "validate", "--root", str(project), "--format", "json")
    assert (code, data["command"], data["problems"]) == (0, "validate", [])
    assert data["files_checked"] == len(list((project / "roles").rglob("*.yaml")))
    code, data, _ = run_json(cli, "validate", "--root", str(broken), "--format", "json")
    assert code == 1 and [p["code"] for p in data["problems"]] == ["RD304"]
    problem = data["problems"][0]
    assert set(problem) == {f.name for f in fields(Problem)} | {"title", "docs"}
    assert (problem["file"], problem["path"], problem["title"]) == ("roles/sales/sales-rep.yaml", "$.reports_to",
                                                                      CATALOGUE["RD304"].title)
    assert problem["docs"] == f"docs/errors.md#{CATALOGUE['RD304'].anchor}" and "nobody" in problem["message"]


def test_json_lists_one_item_per_line(broken, cli):
    """Indented at the top, each problem on a line of its own: a person can scan (and grep) it."""
    out = cli("validate", "--root", str(broken), "--format", "json").stdout
    lines = out.splitlines()
    assert (lines[0], lines[1], lines[-1]) == ("{", '  "command": "validate",', "}")
    [line] = [line for line in lines if '"RD304"' in line]
    assert json.loads(line.strip().rstrip(","))["code"] == "RD304"


@pytest.mark.parametrize("items", [
    [{"message": "text with }, { and \x1e{ and \"quotes\"", "line": 3, "hint": None}, {"message": "第二项"}],
    [{"nested": {"a": 1, "b": [1, 2]}}, {}, {"list": [{"x": 1}, {"y": 2}]}],  # a list of mappings inside
    ["a", "b"], [[1, 2], {"a": 1}], [{"only": "one"}],
    # flat mappings (written a mapping at a time): other shapes, %, bools after ints, repeats
    [{"a": "x %s %% y", "b": True, "c": False, "d": None, "e": -3, "f": "\x1e{\"}\n"}, {"b": 1, "a": "x %s %% y"},
     {"a": "同"}, {"a": "同", "%s": 0}, {}],
    [{"score": 0.5}, {"score": 1}],  # a float: json's encoder writes it
])
def test_json_lists_of_any_items_read_back_one_per_line(items):
    """A list of mappings is written by one call of json's encoder with a separator it never writes
    itself (reporters._dumps): every shape reads back the same, one item per line."""
    from roledocs.reporters import envelope

    out = envelope("validate", "ok", items=items)
    assert json.loads(out)["items"] == items
    lines = out.splitlines()
    start = lines.index('  "items": [')
    assert [json.loads(line.strip().rstrip(",")) for line in lines[start + 1:start + 1 + len(items)]] == items


@pytest.mark.parametrize("items", [
    [{"a": "x %s %% y", "b": True, "c": False, "d": None, "e": -3, "f": "\x1e{\"}\n\u2028"}, {"b": 1, "a": "x %s"},
     {"%s": "%(a)s", "a%": 0}],
    [{"code": "RD501", "message": "任务「客户」与其他岗位的职责相同", "line": 12, "column": None}] * 3,
])
def test_flat_mappings_are_written_as_jsons_encoder_writes_them(items):
    assert flat(items) == [json.dumps(x, ensure_ascii=False, separators=(", ", ": ")) for x in items]


@pytest.mark.parametrize("items", [[{"a": 1.5}], [{"a": [1]}], [{"a": {"b": 1}}], [{1: "a"}], [{"a": object()}]])
def test_mappings_with_other_values_are_left_to_jsons_encoder(items):
    assert flat(items) is None


def flat(items: list[dict]) -> list[str] | None:
    """The mappings as reporters._encoded_rows writes them (None: left to json's encoder)."""
    from roledocs.reporters import _encoded_rows

    rows = _encoded_rows((tuple(x), tuple(x.values())) for x in items)
    return None if rows is None else list(rows)


def test_problems_are_written_as_their_mappings():
    from roledocs.kb.problems import Problem, problem
    from roledocs.reporters import envelope

    problems = [problem("RD501", "任务「客户 %s」与其他岗位的职责相同", "roles/a.yaml", 3, None, "$.duties[0]", "提示"),
                Problem("RD999", "warning", "不在目录中的代码", "roles/b.yaml"), problem("RD102", "x\"y\x1e", "roles/c.yaml", 1, 2)]
    out = envelope("lint", "fail", problems)
    assert json.loads(out)["problems"] == [p.to_dict() for p in problems]
    assert json.dumps([p.to_dict() for p in problems], ensure_ascii=False, separators=(", ", ": "))[1:-1] in \
        out.replace(",\n    ", ", ")


def test_index(project, cli):
    code, data, _ = run_json(cli, "index", "--root", str(project), "--format", "json")
    assert (code, data["command"]) == (0, "index")
    roles = len([p for p in (project / "roles").rglob("*.yaml") if not p.name.startswith("_")])
    assert data["roles"] == roles and data["units"] > roles
    assert Path(data["path"]) == project / ".roledocs-cache" / "index.sqlite"
    assert data["size"] == Path(data["path"]).stat().st_size
    code, again, _ = run_json(cli, "index", "--root", str(project), "--format", "json")
    assert (again["rebuilt"], again["damaged"]) == (False, False)


def test_search_format_json_and_its_alias(project, cli):
    _, data, _ = run_json(cli, "search", "客户投诉", "--root", str(project), "--format", "json")
    _, alias, _ = run_json(cli, "search", "客户投诉", "--root", str(project), "--json")
    assert data == alias
    assert (data["command"], data["query"], data["hits"][0]["id"]) == ("search", "客户投诉", "customer-service-supervisor")
    code, none, err = run_json(cli, "search", "xyzzy", "--root", str(project), "--json")
    assert (code, none["hits"]) == (1, []) and "没有找到" in err


def test_render(project, tmp_path, cli):
    code, data, _ = run_json(cli, "render", "sales-rep", "-f", "md", "-o", str(tmp_path),
                             "--root", str(project), "--output-format", "json")
    assert (code, data["command"], data["roles"], data["formats"]) == (0, "render", 1, ["md"])
    assert data["files"] == [str(tmp_path / "sales-rep.md")] and (tmp_path / "sales-rep.md").is_file()


def test_lint_list(cli):
    from roledocs.lint.registry import CHECKS

    _, data, _ = run_json(cli, "lint", "--list", "--format", "json")
    assert [c["code"] for c in data["checks"]] == [c.code for c in CHECKS]


def test_build(project, cli):
    code, data, err = run_json(cli, "build", "--root", str(project), "--format", "json")
    assert (code, data["command"], data["downloads"]) == (0, "build", 0)
    assert Path(data["site"]) == project / "site" and (project / "site" / "index.html").is_file()
    assert "知识库有效" in err  # progress goes to stderr


# ── failures: the envelope too, with the problems and the message ─────────────

@pytest.mark.parametrize("args", [["export"], ["lint"], ["index"], ["review"], ["render", "--output-format", "json"]])
def test_an_invalid_knowledge_base_in_json(broken, args, cli):
    args = args + ([] if "--output-format" in args else ["--format", "json"])
    code, data, err = run_json(cli, *args, "--root", str(broken))
    assert code == 1 and [p["code"] for p in data["problems"]] == ["RD304"]
    assert data["problems"][0]["docs"] == "docs/errors.md#rd304"
    assert "知识库有错误" in data["error"] and f"错误：{data['error']}" in err


def test_a_usage_error_in_json(project, cli):
    code, data, err = run_json(cli, "search", "主管", "-d", "no-such", "--root", str(project), "--json")
    assert code == 2 and data["command"] == "search" and "没有部门“no-such”" in data["error"]
    assert "销售部（sales）" in data["error"]  # the departments there are


def test_an_invalid_knowledge_base_in_text_names_what_was_not_done(broken, cli):
    result = cli("export", "--root", broken)
    assert result.returncode == 1
    err = result.stderr
    assert "RD304" in err and "错误：知识库有错误，未导出工作簿。" in err


# ── wiring, not decisions ─────────────────────────────────────────────────────

def test_commands_return_their_exit_code():
    """No ctx.exit(1) / ctx.exit(2) with a number: return the code, or raise a RoledocsError."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "exit" \
                    and getattr(node.func.value, "id", "") == "ctx":
                found.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant) and node.value.value in (1, 2):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_every_error_meant_for_people_is_a_roledocs_error():
    from roledocs.errors import RoledocsError
    from roledocs.fairhiring import RulesError
    from roledocs.importer import ReadError
    from roledocs.search.index import IndexDamaged, IndexNotWritable, IndexUnusable
    from roledocs.site_dir import UnsafeSiteDir

    for cls in (RulesError, ReadError, IndexDamaged, IndexNotWritable, IndexUnusable, UnsafeSiteDir):
        assert issubclass(cls, RoledocsError), cls
    assert UnsafeSiteDir("x").exit_code == 2


def test_choice_lists_come_from_their_owning_modules(cli):
    from roledocs.export.documents import HR_FORMATS
    from roledocs.kb.model import AUDIENCES
    from roledocs.render import FORMATS

    result = cli("render", "--help")

    assert result.returncode == 0
    help_text = " ".join(result.stdout.split())
    assert f"[{'|'.join(FORMATS + HR_FORMATS)}]" in help_text and f"[{'|'.join(AUDIENCES)}]" in help_text
    literal = re.compile(r"click\.Choice\(\s*[\[(]")
    assert [p.name for p in CLI.glob("*.py") if literal.search(p.read_text(encoding="utf-8"))] == []


def test_error_messages_never_send_control_characters_to_the_terminal(project, cli):
    """A message may quote what was typed or read from YAML: an ESC in it is shown, not obeyed."""
    result = cli("render", "a\x1b[2Jb", "-f", "md", "--root", project)
    assert result.returncode == 2
    err = result.stderr
    assert "a␛[2Jb" in err and "\x1b" not in err
