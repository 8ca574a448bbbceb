"""Import the real seed documents (tests/fixtures/seeds): the roles each one describes
are found, every draft passes the role schema, and the knowledge base still validates
with the drafts in roles/_drafts/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from roledocs.importer import import_files
from roledocs.kb.load import Document
from roledocs.kb.schema import check_document
from roledocs.kb.validate import validate_knowledge_base

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "fixtures" / "seeds"

EXPECTED_TITLES = {
    "000_44106b2cc888f5c0.txt": ["销售总监", "销售总监助理", "销售经理", "高级销售经理"],
    "002_90ab30f8ed9b3476.txt": ["销售经理", "销售代表", "区域销售主管"],  # Traditional Chinese
    "004_5e2def9975a359dd.txt": ["销售副总", "销售经理", "客服主管", "销售内勤", "业务员"],  # one flattened table
}
# 001 is a page of many scraped documents; these are the roles of the sales organisation in it
EXPECTED_IN_001 = {"销售总监", "销售经理", "销售主管", "门店组长", "营销协理", "售前客服组长", "渠道拓展主管",
                   "销售部副主管", "销售组长", "售前组长", "销售组组长"}


@pytest.fixture(scope="module")
def seeds_imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("drafts")
    report = import_files(sorted(SEEDS.glob("*.txt")), out, root=REPO)
    return report, out


def _titles(report, name):
    file_report = next(f for f in report.files if Path(f.source).name == name)
    return [d.title for d in file_report.drafts]


@pytest.mark.parametrize("name", sorted(EXPECTED_TITLES))
def test_roles_found_in_seed(seeds_imported, name):
    report, _ = seeds_imported
    assert _titles(report, name) == EXPECTED_TITLES[name]


def test_roles_found_in_the_page_of_many_documents(seeds_imported):
    report, _ = seeds_imported
    titles = _titles(report, "001_e9973ac9ea8e2d5f.txt")
    assert EXPECTED_IN_001 <= set(titles), EXPECTED_IN_001 - set(titles)
    assert len(titles) == len(set(titles))  # a role described twice in one document is one draft
    # an article title with no content under it (「销售部组长岗位职责」 heads a 销售部副主管 text) makes no draft
    assert "销售部组长" not in titles
    f001 = next(f for f in report.files if Path(f.source).name.startswith("001"))
    assert any("销售部组长" in w and "没有生成草稿" in w for w in f001.warnings)


def test_a_document_without_a_role_name_still_gives_a_draft(seeds_imported):
    report, _ = seeds_imported
    draft = next(f for f in report.files if Path(f.source).name.startswith("003")).drafts[0]
    assert draft.id.startswith("untitled-") and "title" in draft.placeholders
    data = yaml.safe_load(Path(draft.path).read_text(encoding="utf-8"))
    titles = [d["title"] for d in data["duties"]]
    assert titles[:2] == ["制定销售策略与计划", "管理销售团队"]
    assert len(titles) == len(set(titles)) == 6  # the summary list and the detailed list are merged
    first = data["duties"][0]
    assert first["deliverables"] == ["销售计划书", "市场分析报告"]
    assert first["coordination"] and first["tasks"]
    kpis = {k["kpi"]: k for k in data["kpis"]}
    assert kpis["sales-target-achievement"]["pass"] == 90 and kpis["sales-target-achievement"]["excellent"] == 105
    assert kpis["cost-control-deviation"]["pass"] == 5 and kpis["cost-control-deviation"]["excellent"] == 2
    assert [c["title"] for c in data["cases"]] == ["制定年度销售计划", "提升客户满意度"]


def test_every_draft_is_valid_against_the_schema(seeds_imported):
    report, out = seeds_imported
    paths = sorted(out.glob("*.yaml"))
    assert len(paths) == len(report.drafts()) >= 25
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["status"] == "draft"
        assert data["id"] == path.stem
        assert data["sources"] and data["sources"][0] in {p.name for p in SEEDS.glob("*.txt")}
        problems = check_document(Document(path, path.name, "role", data))
        assert problems == [], (path.name, [p.message for p in problems])


def test_drafts_folder_does_not_break_validation(seeds_imported, tmp_path):
    _, out = seeds_imported
    shutil.copytree(REPO / "roles", tmp_path / "roles", ignore=shutil.ignore_patterns("_drafts"))
    shutil.copytree(out, tmp_path / "roles" / "_drafts")
    report = validate_knowledge_base(tmp_path)
    assert report.ok, [p.message for p in report.errors]
    assert not any("_drafts" in d.name for d in report.documents)


def test_reporting_lines_resolve_to_existing_roles(seeds_imported):
    report, _ = seeds_imported
    drafts = {(Path(f.source).name[:3], d.title): d for f in report.files for d in f.drafts}
    data = {key: yaml.safe_load(Path(d.path).read_text(encoding="utf-8")) for key, d in drafts.items()}
    assert data[("001", "门店组长")]["reports_to"] == "store-manager"  # 直属上级：店长 (a position)
    assert data[("001", "销售总监")]["reports_to"] == "general-manager"  # 直接上司:总经理
    assert data[("001", "销售经理")]["reports_to"] == "sales-director"
    assert data[("001", "渠道拓展主管")]["reports_to"] == "sales-supervisor"  # alias 销售部主管
    # 「综合管理室组长/办事处主任」 is no role: kept as text, with a warning
    coordinator = drafts[("001", "营销协理")]
    assert data[("001", "营销协理")]["reports_to"] == "todo"
    assert any("综合管理室组长" in w for w in coordinator.warnings)
    assert any("综合管理室组长" in r for r in data[("001", "营销协理")]["relationships"]["internal"])
    text = Path(coordinator.path).read_text(encoding="utf-8")
    assert "# 原文直接上级：综合管理室组长/办事处主任" in text


def test_flattened_table_gives_duties_and_kpis_per_role(seeds_imported):
    report, _ = seeds_imported
    f004 = next(f for f in report.files if Path(f.source).name.startswith("004"))
    vp = yaml.safe_load(Path(f004.drafts[0].path).read_text(encoding="utf-8"))
    assert len(vp["duties"]) == 8
    assert len(vp["kpis"]) == 5
    clerk = yaml.safe_load(Path(f004.drafts[3].path).read_text(encoding="utf-8"))
    assert len(clerk["duties"]) == 8 and len(clerk["kpis"]) == 4


def test_traditional_seed_is_converted(seeds_imported):
    report, _ = seeds_imported
    f002 = next(f for f in report.files if Path(f.source).name.startswith("002"))
    assert f002.converted
    text = Path(f002.drafts[0].path).read_text(encoding="utf-8")
    assert "销售团队管理" in text and "銷售" not in text and "團隊" not in text
    rep = yaml.safe_load(Path(f002.drafts[1].path).read_text(encoding="utf-8"))
    assert [d["title"] for d in rep["duties"]] == ["客户开发与维护", "销售业务执行", "市场信息收集"]


def test_noise_never_reaches_a_draft(seeds_imported):
    _, out = seeds_imported
    for path in out.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for noise in ("Fra bibliotek", "பைடு", "版权", "下载", "VIP", "_第1页", "客服电话", "本站"):
            assert noise not in text, (path.name, noise)


def test_superior_named_only_in_the_text_is_suggested_not_filled(seeds_imported):
    report, _ = seeds_imported
    f002 = next(f for f in report.files if Path(f.source).name.startswith("002"))
    regional = next(d for d in f002.drafts if d.title == "区域销售主管")
    text = Path(regional.path).read_text(encoding="utf-8")
    assert "reports_to: todo" in text  # 002 has no 直接上级 field: nothing is invented …
    assert "sales-manager（原文「向销售经理汇报」）" in text  # … but HR sees where to look
    assert any("向销售经理汇报" in w for w in regional.warnings)


def _draft_data(report, name, title):
    file_report = next(f for f in report.files if Path(f.source).name == name)
    draft = next(d for d in file_report.drafts if d.title == title)
    return draft, yaml.safe_load(Path(draft.path).read_text(encoding="utf-8"))


def test_another_documents_table_above_the_role_is_not_its_duties(seeds_imported):
    """001 opens with the page title 「销售组组长岗位职责说明书」, then a garbled table of another
    document (「销售部岗位职责说明书模板第1篇:…」); the role itself is further down, as a flattened
    序号/工作项目/具体职责 table. The garbage is reported as outside every role, the table gives
    one duty per row with the row's numbered items as its tasks."""
    report, _ = seeds_imported
    draft, data = _draft_data(report, "001_e9973ac9ea8e2d5f.txt", "销售组组长")
    assert [d["title"] for d in data["duties"]] == ["工作主责", "市场工作", "销售管理", "其他"]
    assert data["duties"][3]["tasks"] == ["定期提交销售计划。", "定期召开小组会议及销售专题会。", "完成上级领导交办的其他工作。"]
    assert len(data["duties"][2]["tasks"]) == 5
    assert not any("模板" in d["title"] or "纸箱" in str(d) for d in data["duties"])
    f001 = next(f for f in report.files if Path(f.source).name.startswith("001"))
    assert any("纸箱会议" in line.text for line in f001.outside)
    assert not any("定期提交销售计划" in line.text for line in draft.unused)


