"""The built site in a real Chromium (Playwright + the system browser), served over http.

Missing Chromium or Playwright: the tests FAIL with a message saying how to install it,
unless ROLEDOCS_SKIP_BROWSER=1 opts out (tests/system_tools.py). Screenshots of the home page, a
role page and a search result go to artifacts/screenshots/ (git-ignored): look at them.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support.relevance import evaluate, load_queries
from support import browser

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "artifacts" / "screenshots"
QUERIES = load_queries(REPO / "tests" / "relevance_queries.yaml")  # the search issue's labelled queries


@pytest.fixture
def page(chrome, base_url):
    """A fresh page that records console errors, page errors and every request it makes."""
    context = chrome.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.errors = []
    pg.requests = []
    pg.on("console", lambda m: pg.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(f"pageerror: {e}"))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    external = [u for u in pg.requests
                if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname != "127.0.0.1"]
    context.close()
    assert not external, f"the site fetched from the internet: {external}"


def h1(pg) -> str:
    return pg.locator("h1").first.inner_text().rstrip("¶").strip()  # without the permalink sign


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_home_loads_without_console_errors(page, base_url):
    response = page.goto(base_url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.title().startswith("岗位说明书知识库")
    assert h1(page) == "岗位说明书知识库"
    assert page.locator(".roledocs-stats").is_visible()
    assert page.locator(".grid.cards a", has_text="销售部").first.is_visible()
    assert page.errors == []
    assert len(page.requests) > 3  # css, js, the search worker: all from 127.0.0.1 (checked in teardown)
    shot(page, "home")


def test_role_page_shows_duties_and_its_links_work(page, base_url):
    page.goto(base_url + "roles/sales-director/")
    page.wait_for_load_state("networkidle")
    assert h1(page) == "销售总监"
    duties = page.locator("h3", has_text="销售战略与销售计划")
    assert duties.is_visible()
    assert page.locator("li", has_text="通过市场调研，分析竞争对手的销售策略").first.is_visible()
    assert page.errors == []
    shot(page, "role-sales-director")

    chain = page.locator(".roledocs-chain")
    chain.get_by_role("link", name="销售副总").click()
    page.wait_for_url("**/roles/sales-vp/")
    assert h1(page) == "销售副总"
    page.go_back()
    page.wait_for_url("**/roles/sales-director/")

    page.locator(".roledocs-chain").get_by_role("link", name="销售经理", exact=True).click()
    page.wait_for_url("**/roles/sales-manager/")
    assert h1(page) == "销售经理"
    page.go_back()

    page.locator("table").get_by_role("link", name="销售业绩达成率").click()
    page.wait_for_url("**/kpis/#sales-target-achievement")
    assert page.locator("#sales-target-achievement").is_visible()

    page.goto(base_url + "org/")
    page.locator("svg.roledocs-orgchart a", has_text="销售代表").click()
    page.wait_for_url("**/roles/sales-rep/")
    assert h1(page) == "销售代表"
    assert page.errors == []


def role_of(url: str, base_url: str) -> str | None:
    path = browser.page_path(url, base_url)
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) == 2 and parts[0] == "roles" else None


@pytest.mark.parametrize("query, expected", [
    ("客户投诉", "customer-service-supervisor"),  # what `roledocs search 客户投诉` puts first
    ("銷售代表", "sales-rep"),
    ("xszj", "sales-director"),
])
def test_search_lists_the_expected_role_first(page, base_url, query, expected):
    results = browser.search(page, base_url, query)  # opens /?q=…
    assert results, f"「{query}」没有结果"
    first = role_of(results[0]["url"], base_url)
    assert first == expected, f"「{query}」: {[browser.page_path(r['url'], base_url) for r in results[:5]]}"
    assert page.errors == []
    if query == "客户投诉":
        shot(page, "search-customer-complaint")


def test_a_result_shows_where_it_matched_and_opens_with_the_words_highlighted(page, base_url):
    """Material's result list as before: the role as the heading, the units that matched as
    sections with the words in <mark>, a link to the duty's heading; Enter opens the best result
    and the page marks the query's words (?h=)."""
    browser.search(page, base_url, "客户投诉")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text() == "客服主管"
    marked = first.locator("mark").all_inner_texts()
    assert marked and set(marked) <= {"客户投诉", "客户", "投诉", "客诉"}, marked
    sections = first.locator("a.md-search-result__link").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    links = [urlsplit(href) for href in sections]
    assert all(link.path.endswith("/roles/customer-service-supervisor/") for link in links), sections
    assert any(link.fragment for link in links), sections  # a matched unit links to its heading
    page.locator(".md-search__input").press("Enter")
    page.wait_for_url("**/roles/customer-service-supervisor/**")
    assert "h=" in page.url
    page.wait_for_selector("mark[data-md-highlight]")
    assert "客户投诉" in page.locator("mark[data-md-highlight]").all_inner_texts()
    assert page.errors == []


