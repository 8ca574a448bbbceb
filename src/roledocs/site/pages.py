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

from ..model import KnowledgeBase, Role, RoleKPI
from . import orgchart, urls
from .escape import html, json_for_script, md, md_attr, md_title, one_line

STATUS_LABEL = {"draft": "草稿", "active": "现行", "retired": "已停用"}
DIRECTION_LABEL = {"higher": "越高越好", "lower": "越低越好"}
FORMAT_LABEL = {"pdf": "PDF", "docx": "Word"}
CATEGORY_ORDER = ["职能管理类", "经营管理类", "业务类", "技术类", "其他类"]
OVERVIEW_MARKER = "<!-- roledocs:overview -->"


def template_dirs() -> list[Path]:
    """templates/site/ in a source checkout, or the copy packaged with roledocs."""
    here = Path(__file__).resolve()
    candidates = [here.parents[3] / "templates" / "site", here.parents[1] / "_data" / "templates" / "site"]
    return [p for p in candidates if p.is_dir()]


_slugify = None


def heading_slug(text: str) -> str:
    """The id Python-Markdown's toc gives a heading made of `md(text)` (pymdownx.slugs, as
    configured in mkdocs.yml)."""
    global _slugify
    if _slugify is None:
        from pymdownx.slugs import slugify
        _slugify = slugify(case="lower")
    return _slugify(one_line(text), "-")


def sentences(lines) -> str:
    """Duties as one paragraph: 「……。……。」, a 「；」 after a line without end punctuation."""
    lines = [" ".join(str(x).split()) for x in as_list(lines)]
    return "".join(x if x.endswith(("。", "；", "！", "？", ".", ";")) or i == len(lines) - 1 else x + "；"
                   for i, x in enumerate(lines))


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


@dataclass
class Downloads:
    """Which role documents exist in this build: {role_id: [format, …]}."""

    formats: dict[str, list[str]] = field(default_factory=dict)

    def for_role(self, role_id: str) -> list[str]:
        return self.formats.get(role_id, [])


