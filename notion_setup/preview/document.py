"""Assemble the whole preview: the page tree, every page, database and template, one HTML file.

The file is self-contained on purpose: styles and the small tab script are inlined, and a
Content-Security-Policy forbids loading anything, so opening it makes no request at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from notion_setup.model import Database, Page, Property, Row, Template, View, Workspace
from notion_setup.preview.cells import find_option, option_chip, render_value, type_icon
from notion_setup.preview.data import Dataset
from notion_setup.preview.diagram import render_diagram
from notion_setup.preview.filtering import filter_rows
from notion_setup.preview.html import anchor, esc, icon_span
from notion_setup.preview.i18n import Words
from notion_setup.preview.markdown_html import render_markdown
from notion_setup.preview.views import Ctx, render_view

#: Nothing may load: no stylesheet, font, image, script or connection from anywhere.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'"

_VIEW_GLYPHS = {
    "table": "▦",
    "board": "▥",
    "calendar": "🗓",
    "timeline": "≡",
    "gallery": "▩",
    "list": "☰",
    "chart": "📊",
}


@dataclass(frozen=True)
class Node:
    """One entry of the page tree: a plain page, a database or the templates page."""

    kind: str  # "page" | "database" | "templates"
    key: str
    title: str
    icon: str | None
    children: tuple[Node, ...]

    @property
    def anchor(self) -> str:
        """The id of the section that shows this node."""
        prefix = {"page": "page", "database": "db", "templates": "templates"}[self.kind]
        return anchor(prefix, self.key)


def page_tree(workspace: Workspace) -> tuple[Node, ...]:
    """The children of the client's root page, nested as Notion's sidebar shows them."""

    def children(parent: str | None) -> tuple[Node, ...]:
        nodes: list[Node] = []
        for page in workspace.pages:
            if page.parent == parent:
                nodes.append(Node("page", page.key, page.title, page.icon, children(page.key)))
        for db in workspace.databases:
            if db.parent == parent:
                nodes.append(Node("database", db.key, db.title, db.icon, ()))
        return tuple(nodes)

    tree = list(children(None))
    known = {p.key for p in workspace.pages}
    # A parent left out with its module: its children still exist, under the root page.
    for page in workspace.pages:
        if page.parent is not None and page.parent not in known:
            tree.append(Node("page", page.key, page.title, page.icon, children(page.key)))
    for db in workspace.databases:
        if db.parent is not None and db.parent not in known:
            tree.append(Node("database", db.key, db.title, db.icon, ()))
    if workspace.templates:
        tree.append(Node("templates", "all", workspace.templates_page_title, "📄", ()))
    return tuple(tree)


def walk(nodes: tuple[Node, ...]) -> Iterator[Node]:
    """Depth-first, in sidebar order."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def _asset(name: str) -> str:
    return resources.files("notion_setup.preview").joinpath(name).read_text(encoding="utf-8")


def render_document(workspace: Workspace, *, today: date) -> str:
    """The complete HTML document for a resolved workspace.

    Args:
        workspace: the resolved blueprint (one language, variables filled, modules chosen).
        today: the date relative filters, calendars and created times are computed against.

    Returns:
        A standalone HTML5 document as text.
    """
    words = Words(workspace.lang)
    data = Dataset(workspace, today)
    ctx = Ctx(data, words)
    tree = page_tree(workspace)
    sections = [_root(workspace, tree, ctx)]
    pages = {p.key: p for p in workspace.pages}
    dbs = {d.key: d for d in workspace.databases}
    for node in walk(tree):
        if node.kind == "page":
            sections.append(_page(pages[node.key], workspace, ctx))
        elif node.kind == "database":
            sections.append(_database(dbs[node.key], workspace, ctx))
        else:
            sections.append(_templates(workspace, ctx))
    title = words("doc_title", title=workspace.title)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{workspace.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="notion-setup preview">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_asset('style.css')}</style>\n</head>\n<body>\n"
        f'<a class="skip" href="#main">{esc(words("skip"))}</a>\n'
        f'<div class="layout">\n{_sidebar(workspace, tree, words)}\n'
        f'<main id="main">\n{chr(10).join(sections)}\n</main>\n</div>\n'
        f"<script>\n{_asset('script.js')}</script>\n</body>\n</html>\n"
    )