def test_a_word_found_by_its_parts_is_not_listed_as_missing(page, base_url):
    """开发票 is one word to jieba; the roles say 发票 and 开发: as `roledocs search` does, they
    count (Material would otherwise print 缺少: 开发票 under every result), and the link marks them."""
    results = browser.search(page, base_url, "誰負責開發票")
    assert results
    first = page.locator(".md-search-result__item").first
    assert first.locator(".md-search-result__terms").count() == 0, first.inner_text()
    href = first.locator("a.md-search-result__link").first.get_attribute("href")
    assert "h=" in href and "%E5%8F%91%E7%A5%A8" in href, href  # 发票
    assert page.errors == []


def test_a_page_asked_for_by_its_name_comes_first_and_roles_before_other_pages(page, base_url):
    results = browser.search(page, base_url, "术语表")
    assert browser.page_path(results[0]["url"], base_url) == "glossary/", results[:3]
    results = [browser.page_path(r["url"], base_url) for r in browser.search(page, base_url, "回款")]
    roles = [i for i, path in enumerate(results) if path.startswith("roles/")]
    others = [i for i, path in enumerate(results) if not path.startswith("roles/")]
    assert roles and others and max(roles) < min(others), results


@pytest.mark.parametrize("query", ["谁负责处理客户投诉", "誰負責開發票", "哪个岗位管库房", "客户投诉由谁负责"])
def test_question_words_are_not_missing_terms_and_titles_are_clean(page, base_url, query):
    """Issue 14.13: no "缺少: 谁负责" under the results (nor 谁 or 负, the pieces the browser may
    cut a question word into), and no zero-width space in what a reader copies from a result
    (its title, its text)."""
    results = browser.search(page, base_url, query)
    assert results, f"「{query}」没有结果"
    missing = page.eval_on_selector_all(
        ".md-search-result__terms del", "els => els.map(e => e.textContent.replace(/\\*$/, ''))")
    from roledocs.search.text import stopwords
    question_words = {w[:k] for w in stopwords() for k in range(1, len(w) + 1)}
    assert not set(missing) & question_words, missing
    shown = page.eval_on_selector_all(".md-search-result__article", "els => els.map(e => e.textContent)")
    assert shown and not [t for t in shown if "\u200b" in t], [t[:40] for t in shown if "\u200b" in t]
    assert "\u200b" not in "".join(r["title"] for r in results)
    assert page.errors == []


