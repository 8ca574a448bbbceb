"""Text from YAML is text (issue 11, points 3 and 11), checked with the site's own Markdown.

Each value goes through the site's escaping into every kind of place a template puts it
(paragraph, list item, heading, table cell, admonition title) and is converted by
Python-Markdown with the extensions configured in mkdocs.yml: the result must be that one
element holding exactly the characters of the value. The browser test
(test_site_injection.py) checks the same on a whole built site; this one names the case.
"""
from __future__ import annotations

import html
import json
from html.parser import HTMLParser

import markdown
import pytest
from mkdocs.config import load_config

from roledocs.kb.model import build_model
from roledocs.site.escape import md_title
from roledocs.site.pages import md, occupation_jsonld
from roledocs.kb.validate import validate_knowledge_base
from support.site_project import REPO

VALUES = [
    '!!! danger "系统通知：请立即登录 http://example.com 修改密码"',
    '??? danger "账号异常"',
    "???+ note 展开",
    "/// warning | 块",
    "# 冒充标题",
    "## 标题 ##",
    "职责名称 #",
    "---",
    "***",
    "___",
    "> 冒充引用",
    "- 冒充列表",
    "+ 冒充列表",
    "* 冒充列表",
    "1. 冒充编号",
    "1) 编号",
    "| 表 | 格 |",
    "表 | 格",
    "<div>HTML 块</div>",
    "<b onclick=alert(1)>粗体</b>",
    "a <!-- 注释",
    "```js",
    "~~~",
    "    缩进代码",
    "标题\n===",
    "文字\n\n    缩进代码\n\n# 第二段标题",
    '=== "标签页"',
    "{: onclick=alert(1) }",
    "职责 { #id .class }",
    "[点我](javascript:alert(1))",
    "![图](x)",
    "<javascript:alert(1)>",
    "[链接][ref]\n\n[ref]: javascript:alert(1)",
    "&lt;实体&gt; &amp;amp; &#60;",
    "*强调* _强调_ **粗** `代码` ~~删除~~ \\转义",
    ":material-alert: :warning: 图标",
    "{{ 7*7 }} {% raw %}",
    "第一行\u2028第二行\u2029第三段",
    "?",
]


@pytest.fixture(scope="module")
def convert():
    """Markdown → HTML with the extensions and settings of the site's mkdocs.yml."""
    config = load_config(str(REPO / "mkdocs.yml"))
    converter = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    return lambda text: converter.reset().convert(text)


class _Tree(HTMLParser):
    """Start tags (with classes) and text of an HTML fragment; the toc's ¶ links left out."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""
        self._skip = 0
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._skip or attrs.get("class") == "headerlink":
            self._skip += 1
            return
        self.tags.append(tag + "".join("." + c for c in (attrs.get("class") or "").split()))

    def handle_endtag(self, tag):
        if self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text += data


PLACES = {
    # where templates put text: Markdown around it, the elements it must make
    "paragraph": ("{}", ["p"]),
    "list item": ("- {}", ["ul", "li"]),
    "nested list item": ("- 上级\n\n    - {}", ["ul", "li", "p", "ul", "li"]),
    "heading": ("### {}", ["h3"]),
    "table cell": ("| 项目 | 内容 |\n| --- | --- |\n| 名称 | {} |", ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]),
    "after a label": ("**标签**：{}", ["p", "strong"]),
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("value", VALUES)
def test_yaml_text_renders_as_its_own_characters(convert, place, value):
    template, elements = PLACES[place]
    tree = _Tree(convert(template.format(md(value))))
    assert tree.tags == elements, tree.tags
    shown = " ".join(tree.text.split())
    assert " ".join(value.split()) in shown, shown


@pytest.mark.parametrize("value", VALUES)
def test_yaml_text_as_an_admonition_title(convert, value):
    tree = _Tree(convert(f"??? example {md_title(value)}\n\n    内容"))
    assert tree.tags == ["details.example", "summary", "p"], tree.tags
    assert " ".join(tree.text.split()) == " ".join(value.split()) + " 内容"


def test_json_ld_cannot_end_or_comment_out_its_script_element():
    report = validate_knowledge_base(REPO)
    kb = build_model(report.documents, "public", root=report.roles_dir)
    role = kb.roles["sales-rep"]
    hostile = "<!--<script> </script><script>alert(1)</script> & \u2028\u2029"
    role.title = role.summary = hostile
    text = occupation_jsonld(role)
    assert not set(text) & set("<>&\u2028\u2029"), text
    data = json.loads(text)
    assert data["name"] == hostile and data["description"] == " ".join(hostile.split())
    assert html.unescape(text) == text  # nothing an HTML parser would decode inside <script>
