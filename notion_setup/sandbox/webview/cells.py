"""Rich text and property values as HTML. Every user string goes through ``esc``."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.webview.reader import Links, Reader
from notion_setup.sandbox.webview.words import Words

COLORS = frozenset(
    {"default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"}
)
_CURRENCIES = {
    "euro": "€",
    "dollar": "$",
    "pound": "£",
    "franc": "CHF",
    "canadian_dollar": "CA$",
    "australian_dollar": "A$",
    "yen": "¥",
}
#: Notion's property-type glyphs, as text so the page needs no image.
TYPE_ICONS = {
    "title": "Aa",
    "rich_text": "≡",
    "number": "#",
    "select": "⌄",
    "multi_select": "☰",
    "status": "◔",
    "date": "▦",
    "people": "👤",
    "files": "📎",
    "checkbox": "☑",
    "url": "🔗",
    "email": "@",
    "phone_number": "☏",
    "formula": "Σ",
    "relation": "↗\ufe0e",
    "rollup": "⌕",
    "unique_id": "№",
    "created_time": "◷",
    "created_by": "👤",
    "last_edited_time": "◷",
    "last_edited_by": "👤",
}
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def esc(text: object) -> str:
    """Escape text for an element body or a double-quoted attribute."""
    return html.escape(str(text), quote=True)


def icon_span(icon: str | None, css: str = "icon") -> str:
    """An emoji icon, hidden from screen readers (the title next to it says it all)."""
    return f'<span class="{css}" aria-hidden="true">{esc(icon)}</span>' if icon else ""


def safe_href(url: str) -> str | None:
    """A link target the page may carry: web, mail and phone links only (no ``javascript:``)."""
    return url if url.lower().startswith(_SAFE_SCHEMES) else None


def color_class(color: str | None) -> str:
    """``c-<colour>`` for a Notion colour name (``blue_background`` counts as ``blue``)."""
    base = (color or "default").removesuffix("_background")
    return f"c-{base if base in COLORS else 'default'}"


def rich_text(items: list[Json], links: Links) -> str:
    """Rich-text items as inline HTML: annotations, links and page mentions."""
    out = []
    for item in items:
        text = esc(item.get("plain_text", ""))
        ann = item.get("annotations") or {}
        if ann.get("code"):
            text = f"<code>{text}</code>"
        if ann.get("bold"):
            text = f"<strong>{text}</strong>"
        if ann.get("italic"):
            text = f"<em>{text}</em>"
        if ann.get("strikethrough"):
            text = f"<s>{text}</s>"
        if ann.get("underline"):
            text = f"<u>{text}</u>"
        mention = item.get("mention") if item.get("type") == "mention" else None
        href: str | None = None
        if isinstance(mention, dict) and mention.get("type") in ("page", "database"):
            target = mention.get(mention["type"]) or {}
            href = links.to(str(target.get("id", "")))
        elif item.get("href"):
            href = safe_href(str(item["href"]))
        if href:
            text = f'<a href="{esc(href)}">{text}</a>'
        out.append(text)
    return "".join(out)


def format_number(value: float, number_format: str | None, lang: str) -> str:
    """A number as Notion shows it in that format (``€1,234.50`` / ``1 234,50 €``)."""
    fmt = number_format or "number"
    if fmt == "percent":
        return _group(value * 100, lang, None) + ("\u202f%" if lang == "fr" else "%")
    symbol = _CURRENCIES.get(fmt)
    if symbol:
        text = _group(value, lang, 2)
        return f"{text}\u00a0{symbol}" if lang == "fr" else f"{symbol}{text}"
    return _group(value, lang, None, separators=fmt != "number")


def _group(value: float, lang: str, decimals: int | None, *, separators: bool = True) -> str:
    if decimals is None:
        rounded = round(value, 2)
        decimals = 0 if float(rounded).is_integer() else len(f"{rounded}".split(".")[1])
    text = f"{value:,.{decimals}f}" if separators else f"{value:.{decimals}f}"
    if lang == "fr":
        # French groups thousands with a narrow no-break space and uses a decimal comma.
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def parse_day(text: Any) -> date | None:
    """The calendar day of an ISO date or date-time, or None."""
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def chip(name: str, color: str | None, *, status: bool = False) -> str:
    """A select or status chip in Notion's colours."""
    dot = '<span class="dot" aria-hidden="true"></span>' if status else ""
    css = "chip status" if status else "chip"
    return f'<span class="{css} {color_class(color)}">{dot}{esc(name)}</span>'


def type_icon(prop_type: str) -> str:
    """The glyph of a property type."""
    return f'<span class="ptype" aria-hidden="true">{esc(TYPE_ICONS.get(prop_type, "•"))}</span>'


