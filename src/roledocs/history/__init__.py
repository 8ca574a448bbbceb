"""Controlled documents: the knowledge base through its git history.

- `git`: the repository, through the plain `git` command (read-only);
- `snapshot`: the knowledge base at any revision (commit, tag, branch, date), in memory;
- `changes`: what a diff is made of; `roles`: two roles compared field by field;
  `diff`: two knowledge bases compared (roles and shared files); `report`: a diff as text,
  Markdown and JSON; `compare`: the two comparisons the CLI and the site ask for;
- `versions`: the version rule (`validate --since`); `bump`: raising versions in place;
- `revisions`: a role's revisions joined with its commits, the latest changes (site data);
- `review`: roles due for their periodic review.
"""
