"""Text renderings of blueprints for the terminal: the ``show`` tree, JSON, the bundled list.

Labels follow the workspace's language so that a French preview holds no English.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict

from notion_setup.blueprint.source import BundledBlueprint
from notion_setup.messages import _, ngettext
from notion_setup.messages import notion_terms as terms
from notion_setup.model import Database, Property, View, Workspace


@functools.cache
def _words(lang: str) -> Mapping[str, str]:
    """The tree's own words in ``lang`` (the workspace's language, not the terminal's); looked
    up once a language, not once a property.
    """
    return {
        "pages": _("Pages", lang),
        "databases": _("Databases", lang),
        "templates": _("Templates", lang),
        "properties": _("properties", lang),
        "views": _("views", lang),
        "linked": _("linked view", lang),
        "by": _("by", lang),
        "dates": _("dates", lang),
        "two_way": _("two-way", lang),
        "synced": _("synced with", lang),
        "modules": _("Modules", lang),
    }


def _labelled(label: str, value: str, lang: str) -> str:
    """``label: value``, with the space French puts before the colon."""
    return _("{label}: {value}", lang).format(label=label, value=value)


def _starter_rows(n: int, lang: str) -> str:
    return ngettext("{n} starter row", "{n} starter rows", n, lang).format(n=n)


def _type(lang: str, kind: str) -> str:
    """A property or view type inside the tree, lower-case as in a sentence."""
    name = terms.view_type(lang, kind) if kind in terms.VIEW_TYPES["en"] else None
    return terms.lower(name or terms.property_type(lang, kind))


def _tree(lines: list[str], items: Sequence[tuple[str, list[str]]], prefix: str) -> None:
    """Append ``items`` (label, already-rendered children) with box-drawing branches."""
    for i, (label, children) in enumerate(items):
        last = i == len(items) - 1
        lines.append(f"{prefix}{'└── ' if last else '├── '}{label}")
        child_prefix = prefix + ("    " if last else "│   ")
        lines.extend(child_prefix + child for child in children)


def _branch(items: Sequence[tuple[str, list[str]]]) -> list[str]:
    lines: list[str] = []
    _tree(lines, items, "")
    return lines


def _property(ws: Workspace, db: Database, prop: Property) -> str:
    words = _words(ws.lang)
    kind = _type(ws.lang, prop.type)
    detail = ""
    if prop.type == "number" and prop.number_format not in (None, "number"):
        detail = f" ({terms.number_format(ws.lang, prop.number_format or '')})"
    elif prop.options:
        detail = ": " + ", ".join(o.name for o in prop.options)
    elif prop.type == "formula":
        detail = f" = {prop.expression}"
    elif prop.type == "relation" and prop.relation_target:
        target = ws.database(prop.relation_target)
        detail = f" → {target.title}"
        if prop.two_way_name:
            detail += f" ({_labelled(words['two_way'], prop.two_way_name, ws.lang)})"
        elif prop.two_way_key:
            detail += f" ({words['synced']} {target.property(prop.two_way_key).name})"
    elif prop.type == "rollup" and prop.rollup_relation and prop.rollup_property:
        relation = db.property(prop.rollup_relation)
        target = ws.database(relation.relation_target or "")
        rolled = target.property(prop.rollup_property).name
        function = terms.function(ws.lang, prop.rollup_function or "")
        detail = f" {function}({relation.name} → {rolled})"
    elif prop.type == "unique_id" and prop.unique_id_prefix:
        detail = f" ({prop.unique_id_prefix}-1)"
    return f"{prop.name}  [{kind}{detail}]"


def _view(ws: Workspace, db: Database, view: View) -> str:
    words = _words(ws.lang)
    kind = _type(ws.lang, view.type)
    parts = []
    if view.group_by:
        parts.append(f"{words['by']} {db.property(view.group_by).name}")
    if view.date_property:
        dates = db.property(view.date_property).name
        if view.end_date_property:
            dates += f" → {db.property(view.end_date_property).name}"
        parts.append(_labelled(words["dates"], dates, ws.lang))
    if view.chart:
        parts.append(terms.chart_type(ws.lang, view.chart.chart_type))
    detail = f", {', '.join(parts)}" if parts else ""
    return f"{view.name}  [{kind}{detail}]"


def _database(ws: Workspace, db: Database) -> tuple[str, list[str]]:
    words = _words(ws.lang)
    children = [
        (words["properties"], _branch([(_property(ws, db, p), []) for p in db.properties])),
        (words["views"], _branch([(_view(ws, db, v), []) for v in db.views])),
    ]
    if db.rows:
        children.append((_starter_rows(len(db.rows), ws.lang), []))
    icon = f"{db.icon} " if db.icon else ""
    return f"{icon}{db.title}", _branch(children)


def render_tree(ws: Workspace) -> str:
    """The resolved workspace as a tree: root page, pages, databases, templates, modules."""
    words = _words(ws.lang)
    pages = []
    for page in ws.pages:
        linked: list[tuple[str, list[str]]] = [
            (
                _labelled(
                    words["linked"], f"{lv.view.name} ({ws.database(lv.database).title})", ws.lang
                ),
                [],
            )
            for lv in page.linked_views
        ]
        icon = f"{page.icon} " if page.icon else ""
        pages.append((f"{icon}{page.title}", _branch(linked)))
    templates: list[tuple[str, list[str]]] = [
        (f"{t.icon + ' ' if t.icon else ''}{t.title} → {ws.database(t.database).title}", [])
        for t in ws.templates
    ]
    sections = [
        (
            words["modules"],
            _branch([(_labelled(m.name, m.description, ws.lang), []) for m in ws.modules]),
        ),
        (words["pages"], _branch(pages)),
        (words["databases"], _branch([_database(ws, db) for db in ws.databases])),
        (_titled(words["templates"], ws.templates_page_title), _branch(templates)),
    ]
    icon = f"{ws.icon} " if ws.icon else ""
    return "\n".join([f"{icon}{ws.title}", *_branch(sections)])


def _titled(label: str, title: str) -> str:
    """``Templates (Modèles de pages)``; just the label when the page is called the same."""
    return label if title.casefold() == label.casefold() else f"{label} ({title})"


def workspace_json(ws: Workspace) -> str:
    """The resolved workspace as JSON, fields in model order (``dataclasses.asdict``)."""
    return json.dumps(asdict(ws), ensure_ascii=False, indent=2)


def render_bundled(items: Sequence[BundledBlueprint], lang: str) -> str:
    """The bundled blueprints with their description and modules."""
    blocks = []
    for bp in items:
        head = f"{bp.name}  {bp.title[lang]}"
        lines = [head, f"  {bp.description[lang]}"]
        modules = ", ".join(f"{key} ({name[lang]})" for key, name in bp.modules)
        lines.append("  " + _labelled(_words(lang)["modules"], modules, lang))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def bundled_json(items: Sequence[BundledBlueprint]) -> str:
    """The bundled blueprints as JSON (names and descriptions in every language)."""
    data = [
        {
            "name": bp.name,
            "path": str(bp.path),
            "title": bp.title,
            "description": bp.description,
            "extends": bp.extends,
            "modules": [{"key": key, "name": name} for key, name in bp.modules],
        }
        for bp in items
    ]
    return json.dumps(data, ensure_ascii=False, indent=2)
