"""Reading and cleaning: encodings, HTML, web-page noise, Traditional Chinese, KPI lines."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from roledocs.importer import extract_roles, import_files
from roledocs.importer.clean import clean_lines
from roledocs.importer.kpi import parse_kpi_line
from roledocs.importer.labels import heading_label, marker_kind
from roledocs.importer.readers import Line, ReadError, read_document

REPO = Path(__file__).resolve().parents[2]

JD = """岗位名称：销售经理
直接上级：销售总监
岗位职责：
1、制定区域销售计划并组织实施；
2、管理销售团队，负责绩效考核。
任职资格：
学历：本科及以上
"""


def test_gbk_text_is_read(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(JD.encode("gbk"))
    assert read_document(path)[0].text == "岗位名称：销售经理"
    assert [r.title for r in extract_roles(path).roles] == ["销售经理"]


def test_undecodable_bytes_are_a_clear_error(tmp_path):
    path = tmp_path / "bin.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 3)
    with pytest.raises(ReadError, match="UTF-8"):
        read_document(path)


def test_html_drops_script_style_and_nav(tmp_path):
    path = tmp_path / "jd.html"
    path.write_text(
        "<html><head><title>x</title><style>p{color:red}</style></head><body><nav>首页 | 下载中心</nav>"
        "<script>var 岗位名称='假的';</script><h1>销售经理岗位说明书</h1>"
        "<table><tr><td>岗位名称</td><td>销售经理</td><td>所属部门</td><td>销售部</td></tr></table>"
        "<h2>岗位职责</h2><ol><li>制定区域销售计划并组织实施；</li><li>管理销售团队。</li></ol>"
        "<footer>©2025 某某文库 版权所有</footer></body></html>", encoding="utf-8")
    texts = [line.text for line in read_document(path)]
    assert "岗位名称：销售经理" in texts and "所属部门：销售部" in texts
    assert not any("假的" in t or "color" in t or "下载中心" in t for t in texts)
    role = extract_roles(path).roles[0]
    assert role.title == "销售经理" and role.fields["department"] == "销售部"
    assert [d["title"] for d in role.duties] == ["制定区域销售计划并组织实施", "管理销售团队"]


def test_noise_lines_and_broken_characters_are_removed():
    raw = ["销售人员管理制度职责_第1页", "第1页 / 共3页", "已阅读5页,还剩6页未读 继续免费阅读", "下载本文档",
           "版权说明:本文档由用户提供并上传", "客服电话:4009-655-100", "浙ICP备2021020529号-1",
           "处理突பைடு நூலகம்事件的能力", "Fra bibliotek所属部门", "岗位职责", "岗位职责", "开通  VIP会员、SVIP会员"]
    result = clean_lines([Line(t, n) for n, t in enumerate(raw, 1)])
    assert [line.text for line in result.lines] == ["处理突事件的能力", "所属部门", "岗位职责"]
    assert len(result.removed) == 9  # eight noise lines and one repeated heading, all reported


def test_long_passages_repeated_later_are_dropped_short_labels_are_not():
    passage = "负责制定公司年度销售计划，分解销售指标到各区域，并跟踪完成情况，定期向总经理汇报销售工作进展。"
    raw = [passage, "协调沟通", "其他内容", passage, "协调沟通"]
    result = clean_lines([Line(t, n) for n, t in enumerate(raw, 1)])
    assert [line.text for line in result.lines] == [passage, "协调沟通", "其他内容", "协调沟通"]


def test_traditional_input_becomes_simplified(tmp_path):
    path = tmp_path / "繁體.txt"
    path.write_text("崗位名稱：銷售總監\n直接上級：總經理\n崗位職責：\n1. 制定銷售戰略與年度銷售計劃；\n"
                    "2. 管理銷售團隊，負責績效考核。\n任職資格：\n學歷：本科及以上\n", encoding="utf-8")
    report = import_files([path], tmp_path / "out", root=REPO)
    assert report.files[0].converted
    data = yaml.safe_load(Path(report.drafts()[0].path).read_text(encoding="utf-8"))
    assert data["title"] == "销售总监" and data["id"] == "sales-director"
    assert data["reports_to"] == "general-manager"
    assert [d["title"] for d in data["duties"]] == ["制定销售战略与年度销售计划", "管理销售团队"]
    assert data["qualifications"]["education"] == "本科及以上"


def test_simplified_text_is_left_alone():
    # 「后」「里」「面」 have Traditional forms too; Simplified text must not be "converted"
    lines = [Line("负责后台系统里面的数据维护，确保数据准确。", 1)]
    assert clean_lines(lines).converted is False


@pytest.mark.parametrize("text, expected", [
    ("重点客户回款率(权重30%):≥90%为合格,≥98%为优秀", ("重点客户回款率", 30, 90, 98, "higher")),
    ("2. 销售计划完成率（权重50%）：≥90%为合格，≥105%为优秀", ("销售计划完成率", 50, 90, 105, "higher")),
    ("成本控制偏差率:≤5%为合格,≤2%为优异。", ("成本控制偏差率", None, 5, 2, "lower")),
    ("客户满意度≥80%为合格,≥90%为优异", ("客户满意度", None, 80, 90, "higher")),
    ("培训计划完成率 40%", ("培训计划完成率", 40, None, None, None)),
    ("新增经销商数量 权重：30% 季度", ("新增经销商数量", 30, None, None, None)),
    ("(1)利润计划达成率", ("利润计划达成率", None, None, None, None)),
])
def test_kpi_lines(text, expected):
    kpi = parse_kpi_line(text)
    assert (kpi.name, kpi.weight, kpi.passing, kpi.excellent, kpi.direction) == expected


@pytest.mark.parametrize("text, kind", [
    ("一、岗位职责", "cn"), ("（一）日常工作", "cn-paren"), ("1、制定计划", "num"), ("1. 制定计划", "num"),
    ("(1)制定计划", "num-paren"), ("1)制定计划", "num-half"), ("①制定计划", "circled"), ("♦熟悉管理", "bullet"),
    ("2024年计划", None),
])
def test_enumeration_styles(text, kind):
    assert marker_kind(text) == kind


@pytest.mark.parametrize("text, section", [
    ("岗位名称", "ident"), ("职位名称", "ident"), ("所在部门", "ident"), ("直属上级", "ident"), ("直接上司", "ident"),
    ("直接下属", "ident"), ("岗位定员", "ident"), ("工作综述", "summary"), ("职位概要", "summary"),
    ("岗位概述", "summary"), ("职责与工作任务", "duties"), ("主要工作", "duties"), ("工作权限", "authorities"),
    ("工作协作关系", "relationships"), ("任职要求", "qualifications"), ("职位要求", "qualifications"),
    ("关键业绩指标", "kpis"), ("绩效考核", "kpis"), ("工作环境", "conditions"), ("工作时间", "conditions"),
    ("晋升方向", "career"), ("四、任职资格", "qualifications"), ("【岗位职责】", "duties"),
    ("二、职责与日常任务详细说明", "duties"), ("## 考核指标", "kpis"),
])
def test_heading_forms(text, section):
    label = heading_label(text)
    assert label is not None and label.section == section


def test_ordinary_sentences_are_not_headings():
    for text in ("负责制定岗位职责说明书的模板，并组织各部门填写。", "5. 绩效考核与沟通：制定绩效考核标准", "销售团队管理"):
        assert heading_label(text) is None
