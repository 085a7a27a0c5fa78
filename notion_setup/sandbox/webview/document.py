"""Assemble the web view: the sidebar tree and one article per page, database and row.

Two forms share every piece: the server answers one article per URL (``/p/<id32>``), and the
single file holds every article, one shown at a time by the ``#<id32>`` of the address.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.webview.assets import CSP, script, stylesheet
from notion_setup.sandbox.webview.blocks import Blocks
from notion_setup.sandbox.webview.cells import Cells, esc, icon_span, type_icon
from notion_setup.sandbox.webview.reader import Links, Reader, id32
from notion_setup.sandbox.webview.views import ViewRenderer
from notion_setup.sandbox.webview.words import Words

_VIEW_GLYPHS = {
    "table": "▦",
    "board": "▥",
    "calendar": "🗓",
    "timeline": "≡",
    "gallery": "▩",
    "list": "☰",
    "chart": "📊",
}


@dataclass
class Node:
    """One entry of the sidebar: a page or a database, with what sits under it."""

    rec: Json
    children: list[Node]


def stamp_line(stamp: str) -> str:
    """The head line that says what a view file shows (``webview.write_file``)."""
    return f'<meta name="notion-setup-state" content="{esc(stamp)}">\n'


class WebView:
    """Renders a sandbox workspace as HTML.

    Args:
        reader: the workspace's records.
        links: where links point (``FileLinks`` or ``ServedLinks``).
        lang: language of the view's own words ("en" or "fr").
        today: the date calendars mark.
    """

    def __init__(self, reader: Reader, links: Links, *, lang: str, today: date) -> None:
        self.reader = reader
        self.links = links
        self.words = Words(lang)
        self.cells = Cells(reader, links, self.words)
        self.views = ViewRenderer(self.cells, today)
        self.blocks = Blocks(reader, links, self._inline_database)

    # -- tree ---------------------------------------------------------------------------

    def tree(self) -> list[Node]:
        """The sidebar: every client's root page with its pages and databases."""

        def nodes(rec: Json, depth: int) -> list[Node]:
            if depth > 12:
                return []
            return [Node(c, nodes(c, depth + 1)) for c in self.reader.tree_children(rec)]

        return nodes(self.reader.top, 0)

    def every_object(self) -> Iterator[Json]:
        """Every page, database, row and template the view shows, in sidebar order."""
        seen: set[str] = set()

        def walk(nodes: list[Node]) -> Iterator[Json]:
            for node in nodes:
                if node.rec["id"] in seen:
                    continue
                seen.add(node.rec["id"])
                yield node.rec
                if node.rec["kind"] == "database" and (ds := self.reader.data_source(node.rec)):
                    for row in self.reader.rows(ds) + self.reader.templates(ds):
                        if row["id"] not in seen:
                            seen.add(row["id"])
                            yield row
                yield from walk(node.children)

        yield from walk(self.tree())

    # -- documents ----------------------------------------------------------------------

    def single_file(self, stamp: str | None = None) -> str:
        """One document holding every article (links are ``#<id32>``).

        ``stamp``: what the document shows, kept in its head (see ``webview.write_file``).
        """
        articles = [self.home_article(home=True)]
        articles += [self.article(rec) for rec in self.every_object()]
        title = self.reader.title(self.reader.top)
        return self._document(title, "".join(articles), None, True, stamp)

    def page_for(
        self, rec: Json | None, *, view_id: str | None = None, asked: str = ""
    ) -> tuple[int, str]:
        """The served document for one object (404 and a message naming ``asked`` if none)."""
        if rec is None:
            body = (
                f'<article class="page" data-home><h1 class="page-title">'
                f"{esc(self.words('not_found_title'))}</h1>"
                f"<p>{esc(self.words('not_found', id=asked))}</p>"
                f'<p><a href="/">{esc(self.words("back_home"))}</a></p></article>'
            )
            return 404, self._document(self.words("not_found_title"), body, None, False)
        if rec["kind"] == "view":
            view_id = rec["id"]
            rec = self.reader.get(rec["database_id"]) or rec
        elif rec["kind"] == "data_source":
            rec = self.reader.get(rec["database_id"]) or rec
        elif rec["kind"] == "block":
            above = self.reader.trail(rec)
            rec = above[-1] if above else self.reader.top
        if rec["id"] == self.reader.top["id"]:
            return 200, self._document(self.reader.title(rec), self.home_article(), None, False)
        if rec["kind"] == "database" and rec.get("linked"):
            rec = self.reader.source_database(rec) or rec
        html = self.article(rec, view_id=view_id)
        return 200, self._document(self.reader.title(rec), html, rec["id"], False)

    def _document(
        self, title: str, main: str, current: str | None, single: bool, stamp: str | None = None
    ) -> str:
        page_title = self.words("doc_title", title=title or self.words("untitled"))
        flag = " data-single-file" if single else ""
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{self.words.lang}">\n<head>\n<meta charset="utf-8">\n'
            + (stamp_line(stamp) if stamp is not None else "")
            + f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="notion-setup sandbox web view">\n'
            '<link rel="icon" href="data:,">\n'
            f"<title>{esc(page_title)}</title>\n"
            f"<style>\n{stylesheet()}</style>\n</head>\n<body{flag}>\n"
            f'<a class="skip" href="#main">{esc(self.words("skip"))}</a>\n'
            f'<div class="layout">\n{self.sidebar(current)}\n'
            f'<main id="main">\n{main}\n</main>\n</div>\n'
            f"<script>\n{script()}</script>\n</body>\n</html>\n"
        )

    def sidebar(self, current: str | None) -> str:
        """The page tree; ``current`` is marked in the served form."""

        def items(nodes: list[Node]) -> str:
            out = []
            for node in nodes:
                rec = node.rec
                sub = f"<ul>{items(node.children)}</ul>" if node.children else ""
                default = "🗃️" if rec["kind"] == "database" else "📄"
                icon = icon_span(self.reader.icon(rec) or default)
                mark = ' aria-current="page"' if rec["id"] == current else ""
                title = esc(self.reader.title(rec) or self.words("untitled"))
                out.append(
                    f'<li><a href="{esc(self.links.to(rec["id"]))}"{mark}>{icon}'
                    f"<span>{title}</span></a>{sub}</li>"
                )
            return "".join(out)

        top = self.reader.top
        home = esc(self.links.to(top["id"])) if current is None else "/"
        return (
            f'<nav class="sidebar" aria-label="{esc(self.words("menu"))}">'
            f'<details class="nav" open><summary>{esc(self.words("open_menu"))}</summary>'
            f'<div class="ws-name">{icon_span("🧪")}<a class="row-link" href="{home}">'
            f"<span>{esc(self.reader.title(top))}</span></a></div>"
            f'<ul class="tree">{items(self.tree())}</ul></details></nav>'
        )

    # -- articles -----------------------------------------------------------------------

    def home_article(self, *, home: bool = True) -> str:
        """The sandbox's top page: its banner and the workspaces provisioned in it."""
        top = self.reader.top
        roots = "".join(
            f'<li><a href="{esc(self.links.to(r["id"]))}">'
            f"{icon_span(self.reader.icon(r) or '📄')}"
            f"<span>{esc(self.reader.title(r) or self.words('untitled'))}</span></a></li>"
            for r in self.reader.client_roots()
        )
        body = self.blocks.render(top) if top.get("children") else ""
        flag = " data-home" if home else ""
        return (
            f'<article class="page" id="{id32(top["id"])}"{flag}>'
            f'<p class="banner">{esc(self.words("banner"))}</p>'
            f'<header class="page-head">{icon_span("🧪", "page-icon")}'
            f'<h1 class="page-title">{esc(self.reader.title(top))}</h1></header>'
            f'<h2 class="sub">{esc(self.words("sandbox_home"))}</h2>'
            f'<ul class="clients">{roots}</ul>'
            f'<div class="body">{body if not roots else ""}</div></article>'
        )

    def article(self, rec: Json, *, view_id: str | None = None) -> str:
        """The article showing one page, database or row."""
        if rec["kind"] == "database":
            return self._database(rec, view_id)
        if rec.get("parent", {}).get("type") == "data_source_id":
            return self._row(rec)
        return self._page(rec)

    def _crumbs(self, rec: Json) -> str:
        trail = [r for r in self.reader.trail(rec) if r["id"] != self.reader.top["id"]]
        if not trail:
            return ""
        links = " / ".join(
            f'<a href="{esc(self.links.to(r["id"]))}">'
            f"{esc(self.reader.title(r) or self.words('untitled'))}</a>"
            for r in trail
        )
        return f'<p class="crumbs">{links}</p>'

    def _head(self, rec: Json, level: int = 1) -> str:
        icon = self.reader.icon(rec)
        icon_html = icon_span(icon, "page-icon") if icon else ""
        title = esc(self.reader.title(rec) or self.words("untitled"))
        return (
            f'<header class="page-head">{self._crumbs(rec)}{icon_html}'
            f'<h{level} class="page-title">{title}</h{level}></header>'
        )

    def _page(self, rec: Json) -> str:
        body = self.blocks.render(rec)
        if not body:
            body = f'<p class="muted">{esc(self.words("empty_page"))}</p>'
        return (
            f'<article class="page" id="{id32(rec["id"])}" data-kind="page">'
            f'{self._head(rec)}<div class="body">{body}</div></article>'
        )

    def _row(self, rec: Json) -> str:
        db = self.reader.database_of(rec)
        ds = self.reader.ws.store.get(rec["parent"].get("data_source_id", ""))
        props = []
        if ds is not None:
            for prop in ds["properties"]:
                if prop["type"] == "title":
                    continue
                content = self.cells.html(prop, rec, ds)
                props.append(
                    f'<tr><th scope="row">{type_icon(prop["type"])}{esc(prop["name"])}</th>'
                    f"<td>{content}</td></tr>"
                )
        label = ""
        if db is not None:
            title = self.reader.title(db)
            word = (
                f"{self.words('template')} · {title}"
                if rec.get("template")
                else self.words("in_db", db=title)
            )
            label = (
                f'<p class="small"><a class="chip c-gray" href="{esc(self.links.to(db["id"]))}">'
                f"{esc(word)}</a></p>"
            )
        body = self.blocks.render(rec)
        kind = "template" if rec.get("template") else "row"
        return (
            f'<article class="page row" id="{id32(rec["id"])}" data-kind="{kind}">'
            f"{self._head(rec)}{label}"
            f'<table class="page-props"><tbody>{"".join(props)}</tbody></table>'
            f'<div class="body">{body}</div></article>'
        )

    def _database(self, db: Json, view_id: str | None) -> str:
        ds = self.reader.data_source(db)
        description = self.reader.plain(db.get("description") or [])
        desc = f'<p class="db-desc">{esc(description)}</p>' if description else ""
        views = self._views(db, ds, view_id) if ds is not None else ""
        templates = ""
        if ds is not None and (found := self.reader.templates(ds)):
            items = "".join(
                f'<li><a href="{esc(self.links.to(t["id"]))}">'
                f"{icon_span(self.reader.icon(t) or '📄')}"
                f"<span>{esc(self.reader.title(t) or self.words('untitled'))}</span></a></li>"
                for t in found
            )
            templates = (
                f'<section class="block"><h2 class="sub">{esc(self.words("templates"))}</h2>'
                f'<ul class="tpl-list">{items}</ul></section>'
            )
        return (
            f'<article class="page database" id="{id32(db["id"])}" data-kind="database" '
            f'data-title="{esc(self.reader.title(db))}">'
            f"{self._head(db)}{desc}{views}{templates}</article>"
        )

    def _views(self, db: Json, ds: Json, view_id: str | None) -> str:
        views = self.reader.views(db)
        if not views:
            rows = self.reader.rows(ds)
            return self.views.table(ds, {"configuration": {}}, rows)
        chosen = next((v["id"] for v in views if view_id and id32(v["id"]) == id32(view_id)), None)
        chosen = chosen or views[0]["id"]
        tabs, panels = [], []
        for view in views:
            panel_id = id32(view["id"])  # view ids are unique, linked views' too
            selected = "true" if view["id"] == chosen else "false"
            glyph = _VIEW_GLYPHS.get(str(view.get("type")), "▦")
            tabs.append(
                f'<a class="tab" role="tab" href="{esc(self.links.to_view(db["id"], view["id"]))}" '
                f'aria-controls="{panel_id}" aria-selected="{selected}" id="tab-{panel_id}">'
                f'<span aria-hidden="true">{glyph}</span> {esc(view["name"])}</a>'
            )
            rows, exact = self.reader.view_rows(ds, view)
            panels.append(
                f'<section class="view-panel view-{esc(view.get("type"))}" id="{panel_id}" '
                f'role="tabpanel" aria-labelledby="vh-{panel_id}" '
                f'data-view-type="{esc(view.get("type"))}">'
                f'<h3 class="view-title" id="vh-{panel_id}">{esc(view["name"])}</h3>'
                f"{self._view_meta(ds, view, exact)}{self.views.render(ds, view, rows)}</section>"
            )
        label = esc(self.words("view_tabs", db=self.reader.title(db)))
        return (
            f'<div class="tabs" role="tablist" aria-label="{label}">{"".join(tabs)}</div>'
            f"{''.join(panels)}"
        )

    def _view_meta(self, ds: Json, view: Json, exact: bool) -> str:
        bits = []
        if view.get("filter"):
            names = sorted(
                {
                    p["name"]
                    for pid in _filter_props(view["filter"])
                    if (p := self.reader.prop(ds, pid)) is not None
                }
            )
            text = f"{self.words('filter')}: {', '.join(names)}"
            bits.append(f'<span class="meta{"" if exact else " warn"}">{esc(text)}</span>')
        sorts = []
        for item in view.get("sorts") or []:
            prop = self.reader.prop(ds, item.get("property"))
            if prop is not None:
                arrow = "↓" if item.get("direction") == "descending" else "↑"
                sorts.append(f"{prop['name']} {arrow}")
        if sorts:
            bits.append(
                f'<span class="meta">{esc(self.words("sort"))}: {esc(", ".join(sorts))}</span>'
            )
        config = view.get("configuration") or {}
        group = self.reader.prop(ds, (config.get("group_by") or {}).get("property_id"))
        if group is not None:
            bits.append(
                f'<span class="meta">{esc(self.words("group_by", prop=group["name"]))}</span>'
            )
        dated = self.reader.prop(ds, config.get("date_property_id"))
        if dated is not None:
            bits.append(
                f'<span class="meta">{esc(self.words("by_date", prop=dated["name"]))}</span>'
            )
        return f'<div class="view-meta">{"".join(bits)}</div>' if bits else ""

    def _inline_database(self, rec: Json) -> str:
        """A database in a page's body: a linked view, an inline database, or a link."""
        if not rec.get("linked") and not rec.get("is_inline"):
            # A full-page database shows in its parent's body as a link, as in Notion.
            title = esc(self.reader.title(rec) or self.words("untitled"))
            icon = icon_span(self.reader.icon(rec) or "🗃️")
            return (
                f'<p class="child-link"><a href="{esc(self.links.to(rec["id"]))}">{icon}'
                f"<span>{title}</span></a></p>"
            )
        source = self.reader.source_database(rec) if rec.get("linked") else rec
        ds = self.reader.data_source(rec)
        if source is None or ds is None:
            return ""
        title = esc(self.reader.title(source) or self.words("untitled"))
        icon = icon_span(self.reader.icon(source) or "🗃️")
        note = ""
        if rec.get("linked"):
            label = self.words("linked_view", db=self.reader.title(source))
            note = f'<p class="muted small">{esc(label)}</p>'
        # An inline database also has its own article: only a linked view owns this anchor.
        anchor = f' id="{id32(rec["id"])}"' if rec.get("linked") else ""
        return (
            f'<section class="block linked"{anchor}>'
            f'<h3 class="sub"><a href="{esc(self.links.to(source["id"]))}">{icon}{title}</a></h3>'
            f"{note}{self._views(rec, ds, None)}</section>"
        )


def _filter_props(flt: Json) -> Iterator[str]:
    for group in ("and", "or"):
        for sub in flt.get(group, ()):
            if isinstance(sub, dict):
                yield from _filter_props(sub)
    if "property" in flt:
        yield str(flt["property"])