def _sidebar(workspace: Workspace, tree: tuple[Node, ...], words: Words) -> str:
    def items(nodes: tuple[Node, ...]) -> str:
        out = []
        for node in nodes:
            sub = f"<ul>{items(node.children)}</ul>" if node.children else ""
            icon = icon_span(node.icon or ("🗃️" if node.kind == "database" else "📄"))
            out.append(
                f'<li><a href="#{node.anchor}">{icon}<span>{esc(node.title)}</span></a>{sub}</li>'
            )
        return "".join(out)

    root_icon = icon_span(workspace.icon or "🗂️")
    return (
        f'<nav class="sidebar" aria-label="{esc(words("menu"))}"><details class="nav" open>'
        f"<summary>{esc(words('close_menu'))}</summary>"
        f'<div class="ws-name">{root_icon}<span>{esc(workspace.client)}</span></div>'
        f'<ul class="tree"><li><a href="#page-root">{root_icon}'
        f"<span>{esc(workspace.title)}</span></a>"
        f"<ul>{items(tree)}</ul></li></ul></details></nav>"
    )


def _page_head(icon: str | None, title: str, level: int, crumbs: str = "") -> str:
    icon_html = icon_span(icon, "page-icon") if icon else ""
    heading = f'<h{level} class="page-title">{esc(title)}</h{level}>'
    return f'<header class="page-head">{crumbs}{icon_html}{heading}</header>'


def _root(workspace: Workspace, tree: tuple[Node, ...], ctx: Ctx) -> str:
    words = ctx.words
    counts = words(
        "page_count",
        databases=len(workspace.databases),
        pages=len(workspace.pages),
        templates=len(workspace.templates),
    )
    modules = "".join(
        f'<span class="chip c-gray" title="{esc(m.description)}">{esc(m.name)}</span>'
        for m in workspace.modules
    )
    body = render_markdown(workspace.body, heading_offset=1)
    links = "".join(
        f'<li><a href="#{node.anchor}">{icon_span(node.icon or "📄")}'
        f"<span>{esc(node.title)}</span></a></li>"
        for node in tree
    )
    diagram = render_diagram(workspace, words)
    diagram_section = (
        f'<section class="block" aria-labelledby="relations"><h2 id="relations" class="sub">'
        f"{esc(words('relations'))}</h2>{diagram}</section>"
        if diagram
        else ""
    )
    return (
        f'<article class="page" id="page-root">'
        f'<p class="banner">{esc(words("generated", blueprint=workspace.blueprint))} '
        f'<span class="muted">{esc(counts)}</span></p>'
        f"{_page_head(workspace.icon, workspace.title, 1)}"
        f'<div class="modules" aria-label="{esc(words("modules"))}">{modules}</div>'
        f'<div class="body">{body}</div>'
        f'<ul class="page-links" aria-label="{esc(words("child_pages"))}">{links}</ul>'
        f"{diagram_section}</article>"
    )


def _crumbs(workspace: Workspace, parent: str | None) -> str:
    trail: list[tuple[str, str]] = [("page-root", workspace.title)]
    pages = {p.key: p for p in workspace.pages}
    chain: list[Page] = []
    while parent in pages and len(chain) < 10:
        chain.append(pages[parent])
        parent = pages[parent].parent
    trail += [(anchor("page", p.key), p.title) for p in reversed(chain)]
    links = " / ".join(f'<a href="#{a}">{esc(t)}</a>' for a, t in trail)
    return f'<p class="crumbs">{links}</p>'


def _page(page: Page, workspace: Workspace, ctx: Ctx) -> str:
    body = render_markdown(page.body, heading_offset=2)
    if not body and not page.linked_views:
        body = f'<p class="muted">{esc(ctx.words("empty_page"))}</p>'
    linked = []
    for lv in page.linked_views:
        try:
            db = workspace.database(lv.database)
        except KeyError:
            continue  # its module was left out
        label = ctx.words("linked_view", db=db.title)
        linked.append(
            f'<section class="block linked"><h3 class="sub">{icon_span(db.icon)}{esc(db.title)}'
            f'<span class="muted"> · {esc(lv.view.name)}</span></h3>'
            f'<p class="muted small">{esc(label)}</p>{_view_meta(db, lv.view, ctx)}'
            f"{render_view(ctx, db, lv.view)}</section>"
        )
    return (
        f'<article class="page" id="{anchor("page", page.key)}">'
        f"{_page_head(page.icon, page.title, 2, _crumbs(workspace, page.parent))}"
        f'<div class="body">{body}</div>{"".join(linked)}</article>'
    )


