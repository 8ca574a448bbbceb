"""Issue 11 (points 1, 3, 11): text from YAML stays text on the site, whatever it holds.

The knowledge base of tests/hostile_project.py has a hostile value in every free-text field
of every file kind (generated from schemas/), and one role in a folder with a hostile name.
It must still validate; it is built with a real `mkdocs build`, served over http and every
page is opened in Chromium with a dialog handler. On every page: no dialog, no element from
a payload (`[data-xss]`), no inline event handler, no `javascript:` URL, no admonition or
Markdown structure made from YAML text, the JSON-LD intact; and the values that MkDocs and
Material print themselves (page title, meta description, heading, tags, 源文件, 编辑此页)
read exactly as written in YAML. A search in Material's dialog for the word next to the
payloads shows results that pass the same checks.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from support.hostile_project import FOLDER, FOLDER_ROLE, JINJA_RESULT, MARKER, PAYLOADS, make_hostile_project
from support import browser
from roledocs.cjk import unfold
from roledocs.site.escape import one_line
from support.site_project import ENV, mkdocs_build

SITE_NAME = "岗位说明书知识库"
REPO_URL = "https://git.hr-intranet.cn/hr/roledocs"  # a real-looking one: example.com makes no edit links
EDIT_BASE = REPO_URL + "/edit/main/"
# Text a payload's block syntax would put at the start of an element if it were read as Markdown.
FAKE_STARTS = ["冒充标题", "冒充引用", "冒充列表", "冒充编号", "请立即登录", "账号异常", "表 | 格"]
# Words only the hostile values contain: a Markdown block holding one was made from YAML text.
YAML_WORDS = [MARKER, "冒充", "缩进代码", "账号异常", "请立即登录"]

# Run in the page: everything a payload must never have produced.
INERT_CHECK = """([fakeStarts, yamlWords, jinjaResult, scope]) => {
  const root = scope ? document.querySelector(scope) : document.documentElement;
  const problems = [];
  const show = el => el.outerHTML.slice(0, 160);
  for (const el of root.querySelectorAll('[data-xss]')) problems.push('payload element: ' + show(el));
  for (const el of root.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) problems.push(`inline handler ${a.name}: ` + show(el));
      if (/^(href|src|action|formaction|xlink:href|data)$/i.test(a.name)
          && /^\\s*javascript:/i.test(a.value)) problems.push('javascript: URL: ' + show(el));
    }
  }
  // Blocks no YAML value may make (the templates' own `??? example` holds a 典型工作场景).
  for (const el of root.querySelectorAll(
      '.admonition:not(.example), details:not(.example):not(.md-search-result__more):not(.roledocs-compare), '
      + 'blockquote, pre'))
    if (yamlWords.some(w => el.textContent.includes(w))) problems.push('Markdown block from YAML: ' + show(el));
  for (const el of root.querySelectorAll('h1, h2, h3, h4, h5, h6, li, td, th, p, summary, dt, dd, code')) {
    const text = el.textContent.trim();
    if (fakeStarts.some(s => text.startsWith(s))) problems.push('Markdown structure from YAML: ' + show(el));
  }
  if (root.textContent.includes(jinjaResult)) problems.push('a Jinja expression from YAML was evaluated');
  if (!scope) {
    if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count: ' + document.querySelectorAll('h1').length);
    if (!document.querySelector('.md-footer')) problems.push('the page ends early (no footer)');
    for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
      try { JSON.parse(s.textContent); } catch (e) { problems.push('JSON-LD does not parse: ' + e); }
    }
  }
  return problems;
}"""

FACTS = """() => ({
  title: document.title,
  description: (document.querySelector('meta[name="description"]') || {}).content,
  descriptions: document.querySelectorAll('meta[name="description"]').length,
  h1: document.querySelector('h1') && document.querySelector('h1').textContent.replace('¶', '').trim(),
  tags: [...document.querySelectorAll('.md-content .md-tag')].map(t => t.textContent.trim()),
  jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')].map(s => JSON.parse(s.textContent)),
  code: [...document.querySelectorAll('.md-content td code')].map(c => c.textContent),
  edit: [...document.querySelectorAll('a.md-content__button, .md-content td a')]
          .map(a => a.href).filter(h => h.startsWith('https://git.hr-intranet.cn/')),
  downloads: [...document.querySelectorAll('.roledocs-downloads a')].map(a => a.getAttribute('download')),
  text: document.body.innerText,
})"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile knowledge base in a git repository with two commits, so that the history parts
    of the site (与上一版本比较, 最近修订) show hostile values too: the second commit adds a task
    (a hostile one, changed) to every role."""
    project = make_hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "https://git.example.com/hr/roledocs" in text
    config.write_text(text.replace("https://git.example.com/hr/roledocs", REPO_URL), encoding="utf-8")
    env = {**ENV, "GIT_AUTHOR_NAME": "hr", "GIT_AUTHOR_EMAIL": "hr@x.cn", "GIT_COMMITTER_NAME": "hr",
           "GIT_COMMITTER_EMAIL": "hr@x.cn"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "初始版本 <img src=x onerror=alert(1)>"]):
        subprocess.run(["git", *args], cwd=project.root, env=env, check=True, capture_output=True)
    for path in (project.root / "roles").rglob("*.yaml"):
        if path.name.startswith("_"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        tasks = data["duties"][0].setdefault("tasks", [])
        tasks.append((tasks[0] if tasks else data["summary"]) + "（修订）")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "修订 **粗体** [链接](javascript:alert(1))"], cwd=project.root, env=env,
                   check=True, capture_output=True)
    return project


@pytest.fixture(scope="module")
def hostile_site(hostile) -> Path:
    site = hostile.root.parent / "site"
    result = mkdocs_build(hostile.root, site)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    # Markdown links or anchors made from YAML text show up as MkDocs link messages; the only
    # warnings are the knowledge base's own (the folder that differs from the department …).
    assert "unrecognized relative link" not in log and "does not contain an anchor" not in log, log
    assert [line for line in log.splitlines() if line.startswith("WARNING") and " RD3" not in line] == [], log
    return site


def test_the_hostile_knowledge_base_validates(cli, hostile):
    """Every free-text field of every kind holds the payloads and the knowledge base is still valid."""
    result = cli("validate", "--root", hostile.root)
    assert result.returncode == 0, result.stdout + result.stderr
    for kind in ("role", "departments", "kpis", "glossary", "processes", "positions"):
        assert any(path.startswith(kind + ":") for path in hostile.filled), kind
    assert "role:/title" in hostile.filled and "role:/duties/*/tasks/*" in hostile.filled


def test_search_files_hold_yaml_text_as_data(hostile_site):
    """The search worker builds each result's HTML itself and escapes every text it shows
    (test_search_results_for_the_payloads_are_inert checks that in Chromium): the search files
    hold the payloads as JSON strings (markup from the pages reduced to its text), and Material's
    search_index.json holds no documents."""
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []
    for folder in ("r", "g"):  # the roles, the other pages
        texts = [json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False)
                 for p in (hostile_site / "search" / "roledocs" / folder).glob("*.json")]
        assert any("data-xss" in t for t in texts), folder  # the payloads are there, as text


# ── in Chromium ──────────────────────────────────────────────────────────
@pytest.fixture(scope="module")
def served(hostile_site):
    with browser.serve(hostile_site) as url:
        yield url


@pytest.fixture(scope="module")
def tab(chromium):
    """One page for the whole module, recording dialogs and script errors."""
    with browser.launch(chromium) as chrome:
        context = chrome.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.dialogs, page.errors = [], []

        def on_dialog(dialog):
            page.dialogs.append(f"{page.url}: {dialog.type} {dialog.message}")
            dialog.dismiss()
        page.on("dialog", on_dialog)
        page.on("pageerror", lambda e: page.errors.append(f"{page.url}: {e}"))
        yield page
        context.close()


def expected_pages(hostile) -> dict[str, dict]:
    """URL path → what MkDocs and Material must print for the values from YAML."""
    pages = {}
    for role_id, role in hostile.roles.items():
        pages[f"roles/{role_id}/"] = {"title": role["title"], "description": role["summary"], "role": role}
    for dept_id, dept in hostile.departments.items():
        pages[f"departments/{dept_id}/"] = {"title": dept["name"], "description": dept.get("summary") or dept["name"]}
    for process_id, process in hostile.processes.items():
        pages[f"processes/{process_id}/"] = {"title": process["name"],
                                             "description": process.get("summary") or process["name"]}
    return pages


def shown(value) -> str:
    """A YAML value as the site shows it: the model joins folded lines between Chinese characters
    without a space (roledocs.cjk.unfold), the escapes make it one line."""
    return one_line(unfold(str(value)))


def check_expected(facts: dict, expected: dict, path: str, hostile) -> list[str]:
    problems = []
    title = shown(expected["title"])
    if facts["title"] != f"{title} - {SITE_NAME}":
        problems.append(f"<title>: {facts['title']!r}")
    if facts["h1"] != title:
        problems.append(f"h1: {facts['h1']!r}")
    if facts["descriptions"] != 1 or facts["description"] != shown(expected["description"]):
        problems.append(f"meta description: {facts['description']!r}")
    role = expected.get("role")
    if role is None:
        return problems
    dept = hostile.departments[role["department"]]
    tags = [shown(t) for t in [dept["name"], role["category"], *role.get("tags", [])]]
    if sorted(facts["tags"]) != sorted(tags):  # Material sorts them
        problems.append(f"tags: {facts['tags']!r} != {tags!r}")
    [ld] = facts["jsonld"]
    if ld["name"] != unfold(role["title"]) or ld["description"] != shown(role["summary"]):
        problems.append(f"JSON-LD: {ld!r}")
    folder = FOLDER if role["id"] == FOLDER_ROLE else role["department"]
    source = f"roles/{folder}/{role['id']}.yaml"
    if source not in facts["code"]:
        problems.append(f"源文件: {facts['code']!r}")
    edits = {unquote(urlsplit(href).path) for href in facts["edit"]}
    if edits != {urlsplit(EDIT_BASE).path + source} or len(facts["edit"]) != 2:
        problems.append(f"编辑此页: {facts['edit']!r}")
    if facts["downloads"] != [f"{shown(role['document']['number'])} {shown(role['title'])} 岗位说明书.docx"]:
        problems.append(f"download: {facts['downloads']!r}")
    return problems


def site_pages(site: Path) -> list[str]:
    return sorted(str(p.parent.relative_to(site)) + "/" if p.name == "index.html" else str(p.relative_to(site))
                  for p in site.rglob("*.html"))


@pytest.mark.browser
def test_every_page_is_inert_and_shows_yaml_text_as_written(tab, served, hostile, hostile_site):
    expected = expected_pages(hostile)
    paths = [("" if p == "./" else p) for p in site_pages(hostile_site)]
    assert len(paths) >= 30 and set(expected) <= set(paths)
    problems, texts = [], []
    for path in paths:
        tab.goto(served + path, wait_until="load")
        found = tab.evaluate(INERT_CHECK, [FAKE_STARTS, YAML_WORDS, JINJA_RESULT, None])
        facts = tab.evaluate(FACTS)
        texts.append(facts["text"])
        if path in expected:
            found += check_expected(facts, expected[path], path, hostile)
        problems += [f"{path or '/'}: {p}" for p in found]
    assert tab.dialogs == [], tab.dialogs
    assert tab.errors == [], tab.errors
    assert problems == [], "\n".join(problems[:40])
    # Each payload reads as the characters it is, somewhere on the site.
    shown = " ".join(" ".join(t.split()) for t in texts)
    missing = [p for p in PAYLOADS if one_line(p) not in shown]
    assert missing == [], missing


@pytest.mark.browser
def test_search_results_for_the_payloads_are_inert(tab, served):
    results = browser.search(tab, served, MARKER)
    assert len(results) >= 10, results
    problems = tab.evaluate(INERT_CHECK, [[], YAML_WORDS, JINJA_RESULT, ".md-search-result"])
    assert problems == [], problems
    shown = tab.locator(".md-search-result").inner_text()
    assert "data-xss" in shown, shown[:500]  # the payloads are in the results, as text
    assert tab.dialogs == [], tab.dialogs
    assert tab.errors == [], tab.errors
