"""`roledocs search` text output as a person reads it (issue 14.17): wrapped to the terminal,
KPI parts readable, a shared KPI shown once, relevance in words, and a useful answer when
nothing is found. The real CLI in a subprocess; COLUMNS sets the terminal width."""
from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

import pytest

from roledocs.cjk import display_width
from roledocs.kb import open_knowledge_base
from roledocs.search.present import NO_LINE_START, PART_INDENT
from roledocs.vocabulary import project_vocabulary
from support.search_project import REPO, copy_roles

QUERIES = ["客户满意度", "客户投诉", "谁负责催收货款", "xszj", "销售-总监 C++ 发票"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_roles(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def kb():
    return open_knowledge_base(REPO)


def text_search(cli, project, query, width, *args):
    result = cli("search", query, *args, "--root", str(project), env={"COLUMNS": str(width)})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def json_search(cli, project, query, *args):
    result = cli("search", query, "--json", *args, "--root", str(project))
    return json.loads(result.stdout)


def _flat(text: str) -> str:
    """Output with the layout taken out: indents, bullets and line breaks."""
    return re.sub(r"\s*\n\s*(· )?", "", text)


def _shared_kpi(kb):
    """The KPI library entry used by the most roles (the issue's 客户满意度 under five results)."""
    return max(kb.kpis.values(), key=lambda k: len(k.users))


# ── wrapped to the terminal ──

@pytest.mark.parametrize("width", [60, 100])
@pytest.mark.parametrize("query", QUERIES)
def test_no_line_is_wider_than_the_terminal(cli, project, query, width):
    result = text_search(cli, project, query, width)
    assert result.returncode == 0, result.stderr
    widths = [display_width(line) for line in result.stdout.splitlines()]
    assert max(widths) <= width, [line for line in result.stdout.splitlines() if display_width(line) > width]


def test_snippets_use_the_width_they_are_given(cli, project):
    narrow = text_search(cli, project, "客户投诉", 60).stdout.splitlines()
    wide = text_search(cli, project, "客户投诉", 100).stdout.splitlines()
    assert len(narrow) > len(wide)
    assert max(map(display_width, wide)) > 60  # the wide terminal is used, not a fixed width


@pytest.mark.parametrize("width", [60, 100])
def test_wrapping_loses_nothing_and_stays_under_the_label(cli, project, width):
    data = json_search(cli, project, "客户投诉", "-n", "3")
    out = text_search(cli, project, "客户投诉", width, "-n", "3").stdout
    flat = _flat(out)
    for hit in data["hits"]:
        for match in hit["matches"]:
            for part in match["parts"]:
                assert part["text"] in flat, part["text"]
    lines = out.splitlines()
    for before, line in zip(lines, lines[1:]):
        if before.endswith("：") and not before[0].isdigit():  # a label: its parts are indented under it
            assert line.startswith(PART_INDENT), (before, line)
    # Chinese rules for breaking a line: no continuation line starts with closing punctuation
    continued = [line.strip() for before, line in zip(lines, lines[1:])
                 if before.startswith(PART_INDENT) and line.startswith(PART_INDENT) and not line.strip().startswith("· ")]
    assert continued and not [line for line in continued if line[0] in NO_LINE_START - {"…"}]


# ── KPI parts ──

def test_kpi_definition_and_formula_are_separate_parts(cli, project, kb):
    kpi = _shared_kpi(kb)
    assert kpi.definition and kpi.formula
    out = text_search(cli, project, kpi.name, 1000, "-n", "5").stdout
    assert "。；" not in out
    lines = [line.strip().removeprefix("· ") for line in out.splitlines()]
    assert kpi.definition in lines and kpi.formula in lines


@pytest.mark.parametrize("query", QUERIES)
def test_no_glued_parts(cli, project, query):
    assert "。；" not in text_search(cli, project, query, 100).stdout


# ── a shared KPI once ──

def test_a_shared_kpi_is_shown_in_full_once(cli, project, kb):
    kpi = _shared_kpi(kb)
    data = json_search(cli, project, kpi.name, "-n", "5")
    holders = [hit for hit in data["hits"] if any(m["label"] == kpi.name and
                                                 any(p["text"] == kpi.definition for p in m["parts"])
                                                 for m in hit["matches"])]
    assert len(holders) >= 2  # the case of the issue: several results share the KPI
    out = text_search(cli, project, kpi.name, 1000, "-n", "5").stdout
    assert out.count(kpi.definition) == 1
    first = [h["id"] for h in data["hits"]].index(holders[0]["id"]) + 1
    blocks = re.split(r"^\d+\. ", out, flags=re.M)[1:]  # one per hit
    for hit in holders[1:]:
        rank = [h["id"] for h in data["hits"]].index(hit["id"])
        # the KPI's block in this hit: its label line up to the next label
        kpi_block = re.search(rf"^   {re.escape(kpi.name)}：.*?(?=^   \S|\Z)", blocks[rank], flags=re.M | re.S)[0]
        assert f"同第 {first} 条" in kpi_block, kpi_block


def test_a_duty_description_repeated_as_its_task_is_shown_once(cli, project):
    data = json_search(cli, project, "客户投诉")
    for hit in data["hits"]:
        for match in hit["matches"]:
            texts = [p["text"] for p in match["parts"]]
            assert len(texts) == len(set(texts)) and match["label"] not in texts


# ── the score ──

def test_relevance_is_said_in_words(cli, project):
    out = text_search(cli, project, "客户投诉", 100).stdout
    headings = [line for line in out.splitlines() if re.match(r"\d+\. ", line)]
    assert len(headings) >= 3
    assert not [h for h in headings if re.search(r"\d+\.\d+", h)]  # no bare float
    levels = [re.search("相关度([高中低])", h)[1] for h in headings]
    assert levels[0] == "高"
    order = "高中低"
    assert levels == sorted(levels, key=order.index)  # ranked best first


# ── nothing found ──

@pytest.mark.parametrize("query", ["薪酬", "工资", "工资多少钱"])  # a label, a synonym, a question
def test_confidential_field_is_named_without_revealing_it(cli, project, query):
    internal = open_knowledge_base(REPO, audience="internal")
    secrets = [line for role in internal.roles.values() if role.compensation is not None
               for _, lines in role.compensation.entries() for line in lines]
    assert secrets
    label = project_vocabulary(REPO).label("role", "compensation")
    result = text_search(cli, project, query, 60)
    assert result.returncode == 1
    assert "没有找到" in result.stdout and label in result.stdout and "保密" in result.stdout
    assert not [s for s in secrets if s in result.stdout]
    assert max(map(display_width, result.stdout.splitlines())) <= 60
    data = json_search(cli, project, query)
    assert data["confidential"] == [label] and data["hits"] == []


@pytest.mark.parametrize("query", ["仓库", "审计"])
def test_no_hit_suggests_near_terms_that_find_something(cli, project, query):
    result = text_search(cli, project, query, 100)
    assert result.returncode == 1 and "没有找到" in result.stdout
    assert "保密" not in result.stdout
    data = json_search(cli, project, query)
    assert data["near_terms"] and data["confidential"] == []
    assert "、".join(data["near_terms"]) in result.stdout
    for term in data["near_terms"]:
        assert cli("search", term, "--json", "--root", str(project)).returncode == 0, term


def test_nonsense_gets_no_false_hint(cli, project):
    result = text_search(cli, project, "xyzzy", 80)
    assert result.returncode == 1
    assert "保密" not in result.stdout and "可以试试" not in result.stdout


# ── at a real terminal ──

def _at_a_terminal(project, query, width, **env):
    """Run the CLI with its stdout on a pseudo-terminal (colour is for terminals only)."""
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "roledocs.cli", "search", query, "--root", str(project)],
                            stdout=child, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": str(width), **env})
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_matched_words_are_highlighted_at_a_terminal_and_lines_still_fit(project):
    out = _at_a_terminal(project, "客户投诉", 60, NO_COLOR="")
    assert "\x1b[" in out
    plain = ANSI.sub("", out)
    assert max(map(display_width, plain.splitlines())) <= 60


def test_no_color_is_respected(project):
    out = _at_a_terminal(project, "客户投诉", 60, NO_COLOR="1")
    assert "\x1b[" not in out and "客户投诉" in out
