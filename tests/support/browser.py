"""Drive a built site in a real Chromium: serve it over http, search it like a user.

Used by the browser tests and `benchmarks/site_search.py`. Needs Playwright (the
`dev` extra) and a system Chromium; never runs `playwright install`.

Material's search listens to keyup, and loads its index with fetch (so file://
cannot search): we serve over http on 127.0.0.1 and open `/?q=…`, then wait until
the result meta no longer says 初始化 (the worker is still building the index).
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str | None:
    """ROLEDOCS_CHROMIUM (when set, only it), else the Debian package's /usr/bin/chromium, else None."""
    chosen = os.environ.get("ROLEDOCS_CHROMIUM")
    candidates = [chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(site_dir: Path | str):
    """Serve `site_dir` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def launch(executable: str | None = None):
    """A headless Chromium (Playwright sync API); yields the browser."""
    from playwright.sync_api import sync_playwright

    executable = executable or chromium_path()
    if executable is None:
        raise RuntimeError("找不到 Chromium：请安装 Debian 软件包 chromium，或设置 ROLEDOCS_CHROMIUM。")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def search(page, base_url: str, query: str, timeout_ms: int = 30_000) -> list[dict]:
    """Search the site like a user and return the result list, best first.

    Each result: {"url": absolute URL of the page (no fragment), "href": the link as shown,
    "title": the result's title}. Material shows a page's matching sections under the page;
    we keep the page once, in the order a user sees the pages.
    """
    page.goto(urljoin(base_url, "?q=" + quote(query)))
    meta = page.locator(".md-search-result__meta")
    meta.wait_for(state="attached", timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            const m = document.querySelector('.md-search-result__meta');
            return m && m.textContent.trim() !== '' && !m.textContent.includes('初始化');
        }""",
        timeout=timeout_ms,
    )
    return _results(page)


def search_typed(page, base_url: str, query: str, timeout_ms: int = 30_000) -> list[dict]:
    """Like `search`, but typed into the search box of the page already open (no reload:
    the worker builds its index once). Material searches on keyup, so we end with End."""
    box = page.locator(".md-search__input")
    if not page.url.startswith(base_url) or box.count() == 0:
        page.goto(base_url)
    box = page.locator(".md-search__input")
    box.fill("")
    box.press("End")
    # An empty query shows the placeholder (键入以开始搜索) once the worker is ready … (the
    # placeholder itself, read from the page's translations: the previous query's 没有找到
    # also has no result items, and a second query without results would never replace it)
    placeholder = page.evaluate(
        """() => JSON.parse(document.getElementById('__config').textContent)
                     .translations['search.result.placeholder']""")
    page.wait_for_function(
        """(placeholder) => { const m = document.querySelector('.md-search-result__meta');
                              return m && m.textContent.trim() === placeholder.trim()
                                     && document.querySelectorAll('.md-search-result__item').length === 0; }""",
        arg=placeholder, timeout=timeout_ms)
    placeholder = page.locator(".md-search-result__meta").text_content()
    box.fill(query)
    box.press("End")
    # … and the query's results replace it.
    page.wait_for_function(
        """(placeholder) => { const m = document.querySelector('.md-search-result__meta');
                              return m && m.textContent !== placeholder; }""",
        arg=placeholder, timeout=timeout_ms)
    return _results(page)


def _results(page) -> list[dict]:
    items = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link",
        """els => els.map(a => ({href: a.getAttribute('href'), url: a.href,
                                 title: (a.querySelector('h1,h2') || a).textContent.trim()}))""",
    )
    results, seen = [], set()
    for item in items:  # one entry per page: Material lists a page's matching sections under it
        parts = urlsplit(item["url"])
        item["url"] = f"{parts.scheme}://{parts.netloc}{parts.path}"
        if item["url"] not in seen:
            seen.add(item["url"])
            results.append(item)
    return results


def page_path(url: str, base_url: str) -> str:
    """'http://127.0.0.1:8000/roles/sales-rep/' → 'roles/sales-rep/'."""
    return urlsplit(url).path[len(urlsplit(base_url).path):]
