"""Issue 14 point 14 and issue 16 ("Also seen"): the site read on a 390-px phone, on a 1,280-px
screen and printed from the browser — in a real Chromium, over http, on the real site build.

Screenshots go to artifacts/screenshots/ (git-ignored): look at them.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"
PHONE, DESKTOP = 390, 1280

# For every table of the article: its box, the box of the nearest sideways scroller around it,
# and whether that scroller can scroll.
TABLES = """() => [...document.querySelectorAll('article table')].map(t => {
  let s = t.parentElement;
  while (s && !['auto', 'scroll'].includes(getComputedStyle(s).overflowX)) s = s.parentElement;
  const r = t.getBoundingClientRect(), sr = s ? s.getBoundingClientRect() : null;
  return {head: t.querySelector('th') ? t.querySelector('th').textContent.trim() : '',
          left: r.left, right: r.right, scroller: s ? {left: sr.left, right: sr.right,
          scrolls: s.scrollWidth > s.clientWidth, cue: getComputedStyle(s).backgroundImage} : null};
})"""


def open_page(chrome, url: str, width: int):
    context = chrome.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.goto(url)
    pg.wait_for_load_state("networkidle")
    return context, pg


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("path", ["roles/sales-director/", "kpis/", "roles/", "departments/sales/"])
def test_tables_are_readable_on_a_phone(chrome, base_url, path):
    """At 390 px nothing sticks out of the page; a table fits the screen, or it sits in a
    scroller that fits the screen (so its right columns can be reached, not cut off)."""
    context, pg = open_page(chrome, base_url + path, PHONE)
    try:
        shot(pg, f"phone-{path.strip('/').replace('/', '-')}")
        assert pg.evaluate("document.documentElement.scrollWidth") <= PHONE
        tables = pg.evaluate(TABLES)
        assert tables, path
        for t in tables:
            if t["right"] <= PHONE:
                continue
            assert t["scroller"] and t["scroller"]["right"] <= PHONE and t["scroller"]["scrolls"], (path, t)
            assert "gradient" in t["scroller"]["cue"], (path, t)  # a shaded edge says there is more
        scrollers = pg.evaluate("() => [...document.querySelectorAll('.md-typeset__scrollwrap')]"
                                ".map(s => getComputedStyle(s).backgroundImage)")
        assert scrollers and all("gradient" in cue for cue in scrollers), scrollers
    finally:
        context.close()


def test_the_kpi_table_of_a_role_fits_a_phone(chrome, base_url):
    """The role page's KPI table (six columns, 534 px wide before) shows all its columns at 390 px."""
    context, pg = open_page(chrome, base_url + "roles/sales-director/", PHONE)
    try:
        kpi = [t for t in pg.evaluate(TABLES) if t["head"] == "指标"]
        assert kpi, "no KPI table on the role page"
        assert kpi[0]["left"] >= 0 and kpi[0]["right"] <= PHONE, kpi
    finally:
        context.close()


BOXES = """() => [...document.querySelectorAll('svg.roledocs-orgchart g.roledocs-orgchart__node')].map(g => {
  const r = g.getBoundingClientRect();
  return {label: g.querySelector('text').textContent, left: r.left, right: r.right};
})"""


def test_the_org_chart_fits_a_desktop_screen(chrome, base_url):
    """At 1,280 px every box of the company chart is inside the page (销售代表 was cut off)."""
    context, pg = open_page(chrome, base_url + "org/", DESKTOP)
    try:
        shot(pg, "desktop-org")
        wrap = pg.locator(".roledocs-orgchart-wrap").bounding_box()
        boxes = pg.evaluate(BOXES)
        assert any(b["label"] == "销售代表" for b in boxes)
        outside = [b for b in boxes if b["right"] > wrap["x"] + wrap["width"] + 0.5 or b["left"] < wrap["x"] - 0.5]
        assert outside == [], outside
    finally:
        context.close()


def test_the_org_chart_scrolls_on_a_phone(chrome, base_url):
    """Scaled to 390 px the chart would be unreadable: it keeps its size and scrolls sideways."""
    context, pg = open_page(chrome, base_url + "org/", PHONE)
    try:
        shot(pg, "phone-org")
        assert pg.evaluate("document.documentElement.scrollWidth") <= PHONE
        wrap = pg.locator(".roledocs-orgchart-wrap")
        assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")
        assert "gradient" in wrap.evaluate("w => getComputedStyle(w).backgroundImage")  # shaded edge: more to see
        font = pg.locator("svg.roledocs-orgchart text").first.evaluate("t => t.getBoundingClientRect().height")
        assert font >= 12  # the labels keep a readable size
    finally:
        context.close()


def test_the_org_chart_prints_on_one_a4_landscape_page(chrome, base_url, built_site, tmp_path):
    """Printed from the browser (its print CSS, its page size): one A4 landscape page holding
    every box of the chart."""
    context, pg = open_page(chrome, base_url + "org/", DESKTOP)
    try:
        labels = [b["label"] for b in pg.evaluate(BOXES)]
        pdf = tmp_path / "org.pdf"
        pg.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Pages"].strip() == "1", info
    width, _, height = fields["Page size"].split()[:3]
    assert (round(float(width)), round(float(height))) == (842, 595), info  # A4 landscape, in points
    text = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    missing = [label for label in labels if label not in text]
    assert missing == [], missing
