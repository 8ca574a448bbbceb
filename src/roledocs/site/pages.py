"""Markdown for every generated page of the site, from Jinja2 templates in templates/site/.

`SitePages(kb, ...).generate()` returns `{src_uri: markdown}`: a page per role and
per department, the role list, the company org chart, the KPI catalogue, the
glossary, the processes, the tag index, and the overview that goes into the home page.
Pages link to each other with Markdown links to `.md` files, so MkDocs checks them.
Everything here reads the model (already stripped of confidential keys for the
public audience), never the YAML. Every value from it is escaped for where it lands
(see escape.py): templates pass YAML text through |md (Markdown) or |html (HTML, and the
front matter that MkDocs and Material print raw).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..content import format as fmt
from ..content.job_description import job_description
from ..kb.model import KnowledgeBase, Role
from ..history.changes import CHANGE_LABELS
from ..history.report import SHARED_KIND_LABELS
from ..history.compare import roles_compared
from . import orgchart, urls
from .revisions import NO_GIT, SiteHistory
from .escape import html, json_for_script, md, md_attr, md_title, one_line

FORMAT_LABEL = {"pdf": "PDF", "docx": "Word"}
OVERVIEW_MARKER = "<!-- roledocs:overview -->"


def template_dirs(project: Path | None = None) -> list[Path]:
    """Where the site's page templates are looked up, first match wins: the project's own
    templates/site/, then templates/site/ of a source checkout or the copy packaged with roledocs."""
    from ..render.templates import template_dirs as document_template_dirs

    return [p / "site" for p in document_template_dirs(project) if (p / "site").is_dir()]


_slugify = None


def heading_slug(text: str) -> str:
    """The id Python-Markdown's toc gives a heading made of `md(text)` (pymdownx.slugs, as
    configured in mkdocs.yml)."""
    global _slugify
    if _slugify is None:
        from pymdownx.slugs import slugify
        _slugify = slugify(case="lower")
    return _slugify(one_line(text), "-")


@dataclass
class Downloads:
    """Which role documents exist in this build: {role_id: [format, …]}."""

    formats: dict[str, list[str]] = field(default_factory=dict)

    def for_role(self, role_id: str) -> list[str]:
        """The formats ("pdf", "docx") of the role's documents in this build, [] when none."""
        return self.formats.get(role_id, [])


