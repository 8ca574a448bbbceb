"""The site's search index (search/search_index.json of a real build), read the way the
browser reads it: which terms exist, and how Material will cut a query against them."""
from __future__ import annotations

import json
import re

import pytest

from roledocs.kb import open_knowledge_base
from roledocs.site import search_index as si
from support.site_project import MATERIAL_QUERY_CUTS


@pytest.fixture(scope="module")
def index(built_site):
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def terms(index):
    return si.index_terms(index)


def page_entry(index, location):
    return next(d for d in index["docs"] if d["location"] == location)


def names(doc) -> set[str]:
    return {t for f in si.NAME_FIELDS for t in doc.get(f, "").split()}


def test_index_config_is_ours(index):
    assert re.compile(index["config"]["separator"]).split("销售\u200b总监") == ["销售", "总监"]  # PITFALLS: needs U+200B
    assert index["config"]["lang"] == ["zh"]
    assert set(index["config"]["fields"]) == set(si.FIELDS)
    assert "title" not in index["config"]["fields"] and "text" not in index["config"]["fields"]


def test_every_role_page_carries_its_names_pinyin_and_traditional_forms(index, site_project):
    kb = open_knowledge_base(site_project)
    for role in kb.roles.values():
        if role.status == "draft":  # never on the public site (issue 15), so not in its index either
            assert not [d for d in index["docs"] if d["location"].startswith(f"roles/{role.id}/")], role.id
            continue
        doc = page_entry(index, f"roles/{role.id}/")
        assert f"{role.title}_" in names(doc), role.id
        assert doc["boost"] == si.ROLE_PAGE_BOOST
    director = names(page_entry(index, "roles/sales-director/"))
    assert {"xszj_", "xiaoshouzongjian_", "銷售總監_", "director_"} <= director
    assert "销售总监_" not in names(page_entry(index, "roles/sales-director-assistant/"))  # whole names only
    rep = names(page_entry(index, "roles/sales-rep/"))
    assert {"业务员_", "業務員_", "销售员_", "xsdb_"} <= rep  # alias, Traditional, synonym, initials
    # a shorter name weighs more: 业务员 (3 characters) is in a stronger field than 业务经理 (4)
    assert "业务员_" in page_entry(index, "roles/sales-rep/")["names3"].split()
    assert "业务经理_" in page_entry(index, "roles/sales-manager/")["names4"].split()


def test_role_pages_carry_what_the_org_design_assigns_like_the_cli(index):
    supervisor = page_entry(index, "roles/customer-service-supervisor/")
    assert {"客户投诉", "回访", "客戶投訴", "客户开发"} <= set(supervisor["functions"].split())
    assert {"客户投诉", "客户档案"} <= set(supervisor["remit"].split())  # head of 客服部: its summary
    clerk = page_entry(index, "roles/sales-clerk/")
    assert {"客户投诉", "回访"} <= set(clerk["functions"].split())
    assert "remit" not in clerk  # not a department's head
    assert si.FIELDS["functions"]["boost"] < si.FIELDS["duties"]["boost"]  # as the CLI weighs duty text


def test_words_hold_sub_words_synonyms_and_traditional_forms(index):
    words = {t for d in index["docs"] if d["location"].startswith("roles/sales-clerk/") for t in d["words"].split()}
    assert {"客户投诉", "投诉", "客诉", "客戶投訴"} <= words
    for doc in index["docs"]:
        for field in ("words", *si.NAME_FIELDS, "headings"):
            assert not re.search(r"(^| )[\u4e00-\u9fff]_?( |$)", doc.get(field, "")), (doc["location"], field)


def test_material_segment_port_behaves_like_the_bundle():
    # the last character is never looked up; an unknown first character keeps the run whole
    assert si.material_segment("客户投诉", {"客户", "投诉", "客户投诉"}) == ["客户"]
    assert si.material_segment("客户投诉", {"客户", "投"}) == ["客户", "投"]
    assert si.material_segment("客户投诉", {"投诉"}) == ["客户投诉"]
    assert si.material_segment("投诉", {"投"}) == ["投"]


@pytest.mark.parametrize("query, pieces", MATERIAL_QUERY_CUTS)
def test_the_browser_cuts_queries_into_whole_words(terms, query, pieces):
    assert si.material_query_terms(query, terms) == pieces


def test_nothing_confidential_in_the_index(index, site_project):
    from support.site_project import CANARY, REVIEW_CANARY
    text = json.dumps(index, ensure_ascii=False).replace("\u200b", "")
    assert CANARY not in text and REVIEW_CANARY not in text
    assert "基本工资 3000 元/月" not in text


def test_the_search_worker_is_a_thin_layer_in_front_of_materials(built_site):
    """Material's page loads the worker from the URL in its __config: ours sits there and
    imports the theme's worker, renamed (issue 14.13: it tidies what results show)."""
    workers = built_site / "assets" / "javascripts" / "workers"
    [worker] = workers.glob("search.*.min.js")
    source = worker.read_text(encoding="utf-8")
    material = workers / (si.MATERIAL_WORKER_PREFIX + worker.name)
    assert material.is_file() and "lunr" in material.read_text(encoding="utf-8")
    assert f"importScripts({json.dumps(material.name)})" in source
    assert '"谁负责"' in source and '"誰負責"' in source and '"负"' in source  # question words and their parts
