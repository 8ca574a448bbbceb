"""What a 岗位说明书 says, before any format (roledocs.content): section order, numbering, thresholds,
confidentiality."""
from __future__ import annotations

import pytest

from support.render_project import REPO
from roledocs.kb import open_knowledge_base
from roledocs.content.format import chinese_numeral
from roledocs.content.job_description import SECTIONS, job_description
from support.synthetic import write_synthetic_knowledge_base


@pytest.fixture(scope="module")
def kb():
    return open_knowledge_base(REPO)


def test_sections_follow_the_chinese_order_and_number_without_gaps(kb):
    for role in kb.roles.values():
        h = job_description(kb, role).h
        present = [h[key] for key, _, _ in SECTIONS if h[key]]
        assert [p.split("、")[0] for p in present] == [chinese_numeral(i) for i in range(1, len(present) + 1)]
        assert present[0].endswith("岗位基本信息") and present[-1].endswith("文件控制与审批")
        assert not h["compensation"]


def test_cases_section_only_for_roles_with_cases(kb):
    with_cases = job_description(kb, kb.roles["sales-director"])
    without = job_description(kb, kb.roles["sales-rep"])
    assert with_cases.h["cases"].endswith("典型工作场景") and with_cases.cases
    assert without.h["cases"] == "" and without.cases == []


def test_thresholds_read_as_comparisons_in_the_kpi_direction(kb):
    rows = [(k, row) for role in kb.roles.values() for k, row in zip(role.kpis, job_description(kb, role).kpis)]
    lower = [row for k, row in rows if k.kpi.direction == "lower" and k.passing is not None]
    higher = [row for k, row in rows if k.kpi.direction == "higher" and k.passing is not None]
    assert lower and higher
    assert all(r.passing.startswith("≤") for r in lower)
    assert all(r.passing.startswith("≥") for r in higher)
    director = job_description(kb, kb.roles["sales-director"]).kpis[0]
    assert director.name == "销售业绩达成率" and director.passing == "≥ 90%"


def test_reporting_lines_come_from_the_model(kb):
    jd = job_description(kb, kb.roles["sales-director"])
    assert jd.superior == "销售副总"
    assert jd.subordinates == "客服主管、营销协理、销售总监助理、销售经理、高级销售经理"  # in file order
    top = job_description(kb, kb.roles["sales-vp"])
    assert top.superior == "总经理"  # a position outside the knowledge base


def test_folded_yaml_lines_do_not_leave_spaces_between_chinese_characters(kb):
    summary = job_description(kb, kb.roles["sales-director"]).summary
    assert "： " not in summary and "； " not in summary


def test_compensation_only_for_the_internal_audience(tmp_path):
    root = write_synthetic_knowledge_base(tmp_path, 3)
    public = open_knowledge_base(root, audience="public")
    internal = open_knowledge_base(root, audience="internal")
    assert job_description(public, public.roles["role-00001"]).compensation == []
    jd = job_description(internal, internal.roles["role-00001"])
    assert {row.label for row in jd.compensation} == {"工资组成", "薪资区间"}
    assert jd.h["compensation"] and jd.internal


def test_chinese_numerals():
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 12, 20, 23)] == ["一", "九", "十", "十一", "十二", "二十", "二十三"]


def test_render_bytes_equals_the_written_file(kb, tmp_path):
    from roledocs.render import render_bytes, render_role

    path = render_role(kb, "sales-rep", "md", tmp_path)
    assert render_bytes(kb, "sales-rep", "md") == path.read_bytes()
    assert path.read_text(encoding="utf-8").startswith("# 销售代表 岗位说明书")


def test_parallel_rendering_writes_the_same_files_as_serial(kb, tmp_path):
    from roledocs.render import render_documents

    ids = ["sales-rep", "sales-director", "store-team-lead"]
    serial = render_documents(kb, tmp_path / "serial", formats=("md", "html"), role_ids=ids)
    parallel = render_documents(kb, tmp_path / "parallel", formats=("md", "html"), role_ids=ids, jobs=2)
    assert [p.name for p in parallel] == [p.name for p in serial]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(serial, parallel))
