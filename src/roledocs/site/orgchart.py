"""Reporting-line charts drawn as SVG at build time (no JavaScript, nothing fetched).

The tree is laid out left to right: one column per level, one row per leaf, a
parent centred on its children. This keeps wide organisations readable (the
chart grows downwards, like a document) and needs no layout engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..kb.model import KnowledgeBase, Role
from .escape import html

BOX_H = 44
ROW_GAP = 12
COL_GAP = 32
FONT = 14
SUB_FONT = 11
PAD = 12

# Department colours (accessible on white and on Material's dark slate).
PALETTE = ["#3f51b5", "#00897b", "#e65100", "#8e24aa", "#1e88e5", "#c62828", "#558b2f", "#6d4c41"]
OUTSIDE = "#78909c"


@dataclass
class Node:
    """One box of an org chart: its label, link, colour, children and layout position."""

    id: str
    label: str
    sublabel: str = ""
    href: str | None = None
    color: str = OUTSIDE
    current: bool = False
    children: list[Node] = field(default_factory=list)
    # layout
    x: float = 0
    y: float = 0


def _text_width(text: str, size: float) -> float:
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def _layout(roots: list[Node], col_width: float) -> tuple[float, float]:
    """Assign x/y to every node; returns (width, height)."""
    next_row = 0
    max_depth = 0

    def place(node: Node, depth: int) -> None:
        nonlocal next_row, max_depth
        max_depth = max(max_depth, depth)
        node.x = depth * (col_width + COL_GAP)
        if not node.children:
            node.y = next_row * (BOX_H + ROW_GAP)
            next_row += 1
            return
        for child in node.children:
            place(child, depth + 1)
        node.y = (node.children[0].y + node.children[-1].y) / 2

    for root in roots:
        place(root, 0)
    width = (max_depth + 1) * col_width + max_depth * COL_GAP
    height = max(next_row * (BOX_H + ROW_GAP) - ROW_GAP, BOX_H)
    return width, height


def render_svg(roots: list[Node], title: str) -> str:
    """An accessible inline SVG for a forest of nodes."""
    nodes: list[Node] = []

    def collect(node: Node) -> None:
        nodes.append(node)
        for child in node.children:
            collect(child)

    for root in roots:
        collect(root)
    col_width = max([112.0] + [max(_text_width(n.label, FONT), _text_width(n.sublabel, SUB_FONT)) + 2 * PAD + 6
                               for n in nodes])
    width, height = _layout(roots, col_width)
    m = 2  # margin so strokes are not clipped
    out = [
        f'<svg class="roledocs-orgchart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="{-m} {-m} {width + 2 * m:.0f} {height + 2 * m:.0f}" width="{width + 2 * m:.0f}" '
        f'height="{height + 2 * m:.0f}" aria-label="{html(title)}">',
        f"<title>{html(title)}</title>",
    ]
    for node in nodes:  # connectors first, boxes on top
        for child in node.children:
            x1, y1 = node.x + col_width, node.y + BOX_H / 2
            x2, y2 = child.x, child.y + BOX_H / 2
            xm = x1 + COL_GAP / 2
            out.append(f'<path class="roledocs-orgchart__link" d="M{x1:.1f},{y1:.1f} H{xm:.1f} V{y2:.1f} H{x2:.1f}"/>')
    for node in nodes:
        cls = "roledocs-orgchart__node" + (" roledocs-orgchart__node--current" if node.current else "")
        cls += "" if node.href else " roledocs-orgchart__node--outside"
        box = [
            f'<g class="{cls}" transform="translate({node.x:.1f},{node.y:.1f})">',
            f'<rect width="{col_width:.0f}" height="{BOX_H}" rx="6"/>',
            f'<rect class="roledocs-orgchart__band" width="6" height="{BOX_H}" rx="3" fill="{node.color}"/>',
        ]
        if node.sublabel:
            box.append(f'<text x="{PAD + 6}" y="19" font-size="{FONT}">{html(node.label)}</text>')
            box.append(f'<text class="roledocs-orgchart__sub" x="{PAD + 6}" y="35" font-size="{SUB_FONT}">'
                       f"{html(node.sublabel)}</text>")
        else:
            box.append(f'<text x="{PAD + 6}" y="27" font-size="{FONT}">{html(node.label)}</text>')
        box.append("</g>")
        group = "".join(box)
        if node.href:
            group = f'<a href="{html(node.href)}"><title>{html(node.label)}</title>{group}</a>'
        out.append(group)
    out.append("</svg>")
    return "".join(out)


def department_colors(kb: KnowledgeBase) -> dict[str, str]:
    """{department id: chart colour}, the palette taken in _departments.yaml order."""
    return {dept_id: PALETTE[i % len(PALETTE)] for i, dept_id in enumerate(kb.departments)}


def _sort_key(role: Role) -> tuple:
    return (-len(role.subordinates), role.document.number, role.id)


def in_chart(role: Role) -> bool:
    """Retired (已停用) roles are not part of the organisation any more."""
    return role.status != "retired"


def company_chart(kb: KnowledgeBase, href) -> str:
    """The whole company: positions outside the knowledge base (总经理 …) at the roots."""
    return render_svg(_forest(kb, [r for r in kb.roles.values() if in_chart(r)], href, current=None), "公司组织架构图")


def department_chart(kb: KnowledgeBase, dept_id: str, href) -> str:
    """One department's roles, under their nearest superior outside the department."""
    roles = [r for r in kb.roles.values() if r.department and r.department.id == dept_id and in_chart(r)]
    name = kb.departments[dept_id].name
    return render_svg(_forest(kb, roles, href, current=None), f"{name}组织架构图")


def _forest(kb: KnowledgeBase, roles: list[Role], href, current: str | None) -> list[Node]:
    """Nodes for `roles`, each under its superior. A superior outside the set is shown greyed
    as a root; positions (总经理 …) are followed upwards so the top of the company stays on top."""
    colors = department_colors(kb)
    members = {r.id for r in roles}
    nodes: dict[str, Node] = {}

    def ensure(item) -> Node:
        if item.id not in nodes:
            if item.is_role:
                dept = item.department
                sub = dept.name if dept else ""
                if item.headcount:
                    sub = f"{sub} · 定员 {item.headcount}".strip(" ·")
                color = colors.get(dept.id, OUTSIDE) if dept and item.id in members else OUTSIDE
                nodes[item.id] = Node(item.id, item.title, sub, href(item.id), color, current=item.id == current)
            else:
                nodes[item.id] = Node(item.id, item.title)
        return nodes[item.id]

    parent: dict[str, str] = {}
    pending = sorted(roles, key=_sort_key)
    for role in pending:
        ensure(role)
    queued = set(members)
    for item in pending:  # grows while positions are followed upwards
        sup = item.superior
        while sup is not None and sup.is_role and not in_chart(sup):  # report past a retired role
            sup = sup.superior
        if sup is None or (item.is_role and item.id not in members):
            continue
        ensure(sup)
        parent[item.id] = sup.id
        if not sup.is_role and sup.id not in queued:
            queued.add(sup.id)
            pending.append(sup)
    for child_id, parent_id in parent.items():
        nodes[parent_id].children.append(nodes[child_id])

    def key(node: Node) -> tuple:
        role = kb.roles.get(node.id)
        return _sort_key(role) if role else (0, "", node.id)

    for node in nodes.values():
        node.children.sort(key=key)
    return sorted((n for n in nodes.values() if n.id not in parent), key=key)
