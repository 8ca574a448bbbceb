"""The knowledge-base site: an MkDocs plugin that turns the model into pages.

- `plugin`       the MkDocs plugin (`roledocs` entry point): events only, no content
- `pages`        Markdown for every generated page, from Jinja2 templates in templates/site/
- `orgchart`     reporting-line charts as inline SVG, computed at build time
- `search_index` improves Material's search_index.json with roledocs.search.text
- `urls`         where each generated page lives, and relative links between them
"""
