"""The quick schema check (fastjsonschema) only ever says "valid" where jsonschema does: every
real file and many broken variants give the same problems with it as without it."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from roledocs.kb import schema
from roledocs.kb.load import load_knowledge_base

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = load_knowledge_base(REPO).documents


def _full(doc):
    """The problems jsonschema alone finds."""
    root = schema.load_schema(doc.kind)
    problems = []
    for error in schema._validator(doc.kind).iter_errors(doc.data):
        problems.extend(schema._to_problems(error, doc, root))
    return list(dict.fromkeys(problems))


def _variants(data: dict):
    """Broken copies of a role: wrong types, impossible dates, unknown keys, bounds, booleans as numbers."""
    def changed(change):
        new = copy.deepcopy(data)
        change(new)
        return new

    yield changed(lambda d: d.update(title=123))
    yield changed(lambda d: d.update(status="retierd"))
    yield changed(lambda d: d.update(titel="拼错的键"))
    yield changed(lambda d: d.pop("summary", None))
    yield changed(lambda d: d.update(review_due="2026-02-31"))
    yield changed(lambda d: d.update(review_due="2026-2-1"))
    yield changed(lambda d: d["document"].update(effective_date="2026-13-01"))
    yield changed(lambda d: d.update(headcount=True))
    yield changed(lambda d: d.update(headcount=-1))
    yield changed(lambda d: d.update(headcount=1.5))
    yield changed(lambda d: d.update(duties=[]))
    yield changed(lambda d: d["duties"][0].update(share="30%"))
    yield changed(lambda d: d.update(dotted_line_to=["sales-director", "sales-director"]))
    yield changed(lambda d: d.update(id="Sales Rep"))
    yield changed(lambda d: d.update(aliases="不是列表"))
    yield changed(lambda d: d.update(title="长" * 10001))
    yield changed(lambda d: d.update(id="x" * 65))
    yield changed(lambda d: d["kpis"][0].update(weight=0) if d.get("kpis") else d.update(kpis=[{"kpi": 1}]))
    yield changed(lambda d: d.update(qualifications={"education": ["本科"], "unknown": 1}))


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d.name)
def test_real_files_are_valid_both_ways(doc):
    assert schema.check_document(doc) == _full(doc) == []


@pytest.mark.parametrize("doc", [d for d in DOCUMENTS if d.kind == "role"], ids=lambda d: d.name)
def test_broken_roles_get_the_same_problems(doc):
    assert schema._quick_check("role") is not None  # the shipped schemas take the quick path
    for data in _variants(doc.data):
        broken = copy.copy(doc)
        broken.data = data
        full = _full(broken)
        assert full, data  # each variant is really broken
        assert schema.check_document(broken) == full


def test_a_schema_keyword_the_quick_check_might_read_differently_falls_back(tmp_path):
    import json
    import shutil

    from roledocs.vocabulary import vocabulary

    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    path = tmp_path / "schemas" / "role.schema.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["unevaluatedProperties"] = False  # 2020-12 only: draft-07 would ignore it
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert schema._quick_check("role", vocabulary(tmp_path / "schemas")) is None


@pytest.mark.parametrize("value", ["2026-01-31", "2024-02-29", "2026-02-29", "2026-02-31", "2026-13-01",
                                   "2026-1-1", "20260101", "2026-01-01T00:00", "２０２６-01-01", "", 20260101])
def test_the_quick_date_rule_is_jsonschemas(value):
    from jsonschema import Draft202012Validator

    assert schema._is_date(value) == Draft202012Validator.FORMAT_CHECKER.conforms(value, "date")


def test_validating_valid_files_does_not_import_jsonschema():
    import subprocess
    import sys

    code = ("import sys; from roledocs.kb.validate import validate_knowledge_base; "
            "assert validate_knowledge_base(sys.argv[1]).ok; print('jsonschema' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "False", result.stdout + result.stderr