# The browser runs the CLI's analysis and ranking (issue 16.2; tests/site/test_site_search_parity.py
# proves the same words and order), so the floors are the CLI's figures, just under what was measured
# with benchmarks/site_search.py (browser = CLI on all three sets).
# relevance_queries.yaml (tuned on), per kind; all 92: MRR 0.989, recall@3 0.986.
BROWSER_FLOORS = {
    "alias": (0.99, 0.99), "fragment": (0.99, 0.99), "initials": (0.99, 0.99), "kpi": (0.99, 0.99),
    "pinyin": (0.99, 0.99), "question": (0.99, 0.88), "synonym": (0.89, 0.99), "title": (0.99, 0.99),
    "traditional": (0.92, 0.99), "typo": (0.99, 0.99),
}
# relevance_heldout.yaml (never tuned on): MRR 0.986, recall@3 0.990 (Material's lunr search: 0.777 / 0.816).
BROWSER_HELD_OUT = (0.98, 0.98)
# relevance_heldout_16.yaml (issue 16, never tuned on), per kind; all 64: MRR 0.948, recall@3 0.964
# (Material's lunr search with our fields: 0.774 / 0.823).
BROWSER_HELD_OUT_16 = {
    "alias": (0.99, 0.99), "fragment": (0.85, 0.88), "initials": (0.99, 0.99), "kpi": (0.99, 0.99),
    "pinyin": (0.99, 0.99), "question": (0.91, 0.97), "title": (0.99, 0.99), "traditional": (0.99, 0.92),
}


@pytest.mark.slow
def test_labelled_queries_in_the_browser(page, base_url):
    """Every labelled query typed into the search box; the role pages shown, scored like
    `roledocs search` (benchmarks/site_search.py compares with Material's default). The
    tuned set per kind, the held-out set as a whole, each at its own floor."""
    held_out = load_queries(REPO / "tests" / "relevance_heldout.yaml")
    held_out_16 = load_queries(REPO / "tests" / "relevance_heldout_16.yaml")
    shown = {}
    for q in QUERIES + held_out + held_out_16:
        results = browser.search_typed(page, base_url, q.query)
        shown[q.query] = [r for r in (role_of(x["url"], base_url) for x in results) if r]
    result = evaluate(shown.__getitem__, QUERIES)
    misses = [(r.query.query, r.ranking[:3]) for r in result.failures()]
    print(f"\nbrowser, relevance_queries.yaml (tuned): {result.summary()}")
    low = {kind: (round(mrr, 3), round(recall, 3)) for kind, (mrr, recall) in result.by_kind.items()
           if mrr < BROWSER_FLOORS[kind][0] or recall < BROWSER_FLOORS[kind][1]}
    assert not low, (low, misses)
    assert result.mrr >= 0.98 and result.recall >= 0.98, (result.summary(), misses)
    unseen = evaluate(shown.__getitem__, held_out)
    print(f"browser, relevance_heldout.yaml (held out): {unseen.summary()}")
    assert unseen.mrr >= BROWSER_HELD_OUT[0] and unseen.recall >= BROWSER_HELD_OUT[1], unseen.summary()
    unseen_16 = evaluate(shown.__getitem__, held_out_16)
    print(f"browser, relevance_heldout_16.yaml (held out): {unseen_16.summary()}")
    assert unseen_16.mrr >= 0.94 and unseen_16.recall >= 0.95, unseen_16.summary()
    assert set(unseen_16.by_kind) == set(BROWSER_HELD_OUT_16)
    low = {kind: (round(mrr, 3), round(recall, 3)) for kind, (mrr, recall) in unseen_16.by_kind.items()
           if mrr < BROWSER_HELD_OUT_16[kind][0] or recall < BROWSER_HELD_OUT_16[kind][1]}
    assert not low, (low, [(r.query.query, r.ranking[:3]) for r in unseen_16.failures()])
    assert page.errors == []


def test_download_links_return_a_pdf_and_a_docx(page, base_url):
    page.goto(base_url + "roles/sales-rep/")
    for fmt, magic, mime in (("pdf", b"%PDF-", "application/pdf"),
                             ("docx", b"PK\x03\x04", "application/vnd.openxmlformats-officedocument")):
        button = page.locator(f'.roledocs-downloads a[data-format="{fmt}"]')
        assert button.is_visible()
        with page.expect_download() as info:
            button.click()
        download = info.value
        assert download.suggested_filename == button.get_attribute("download")
        assert download.suggested_filename.endswith(f"销售代表 岗位说明书.{fmt}")
        assert Path(download.path()).read_bytes().startswith(magic)
        response = page.request.get(button.evaluate("a => a.href"))
        assert response.status == 200
        assert response.headers["content-type"].startswith(mime)
        assert response.body().startswith(magic)