def _view_meta(db: Database, view: View, ctx: Ctx) -> str:
    bits = []
    if view.filter:
        names = sorted({db.property(k).name for k in _filter_keys(view.filter) if _has(db, k)})
        bits.append(
            f'<span class="meta">{esc(ctx.words("filter"))}: {esc(", ".join(names))}</span>'
        )
        if not filter_rows(ctx.data, db, view.filter).exact:
            bits.append(f'<span class="meta warn">{esc(ctx.words("not_shown"))}</span>')
    if view.sorts:
        parts = [
            f"{db.property(s.property).name} {'↑' if s.direction == 'ascending' else '↓'}"
            for s in view.sorts
            if _has(db, s.property)
        ]
        bits.append(f'<span class="meta">{esc(ctx.words("sort"))}: {esc(", ".join(parts))}</span>')
    if view.group_by and _has(db, view.group_by):
        grouped = ctx.words("group_by", prop=db.property(view.group_by).name)
        bits.append(f'<span class="meta">{esc(grouped)}</span>')
    if view.date_property and _has(db, view.date_property):
        prop = db.property(view.date_property).name
        bits.append(f'<span class="meta">{esc(ctx.words("by_date", prop=prop))}</span>')
    return f'<div class="view-meta">{"".join(bits)}</div>' if bits else ""


def _has(db: Database, key: str) -> bool:
    return any(p.key == key for p in db.properties)


def _filter_keys(flt: Mapping[str, Any]) -> Iterator[str]:
    for group in ("and", "or"):
        for sub in flt.get(group, ()):
            if isinstance(sub, Mapping):
                yield from _filter_keys(sub)
    if "property" in flt:
        yield str(flt["property"])


def _database(db: Database, workspace: Workspace, ctx: Ctx) -> str:
    words = ctx.words
    db_anchor = anchor("db", db.key)
    tabs = []
    panels = []
    for index, view in enumerate(db.views):
        panel_id = anchor("db", db.key, "view", view.key)
        glyph = _VIEW_GLYPHS.get(view.type, "▦")
        selected = "true" if index == 0 else "false"
        tabs.append(
            f'<a class="tab" role="tab" href="#{panel_id}" aria-controls="{panel_id}" '
            f'aria-selected="{selected}" id="tab-{panel_id}">'
            f'<span aria-hidden="true">{glyph}</span> '
            f"{esc(view.name)}</a>"
        )
        type_label = words("view_label", type=words.view_type(view.type))
        panels.append(
            f'<section class="view-panel view-{view.type}" id="{panel_id}" role="tabpanel" '
            f'aria-labelledby="vh-{panel_id}" data-view-type="{view.type}">'
            f'<h3 class="view-title" id="vh-{panel_id}">{esc(view.name)} '
            f'<span class="muted small">· {esc(type_label)}</span></h3>'
            f"{_view_meta(db, view, ctx)}{render_view(ctx, db, view)}</section>"
        )
    crumbs = _crumbs(workspace, db.parent)
    description = f'<p class="db-desc">{esc(db.description)}</p>' if db.description else ""
    module = next((m.name for m in workspace.modules if m.key == db.module), db.module)
    tab_bar = (
        f'<div class="tabs" role="tablist" aria-label="{esc(words("view_tabs", db=db.title))}">'
        f"{''.join(tabs)}</div>"
        if db.views
        else ""
    )
    return (
        f'<article class="page database" id="{db_anchor}" data-database="{esc(db.key)}">'
        f"{_page_head(db.icon, db.title, 2, crumbs)}"
        f'<p class="small"><span class="chip c-gray">{esc(words("module", name=module))}</span></p>'
        f"{description}{tab_bar}{''.join(panels)}{_schema(db, workspace, ctx)}"
        f"{_row_pages(db, ctx)}</article>"
    )


def _schema(db: Database, workspace: Workspace, ctx: Ctx) -> str:
    words = ctx.words
    rows = []
    for prop in db.properties:
        rows.append(
            f'<tr><th scope="row">{type_icon(prop.type, words)}'
            f"<span>{esc(prop.name)}</span></th>"
            f"<td>{esc(words.type_name(prop.type))}</td>"
            f"<td>{_prop_details(db, prop, workspace, ctx)}</td></tr>"
        )
    return (
        f'<details class="schema"><summary>{esc(words("properties"))} '
        f"({len(db.properties)})</summary>"
        f'<div class="scroll"><table class="schema-table"><thead><tr>'
        f'<th scope="col">{esc(words("property"))}</th><th scope="col">{esc(words("type"))}</th>'
        f'<th scope="col">{esc(words("details"))}</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        f"</table></div></details>"
    )


