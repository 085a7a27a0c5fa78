"""The relation diagram: databases as boxes, relations as arrows, rollups listed in the boxes.

Laid out here, as inline SVG, so the preview needs no script from elsewhere. Boxes sit on a grid;
an ordering search puts related databases next to each other, and an edge that would cross a
third box bows around it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from notion_setup.model import Database, Property, Workspace
from notion_setup.preview.html import anchor, esc
from notion_setup.preview.i18n import Words

BOX_W = 230.0
HEAD_H = 40.0
LINE_H = 20.0
GAP_X = 90.0
GAP_Y = 70.0
MARGIN = 24.0


@dataclass(frozen=True)
class Edge:
    """A relation between two databases (one per two-way pair)."""

    source: str
    target: str
    name: str
    back_name: str | None  # the synced property's name; None for a one-way relation

    @property
    def two_way(self) -> bool:
        """Whether Notion keeps a synced property on the target."""
        return self.back_name is not None


@dataclass(frozen=True)
class _Line:
    glyph: str
    text: str
    css: str


def relation_edges(workspace: Workspace) -> list[Edge]:
    """Every relation once: a two-way pair is one edge with both names."""
    keys = {db.key for db in workspace.databases}
    edges: list[Edge] = []
    seen: set[tuple[str, str]] = set()
    for db in workspace.databases:
        for prop in db.properties:
            if prop.type != "relation" or prop.relation_target not in keys:
                continue
            if (db.key, prop.key) in seen:
                continue
            seen.add((db.key, prop.key))
            target = workspace.database(prop.relation_target or "")
            back = _synced(target, db.key, prop)
            if back is not None:
                seen.add((target.key, back.key))
            back_name = back.name if back is not None else prop.two_way_name
            edges.append(Edge(db.key, target.key, prop.name, back_name))
    return edges


def _synced(target: Database, source_key: str, prop: Property) -> Property | None:
    """The property on ``target`` that is the other side of ``prop``, if the model has it."""
    for other in target.properties:
        if other.type != "relation" or other.relation_target != source_key or other is prop:
            continue
        if prop.two_way_key and other.key == prop.two_way_key:
            return other
        if other.two_way_key and other.two_way_key == prop.key:
            return other
    return None


def _box_lines(workspace: Workspace, db: Database, words: Words) -> list[_Line]:
    lines: list[_Line] = []
    names = {d.key: d.title for d in workspace.databases}
    for prop in db.properties:
        if prop.type == "relation" and prop.relation_target in names:
            lines.append(
                _Line("↗\ufe0e", f"{prop.name} → {names[prop.relation_target or '']}", "rel-line")
            )
        elif prop.type == "rollup":
            func = words.function(prop.rollup_function or "")
            lines.append(_Line("⌕", f"{prop.name} ({func})", "rollup"))
    # A two-way relation declared on the other side shows here too, as in Notion.
    own = {p.key for p in db.properties}
    for other in workspace.databases:
        for prop in other.properties:
            if prop.type == "relation" and prop.relation_target == db.key and prop.two_way_name:
                if prop.two_way_key in own or other.key == db.key:
                    continue
                lines.append(_Line("↗\ufe0e", f"{prop.two_way_name} → {other.title}", "rel-line"))
    return lines


def _order(keys: list[str], edges: list[Edge], cols: int) -> list[str]:
    """Place related databases close: greedy swaps that shrink the total edge length."""

    def cost(order: list[str]) -> float:
        pos = {k: (i % cols, i // cols) for i, k in enumerate(order)}
        total = 0.0
        for edge in edges:
            (x1, y1), (x2, y2) = pos[edge.source], pos[edge.target]
            total += (x1 - x2) ** 2 + (y1 - y2) ** 2
        return total

    order = list(keys)
    best = cost(order)
    improved = True
    while improved:
        improved = False
        for i in range(len(order)):
            for j in range(i + 1, len(order)):
                order[i], order[j] = order[j], order[i]
                candidate = cost(order)
                if candidate < best - 1e-9:
                    best = candidate
                    improved = True
                else:
                    order[i], order[j] = order[j], order[i]
    return order


def _clip(cx: float, cy: float, w: float, h: float, tx: float, ty: float) -> tuple[float, float]:
    """Where the segment from a box's centre towards (tx, ty) leaves the box."""
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min(
        (w / 2) / abs(dx) if dx else math.inf,
        (h / 2) / abs(dy) if dy else math.inf,
    )
    return cx + dx * scale, cy + dy * scale


