"""The data of the site's 知识库体检 page, and its chart of findings per department.

The lead wires the page into the site; this module decides what it says:

    page = health_page(report, kb)          # counts per check, findings, per department
    markdown = page_markdown(page, role_url=lambda rid: f"../roles/{rid}/", edit_url=...)
    svg = department_chart(page)            # inline SVG, no script, nothing fetched

Every text that came from YAML is escaped for where it lands (HTML in the Markdown table,
XML in the SVG). Findings come from a report built on the public model, so they quote no
confidential field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape as _html_escape


def escape(text) -> str:
    """HTML text on one line: a line break would end the raw HTML block of the Markdown page,
    and what follows would be read as Markdown (an image, a heading) made from YAML text."""
    return _html_escape(" ".join(str(text).split()), quote=True)

from ..kb.model import KnowledgeBase
from ..kb.problems import SEVERITY_LABEL
from . import LintReport
from .registry import BY_CODE, CHECKS

SEVERITIES = ("error", "warning", "notice")


@dataclass
class PageFinding:
    """One finding as the 知识库体检 page lists it, with its role and department."""

    code: str
    check: str        # 职责交叉
    severity: str
    message: str
    hint: str
    file: str
    line: int | None
    role_id: str
    role_title: str
    department_id: str


@dataclass
class DepartmentCount:
    """The number of findings of one department, per severity."""

    id: str
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))

    @property
    def total(self) -> int:
        """All findings of the department."""
        return sum(self.counts.values())


@dataclass
class HealthPage:
    """Everything the 知识库体检 page shows: checks with counts, findings, departments and totals."""

    roles: int
    checks: list[dict]                 # {code, title, family, severity, count} for every check that ran
    findings: list[PageFinding]
    departments: list[DepartmentCount]  # knowledge-base order; "" collects findings of no department
    totals: dict[str, int]


def health_page(report: LintReport, kb: KnowledgeBase) -> HealthPage:
    """The 知识库体检 page's data from a lint report over the model."""
    counts = report.counts()
    checks = [{"code": c.code, "title": c.title, "family": c.family,
               "severity": report.config.severity.get(c.code, c.severity), "count": counts[c.code]}
              for c in CHECKS if c.code in counts]
    departments = {d.id: DepartmentCount(d.id, d.name) for d in kb.departments.values()}
    findings = []
    for f in report.findings:
        p = f.problem
        role = kb.roles.get(f.role_id)
        findings.append(PageFinding(p.code, BY_CODE[p.code].title, p.severity, p.message, p.hint, p.file, p.line,
                                    f.role_id, role.title if role else "", f.department_id))
        bucket = departments.setdefault(f.department_id, DepartmentCount(f.department_id, "全公司" if not
                                                                         f.department_id else f.department_id))
        bucket.counts[p.severity] += 1
    totals = {s: report.count(s) for s in SEVERITIES}
    return HealthPage(report.roles, checks, findings, list(departments.values()), totals)


def page_markdown(page: HealthPage, *, role_url=lambda rid: f"../roles/{rid}/",
                  edit_url=lambda file, line: f"{file}#L{line}" if line else file) -> str:
    """The page as Markdown: a summary, the chart, counts per check, the findings (an HTML
    table, so nothing from YAML is read as Markdown)."""
    out = ["# 知识库体检", "",
           f"检查了 {page.roles} 个岗位：{page.totals['error']} 个错误，{page.totals['warning']} 个警告，"
           f"{page.totals['notice']} 个提醒。规则和修改方法见《知识库体检》说明（roledocs lint）。", "",
           # in a <div>: a bare <svg> is inline HTML to Markdown, which would read the labels as Markdown
           f'<div class="roledocs-health-chart-wrap">{department_chart(page)}</div>', "", "## 各项检查", "", "| 代码 | 检查 | 级别 | 问题数 |", "|---|---|---|---|"]
    out += [f"| {c['code']} | {escape(c['title'])} | {SEVERITY_LABEL[c['severity']]} | {c['count']} |"
            for c in page.checks]
    out += ["", "## 问题清单", ""]
    if not page.findings:
        out.append("没有发现问题。")
        return "\n".join(out) + "\n"
    rows = ["<table>", "<thead><tr><th>检查</th><th>岗位</th><th>位置</th><th>说明</th></tr></thead>", "<tbody>"]
    for f in page.findings:
        role = (f'<a href="{escape(role_url(f.role_id))}">{escape(f.role_title)}</a>' if f.role_id else "")
        place = f'{escape(f.file)}{":" + str(f.line) if f.line else ""}'
        url = edit_url(f.file, f.line)  # None: no repository to edit in (the place stays as text)
        where = f'<a href="{escape(url)}">{place}</a>' if url else place
        text = escape(f.message) + (f"<br><small>{escape(f.hint)}</small>" if f.hint else "")
        rows.append(f"<tr><td>{escape(f.code)} {escape(f.check)}（{SEVERITY_LABEL[f.severity]}）</td>"
                    f"<td>{role}</td><td>{where}</td><td>{text}</td></tr>")
    rows += ["</tbody>", "</table>"]
    return "\n".join(out + rows) + "\n"


def department_chart(page: HealthPage, width: int = 560) -> str:
    """Horizontal stacked bars: findings per department by severity. Plain inline SVG."""
    rows = [d for d in page.departments if d.total] or page.departments
    colours = {"error": "#c62828", "warning": "#ef8f00", "notice": "#1e88e5"}
    label_w, bar_h, gap, top = 120, 18, 8, 28
    most = max((d.total for d in rows), default=0) or 1
    scale = (width - label_w - 60) / most
    height = top + len(rows) * (bar_h + gap) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="roledocs-health-chart" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="各部门的体检问题数">',
             "<title>各部门的体检问题数</title>"]
    x = label_w
    for severity in SEVERITIES:  # legend
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colours[severity]}"/>'
                     f'<text x="{x + 16}" y="15" font-size="12">{SEVERITY_LABEL[severity]}</text>')
        x += 64
    for n, dept in enumerate(rows):
        y = top + n * (bar_h + gap)
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" font-size="12" text-anchor="end">{escape(dept.name)}</text>')
        x = label_w
        for severity in SEVERITIES:
            w = dept.counts[severity] * scale
            if w:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colours[severity]}">'
                             f"<title>{escape(dept.name)}：{SEVERITY_LABEL[severity]} {dept.counts[severity]}</title></rect>")
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}" font-size="12">{dept.total}</text>')
    parts.append("</svg>")
    return "".join(parts)