class SitePages:
    """Renders the site's generated Markdown pages (roles, departments, org chart, KPIs …) from the model."""

    def __init__(self, kb: KnowledgeBase, *, use_directory_urls: bool = True, downloads: Downloads | None = None,
                 edit_url_for=None, history: SiteHistory | None = None, health: str | None = None,
                 compare: bool = True, raw_links: str = "page"):
        self.kb = kb
        # Links in raw HTML (the org chart's SVG, download buttons, facts): MkDocs leaves them as
        # written, so "page" writes final URLs relative to the page; Zensical resolves them against
        # the Markdown file like Markdown links, so "source" writes links relative to it.
        self.raw_links = raw_links
        self.compare = compare  # compare each role with its superior on its page
        self.history = history or SiteHistory(False, NO_GIT)
        self.health = health  # the 知识库体检 page's Markdown (roledocs.lint.page), None: no page
        self.edit_url_for = edit_url_for or (lambda role: None)
        self.use_directory_urls = use_directory_urls
        self.downloads = downloads or Downloads()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in template_dirs(kb.project)]),
            autoescape=False,  # the output is Markdown; text is escaped with the `md` filter
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
        self.env.filters.update(md=md, md_title=md_title, md_attr=md_attr, html=html, number=fmt.number,
                                sentences=fmt.sentences, threshold=fmt.threshold, ref=self._ref,
                                role_ref=self._role_ref)
        vocab = kb.vocabulary
        self.env.globals.update(
            FORMAT_LABEL=FORMAT_LABEL, urls=urls, slug=heading_slug, vocab=vocab, CHANGE_LABELS=CHANGE_LABELS,
            SHARED_KIND_LABELS=SHARED_KIND_LABELS,
            history=self.history,
            L={path: f.title for path, f in vocab.fields("role").items()},
            KL={path: f.title for path, f in vocab.fields("kpis").items()},
            DL={path: f.title for path, f in vocab.fields("departments").items()},
            PL={path: f.title for path, f in vocab.fields("processes").items()},
            GL={path: f.title for path, f in vocab.fields("glossary").items()})

    # ── helpers given to templates ────────────────────────────────────────
    def _render(self, template: str, uri: str, **context) -> str:
        def link(to_uri: str) -> str:
            return urls.md_link(uri, to_uri)

        def html_link(to_uri: str) -> str:
            return self._raw_link(uri, to_uri)

        try:
            return self.env.get_template(template).render(kb=self.kb, uri=uri, link=link, html_link=html_link,
                                                          **context)
        except jinja2.TemplateError as exc:  # most often a company's own copy in templates/site/
            from ..render.errors import template_problem
            raise template_problem(exc, f"site/{template}") from None

    @staticmethod
    @jinja2.pass_context
    def _ref(ctx, item) -> str:
        """A role as a Markdown link; a position (总经理 …) as plain text."""
        if item is None:
            return ""
        if getattr(item, "is_role", False):
            return f"[{md(item.title)}]({urls.md_link(ctx['uri'], urls.role_uri(item.id))})"
        return md(item.title)

    @staticmethod
    @jinja2.pass_context
    def _role_ref(ctx, role_id: str) -> str:
        item = ctx["kb"].find(role_id)
        return SitePages._ref(ctx, item) if item is not None else md(role_id)

    def _raw_link(self, from_uri: str, to_uri: str) -> str:
        """A link in raw HTML of the page built from `from_uri` (see raw_links)."""
        if self.raw_links == "source":
            return urls.md_link(from_uri, to_uri)
        return urls.html_link(from_uri, to_uri, self.use_directory_urls)

    def _href_for(self, uri: str):
        return lambda role_id: self._raw_link(uri, urls.role_uri(role_id))

    # ── pages ─────────────────────────────────────────────────────────────
    def generate(self) -> dict[str, str]:
        """{source uri: Markdown} of every generated page."""
        pages: dict[str, str] = {}
        for role in self.kb.roles.values():
            uri = urls.role_uri(role.id)
            pages[uri] = self.role_page(role, uri)
        for dept in self.kb.departments.values():
            uri = urls.department_uri(dept.id)
            pages[uri] = self._render("department.md.j2", uri, dept=dept, roles=self.roles_in_order(dept.roles),
                                      chart=orgchart.department_chart(self.kb, dept.id, self._href_for(uri))
                                      if dept.roles else "")
        pages[urls.DEPARTMENTS_INDEX] = self._render("departments.md.j2", urls.DEPARTMENTS_INDEX)
        pages[urls.ROLES_INDEX] = self._render("roles.md.j2", urls.ROLES_INDEX, roles=self.roles_by_department())
        pages[urls.ORGCHART] = self._render("org.md.j2", urls.ORGCHART,
                                            chart=orgchart.company_chart(self.kb, self._href_for(urls.ORGCHART)))
        pages[urls.KPIS] = self._render("kpis.md.j2", urls.KPIS, groups=self.kpi_groups(), used_by=self.kpi_users())
        pages[urls.GLOSSARY] = self._render("glossary.md.j2", urls.GLOSSARY, terms=self.kb.glossary,
                                            anchors={t.term for t in self.kb.glossary})
        for process in self.kb.processes:
            uri = urls.process_uri(process.id)
            pages[uri] = self._render("process.md.j2", uri, process=process)
        pages[urls.PROCESSES_INDEX] = self._render("processes.md.j2", urls.PROCESSES_INDEX)
        pages[urls.TAGS] = self._render("tags.md.j2", urls.TAGS)
        pages[urls.CHANGES] = self._render("changes.md.j2", urls.CHANGES)
        pages[urls.COMPARE_INDEX] = self._render(
            "compare.md.j2", urls.COMPARE_INDEX, roles=self.roles_by_department(),
            role_urls=json_for_script({r.id: urls.html_link(urls.COMPARE_INDEX, urls.role_uri(r.id),
                                                            self.use_directory_urls) for r in self.kb.roles.values()}))
        if self.health is not None:
            pages[urls.HEALTH] = self.health_page(self.health)
        return pages

    def health_page(self, body: str) -> str:
        """The 知识库体检 page: roledocs.lint.page's Markdown (escaped there) under front matter."""
        return ("---\ntitle: 知识库体检\ndescription: 知识库体检：各项检查的问题数、各部门的问题和每个问题所在的文件与行。\n"
                "search:\n  exclude: true\n---\n\n" + body)

    def overview(self, uri: str = urls.HOME) -> str:
        """The generated part of the home page (inserted at OVERVIEW_MARKER)."""
        return self._render("overview.md.j2", uri, stats=self.stats())

    def role_page(self, role: Role, uri: str) -> str:
        """The Markdown of one role's page: its job description (the same content as its
        documents) with the web's links, downloads and processes."""
        last = self.history.last_change(role.id)
        return self._render("role.md.j2", uri, jd=job_description(self.kb, role), tags=self.role_tags(role),
                            downloads=self.download_links(role), edit_url=self.edit_url_for(role),
                            processes=self.processes_of(role.id),
                            last_change=last, version_commits=self.history.version_commits(
                                role.id, role.document.version) if self.history.available else {},
                            compared=self.comparisons_of(role) if self.compare else [],
                            heads=role.department if role.department and role.department.head is role else None)

    # ── data shaping ──────────────────────────────────────────────────────
    def comparisons_of(self, role: Role) -> list[tuple[str, Role, list]]:
        """The role compared with its superior: what the next step up asks more. On the role page,
        so that no page per pair slows a large site down (promotions too measured ~0.5 s a pair on
        the real knowledge base: 岗位比较 shows any two side by side instead)."""
        other = role.superior
        if isinstance(other, Role) and other.id != role.id and other.id in self.kb.roles:
            return [("直接上级", other, roles_compared(self.kb, role.id, other.id).changes)]
        return []

    def role_tags(self, role: Role) -> list[str]:
        """The role's tags for its page: its department, its category, then its own tags, without repeats."""
        tags = []
        if role.department:
            tags.append(role.department.name)
        if role.category:
            tags.append(role.category)
        tags.extend(t for t in role.tags if t not in tags)
        return tags

    def download_links(self, role: Role) -> list[dict]:
        """The role's document downloads in this build: format, label, uri and file name of each."""
        number = role.document.number
        links = []
        for kind in self.downloads.for_role(role.id):  # not `fmt`: that is the formatting module
            filename = " ".join(x for x in (number, role.title, "岗位说明书") if x) + f".{kind}"
            links.append({"format": kind, "label": FORMAT_LABEL.get(kind, kind.upper()),
                          "uri": urls.download_uri(role.id, kind), "filename": filename})
        return links

    def kpi_groups(self) -> list[tuple[str, list]]:
        """(category, KPIs) groups of the KPI library, "其他" for KPIs without a category."""
        groups: dict[str, list] = {}
        for kpi in self.kb.kpis.values():
            groups.setdefault(kpi.category or "其他", []).append(kpi)
        return list(groups.items())

    def kpi_users(self) -> dict[str, list[Role]]:
        """{kpi id: the roles using it}."""
        return {kpi.id: kpi.users for kpi in self.kb.kpis.values() if kpi.users}

    def processes_of(self, role_id: str) -> list[dict]:
        """The processes naming this role: each with the steps it takes part in and whether it owns the process."""
        found = []
        for process in self.kb.processes_of(role_id):
            steps = [s for s in process.steps if role_id in s.role_ids]
            found.append({"process": process, "steps": steps, "owner": process.owner_id == role_id})
        return found

    def roles_in_order(self, roles) -> list[Role]:
        """Top of the reporting line first, then by document number."""
        return sorted(roles, key=lambda r: (r.depth, r.document.number, r.id))

    def roles_by_department(self) -> list[Role]:
        """Every role, department by department (in _departments.yaml order), each department
        top of the reporting line first."""
        order = {dept_id: i for i, dept_id in enumerate(self.kb.departments)}
        return sorted(self.kb.roles.values(), key=lambda r: (order.get(r.department_id, len(order)), r.depth,
                                                             r.document.number, r.id))

    def stats(self) -> dict:
        """The knowledge base's counts for the overview: roles, departments, KPIs, terms, processes, headcount."""
        return {"roles": len(self.kb.roles), "departments": len(self.kb.departments), "kpis": len(self.kb.kpis),
                "terms": len(self.kb.glossary), "processes": len(self.kb.processes),
                "headcount": sum(r.headcount or 0 for r in self.kb.roles.values())}


def occupation_jsonld(role: Role, page_url: str | None = None) -> str:
    """schema.org/Occupation for the role page's <head>, safe inside a <script> element."""
    data: dict = {"@context": "https://schema.org", "@type": "Occupation", "name": role.title,
                  "identifier": role.id}
    if role.aliases or role.title_en:
        data["alternateName"] = [*([role.title_en] if role.title_en else []), *role.aliases]
    if role.summary:
        data["description"] = " ".join(role.summary.split())
    if role.category:
        data["occupationalCategory"] = [role.category]
    for c in role.classification:
        data.setdefault("occupationalCategory", []).append(
            {"@type": "CategoryCode", "codeValue": c.code, "name": c.label, "inCodeSet": c.scheme})
    duties = [d.title for d in role.duties if d.title]
    if duties:
        data["responsibilities"] = duties
    q = role.qualifications
    skills = [*q.skills, *q.competencies, *q.knowledge]
    if skills:
        data["skills"] = skills
    if q.education:
        data["educationRequirements"] = "；".join(q.education)
    if q.experience:
        data["experienceRequirements"] = "；".join(q.experience)
    if q.certificates:
        data["qualifications"] = list(q.certificates)
    if page_url:
        data["url"] = page_url
    return json_for_script(data)
