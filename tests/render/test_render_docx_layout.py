"""The Word 岗位说明书 as LibreOffice lays it out (issue 14.9): real roles rendered to .docx,
converted to PDF by a real LibreOffice and read back with pypdf, word by word with its font
and baseline.

- Dates, thresholds (「≥ 105%」) and the short table labels (序号, 生效日期, 合格标准) stay on one line.
- Latin text (HR-JD-010, P1–P3, 100%) is set in the Chinese font, not in DejaVu Serif,
  and sits on the same baseline as the Chinese beside it.
"""
from __future__ import annotations

import os
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from support import system_tools
from support.render_project import REPO, ROLE_IDS, squash
from roledocs.content.job_description import job_description
from roledocs.kb import open_knowledge_base
from roledocs.render import render_documents

pytestmark = pytest.mark.slow

# Internal documents add the compensation section; these roles carry the most thresholds.
INTERNAL_ROLES = ("sales-rep", "sales-director", "store-team-lead")
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z0-9]")
PAGE_TOP, PAGE_BOTTOM = 771, 62  # pt: A4 minus the template's 2.5 cm / 2.2 cm margins; outside is header/footer


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """{(audience, role id): (job description, .docx, .pdf)} for every public role and a few internal ones."""
    out = tmp_path_factory.mktemp("layout")
    docs = {}
    for audience, ids in (("public", ROLE_IDS), ("internal", INTERNAL_ROLES)):
        kb = open_knowledge_base(REPO, audience=audience)
        for path in render_documents(kb, out / audience, formats=("docx",), role_ids=ids):
            role_id = path.name.split(".")[0]
            docs[audience, role_id] = (job_description(kb, kb.roles[role_id]), path, out / "pdf" / audience /
                                       path.with_suffix(".pdf").name)
    for audience in ("public", "internal"):
        files = sorted(str(p) for (a, _), (_, p, _) in docs.items() if a == audience)
        result = subprocess.run([system_tools.soffice(), "--headless", "--convert-to", "pdf", "--outdir",
                                 str(out / "pdf" / audience), *files], capture_output=True, text=True, timeout=600,
                                env={**os.environ, "HOME": str(out)})  # a private LibreOffice profile
        assert result.returncode == 0, result.stdout + result.stderr
    return docs


def words(pdf: Path) -> list[tuple[int, float, float, str, str]]:
    """(page, x, baseline y, font family, text) of every piece of text LibreOffice wrote."""
    from pypdf import PdfReader

    found = []
    for number, page in enumerate(PdfReader(pdf).pages):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                name = re.sub(r"^/?[A-Z]{6}\+", "", str(font.get("/BaseFont", ""))) if font else ""
                found.append((number, x, y, name.split("-")[0], text))
        page.extract_text(visitor_text=visit)
    return found


def body_lines(pdf: Path) -> list[str]:
    """The squashed text of each line of the page body (header and footer left out), left to right."""
    lines = defaultdict(list)
    for page, x, y, _, text in words(pdf):
        if PAGE_BOTTOM < y < PAGE_TOP:
            lines[page, round(y, 1)].append((x, text))
    return [squash("".join(t for _, t in sorted(pieces))) for _, pieces in sorted(lines.items())]


def docx_body_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(squash(part) for part in parts)


def short_texts(jd) -> set[str]:
    """What must never wrap: dates, thresholds and weights, and the label of every table row and column."""
    L = jd.labels
    texts = {jd.document.effective_date, jd.document.review_due, "序号"}
    texts |= {item.date for item in jd.document.history or []}
    texts |= {value for kpi in jd.kpis for value in (kpi.weight, kpi.passing, kpi.excellent)}
    texts |= {L[key] for key in ("document.number", "document.version", "document.effective_date", "status",
                                 "review_due", "kpis.weight", "kpis.target", "kpis.pass", "kpis.excellent",
                                 "kpis.period")}
    texts |= {fact.label for pair in jd.fact_pairs for fact in pair if fact}
    rows = [*jd.relationships, *jd.qualifications, *jd.conditions, *jd.career, *jd.compensation]
    texts |= {row.label for row in rows + [part for case in jd.cases for part in case.parts]}
    texts |= {signature.label for signature in jd.document.signatures}
    return {squash(t) for t in texts if t}


