"""Page bodies: stored blocks as HTML, in the classes of the preview's stylesheet.

Media, embeds and bookmarks become plain links: loading them would be a request to the outside.
"""

from __future__ import annotations

from collections.abc import Callable

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.webview.cells import color_class, esc, icon_span, rich_text, safe_href
from notion_setup.sandbox.webview.reader import Links, Reader

_LISTS = {"bulleted_list_item": "ul", "numbered_list_item": "ol", "to_do": "ul"}
_MEDIA = ("image", "video", "pdf", "file", "audio", "bookmark", "embed", "link_preview")


class Blocks:
    """Renders the children of a page or block.

    Args:
        reader: the workspace.
        links: where links to pages and databases point.
        inline_database: renders a database (or linked view) that sits in a page's body.
    """

    def __init__(
        self, reader: Reader, links: Links, inline_database: Callable[[Json], str]
    ) -> None:
        self.reader = reader
        self.links = links
        self.inline_database = inline_database

    def render(self, parent: Json, depth: int = 0) -> str:
        """The HTML of every live child block of ``parent``, lists grouped."""
        out: list[str] = []
        open_list: str | None = None
        for child in self.reader.children(parent):
            kind = child["type"] if child["kind"] == "block" else child["kind"]
            wanted = _LISTS.get(kind)
            if kind == "to_do":
                wanted = "ul-todo"
            if wanted != open_list:
                if open_list:
                    out.append("</ol>" if open_list == "ol" else "</ul>")
                if wanted == "ul-todo":
                    out.append('<ul class="todo-list">')
                elif wanted:
                    out.append(f"<{wanted}>")
                open_list = wanted
            out.append(self.block(child, depth))
        if open_list:
            out.append("</ol>" if open_list == "ol" else "</ul>")
        return "".join(out)

    def _kids(self, rec: Json, depth: int) -> str:
        return self.render(rec, depth + 1) if depth < 8 and rec.get("children") else ""

    def block(self, rec: Json, depth: int) -> str:
        """One block (or a child page / database) as HTML."""
        if rec["kind"] == "page":
            title = esc(self.reader.title(rec) or "…")
            page_icon = icon_span(self.reader.icon(rec) or "📄")
            return (
                f'<p class="child-link"><a href="{esc(self.links.to(rec["id"]))}">{page_icon}'
                f"<span>{title}</span></a></p>"
            )
        if rec["kind"] == "database":
            return self.inline_database(rec)
        kind = rec["type"]
        data = rec.get("data", {})
        text = rich_text(data.get("rich_text", []), self.links)
        kids = self._kids(rec, depth)
        color = data.get("color")
        tint = f" {color_class(color)}-text" if color and color != "default" else ""
        if kind == "paragraph":
            return f'<p class="{tint.strip()}">{text}</p>{kids}' if tint else f"<p>{text}</p>{kids}"
        if kind.startswith("heading_"):
            level = min(int(kind[-1]) + 1, 6)
            heading = f'<h{level} class="md-h">{text}</h{level}>'
            if data.get("is_toggleable"):
                return f'<details class="toggle"><summary>{heading}</summary>{kids}</details>'
            return heading + kids
        if kind in ("bulleted_list_item", "numbered_list_item"):
            return f"<li>{text}{kids}</li>"
        if kind == "to_do":
            done = bool(data.get("checked"))
            box = "☑" if done else "☐"
            css = "todo-text done" if done else "todo-text"
            return (
                f'<li class="todo"><span class="todo-box" aria-hidden="true">{box}</span>'
                f'<span class="{css}">{text}</span>{kids}</li>'
            )
        if kind == "quote":
            return f"<blockquote><p>{text}</p>{kids}</blockquote>"
        if kind == "callout":
            callout_icon = data.get("icon") or {}
            emoji = callout_icon.get("emoji") if isinstance(callout_icon, dict) else None
            return (
                f'<div class="callout{" " + color_class(color) if tint else ""}">'
                f"{icon_span(emoji or '💡', 'callout-icon')}"
                f'<div class="callout-body"><p>{text}</p>{kids}</div></div>'
            )
        if kind == "toggle":
            return f'<details class="toggle"><summary>{text}</summary>{kids}</details>'
        if kind == "code":
            code = esc(self.reader.plain(data.get("rich_text", [])))
            language = esc(data.get("language", ""))
            return f'<pre class="code" data-language="{language}"><code>{code}</code></pre>'
        if kind == "divider":
            return "<hr>"
        if kind == "equation":
            return f'<p class="equation"><code>{esc(data.get("expression", ""))}</code></p>'
        if kind == "table":
            return self._table(rec, data)
        if kind in ("column_list", "column"):
            return f'<div class="{kind.replace("_", "-")}">{self.render(rec, depth + 1)}</div>'
        if kind == "link_to_page":
            target_id = data.get(data.get("type", ""), "")
            target = self.reader.get(str(target_id))
            if target is None:
                return ""
            title = esc(self.reader.title(target) or "…")
            href = esc(self.links.to(target["id"]))
            return f'<p class="child-link"><a href="{href}">↗ {title}</a></p>'
        if kind in _MEDIA:
            return self._media(kind, data)
        return ""  # breadcrumb, table of contents...: nothing to show in a read-only view

    def _table(self, rec: Json, data: Json) -> str:
        rows = self.reader.children(rec)
        header = bool(data.get("has_column_header"))
        row_header = bool(data.get("has_row_header"))
        html = []
        for index, row in enumerate(rows):
            cells = []
            for col, cell in enumerate(row.get("data", {}).get("cells", [])):
                content = rich_text(cell, self.links)
                if (header and index == 0) or (row_header and col == 0):
                    scope = "col" if header and index == 0 else "row"
                    cells.append(f'<th scope="{scope}">{content}</th>')
                else:
                    cells.append(f"<td>{content}</td>")
            html.append(f"<tr>{''.join(cells)}</tr>")
        return f'<div class="scroll"><table class="md-table">{"".join(html)}</table></div>'

    def _media(self, kind: str, data: Json) -> str:
        url = ""
        source = data.get(data.get("type", ""), {}) if "type" in data else {}
        if isinstance(source, dict):
            url = str(source.get("url", ""))
        url = url or str(data.get("url", ""))
        caption = rich_text(data.get("caption", []), self.links)
        label = caption or esc(url or kind)
        href = safe_href(url) if url else None
        link = f'<a href="{esc(href)}" rel="noreferrer">{label}</a>' if href else label
        return f'<p class="media"><span class="chip c-gray">{esc(kind)}</span> {link}</p>'
