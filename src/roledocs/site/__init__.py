"""The knowledge-base site: an MkDocs plugin that turns the model into pages.

- `generate`     everything the knowledge base adds to a site (pages, files, overview, nav), in one function
- `plugin`       the MkDocs plugin (`roledocs` entry point): a thin layer over `generate`, events only
- `files`        the same pages written into a folder (`roledocs site --out`) with `mkdocs_config`'s
                 mkdocs.yml without the plugin, for a plain `mkdocs build` or `zensical build`
- `pages`        Markdown for every generated page, from Jinja2 templates in templates/site/
- `orgchart`     reporting-line charts as inline SVG, computed at build time
- `search_index` the site search: the CLI index and analysis cut into files a worker (search_worker.js) fetches on demand
- `urls`         where each generated page lives, and relative links between them
"""
