"""Text from YAML, escaped for the place it lands on the site.

YAML values are data, never markup: a role title with `<img onerror=…>`, a summary
starting with `!!! danger "…"` or a folder name with a quote must show as the
characters they are. MkDocs and Material print page titles, nav titles, tags and
`meta` values without escaping (their templates do not autoescape), so every value is
escaped here, before MkDocs sees it, for its context:

- `md`        Markdown source (paragraphs, list items, table cells, headings): inline and
              block-level syntax, raw HTML and entities all become literal text;
- `md_title`  the quoted title of an admonition or `???` block;
- `html`      HTML text or a double-quoted attribute value (also what MkDocs and Material
              print raw: page and nav titles, `<meta name="description">`, tag names);
- `md_attr`   an attribute value of raw HTML written inside Markdown;
- `url_path`  a file path inside a URL (the 编辑此页 link);
- `json_for_script`  JSON inside a `<script>` element (JSON-LD).

The text escapes (`md`, `md_title`, `html`, `md_attr`) also fold line breaks (U+2028 and
U+2029 too) into single spaces: a value is one line wherever it lands, so it cannot start a
Markdown block of its own.
"""
from __future__ import annotations

import html as _html
import json
import re
from urllib.parse import quote

# Markdown syntax characters → their literal form: a backslash escape where core Markdown
# has one; a numeric entity for `&<>` and for what only an extension could escape
# (`|` of tables, `:` of emoji shortcodes).
_MD_LITERAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", ":": "&#58;",
               **{c: "\\" + c for c in "\\`*_{}[]()#+-.!"}}
_MD_SPECIAL = re.compile("[" + re.escape("".join(_MD_LITERAL)) + "]")
# Starts of blocks that no backslash escapes: `??? danger` (details), `===`, `~~~` (fences).
_MD_BLOCK_START = "?=~"


def one_line(text) -> str:
    """The value as a single line: runs of white space (any Unicode line break too) → one space."""
    if text is None:
        return ""
    return " ".join(str(text).split())


def md(text) -> str:
    """Text safe inside Markdown: a paragraph, list item, table cell or heading. One line
    (no block can start inside it), every syntax character literal, and no block syntax at
    its start (`!!! danger`, `# `, `- `, `1. `, `> `, `???`, `---`, `{: … }` …)."""
    text = _MD_SPECIAL.sub(lambda m: _MD_LITERAL[m.group(0)], one_line(text))
    if text and text[0] in _MD_BLOCK_START:
        text = f"&#{ord(text[0])};" + text[1:]
    return text


def md_title(text) -> str:
    """A double-quoted admonition / details title (`??? example "…"`)."""
    return '"' + md(text).replace('"', "&quot;") + '"'


def html(text) -> str:
    """HTML text or attribute value (quotes escaped too)."""
    return _html.escape(one_line(text), quote=True)


def md_attr(text) -> str:
    """An attribute value of raw HTML inside Markdown (a download button). Markdown reads
    inside raw inline tags too (`[x](javascript:…)` in an attribute becomes a link), so every
    ASCII character that some Markdown syntax uses is a numeric character reference: all but
    letters, digits and ` -./,`."""
    return "".join(c if c.isalnum() or c in " -./," or ord(c) > 127 else f"&#{ord(c)};" for c in one_line(text))


def url_path(path: str) -> str:
    """A relative file path as a URL path: every character outside [A-Za-z0-9_.~/-] %-encoded."""
    return quote(str(path), safe="/")


_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data) -> str:
    """JSON that can sit inside `<script>…</script>`: no `</script>`, no `<!--`, no raw
    U+2028/U+2029 (line terminators in older JavaScript), and still the same JSON."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group(0)], text)
