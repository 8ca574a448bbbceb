"""The loader never raises, whatever bytes it is given: it returns problems."""
from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roledocs.kb.load import load_bytes
from roledocs.kb.problems import CODES
from roledocs.kb.schema import check_document

PATH = Path("roles/sales/fuzz.yaml")
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(raw: bytes):
    return load_bytes(raw, path=PATH, name="roles/sales/fuzz.yaml")


def assert_well_formed(result) -> None:
    doc, problems = result
    for problem in problems:
        assert problem.code in CODES
        assert problem.file == "roles/sales/fuzz.yaml"
        assert problem.line is None or problem.line >= 1
    if doc is not None:
        assert isinstance(doc.data, dict)
        check_document(doc)  # the schema check must cope with whatever was loaded


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(raw):
    assert_well_formed(load(raw))


yaml_text = st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#\t \r\n：，销售总监1\ufeff")),
                    max_size=300)


@FUZZ
@given(yaml_text)
def test_random_yaml_like_text(text):
    assert_well_formed(load(text.encode("utf-8")))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30)


@FUZZ
@given(st.dictionaries(st.sampled_from(["id", "title", "duties", "kpis", "summary", "x"]), json_values))
def test_random_structures_round_trip(data):
    """Whatever valid YAML says, the loader keeps it (nothing silently dropped)."""
    raw = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    doc, problems = load(raw)
    assert_well_formed((doc, problems))
    if not problems and doc is not None:
        assert doc.data == yaml.safe_load(raw) or _has_dates(raw)


def _has_dates(raw: bytes) -> bool:
    # dates are deliberately kept as the text that was written
    return any(isinstance(v, (__import__("datetime").date)) for v in _walk(yaml.safe_load(raw)))


def _walk(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value