def _prop_details(db: Database, prop: Property, workspace: Workspace, ctx: Ctx) -> str:
    words = ctx.words
    parts: list[str] = []
    if prop.options:
        status = prop.type == "status"
        parts.append(" ".join(option_chip(o, o.name, status=status) for o in prop.options))
    if prop.expression:
        parts.append(f"<code>{esc(prop.expression)}</code>")
    if prop.type == "relation" and prop.relation_target:
        target = _db_title(workspace, prop.relation_target)
        link = f'<a href="#{anchor("db", prop.relation_target)}">↗ {esc(target)}</a>'
        if prop.two_way_name:
            link += f' <span class="muted">⇄ {esc(prop.two_way_name)}</span>'
        parts.append(link)
    if prop.type == "rollup":
        try:
            relation = db.property(prop.rollup_relation or "")
            target_db = workspace.database(relation.relation_target or "")
            rolled = target_db.property(prop.rollup_property or "").name
            parts.append(
                esc(f"{words.function(prop.rollup_function or '')}: {relation.name} → {rolled}")
            )
        except KeyError:
            parts.append(esc(prop.rollup_function or ""))
    if prop.number_format and prop.number_format != "number":
        parts.append(esc(words("number_format", format=prop.number_format)))
    if prop.unique_id_prefix:
        parts.append(esc(words("prefix", prefix=prop.unique_id_prefix)))
    if prop.description:
        parts.append(f'<span class="muted">{esc(prop.description)}</span>')
    return "<br>".join(parts)


def _db_title(workspace: Workspace, key: str) -> str:
    try:
        return workspace.database(key).title
    except KeyError:
        return key


def _row_pages(db: Database, ctx: Ctx) -> str:
    with_body = [row for row in db.rows if row.body.strip()]
    if not with_body:
        return ""
    items = []
    for row in with_body:
        title = ctx.data.title(db.key, row.key)
        items.append(
            f'<details class="row-page"><summary>📄 {esc(title)}</summary>'
            f'<div class="body">{render_markdown(row.body, heading_offset=3)}</div></details>'
        )
    label = f'<p class="small muted">{esc(ctx.words("row_pages"))}</p>'
    return f'<div class="row-pages">{label}{"".join(items)}</div>'


def _templates(workspace: Workspace, ctx: Ctx) -> str:
    words = ctx.words
    parts = []
    for template in workspace.templates:
        parts.append(_template(template, workspace, ctx))
    return (
        f'<article class="page" id="{anchor("templates", "all")}">'
        f"{_page_head('📄', workspace.templates_page_title, 2, _crumbs(workspace, None))}"
        f'<p class="muted">{esc(words("templates_intro"))}</p>{"".join(parts)}</article>'
    )


def _template(template: Template, workspace: Workspace, ctx: Ctx) -> str:
    words = ctx.words
    try:
        db: Database | None = workspace.database(template.database)
    except KeyError:
        db = None
    props = []
    if db is not None:
        fake = Row(key=f"template:{template.key}", values=template.values)
        for prop in db.properties:
            if prop.key not in template.values or prop.type == "title":
                continue
            value = ctx.data.value(db, fake, prop)
            content = render_value(ctx.data, db, prop, value, words)
            if prop.type in ("select", "status") and not content:
                content = option_chip(find_option(prop, str(value)), str(value))
            props.append(
                f'<tr><th scope="row">{type_icon(prop.type, words)}'
                f"<span>{esc(prop.name)}</span></th><td>{content}</td></tr>"
            )
    target = (
        f'<a href="#{anchor("db", db.key)}">{icon_span(db.icon)}{esc(db.title)}</a>'
        if db is not None
        else esc(template.database)
    )
    table = (
        f'<table class="page-props" aria-label="{esc(words("template_values"))}">'
        f"<tbody>{''.join(props)}</tbody></table>"
        if props
        else ""
    )
    body = render_markdown(template.body, heading_offset=3)
    return (
        f'<section class="template" id="{anchor("template", template.key)}">'
        f'<h3 class="template-title">{icon_span(template.icon)}{esc(template.title)}</h3>'
        f'<p class="small muted">{esc(words("template_for", db=""))}{target}</p>'
        f'{table}<div class="body">{body}</div></section>'
    )
