"""Controlled documents: the knowledge base through its git history.

- `git`: the repository, through the plain `git` command (read-only);
- `snapshot`: the knowledge base at any revision (commit, tag, branch, date) in memory;
- `diff`: the semantic diff of two models or two roles, in HR terms; `report` tells it
  as text, Markdown and JSON;
- `versions`: the version rule (`validate --since`), `bump` raises versions in place;
- `revisions`: a role's revision history joined with the commits that touched it, and the
  data of the site's 修订记录 / 最近修订 / 比较 pages; `review`: roles due for review.
"""
