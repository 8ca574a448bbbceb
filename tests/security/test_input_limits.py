"""Documented limits (docs/security.md, 输入限制), checked while a file is read: one clear
problem at the right line, and little memory, whatever the input (issue 11.5, 11.12)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from support.render_project import REPO, copy_roles
from roledocs.kb.validate import validate_knowledge_base

MEMORY_LIMIT_MB = 500
MAX_FILE_BYTES = 10 * 1024 * 1024  # the documented limit (docs/security.md)


def with_role(project, role_id: str, text: str):
    path = next((project / "roles").rglob(f"{role_id}.yaml"))
    path.write_text(text, encoding="utf-8")
    return path


def replaced(key: str, block: str, role_id: str = "sales-rep") -> str:
    """The real role's file with the whole block of one top-level key replaced."""
    text = next((REPO / "roles").rglob(f"{role_id}.yaml")).read_text(encoding="utf-8")
    start = text.index(f"\n{key}:") + 1
    end = re.compile(r"^[a-z_]+:", re.M).search(text, start + 1).start()
    return text[:start] + block + text[end:]


@pytest.fixture
def project(tmp_path):
    return copy_roles(tmp_path)


def duties_line(text: str) -> int:
    return text[: text.index("\nduties:")].count("\n") + 2


def test_100000_duties_are_one_problem_at_the_list(cli, project):
    text = replaced("duties", "duties:\n" + "".join(f"  - title: 职责{i}\n" for i in range(100_000)))
    with_role(project, "sales-rep", text)
    problems = validate_knowledge_base(project).problems
    assert [(p.code, p.file, p.line) for p in problems] == [("RD112", "roles/sales/sales-rep.yaml", duties_line(text))]
    assert "duties" in problems[0].message and "200" in problems[0].message
    result = cli("validate", "--root", str(project), "--format", "json")
    assert result.returncode == 1
    assert [p["code"] for p in json.loads(result.stdout)["problems"]] == ["RD112"]  # no knock-on errors in other files


def test_a_20_mb_summary_is_refused_before_it_is_read(cli, project):
    path = with_role(project, "sales-rep", replaced("summary", "summary: " + "很长的综述" * 1_400_000 + "\n"))
    assert path.stat().st_size > 20_000_000
    [problem] = validate_knowledge_base(project).problems
    assert (problem.code, problem.file, problem.line) == ("RD111", "roles/sales/sales-rep.yaml", None)
    assert "MB" in problem.message
    out = project / "out"
    result = cli("render", "sales-rep", "-f", "pdf", "--root", str(project), "--out", str(out))
    assert result.returncode == 1 and "RD111" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_aliases_cannot_repeat_text_beyond_the_size_of_a_file(project):
    long_text = "很长的任务说明" * 1400  # under the 10,000 characters of one text
    duties = "duties:\n  - title: 职责\n    tasks:\n      - &t " + long_text + "\n" + "".join(
        f"  - title: 职责{i}\n    tasks: [" + ", ".join(["*t"] * 150) + "]\n" for i in range(150))
    path = with_role(project, "sales-rep", replaced("duties", duties))
    assert path.stat().st_size < MAX_FILE_BYTES
    [problem] = validate_knowledge_base(project).problems
    assert problem.code == "RD108" and "*t" in problem.message


def test_the_longest_id_renders(cli, tmp_path):
    """An id of the schema's maximum length still makes a file name (240 characters did not)."""
    from roledocs.kb.schema import load_schema
    from support.synthetic import write_synthetic_knowledge_base

    longest = load_schema("role")["$defs"]["slug"]["maxLength"]
    project = write_synthetic_knowledge_base(tmp_path / "kb", 3, seed=7)
    old = next((project / "roles").rglob("role-00002.yaml"))
    new_id = "a" * longest
    old.with_name(f"{new_id}.yaml").write_text(old.read_text(encoding="utf-8").replace("role-00002", new_id),
                                               encoding="utf-8")
    old.unlink()
    out = tmp_path / "out"
    result = cli("render", new_id, "-f", "docx", "-f", "pdf", "--root", str(project), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{new_id}.docx", f"{new_id}.pdf"]
    with_role(project, new_id, "id: " + "a" * (longest + 1) + "\n")
    assert [p.code for p in validate_knowledge_base(project).problems] == ["RD112"]


# ── memory: every rejected input, in a process of its own ─────────────────────

def _flow_numbers(count: int) -> str:
    return "extra: [" + "1," * count + "1]\n"


HOSTILE_FILES = {
    # name: (content of roles/sales/sales-rep.yaml, the code expected)
    "20 MB summary": (lambda: replaced("summary", "summary: " + "长" * 7_000_000 + "\n"), "RD111"),
    "a text just under the file size": (lambda: replaced("summary", "summary: " + "长" * 3_400_000 + "\n"), "RD112"),
    "100,000 duties": (lambda: replaced("duties", "duties:\n" + "  - title: 职责\n" * 100_000), "RD112"),
    "millions of values": (lambda: "id: sales-rep\n" + _flow_numbers(MAX_FILE_BYTES // 2 - 100), "RD111"),
    "millions of lines": (lambda: "id: sales-rep\nextra:\n" + "- 1\n" * (MAX_FILE_BYTES // 4 - 100), "RD111"),
    "control characters on every line": (lambda: "id: sales-rep\n" + "\x1b\n" * (MAX_FILE_BYTES // 2 - 100), "RD113"),
    "alias bomb": (lambda: "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9)), "RD108"),
    "deep nesting": (lambda: "extra: " + "[" * 100_000 + "]" * 100_000 + "\n", "RD108"),
}


@pytest.fixture(scope="module")
def small_project(tmp_path_factory):
    return copy_roles(tmp_path_factory.mktemp("hostile-files"))


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_a_rejected_file_costs_little_memory(small_project, name):
    content, code = HOSTILE_FILES[name]
    path = next((small_project / "roles").rglob("sales-rep.yaml"))
    original = path.read_bytes()
    try:
        path.write_text(content(), encoding="utf-8")
        # A parent of its own, so that the peak belongs to this `roledocs validate` alone.
        measure = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
                   "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024);"
                   "print(r.stdout[-3000:])")
        result = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "roledocs.cli", "validate",
                                 "--root", str(small_project)], capture_output=True, text=True, timeout=300)
        first, _, output = result.stdout.partition("\n")
        returncode, peak_mb = map(int, first.split())
        assert returncode == 1, output
        assert f"sales-rep.yaml" in output and code in output, output
        assert "Traceback" not in output + result.stderr
        assert peak_mb < MEMORY_LIMIT_MB, f"{name}: {peak_mb} MB"
    finally:
        path.write_bytes(original)