class Cells:
    """Renders the values of rows, with links to related rows."""

    def __init__(self, reader: Reader, links: Links, words: Words) -> None:
        self.reader = reader
        self.links = links
        self.words = words

    def title(self, row: Json) -> str:
        """The row's title, or the word for untitled."""
        return self.reader.title(row) or self.words("untitled")

    def number_format(self, prop: Json, ds: Json) -> str | None:
        """The number format a number, or a rollup of a number, is shown in."""
        if prop["type"] == "number":
            return str(prop["config"].get("format") or "number")
        if prop["type"] == "rollup" and prop["config"].get("function") in (
            "sum",
            "average",
            "median",
            "min",
            "max",
            "range",
        ):
            rel = self.reader.prop(ds, prop["config"].get("relation_property_id"))
            if rel is None or rel["type"] != "relation":
                return None
            target = self.reader.ws.live_data_source(rel["config"].get("data_source_id", ""))
            if target is None:
                return None
            rolled = self.reader.prop(target, prop["config"].get("rollup_property_id"))
            if rolled is not None and rolled["type"] == "number":
                return str(rolled["config"].get("format") or "number")
        return None

    def html(self, prop: Json, row: Json, ds: Json) -> str:
        """One property value of a row as HTML ("" when empty)."""
        value = self.reader.value(prop, row, ds)
        return self.value_html(prop, value, ds)

    def value_html(self, prop: Json, value: Json, ds: Json) -> str:
        """A Notion-shaped property value as HTML."""
        kind = value["type"]
        inner = value.get(kind)
        if kind in ("title", "rich_text"):
            return rich_text(inner or [], self.links)
        if kind == "select":
            return chip(inner["name"], inner.get("color")) if inner else ""
        if kind == "status":
            return chip(inner["name"], inner.get("color"), status=True) if inner else ""
        if kind == "multi_select":
            return "".join(chip(o["name"], o.get("color")) for o in inner or [])
        if kind == "number":
            return self._number(inner, self.number_format(prop, ds))
        if kind == "checkbox":
            mark = "☑" if inner else "☐"
            return f'<span class="check" role="img" aria-label="{esc(mark)}">{mark}</span>'
        if kind == "date":
            return self._date(inner)
        if kind in ("created_time", "last_edited_time"):
            day = parse_day(inner)
            return esc(self.words.date(day)) if day else ""
        if kind in ("url", "email", "phone_number"):
            return self._contact(kind, inner)
        if kind == "relation":
            return self._relation(inner or [])
        if kind == "unique_id":
            if not inner or inner.get("number") is None:
                return ""
            prefix = inner.get("prefix")
            return esc(f"{prefix}-{inner['number']}" if prefix else str(inner["number"]))
        if kind in ("formula", "rollup"):
            return self._computed(prop, inner or {}, ds)
        if kind in ("people", "created_by", "last_edited_by"):
            users = inner if isinstance(inner, list) else [inner] if inner else []
            return esc(", ".join(self.words("integration") for _ in users))
        if kind == "files":
            names = [str(f.get("name", "")) for f in inner or [] if isinstance(f, dict)]
            return esc(", ".join(n for n in names if n))
        return ""

    def _number(self, number: Any, number_format: str | None) -> str:
        if not isinstance(number, int | float) or isinstance(number, bool):
            return ""
        text = format_number(float(number), number_format, self.words.lang)
        return f'<span class="num">{esc(text)}</span>'

    def _date(self, inner: Any) -> str:
        if not isinstance(inner, dict):
            return ""
        start, end = parse_day(inner.get("start")), parse_day(inner.get("end"))
        if start is None:
            return ""
        text = self.words.date(start)
        if end is not None and end != start:
            text += f" → {self.words.date(end)}"
        return esc(text)

    def _contact(self, kind: str, inner: Any) -> str:
        if not inner:
            return ""
        text = str(inner)
        href = {"url": text, "email": f"mailto:{text}", "phone_number": f"tel:{text}"}[kind]
        safe = safe_href(href)
        if safe is None:
            return esc(text)
        return f'<a class="link-like" href="{esc(safe)}" rel="noreferrer">{esc(text)}</a>'

    def _relation(self, refs: list[Json]) -> str:
        parts = []
        for ref in refs:
            target = self.reader.get(str(ref.get("id", "")))
            if target is None:
                continue
            title = esc(self.title(target))
            parts.append(f'<a class="rel" href="{esc(self.links.to(target["id"]))}">{title}</a>')
        return "".join(parts)

    def _computed(self, prop: Json, inner: Json, ds: Json) -> str:
        kind = inner.get("type")
        result = inner.get(kind) if kind else None
        if kind == "number":
            return self._number(result, self.number_format(prop, ds))
        if kind == "boolean":
            mark = "☑" if result else "☐"
            return f'<span class="check" role="img" aria-label="{esc(mark)}">{mark}</span>'
        if kind == "date":
            return self._date(result)
        if kind == "string":
            return esc(result) if result else ""
        if kind == "array":
            parts = []
            for item in result or []:
                if isinstance(item, dict) and "type" in item:
                    parts.append(self._plain_item(item))
            return esc(", ".join(p for p in parts if p))
        return ""

    def _plain_item(self, item: Json) -> str:
        kind = item["type"]
        inner = item.get(kind)
        if kind in ("title", "rich_text"):
            return self.reader.plain(inner or [])
        if kind in ("select", "status"):
            return str(inner["name"]) if inner else ""
        if kind == "number" and isinstance(inner, int | float):
            return format_number(float(inner), None, self.words.lang)
        if kind == "date" and isinstance(inner, dict):
            day = parse_day(inner.get("start"))
            return self.words.date(day) if day else ""
        if isinstance(inner, str | int | float):
            return str(inner)
        return ""
