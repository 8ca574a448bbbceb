"""Confidentiality end to end, with the model as the one gate.

`build_model` removes the keys the schema marks `x-confidential` (compensation, review_notes)
for the public audience; every consumer shows whatever the model gives it. So the leak scan
below runs twice over every public output — the site (pages, search index, Word downloads),
the search index, the documents (docx, pdf, html, md) and the CLI's output:

- with the model's filter as it is: no marker anywhere;
- with the filter emptied (monkeypatched `Vocabulary.confidential`, which `build_model` asks): every output shows both
  markers. If a consumer dropped a confidential field on its own, the emptied run would
  not find the marker there and this test would fail: the scan would no longer be able
  to see a broken filter.

The internal audience legitimately shows both sections (documents and site).
"""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from support.render_project import docx_text, pdf_text
from roledocs.kb import open_knowledge_base
from support.site_project import copy_project, mkdocs_build

ROLE = "sales-team-lead"
PAY, NOTE = "薪酬标记QX7F3A", "核对标记RN5B2C"
MARKERS = {"compensation": PAY, "review_notes": NOTE}
FORMATS = ("docx", "pdf", "html", "md")
# the site as `mkdocs build` makes it, with Word downloads only (PDFs are scanned below, one role)
SITE_CONFIG = ("INHERIT: mkdocs.yml\nplugins:\n  - search:\n      lang: zh\n"
               "      separator: '[\\s\\u200b\\u3000\\-、。，．？！；：:,.（）()《》“”\"]+'\n"
               "  - tags\n  - roledocs:\n      documents: [docx]\n")


def plant_markers(project: Path) -> None:
    """An active role with a marker in each confidential field (its open review notes are only a
    warning, RD315; a draft role would not reach the public outputs at all)."""
    path = project / "roles" / "sales" / f"{ROLE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.setdefault("compensation", {})["notes"] = [PAY]
    data["review_notes"] = [NOTE]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _file_text(path: Path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))
    if path.suffix == ".json":  # parsed: a JSON writer may \u-escape
        return json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
    return path.read_bytes().decode("utf-8", "ignore")


def public_outputs(cli, project: Path, out: Path) -> dict[str, str]:
    """Everything a public build shows, by output, as text (`cli` runs `roledocs`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from roledocs.search.index import build_index
    from roledocs.render import render_role

    texts: dict[str, str] = {}
    (project / "leak.yml").write_text(SITE_CONFIG, encoding="utf-8")
    site = out / "site"
    build(load_config(str(project / "leak.yml"), site_dir=str(site)))
    files = [p for p in site.rglob("*") if p.is_file()]
    texts["site pages"] = "\n".join(_file_text(p) for p in files if p.suffix == ".html")
    texts["site search index"] = "\n".join(_file_text(p) for p in files if p.suffix == ".json" and "search" in p.parts)
    texts["site downloads"] = "\n".join(_file_text(p) for p in files if p.suffix == ".docx")

    kb = open_knowledge_base(project, audience="public")
    texts["search index"] = build_index(kb, out / "index.sqlite").read_bytes().decode("utf-8", "ignore")
    for fmt in FORMATS:
        path = render_role(kb, ROLE, fmt, out / "documents")
        texts[fmt] = {"docx": docx_text, "pdf": lambda p: pdf_text(p)}.get(fmt, lambda p: p.read_text("utf-8"))(path)
    def said(*args) -> str:  # all `roledocs ARGS` printed, stdout and stderr
        result = cli(*args)
        return result.stdout + result.stderr

    texts["roledocs search"] = said("search", "QX7F3A", "--root", project) + said(
        "search", "RN5B2C", "--root", project, "--json")
    texts["roledocs render"] = said("render", ROLE, "-f", "md", "--root", project, "--out", out / "cli") + (
        out / "cli" / f"{ROLE}.md").read_text(encoding="utf-8")
    return texts


def squash(text: str) -> str:
    """Without white space and U+200B: PDF text breaks lines anywhere, Material's index segments Chinese."""
    return re.sub(r"[\s\u200b]+", "", text)


def scan(texts: dict[str, str]) -> dict[str, set[str]]:
    """{output: confidential fields whose marker it shows}."""
    return {name: {field for field, marker in MARKERS.items() if marker in squash(text)}
            for name, text in texts.items()}


@pytest.fixture(scope="module", params=["model filter", "filter emptied"])
def leaks(request, cli, tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("confidential") / "project")
    plant_markers(project)
    with pytest.MonkeyPatch.context() as mp:
        if request.param == "filter emptied":
            mp.setattr("roledocs.vocabulary.Vocabulary.confidential", lambda self, kind="role": frozenset())
        texts = public_outputs(cli, project, project.parent)
    return request.param, texts, scan(texts)


def test_the_scan_covers_every_output(leaks):
    _, texts, _ = leaks
    assert set(texts) == {"site pages", "site search index", "site downloads", "search index", *FORMATS,
                          "roledocs search", "roledocs render"}
    assert all(texts.values())


def test_public_outputs_hold_no_confidential_field_and_the_scan_sees_an_emptied_filter(leaks):
    variant, texts, found = leaks
    if variant == "model filter":
        assert found == {name: set() for name in texts}, "保密内容出现在公开输出中"
        for fmt in ("md", "html", "docx", "pdf"):
            assert "薪酬待遇" not in texts[fmt] and "待核对事项" not in texts[fmt], fmt
    else:  # every consumer shows what the model holds: an emptied filter is seen everywhere
        assert found == {name: set(MARKERS) for name in texts}, "扫描没能发现被清空的保密过滤"


def test_the_model_filter_is_the_schema_marking():
    from roledocs.kb.schema import confidential_keys

    assert confidential_keys("role") == frozenset(MARKERS)


@pytest.fixture(scope="module")
def internal_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("internal") / "project")
    plant_markers(project)
    return project


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_documents_show_compensation_and_review_notes(internal_project, tmp_path, fmt):
    from roledocs.render import render_role

    kb = open_knowledge_base(internal_project, audience="internal")
    path = render_role(kb, ROLE, fmt, tmp_path)
    text = {"docx": docx_text, "pdf": pdf_text}.get(fmt, lambda p: p.read_text("utf-8"))(path)
    flat = squash(text)
    assert "薪酬待遇（保密）" in flat and "待核对事项（内部）" in flat
    assert PAY in flat and NOTE in flat


def test_the_internal_site_shows_compensation_and_review_notes(internal_project, tmp_path):
    (internal_project / "internal.yml").write_text(
        "INHERIT: mkdocs.yml\nplugins:\n  - search\n  - tags\n  - roledocs:\n      audience: internal\n"
        "      documents: []\n      search: false\n", encoding="utf-8")
    result = mkdocs_build(internal_project, tmp_path / "site", config="internal.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "roles" / ROLE / "index.html").read_text(encoding="utf-8")
    assert "薪酬待遇（保密）" in page and "待核对事项（内部）" in page
    assert PAY in page and NOTE in page