def test_glued_qualification_labels_land_in_their_sub_fields(seeds_imported):
    """「教育程度大专及以上工作经验」 / 「2年销售、1年销售管理」 / 「工作技能1)有…」 (table cells run together)."""
    report, _ = seeds_imported
    _, data = _draft_data(report, "001_e9973ac9ea8e2d5f.txt", "销售组组长")
    quals = data["qualifications"]
    assert quals["education"] == "大专及以上"
    assert quals["experience"] == "2年销售、1年销售管理"
    assert quals["skills"][0] == "有一定的市场及营销意识"
    assert quals["traits"][0] == "顾全大局、注意细节、责任心强"
    assert quals["competencies"][:2] == ["计划能力", "组织能力"]
    assert data["authorities"] == ["上级赋予的市场及营销活动的建议权、销售组的管理权及在授权范围内的人事权。"]
    assert data["relationships"]["external"] == ["异业联盟商家及客户维护"]


def test_review_items_are_data_in_review_notes(seeds_imported):
    """What HR must check is in `review_notes` (待核对事项), not only in YAML comments."""
    report, _ = seeds_imported
    draft, data = _draft_data(report, "001_e9973ac9ea8e2d5f.txt", "销售组组长")
    assert "岗位定员（headcount）：原文：2+2" in data["review_notes"]
    text = Path(draft.path).read_text(encoding="utf-8")
    assert "# 原文：2+2" in text  # the comment above the key stays for the editor
    _, coordinator = _draft_data(report, "001_e9973ac9ea8e2d5f.txt", "营销协理")
    assert any("综合管理室组长/办事处主任" in n for n in coordinator["review_notes"])  # unresolved 直接上级
    for file_report in report.files:
        for d in file_report.drafts:
            notes = yaml.safe_load(Path(d.path).read_text(encoding="utf-8")).get("review_notes", [])
            assert len(notes) == len(set(notes))
            for kpi_warning in (w for w in d.warnings if "不在指标库中" in w):
                name = kpi_warning.split("「")[1].split("」")[0]
                assert any(f"「{name}」不在指标库中" in n for n in notes)
