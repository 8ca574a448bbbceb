"""Issue 14 point 18: ids are English-ish words, not pinyin soup; an existing role's id is
reused when the title or an alias matches; KPI names close to library entries are offered
as matches in the report and the review notes; duty titles are short (verb + object)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from roledocs.importer import import_files
from roledocs.importer.slugs import slugify

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "import"


@pytest.mark.parametrize("title, slug", [
    ("仓储主管", "warehouse-supervisor"), ("通话质检合格率", "call-quality-check-pass-rate"),
    ("区域销售主管", "regional-sales-supervisor"), ("投诉处理及时率", "complaint-handling-timeliness"),
    ("培训专员", "training-specialist"), ("销售部副主管", "sales-deputy-supervisor"),
])
def test_ids_come_from_hr_words(title, slug):
    assert slugify(title) == slug


def test_an_unknown_word_falls_back_to_pinyin_and_stays_a_valid_id():
    assert slugify("茶艺主管") == "chayi-supervisor"
    assert slugify("ABC") == "abc" and slugify("１２３") == "role-123"


@pytest.fixture(scope="module")
def import_json(cli):
    """`import_json(tmp_path, text)`: `roledocs import --format json` of `text` as a file; its report."""
    def run(tmp_path, text: str, name="jd.txt") -> dict:
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        result = cli("import", source, "--out", tmp_path / "drafts", "--root", REPO, "--format", "json")
        assert result.returncode in (0, 1)
        return json.loads(result.stdout)
    return run


def test_an_existing_role_keeps_its_id_by_title_or_alias(import_json, tmp_path):
    """销售部总监 is an alias of sales-director in roles/: the draft is sales-director, not a new pinyin id."""
    aliases = yaml.safe_load((REPO / "roles/sales/sales-director.yaml").read_text(encoding="utf-8"))["aliases"]
    report = import_json(tmp_path, f"岗位名称：{aliases[0]}\n岗位职责\n1、制定销售计划。\n")
    draft = report["files"][0]["drafts"][0]
    assert draft["id"] == "sales-director"
    assert "RD413" in [p["code"] for p in draft["problems"]]


def test_close_library_kpis_are_offered_in_the_report_and_the_notes(import_json, tmp_path):
    report = import_json(tmp_path, "岗位名称：客服专员\n岗位职责\n1、受理客户投诉。\n"
                                   "考核指标\n投诉处理及时率（权重100%）：≥95%为合格\n")
    draft = report["files"][0]["drafts"][0]
    offer = next(p for p in draft["problems"] if p["code"] == "RD409")
    assert "complaint-resolution-timeliness（客户投诉解决及时率）" in offer["message"] and offer["line"] == 5
    assert any("投诉处理及时率" in n and "complaint-resolution-timeliness" in n for n in draft["review_notes"])
    data = yaml.safe_load(Path(draft["path"]).read_text(encoding="utf-8"))
    assert data["kpis"][0]["kpi"] == "complaint-handling-timeliness" and "note" not in data["kpis"][0]


def test_a_kpi_with_nothing_close_is_offered_nothing(import_json, tmp_path):
    report = import_json(tmp_path, "岗位名称：质检专员\n岗位职责\n1、抽检来料。\n"
                                   "考核指标\n漏检率（权重100%）：≤1%为合格\n")
    offer = next(p for p in report["problems"] if p["code"] == "RD409")
    assert "相近的指标" not in offer["message"]


def test_duty_titles_are_verb_and_object(tmp_path):
    report = import_files([FIXTURES / "warehouse_kpi_targets.txt"], tmp_path, root=REPO)
    duties = yaml.safe_load(Path(report.drafts()[0].path).read_text(encoding="utf-8"))["duties"]
    titles = [d["title"] for d in duties]
    assert titles == ["仓库收货、验收和入库登记", "执行客服排班表", "统计分析库存数据"]
    # the sentence a title was made from stays in the draft
    assert duties[1]["description"] == "负责客服排班表的执行。"
    assert "对库存数据进行统计分析" in duties[2]["description"]


def test_no_imported_duty_title_is_a_sentence_fragment(tmp_path):
    sources = sorted(p for p in FIXTURES.glob("*") if p.suffix in (".txt", ".md", ".html", ".xlsx", ".pdf")
                     and p.name not in ("scanned.pdf", "encrypted.pdf", "corrupt.xlsx")) + sorted(
        (REPO / "tests/fixtures/seeds").glob("*.txt"))
    report = import_files(sources, tmp_path, root=REPO)
    titles = [d["title"] for draft in report.drafts()
              for d in yaml.safe_load(Path(draft.path).read_text(encoding="utf-8"))["duties"]]
    assert len(titles) > 200
    assert [t for t in titles if t.startswith(("负责", "主要负责")) or t.endswith(("的", "…"))] == []
    assert max(map(len, titles)) <= 24  # a heading is kept as written up to 24 characters; longer text is cut