def _crosses(x1: float, y1: float, x2: float, y2: float, box: tuple[float, ...]) -> bool:
    left, top, right, bottom = box
    for step in range(1, 40):
        t = step / 40
        x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        if left - 8 <= x <= right + 8 and top - 8 <= y <= bottom + 8:
            return True
    return False


def render_diagram(workspace: Workspace, words: Words) -> str:
    """The diagram as an accessible ``<figure>`` holding an SVG and a text list of relations."""
    dbs = list(workspace.databases)
    if not dbs:
        return ""
    edges = relation_edges(workspace)
    cols = 1 if len(dbs) == 1 else 2 if len(dbs) <= 4 else 3
    order = _order([db.key for db in dbs], edges, cols)
    by_key = {db.key: db for db in dbs}
    lines = {db.key: _box_lines(workspace, db, words) for db in dbs}
    heights = {k: HEAD_H + LINE_H * len(v) + (10 if v else 0) for k, v in lines.items()}
    rows = math.ceil(len(order) / cols)
    row_h = [
        max(
            (heights[order[i]] for i in range(r * cols, min(len(order), (r + 1) * cols))), default=0
        )
        for r in range(rows)
    ]
    boxes: dict[str, tuple[float, float, float, float]] = {}  # x, y, w, h
    for index, key in enumerate(order):
        col, row = index % cols, index // cols
        x = MARGIN + col * (BOX_W + GAP_X)
        y = MARGIN + sum(row_h[:row]) + row * GAP_Y
        boxes[key] = (x, y, BOX_W, heights[key])
    width = MARGIN * 2 + cols * BOX_W + (cols - 1) * GAP_X
    height = MARGIN * 2 + sum(row_h) + (rows - 1) * GAP_Y

    parts: list[str] = [
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'class="arrow-head"/></marker></defs>'
    ]
    parts.extend(_edges(edges, boxes))
    for key in order:
        parts.append(_box(by_key[key], lines[key], boxes[key]))

    details = [_describe(edge, by_key, words) for edge in edges]
    rollups = [
        words(
            "rollup_of",
            name=prop.name,
            function=words.function(prop.rollup_function or ""),
            prop=_rolled_name(db, prop, by_key),
            target=_rolled_target(db, prop, by_key),
        )
        for db in dbs
        for prop in db.properties
        if prop.type == "rollup"
    ]
    if details:
        alt = words("diagram_alt", count=len(dbs), details="; ".join(details))
    else:
        alt = words("diagram_none", count=len(dbs))
    legend = (
        '<ul class="legend" aria-hidden="true">'
        f'<li><span class="lg two-way"></span>{esc(words("diagram_legend_two_way"))}</li>'
        f'<li><span class="lg one-way"></span>{esc(words("diagram_legend_one_way"))}</li>'
        f'<li><span class="lg-glyph">⌕</span>{esc(words("diagram_legend_rollup"))}</li></ul>'
    )
    listing = "".join(f"<li>{esc(text)}</li>" for text in details + rollups)
    return (
        '<figure class="diagram">'
        f'<div class="scroll"><svg viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'role="img" aria-label="{esc(alt)}"><title>{esc(alt)}</title>{"".join(parts)}</svg></div>'
        f'<figcaption>{legend}<ul class="relation-list">{listing}</ul></figcaption></figure>'
    )


def _rolled_name(db: Database, prop: Property, by_key: dict[str, Database]) -> str:
    try:
        relation = db.property(prop.rollup_relation or "")
        return by_key[relation.relation_target or ""].property(prop.rollup_property or "").name
    except KeyError:
        return prop.rollup_property or "?"


def _rolled_target(db: Database, prop: Property, by_key: dict[str, Database]) -> str:
    try:
        return by_key[db.property(prop.rollup_relation or "").relation_target or ""].title
    except KeyError:
        return "?"


