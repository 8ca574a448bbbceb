"""Scoring an imported draft against expected field values, field by field (the importer's
held-out measurements: tests/test_import_heldout.py and tests/test_import_unseen.py).

An expectation: title, department, reports_to; duties as (title or None, text the duty holds
in its title, description or tasks); kpis as (name as written, weight, pass, excellent);
qualifications as sub-field → exact text (str) or items that must all be in the list;
optionally document control values. One field = one ident value, one duty, one KPI
(found, then its numbers), one qualification.
"""
from __future__ import annotations

from pathlib import Path

from roledocs.importer.reference import load_reference
from roledocs.importer.slugs import slugify

REPO = Path(__file__).resolve().parents[2]


def _duty_text(duty: dict) -> str:
    return " ".join([duty.get("title", ""), duty.get("description", ""), *duty.get("tasks", [])])


def score(drafts: dict[str, dict], expected: dict) -> tuple[int, list[str]]:
    """(fields right, what went wrong); one field = one ident value, one duty, one KPI, one qualification."""
    ref = load_reference(REPO)
    right, wrong = 0, []

    def check(ok: bool, what: str):
        nonlocal right
        if ok:
            right += 1
        else:
            wrong.append(what)

    data = drafts.get(expected["title"])
    if data is None:
        return 0, [f"no draft titled {expected['title']} (found {sorted(drafts)})"]
    for key in ("title", "department", "reports_to"):
        check(data.get(key) == expected[key], f"{key}: {data.get(key)!r} != {expected[key]!r}")
    duties = data.get("duties", [])
    check(len(duties) == len({t or x for t, x in expected["duties"]}) or
          len(duties) == len({t for t, _ in expected["duties"]}),
          f"duty count {len(duties)}: {[d['title'] for d in duties]}")
    for title, text in expected["duties"]:
        ok = any((title is None or d["title"] == title) and text in _duty_text(d) for d in duties)
        check(ok, f"duty {title or ''}「{text}」 not found in {[_duty_text(d)[:30] for d in duties]}")
    kpis = data.get("kpis", [])
    check(len(kpis) == len(expected["kpis"]), f"kpi count {len(kpis)}")
    for name, weight, passing, excellent in expected["kpis"]:
        kid = ref.kpi_id(name) or slugify(name)  # a KPI the library lacks gets the id its name makes
        found = [k for k in kpis if k["kpi"] == kid or f"原文指标：{name}（" in k.get("note", "")]
        k = found[0] if found else {}
        check(bool(found), f"kpi {name} missing: {kpis}")
        if found:
            check((k.get("weight"), k.get("pass"), k.get("excellent")) == (weight, passing, excellent),
                  f"kpi {name}: {(k.get('weight'), k.get('pass'), k.get('excellent'))} != {(weight, passing, excellent)}")
    quals = data.get("qualifications", {})
    for key, value in expected["qualifications"].items():
        got = quals.get(key)
        ok = got == value if isinstance(value, str) else isinstance(got, list) and all(v in got for v in value)
        check(ok, f"qualifications.{key}: {got!r} != {value!r} (all: {quals})")
    for key, value in expected.get("document", {}).items():
        got = data.get("document", {}).get(key)
        check(str(got) == value, f"document.{key}: {got!r} != {value!r}")
    return right, wrong


def total_fields(expected: dict) -> int:
    return (3 + 1 + len(expected["duties"]) + 1 + 2 * len(expected["kpis"]) + len(expected["qualifications"])
            + len(expected.get("document", {})))
