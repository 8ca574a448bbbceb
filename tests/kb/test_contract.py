"""The data contract: schemas complete and in Chinese, every code documented, editors wired up."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from roledocs.kb.problems import CODES
from roledocs.kb.schema import load_schema

REPO = Path(__file__).resolve().parents[2]
KINDS = ["role", "departments", "kpis", "glossary", "positions", "processes"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def properties(node, path="$"):
    """Every (path, property schema) in a schema, through $defs, items and nested objects."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}.{name}", sub
        for key, value in node.items():
            yield from properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{path}[{i}]")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_2020_12(kind):
    schema = load_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_chinese_title_and_description(kind):
    missing = [path for path, sub in properties(load_schema(kind))
               if not (HAN.search(sub.get("title", "")) and HAN.search(sub.get("description", "")))]
    assert missing == []


@pytest.mark.parametrize("kind", KINDS)
def test_objects_refuse_unknown_keys(kind):
    def objects(node):
        if isinstance(node, dict):
            if "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)
    assert all(obj.get("additionalProperties") is False for obj in objects(load_schema(kind)))


def test_every_problem_code_is_documented():
    text = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"| {code} |" not in text] == []


def test_every_file_names_its_schema_for_the_editor():
    for path in sorted((REPO / "roles").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path} does not start with the schema comment"
        assert (path.parent / match.group(1)).resolve().is_file(), f"{path}: {match.group(1)} does not exist"


def test_vscode_settings_map_every_schema():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    assert {Path(p).name for p in mapped} == {f"{k}.schema.json" for k in KINDS}
    assert all((REPO / p).is_file() for p in mapped)


@pytest.mark.parametrize("kind", KINDS)
def test_every_text_and_list_has_a_limit(kind):
    """The loader stops at these limits while reading (docs/security.md, 输入限制)."""
    def unlimited(node, path="$"):
        if isinstance(node, dict):
            if node.get("type") == "string" and "maxLength" not in node:
                yield path
            if node.get("type") == "array" and "maxItems" not in node:
                yield path
            for key, value in node.items():
                yield from unlimited(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from unlimited(value, f"{path}[{i}]")
    assert list(unlimited(load_schema(kind))) == []


def test_ids_are_short_enough_for_file_names():
    # <id>.yaml, .<id>.pdf.<random>.tmp … must stay far below the 255 bytes of a file name
    for kind in KINDS:
        assert load_schema(kind)["$defs"]["slug"]["maxLength"] <= 100
