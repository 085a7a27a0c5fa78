"""How a value looks in a cell, a card or a page's property list, as Notion draws it."""

from __future__ import annotations

from datetime import date
from typing import Any

from notion_setup.model import Database, Option, Property
from notion_setup.preview.data import Dataset, NotComputed
from notion_setup.preview.html import anchor, esc
from notion_setup.preview.i18n import Words

#: Notion's property-type glyphs, drawn as text so the file needs no image.
TYPE_ICONS: dict[str, str] = {
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
    "place": "⌖",
}

#: Notion's number formats shown with a currency sign: (symbol, symbol goes first in English).
_CURRENCIES: dict[str, str] = {
    "euro": "€",
    "dollar": "$",
    "pound": "£",
    "franc": "CHF",
    "canadian_dollar": "CA$",
    "australian_dollar": "A$",
    "yen": "¥",
}

COLORS = frozenset(
    {"default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"}
)


def type_icon(prop_type: str, words: Words) -> str:
    """The glyph of a property type with its name as a tooltip and for screen readers."""
    label = words.type_name(prop_type)
    glyph = esc(TYPE_ICONS.get(prop_type, "•"))
    return f'<span class="ptype" title="{esc(label)}" aria-label="{esc(label)}">{glyph}</span>'


def format_number(value: float, number_format: str | None, lang: str) -> str:
    """A number as Notion shows it in that format (``€1,234.50`` / ``1 234,50 €``)."""
    fmt = number_format or "number"
    if fmt == "percent":
        return _group(value * 100, lang, decimals=None) + ("\u202f%" if lang == "fr" else "%")
    symbol = _CURRENCIES.get(fmt)
    if symbol:
        text = _group(value, lang, decimals=2)
        return f"{text}\u00a0{symbol}" if lang == "fr" else f"{symbol}{text}"
    return _group(value, lang, decimals=None, separators=fmt != "number")


def _group(value: float, lang: str, *, decimals: int | None, separators: bool = True) -> str:
    if decimals is None:
        rounded = round(value, 2)
        decimals = 0 if float(rounded).is_integer() else len(f"{rounded}".split(".")[1])
    text = f"{value:,.{decimals}f}" if separators else f"{value:.{decimals}f}"
    if lang == "fr":
        # French groups thousands with a narrow no-break space and uses a decimal comma.
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def format_date(value: date, words: Words) -> str:
    """A date in Notion's 'full date' style for the language."""
    if words.lang == "fr":
        return f"{value.day} {words.month(value.month)} {value.year}"
    return f"{words.month(value.month)} {value.day}, {value.year}"


def option_chip(option: Option | None, name: str, *, status: bool = False) -> str:
    """A select/status chip in the option's Notion colour."""
    color = option.color if option and option.color in COLORS else "default"
    dot = '<span class="dot" aria-hidden="true"></span>' if status else ""
    css = "chip status" if status else "chip"
    return f'<span class="{css} c-{color}">{dot}{esc(name)}</span>'


def find_option(prop: Property, name: str) -> Option | None:
    """The option of ``prop`` with that localised name (or key)."""
    return next((o for o in prop.options if name in (o.name, o.key)), None)


def render_value(data: Dataset, db: Database, prop: Property, value: Any, words: Words) -> str:
    """The HTML of one property value; an empty string for an empty value."""
    if value is None or value == "" or value == ():
        return ""
    if isinstance(value, NotComputed):
        expression = prop.expression or ""
        return f'<span class="muted" title="{esc(expression)}">ƒ</span>'
    kind = prop.type
    if kind in ("select", "status"):
        return option_chip(find_option(prop, str(value)), str(value), status=kind == "status")
    if kind == "multi_select":
        names = value if isinstance(value, tuple) else (value,)
        return "".join(option_chip(find_option(prop, str(n)), str(n)) for n in names)
    if kind == "checkbox":
        mark = "☑" if value else "☐"
        state = "checked" if value else "not checked"
        return f'<span class="check" role="img" aria-label="{state}">{mark}</span>'
    if kind == "relation":
        return _relation(data, prop, value)
    if kind == "url":
        return f'<span class="link-like">{esc(value)}</span>'
    if kind == "email":
        return f'<span class="link-like">{esc(value)}</span>'
    if kind == "title":
        return f'<span class="title-cell">{esc(value)}</span>'
    return _scalar(data, prop, value, words)


def _scalar(data: Dataset, prop: Property, value: Any, words: Words) -> str:
    if isinstance(value, bool):
        return esc("✓" if value else "✗")
    if isinstance(value, int | float):
        number_format = prop.number_format
        if prop.type == "rollup" and number_format is None:
            number_format = _rolled_format(data, prop)
        text = format_number(float(value), number_format, words.lang)
        return f'<span class="num">{esc(text)}</span>'
    if isinstance(value, date):
        return esc(format_date(value, words))
    if isinstance(value, tuple):
        return esc(", ".join(str(v) for v in value))
    return esc(value)


def _rolled_format(data: Dataset, prop: Property) -> str | None:
    """A rollup of a currency column shows in that currency, as in Notion."""
    if prop.rollup_function in ("count", "count_values", "unique", "empty", "not_empty"):
        return None
    for db in data.workspace.databases:
        if prop in db.properties:
            try:
                relation = db.property(prop.rollup_relation or "")
                target = data.database(relation.relation_target or "")
                if target is not None:
                    return target.property(prop.rollup_property or "").number_format
            except KeyError:
                return None
    return None


def _relation(data: Dataset, prop: Property, keys: Any) -> str:
    target = prop.relation_target or ""
    parts = []
    for key in keys if isinstance(keys, tuple) else (keys,):
        title = data.title(target, str(key))
        href = anchor("db", target)
        parts.append(
            f'<a class="rel" href="#{href}"><span aria-hidden="true">↗\ufe0e</span> '
            f"{esc(title)}</a>"
        )
    return "".join(parts)


def plain_value(data: Dataset, prop: Property, value: Any, words: Words) -> str:
    """The value as plain text (for alt text and sorting labels)."""
    if value is None or isinstance(value, NotComputed):
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, int | float):
        return format_number(float(value), prop.number_format, words.lang)
    if isinstance(value, date):
        return format_date(value, words)
    if prop.type == "relation" and isinstance(value, tuple):
        return ", ".join(data.title(prop.relation_target or "", str(k)) for k in value)
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
