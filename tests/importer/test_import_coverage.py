"""Issue 14 point 2: every character of the source ends up in the draft or in the report's
unused list. Checked on every fixture and seed through the command's JSON report, with a
check of its own (not the importer's coverage module): each Chinese character of a source
line must stand in the drafts, the report's unused / outside / removed text or the field
labels beside at least one of its neighbours, and each number as a whole number."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from roledocs.importer.clean import normalize
from roledocs.importer.labels import LABELS
from roledocs.importer.readers import SUPPORTED_SUFFIXES, read_document
from roledocs.importer.reference import load_reference
from roledocs.search.text import to_simplified

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "import"
UNREADABLE = ("scanned.pdf", "encrypted.pdf", "corrupt.xlsx")  # refused whole: tests/test_import_xlsx_pdf.py
SOURCES = sorted(p for p in FIXTURES.glob("*") if p.suffix in SUPPORTED_SUFFIXES and p.name not in UNREADABLE) + sorted(
    (REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))
# words the parser turns into keys (its syntax), beside the field labels
SYNTAX = ("权重 合格 优秀 优异 达标 以上 以下 不低于 不高于 不超过 达到 考核周期 周期 频率 序号 编号 指标 目标值 目标 "
          "标准 内容 项目 说明 名称 工作 职责 岗位 说明书 页 篇 清单 详细 详解 概述 概览 范文 范例 年 月 日 人 分 "
          "交付物 协调沟通 日常任务 时间占比 核心职责")
FILLERS = set("的及和与或等、之其并了着为")
# enumeration markers anywhere in a line (run-on text keeps them inside: 「…；(12)深入了解…」), ordinals
MARKERS = re.compile(r"[（(]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]|(?<![\d.])\d{1,2}\s*[、.．)）](?!\d)"
                     r"|(?:职责|第|案例)[一二三四五六七八九十\d]{1,3}(?:[章节条篇部分项])?|^[\s#]+|[①-⑳♦◆●•·▪■*]")


def _canon(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"(\d{4})\s*[年\-./／]\s*(\d{1,2})\s*[月\-./／]\s*(\d{1,2})\s*日?",
                  lambda m: f"{int(m[1]):04d}{int(m[2]):02d}{int(m[3]):02d}", text)


def _values(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def lost_characters(source: Path, report: dict, drafts: list[dict]) -> list[str]:
    """Source text (per line) whose characters are in neither the drafts nor the report's lists."""
    ref = load_reference(REPO)
    accounted = [v for data in drafts for v in _values(data)]
    accounted += [n for data in drafts for n in ref.names_of(data)]
    for f in report["files"]:
        accounted += [x["text"] for x in f["removed"] + f["outside_roles"]]
        accounted += [x["text"] for d in f["drafts"] for x in d["unused"]]
    accounted += [label.text for label in LABELS] + SYNTAX.split()
    corpus = "\x00".join(re.sub(r"[\W_]+", "", _canon(t)) for t in accounted)
    singles = {t for t in accounted if len(t) == 1}  # a lone character the report lists as unused
    numbers = set(re.findall(r"\d+(?:\.\d+)?", "\x00".join(_canon(t) for t in accounted)))
    converted = any(f["converted_from_traditional"] for f in report["files"])
    lost = []
    for line in read_document(source):
        text = normalize(to_simplified(line.text) if converted else line.text)
        text = MARKERS.sub(" ", _canon(text))
        for number in re.findall(r"\d+(?:\.\d+)?", text):
            if number not in numbers:
                lost.append(f"{line.number}: {number} in {line.text}")
        for run in re.findall(r"[\u4e00-\u9fff]+", text):
            for i, char in enumerate(run):
                pairs = [run[j:j + 2] for j in (i - 1, i) if 0 <= j and j + 2 <= len(run)]
                if char in FILLERS or char in singles or any(p in corpus for p in pairs) or (
                        len(run) == 1 and char in corpus):
                    continue
                lost.append(f"{line.number}: {char} in {line.text}")
    return lost


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_no_source_character_is_lost(source, tmp_path, cli):
    result = cli("import", source, "--out", tmp_path, "--root", REPO, "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode in (0, 1) and report["command"] == "import"
    drafts = [yaml.safe_load(Path(d["path"]).read_text(encoding="utf-8")) for f in report["files"] for d in f["drafts"]]
    assert lost_characters(source, report, drafts) == []


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    out = tmp_path_factory.mktemp("warehouse")
    from roledocs.importer import import_files

    report = import_files([FIXTURES / "warehouse_kpi_targets.txt"], out, root=REPO)
    draft = report.drafts()[0]
    return draft, yaml.safe_load(Path(draft.path).read_text(encoding="utf-8"))


def test_kpi_targets_beside_the_weight_are_kept(warehouse):
    """「库存准确率\\t40%\\t99.5%\\t月度」: weight 40, target 99.5 %, period 月度 — nothing dropped."""
    _, data = warehouse
    rows = [(k.get("weight"), k.get("target"), k.get("period")) for k in data["kpis"]]
    assert rows == [(40, "99.5%", "月度"), (35, "98%", "月度"), (25, "100%", "季度")]


def test_the_sign_off_line_goes_to_document(warehouse):
    _, data = warehouse
    assert data["document"] == {"number": "HR-JD-031", "version": "1.2", "effective_date": "2025-06-01",
                                "prepared_by": "人力资源部", "reviewed_by": "营运经理", "approved_by": "总经理"}


def test_a_lost_part_of_a_used_line_is_reported(tmp_path, cli):
    """A line the parser used but could not place whole: the part left over is listed, with its line."""
    source = tmp_path / "jd.txt"
    source.write_text("岗位名称：客服专员\n所属部门：客服部\n岗位编号：CS-007\n岗位职责\n1、接听客户来电，解答咨询。\n",
                      encoding="utf-8")
    result = cli("import", source, "--out", str(tmp_path / "o"), "--root", REPO, "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    unused = report["files"][0]["drafts"][0]["unused"]
    assert {"line": 3, "text": "cs", "part": True} in unused and {"line": 3, "text": "007", "part": True} in unused
    assert any(p["code"] == "RD415" and p["line"] == 3 for p in report["problems"])
