"""The databases of a resolved workspace and their relations as a Mermaid ER diagram.

Entities are named by database key (always a valid Mermaid identifier) and shown with their
localised title as an alias; attributes are ``<type> <key> "<localised name>"``. A two-way relation
is one line labelled with both property names; a one-way relation is a line from its database.
"""

from __future__ import annotations

from notion_setup.model import Workspace


def _quote(text: str) -> str:
    # Mermaid strings cannot hold double quotes; typographic ones read the same.
    return '"' + text.replace('"', "”").replace("\n", " ") + '"'


def mermaid_er(ws: Workspace) -> str:
    """Render ``ws`` as a Mermaid ``erDiagram`` (no code fence)."""
    lines = ["erDiagram"]
    for db in ws.databases:
        lines.append(f"    {db.key}[{_quote(db.title)}] {{")
        for prop in db.properties:
            lines.append(f"        {prop.type} {prop.key} {_quote(prop.name)}")
        lines.append("    }")
    for db in ws.databases:
        for prop in db.properties:
            if prop.type != "relation" or prop.relation_target is None:
                continue
            if prop.is_synced:
                continue  # the synced side: drawn with the relation that creates it
            label = prop.name
            if prop.two_way_name:
                label = f"{prop.name} / {prop.two_way_name}"
            lines.append(f"    {db.key} }}o--o{{ {prop.relation_target} : {_quote(label)}")
    return "\n".join(lines)