def test_dates_thresholds_and_labels_stay_on_one_line(documents):
    """Each occurrence in the document is found whole on one line of the PDF (repeated table
    headers may add more); 「2026年12月1 / 日」, 「序 / 号」 or 「≥ / 105%」 would be missing."""
    broken = []
    for (audience, role_id), (jd, docx, pdf) in documents.items():
        lines, body = body_lines(pdf), docx_body_text(docx)
        for text in short_texts(jd):
            expected, whole = body.count(text), sum(line.count(text) for line in lines)
            if expected and whole < expected:
                broken.append(f"{audience}/{role_id}: {text!r} whole {whole} of {expected} times")
    assert not broken, "\n".join(sorted(broken))


def test_latin_text_uses_the_chinese_font_in_libreoffice(documents):
    for (audience, role_id), (_, _, pdf) in documents.items():
        found = words(pdf)
        chinese = {family for *_, family, text in found if CJK.search(text)}
        latin = {family for *_, family, text in found if LATIN.search(text) and not CJK.search(text)}
        assert chinese and latin, f"{audience}/{role_id}: no text read back"
        assert latin <= chinese, f"{audience}/{role_id}: Latin text in {sorted(latin - chinese)}, Chinese in {sorted(chinese)}"


def test_latin_and_chinese_share_a_baseline(documents):
    """In a table row or a line, HR-JD-010 / 1.0 / 100% sit on the baseline of the Chinese beside them
    (DejaVu Serif used to sit 2.2 pt higher)."""
    off = []
    for (audience, role_id), (_, _, pdf) in documents.items():
        found = words(pdf)
        chinese = defaultdict(list)
        for page, _, y, _, text in found:
            if CJK.search(text):
                chinese[page].append(y)
        for page, x, y, _, text in found:
            if LATIN.search(text) and not CJK.search(text):
                near = [c for c in chinese[page] if abs(c - y) < 4]  # lines are 12 pt or more apart
                if near and min(abs(c - y) for c in near) > 0.3:
                    off.append(f"{audience}/{role_id} p{page + 1}: {text!r} {min(c - y for c in near):+.1f} pt")
    assert not off, "\n".join(off[:20])


def test_styles_and_runs_give_latin_text_the_east_asian_font(documents):
    """Every w:rFonts in styles, body, header and footer names one font for all scripts, no theme font."""
    import zipfile

    (_, docx, _) = documents["internal", "sales-rep"]
    with zipfile.ZipFile(docx) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(styles|document|header\d*|footer\d*)\.xml", n)]
        from lxml import etree

        bad = []
        for name in parts:
            for fonts in etree.fromstring(z.read(name)).iter(qn("w:rFonts")):
                values = {a: fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")}
                themes = [a for a in fonts.attrib if "Theme" in a or "theme" in a]
                if themes or len(set(values.values())) != 1 or None in values.values():
                    bad.append(f"{name}: {dict(fonts.attrib)}")
    assert "word/styles.xml" in parts
    assert not bad, "\n".join(bad[:10])


def test_longer_dates_and_thresholds_than_the_seed_roles_stay_on_one_line(tmp_path):
    """The widths are for the class, not the seed data: the longest date (31 December), a longer
    document number, a decimal weight and thresholds of five characters."""
    from support.render_project import copy_roles, edit_role

    def lengthen(data):
        data["document"].update(number="HR-JD-2026-014", effective_date="2026-12-31")
        data["document"]["history"][0]["date"] = "2026-12-31"
        data["review_due"] = "2027-12-31"
        for kpi, weight in zip(data["kpis"], (12.5, 12.5, 10, 10, 10, 10, 10, 10, 7.5, 7.5), strict=True):
            kpi["weight"] = weight
        data["kpis"][0].update({"pass": 99.5, "excellent": 100.5})

    project = copy_roles(tmp_path)
    edit_role(project, "sales-rep", lengthen)
    kb = open_knowledge_base(project)
    [docx] = render_documents(kb, tmp_path / "out", formats=("docx",), role_ids=["sales-rep"])
    result = subprocess.run([system_tools.soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                             str(docx)], capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    jd = job_description(kb, kb.roles["sales-rep"])
    texts = short_texts(jd) | {squash(jd.document.number)}
    assert {"2026年12月31日", "≥99.5%", "≥100.5%", "12.5%"} <= texts
    lines, body = body_lines(tmp_path / "sales-rep.pdf"), docx_body_text(docx)
    broken = [t for t in texts if body.count(t) > sum(line.count(t) for line in lines)]
    assert not broken, broken