class SitePages:
    def __init__(self, kb: KnowledgeBase, *, use_directory_urls: bool = True, downloads: Downloads | None = None,
                 edit_url_for=None):
        self.kb = kb
        self.edit_url_for = edit_url_for or (lambda role: None)
        self.use_directory_urls = use_directory_urls
        self.downloads = downloads or Downloads()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in template_dirs()]),
            autoescape=False,  # the output is Markdown; text is escaped with the `md` filter
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
        self.env.filters.update(md=md, md_title=md_title, md_attr=md_attr, html=html, as_list=as_list,
                                number=number, sentences=sentences, ref=self._ref, role_ref=self._role_ref)
        self.env.globals.update(STATUS_LABEL=STATUS_LABEL, DIRECTION_LABEL=DIRECTION_LABEL,
                                FORMAT_LABEL=FORMAT_LABEL, urls=urls, slug=heading_slug)

    # ── helpers given to templates ────────────────────────────────────────
    def _render(self, template: str, uri: str, **context) -> str:
        def link(to_uri: str) -> str:
            return urls.md_link(uri, to_uri)

        def html_link(to_uri: str) -> str:
            return urls.html_link(uri, to_uri, self.use_directory_urls)

        return self.env.get_template(template).render(kb=self.kb, uri=uri, link=link, html_link=html_link, **context)

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

    def _href_for(self, uri: str):
        return lambda role_id: urls.html_link(uri, urls.role_uri(role_id), self.use_directory_urls)

    # ── pages ─────────────────────────────────────────────────────────────
    def generate(self) -> dict[str, str]:
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
        pages[urls.ROLES_INDEX] = self._render("roles.md.j2", urls.ROLES_INDEX,
                                               roles=self.roles_in_order(self.kb.roles.values()))
        pages[urls.ORGCHART] = self._render("org.md.j2", urls.ORGCHART,
                                            chart=orgchart.company_chart(self.kb, self._href_for(urls.ORGCHART)))
        pages[urls.KPIS] = self._render("kpis.md.j2", urls.KPIS, groups=self.kpi_groups(), used_by=self.kpi_users())
        pages[urls.GLOSSARY] = self._render("glossary.md.j2", urls.GLOSSARY, terms=self.kb.glossary,
                                            anchors={t["term"] for t in self.kb.glossary})
        for process in self.kb.processes:
            uri = urls.process_uri(process["id"])
            pages[uri] = self._render("process.md.j2", uri, process=process)
        pages[urls.PROCESSES_INDEX] = self._render("processes.md.j2", urls.PROCESSES_INDEX)
        pages[urls.TAGS] = self._render("tags.md.j2", urls.TAGS)
        return pages

    def overview(self, uri: str = urls.HOME) -> str:
        """The generated part of the home page (inserted at OVERVIEW_MARKER)."""
        return self._render("overview.md.j2", uri, stats=self.stats())

    def role_page(self, role: Role, uri: str) -> str:
        return self._render("role.md.j2", uri, role=role, tags=self.role_tags(role), kpis=self.kpi_rows(role),
                            downloads=self.download_links(role), edit_url=self.edit_url_for(role),
                            processes=self.processes_of(role.id), functions=self.functions_of(role),
                            heads=role.department if role.department and role.department.head is role else None)

    # ── data shaping ──────────────────────────────────────────────────────
    def role_tags(self, role: Role) -> list[str]:
        tags = []
        if role.department:
            tags.append(role.department.name)
        if role.get("category"):
            tags.append(role.get("category"))
        tags.extend(t for t in as_list(role.get("tags")) if t not in tags)
        return tags

    def download_links(self, role: Role) -> list[dict]:
        number = role.document.get("number", "")
        links = []
        for fmt in self.downloads.for_role(role.id):
            filename = " ".join(x for x in (number, role.title, "岗位说明书") if x) + f".{fmt}"
            links.append({"format": fmt, "label": FORMAT_LABEL.get(fmt, fmt.upper()),
                          "uri": urls.download_uri(role.id, fmt), "filename": filename})
        return links

    def kpi_rows(self, role: Role) -> list[dict]:
        rows = []
        for rk in role.kpis:
            rows.append({"kpi": rk.kpi, "weight": rk.weight, "period": rk.period, "target": rk.target,
                         "passing": threshold(rk, rk.passing), "excellent": threshold(rk, rk.excellent),
                         "note": rk.note})
        return rows

    def kpi_groups(self) -> list[tuple[str, list]]:
        groups: dict[str, list] = {}
        for kpi in self.kb.kpis.values():
            groups.setdefault(kpi.data.get("category") or "其他", []).append(kpi)
        return list(groups.items())

    def kpi_users(self) -> dict[str, list[Role]]:
        users: dict[str, list[Role]] = {}
        for role in self.kb.roles.values():
            for rk in role.kpis:
                users.setdefault(rk.kpi.id, []).append(role)
        return users

    def processes_of(self, role_id: str) -> list[dict]:
        found = []
        for process in self.kb.processes:
            steps = [s for s in process.get("steps", []) if role_id in s.get("roles", [])]
            if steps or process.get("owner") == role_id:
                found.append({"process": process, "steps": steps, "owner": process.get("owner") == role_id})
        return found

    def functions_of(self, role: Role) -> list[dict]:
        """What the function decomposition assigns to the role, one entry per department
        function: {"department", "name", "description" (when the function itself names the
        role), "items": [{"name", "duties"}]} (the items of that function naming the role)."""
        groups: dict[tuple[str, int], dict] = {}
        for a in self.kb.functions_of(role):
            group = groups.setdefault((a.department.id, id(a.function)), {
                "department": a.department, "name": a.path[0], "description": "", "items": []})
            if a.item is None:
                group["description"] = a.description
            else:
                group["items"].append({"name": a.name, "duties": a.duties})
        return list(groups.values())

    def roles_in_order(self, roles) -> list[Role]:
        """Top of the reporting line first, then by document number."""
        def depth(role: Role) -> int:
            return len([x for x in role.chain_of_command() if getattr(x, "is_role", False)])
        return sorted(roles, key=lambda r: (depth(r), r.document.get("number", ""), r.id))

    def stats(self) -> dict:
        return {"roles": len(self.kb.roles), "departments": len(self.kb.departments), "kpis": len(self.kb.kpis),
                "terms": len(self.kb.glossary), "processes": len(self.kb.processes),
                "headcount": sum(int(r.get("headcount") or 0) for r in self.kb.roles.values())}


def threshold(rk: RoleKPI, value) -> str:
    """「≥ 90%」 for a higher-is-better KPI, 「≤ 5%」 for a lower-is-better one."""
    if value is None:
        return ""
    unit = rk.kpi.data.get("unit", "")
    sign = "≤" if rk.kpi.direction == "lower" else "≥"
    return f"{sign} {number(value)}{unit}"


def occupation_jsonld(role: Role, page_url: str | None = None) -> str:
    """schema.org/Occupation for the role page's <head>, safe inside a <script> element."""
    data: dict = {"@context": "https://schema.org", "@type": "Occupation", "name": role.title,
                  "identifier": role.id}
    if role.aliases or role.get("title_en"):
        data["alternateName"] = [*as_list(role.get("title_en")), *role.aliases]
    if role.summary:
        data["description"] = " ".join(role.summary.split())
    if role.get("category"):
        data["occupationalCategory"] = [role.get("category")]
    for c in as_list(role.get("classification")):
        data.setdefault("occupationalCategory", []).append(
            {"@type": "CategoryCode", "codeValue": str(c.get("code", "")), "name": c.get("label", ""),
             "inCodeSet": c.get("scheme", "")})
    duties = [d.get("title") for d in role.duties if d.get("title")]
    if duties:
        data["responsibilities"] = duties
    q = role.get("qualifications") or {}
    skills = [*as_list(q.get("skills")), *as_list(q.get("competencies")), *as_list(q.get("knowledge"))]
    if skills:
        data["skills"] = skills
    if q.get("education"):
        data["educationRequirements"] = q["education"]
    if q.get("experience"):
        data["experienceRequirements"] = q["experience"]
    if q.get("certificates"):
        data["qualifications"] = as_list(q["certificates"])
    if page_url:
        data["url"] = page_url
    return json_for_script(data)
