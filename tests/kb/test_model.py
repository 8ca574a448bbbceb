"""The model: references resolved, KPI definitions merged, confidential fields kept out."""
from __future__ import annotations

from pathlib import Path

import pytest

from roledocs.kb import InvalidKnowledgeBase, open_knowledge_base
from support.synthetic import write_synthetic_knowledge_base
from roledocs.kb.validate import validate_knowledge_base

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kb():
    return open_knowledge_base(REPO)


@pytest.fixture(scope="module")
def internal_kb():
    return open_knowledge_base(REPO, audience="internal")


def test_six_core_roles_exist(kb):
    titles = {rid: kb.role(rid).title for rid in ["sales-director", "sales-director-assistant", "sales-team-lead",
                                                 "sales-rep", "customer-service-supervisor", "sales-clerk"]}
    assert titles == {"sales-director": "销售总监", "sales-director-assistant": "销售总监助理",
                      "sales-team-lead": "销售组长", "sales-rep": "销售代表",
                      "customer-service-supervisor": "客服主管", "sales-clerk": "销售内勤"}


def test_subordinates_are_derived_from_reports_to(kb):
    for role in kb.roles.values():
        for sub in role.subordinates:
            assert sub.superior is role
        if role.superior is not None and role.superior.is_role:
            assert role in role.superior.subordinates


def test_every_role_has_a_superior_and_the_tree_reaches_the_top(kb):
    for role in kb.roles.values():
        assert role.superior is not None, role.id
        chain = role.chain_of_command()
        assert chain and not chain[0].is_role, f"{role.id} does not lead to a position outside the KB"


def test_role_kpis_merge_library_and_overrides(kb):
    rep = kb.role("sales-rep")
    assert rep.kpis, "sales-rep has KPIs"
    for item in rep.kpis:
        assert item.kpi is kb.kpis[item.kpi.id]
        assert item.name == item.kpi.name


def test_weighted_kpis_sum_to_100(kb):
    for role in kb.roles.values():
        weights = [k.weight for k in role.kpis if k.weight is not None]
        if weights:
            assert sum(weights) == 100, role.id


def test_confidential_fields_only_for_internal_audience(kb, internal_kb):
    with_pay = [r.id for r in internal_kb.roles.values() if r.compensation]
    assert with_pay, "some roles in the seeds give compensation"
    assert all(kb.role(rid).compensation is None for rid in with_pay)


def test_unknown_audience_is_refused():
    with pytest.raises(ValueError):
        open_knowledge_base(REPO, audience="everyone")


def test_invalid_knowledge_base_raises_with_the_report(tmp_path):
    write_synthetic_knowledge_base(tmp_path, 3, seed=1)
    path = tmp_path / "roles" / "sales" / "role-00000.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("department: sales", "department: nope"), encoding="utf-8")
    with pytest.raises(InvalidKnowledgeBase) as caught:
        open_knowledge_base(tmp_path)
    assert [p.code for p in caught.value.report.errors] == ["RD303"]


def test_synthetic_knowledge_base_is_valid_and_complete(tmp_path):
    write_synthetic_knowledge_base(tmp_path, 120, seed=3)
    report = validate_knowledge_base(tmp_path)
    assert report.problems == []
    kb = open_knowledge_base(tmp_path)
    assert len(kb.roles) == 120
    assert len(kb.top_roles()) == 1


def test_model_objects_print_without_following_cycles(kb):
    text = repr(kb.role("sales-rep")) + repr(kb.departments["sales"])
    assert len(text) < 500


def test_functions_of_lists_what_the_function_decomposition_assigns(kb):
    found = kb.functions_of("customer-service-supervisor")
    assert kb.functions_of(kb.roles["customer-service-supervisor"]) == found
    paths = [(a.department.id, a.path) for a in found]
    assert ("customer-service", ["客户服务管理", "客户投诉与回访"]) in paths
    assert ("sales", ["客户开发与维护"]) in paths  # another department's function may name the role
    item = next(a for a in found if a.path == ["客户服务管理", "客户投诉与回访"])
    assert item.name == "客户投诉与回访" and any(d.startswith("受理客户投诉") for d in item.duties)
    function = next(a for a in found if a.path == ["客户开发与维护"])
    assert function.item is None and "客户投诉" in function.description and function.duties == ()
    # every place in _departments.yaml that names a role is found, once
    named = [rid for d in kb.departments.values() for f in d.functions
             for rid in [*f.role_ids, *(r for i in f.items for r in i.role_ids)]]
    assert len(named) == sum(len(kb.functions_of(r)) for r in kb.roles)
    assert kb.functions_of("no-such-role") == []


def test_model_objects_print_briefly_without_their_data(kb):
    objects = [kb.role("sales-rep"), kb.departments["sales"], kb.kpis["sales-target-achievement"],
               kb.positions["general-manager"], kb.functions_of("customer-service-supervisor")[0],
               kb.role("sales-rep").kpis[0]]
    for obj in objects:
        text = repr(obj)
        assert len(text) < 300 and "data=" not in text and "function=" not in text, text


def test_career_references_resolve_to_roles_and_positions(kb):
    clerk = kb.role("sales-clerk")
    assert [r.id for r in clerk.promotes_to] == ["customer-service-supervisor", "presales-cs-team-lead"]
    assert [p.id for p in kb.role("presales-team-lead").promotes_to] == ["engineering-manager"]  # a position
    assert kb.role("presales-team-lead").promotes_to[0].is_role is False
    assert all(r is not None for role in kb.roles.values() for r in role.promotes_to + role.promoted_from)


def test_find_looks_up_roles_then_positions(kb):
    assert kb.find("sales-rep") is kb.roles["sales-rep"]
    assert kb.find("general-manager") is kb.positions["general-manager"]
    assert kb.find("no-such-id") is None
