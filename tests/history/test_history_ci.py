"""The CI examples in docs/ci.md and the hooks in .pre-commit-hooks.yaml are real: their YAML
parses, and every `roledocs` command in them runs on a real git repository (a merge request
that changed a role and bumped it passes; one that forgot the bump fails)."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support.gitkb import GitKB

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REP = "roles/sales/sales-rep.yaml"


def ci_examples() -> dict[str, dict]:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return {name: yaml.safe_load(block) for name, block in zip(("gitlab", "github", "pre-commit"), blocks)}


def commands(example: dict, key: str) -> list[str]:
    """Every shell line of the jobs / steps that calls roledocs."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == key:
                    for line in v if isinstance(v, list) else [v]:
                        found.extend(x.strip() for x in str(line).splitlines() if x.strip().startswith("roledocs "))
                else:
                    walk(v)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(example)
    return found


@pytest.fixture
def merge_request(cli, tmp_path) -> tuple[GitKB, str]:
    """main plus a branch that changed sales-rep and bumped it; checked out on the branch."""
    kb = GitKB.create(tmp_path / "project")
    base = kb.head()
    kb.git("checkout", "-q", "-b", "feature")
    kb.edit(REP, "headcount: 20", "headcount: 25")
    assert cli("bump", "sales-rep", "--change", "增加编制", "--root", kb.path).returncode == 0
    kb.commit("销售代表增加编制", date="2026-02-01")
    return kb, base


def run_line(line: str, kb: GitKB, base: str) -> subprocess.CompletedProcess:
    line = (line.replace('"$CI_MERGE_REQUEST_DIFF_BASE_SHA"', base)
            .replace('"${{ github.event.pull_request.base.sha }}"', base))
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    return subprocess.run(["bash", "-c", line], cwd=kb.path, capture_output=True, text=True, env=env, timeout=120)


def test_ci_examples_parse_and_keep_full_history():
    examples = ci_examples()
    gitlab, github = examples["gitlab"], examples["github"]
    assert gitlab["variables"]["GIT_DEPTH"] == 0
    assert {"validate", "version-rule", "change-report", "site", "weekly-review"} <= set(gitlab)
    checkout = github["jobs"]["check"]["steps"][0]
    assert checkout["uses"].startswith("actions/checkout") and checkout["with"]["fetch-depth"] == 0
    assert set(github["jobs"]) == {"check", "site", "review"}
    assert examples["pre-commit"]["repos"][0]["hooks"][0]["id"] == "roledocs-validate"


@pytest.mark.parametrize("ci, key", [("gitlab", "script"), ("github", "run")])
def test_every_roledocs_command_of_the_ci_examples_runs(ci, key, merge_request):
    kb, base = merge_request
    lines = commands(ci_examples()[ci], key)
    assert any("validate --since" in x for x in lines) and any("--format markdown" in x for x in lines)
    assert any(x.startswith("roledocs review") for x in lines) and any(x == "roledocs build" for x in lines)
    for line in lines:
        if line == "roledocs build":
            continue  # the site build needs mkdocs.yml: tests/test_site_build.py builds the real site
        result = run_line(line, kb, base)
        if line.startswith("roledocs review"):
            assert result.returncode in (0, 1) and result.stdout.startswith("复审检查"), result.stderr
            continue
        assert result.returncode == 0, (line, result.stdout, result.stderr)
    report = (kb.path / "roledocs-diff.md").read_text(encoding="utf-8")
    assert report.startswith("## 岗位说明书变更：") and "| 岗位定员 | 修改 | 20 人 | 25 人 |" in report

    # the same merge request without the bump fails the version rule
    kb.git("reset", "-q", "--hard", base)
    kb.edit(REP, "headcount: 20", "headcount: 25")
    kb.commit("忘了提高版本", date="2026-02-02")
    gate = next(x for x in lines if "validate --since" in x)
    result = run_line(gate, kb, base)
    assert result.returncode == 1 and "RD601" in result.stdout


def test_pre_commit_hooks_run_the_commands_they_name(tmp_path, cli):
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"roledocs-validate", "roledocs-version-rule"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert re.search(hook["files"], "roles/sales/sales-rep.yaml") and not re.search(hook["files"], "README.md")
    kb = GitKB.create(tmp_path / "project")

    def hook(name: str) -> int:
        args = shlex.split(hooks[name]["entry"])
        assert args[0] == "roledocs"
        return cli(*args[1:], "--root", kb.path).returncode

    assert hook("roledocs-validate") == 0 and hook("roledocs-version-rule") == 0
    kb.edit(REP, "headcount: 20", "headcount: 25")  # staged content without a bump
    assert hook("roledocs-validate") == 0 and hook("roledocs-version-rule") == 1