def _describe(edge: Edge, by_key: dict[str, Database], words: Words) -> str:
    a, b = by_key[edge.source].title, by_key[edge.target].title
    if edge.back_name is not None:
        return words("rel_two_way", a=a, b=b, name=edge.name, back=edge.back_name)
    return words("rel_one_way", a=a, b=b, name=edge.name)


def _box(db: Database, lines: list[_Line], box: tuple[float, float, float, float]) -> str:
    x, y, w, h = box
    title = _fit(f"{db.icon + ' ' if db.icon else ''}{db.title}", 24)
    out = [
        f'<a href="#{anchor("db", db.key)}"><g class="node">',
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" class="box"/>',
        f'<text x="{x + 14}" y="{y + 26}" class="box-title">{esc(title)}</text>',
    ]
    if lines:
        out.append(f'<line x1="{x}" x2="{x + w}" y1="{y + HEAD_H}" y2="{y + HEAD_H}" class="sep"/>')
    for i, line in enumerate(lines):
        ty = y + HEAD_H + 20 + i * LINE_H
        text = _fit(f"{line.glyph} {line.text}", 31)
        out.append(f'<text x="{x + 14}" y="{ty}" class="box-line {line.css}">{esc(text)}</text>')
    out.append("</g></a>")
    return "".join(out)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _edges(edges: list[Edge], boxes: dict[str, tuple[float, float, float, float]]) -> list[str]:
    out: list[str] = []
    pair_count: dict[frozenset[str], int] = {}
    for edge in edges:
        sx, sy, sw, sh = boxes[edge.source]
        css = "edge two-way" if edge.two_way else "edge one-way"
        start_marker = ' marker-start="url(#arrow)"' if edge.two_way else ""
        if edge.source == edge.target:
            # A self-relation (tasks and sub-tasks): a loop on the box's right side.
            x, y = sx + sw, sy + min(sh / 2, 30)
            out.append(
                f'<path d="M{x},{y - 10} C{x + 50},{y - 40} {x + 50},{y + 40} {x},{y + 10}" '
                f'class="{css}"{start_marker} marker-end="url(#arrow)"/>'
            )
            continue
        tx, ty, tw, th = boxes[edge.target]
        c1 = (sx + sw / 2, sy + sh / 2)
        c2 = (tx + tw / 2, ty + th / 2)
        pair = frozenset((edge.source, edge.target))
        nth = pair_count.get(pair, 0)
        pair_count[pair] = nth + 1
        others = [
            (bx, by, bx + bw, by + bh)
            for k, (bx, by, bw, bh) in boxes.items()
            if k not in (edge.source, edge.target)
        ]
        bow = 26.0 * nth * (1 if nth % 2 else -1)
        if any(_crosses(*c1, *c2, b) for b in others):
            bow = bow or 0.0
            for candidate in (70.0, -70.0, 140.0, -140.0, 210.0, -210.0):
                mx, my = _control(c1, c2, candidate)
                if not any(_crosses(*c1, mx, my, b) or _crosses(mx, my, *c2, b) for b in others):
                    bow = candidate
                    break
        mx, my = _control(c1, c2, bow)
        p1 = _clip(*c1, sw, sh, mx, my)
        p2 = _clip(*c2, tw, th, mx, my)
        # Pull the ends off the border so the arrow heads stay visible.
        out.append(
            f'<path d="M{p1[0]:.1f},{p1[1]:.1f} Q{mx:.1f},{my:.1f} {p2[0]:.1f},{p2[1]:.1f}" '
            f'class="{css}"{start_marker} marker-end="url(#arrow)"/>'
        )
    return out


def _control(c1: tuple[float, float], c2: tuple[float, float], bow: float) -> tuple[float, float]:
    """The control point of a curve bowed ``bow`` px sideways from the straight line."""
    mx, my = (c1[0] + c2[0]) / 2, (c1[1] + c2[1]) / 2
    dx, dy = c2[0] - c1[0], c2[1] - c1[1]
    length = math.hypot(dx, dy) or 1.0
    return mx - dy / length * bow, my + dx / length * bow
