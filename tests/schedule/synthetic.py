"""A generated blueprint of any size (never committed as a huge file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _l(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def synthetic_blueprint(databases: int) -> dict[str, Any]:
    """``databases`` databases in a chain: each relates to the one before, has 2 views and a row."""
    dbs: dict[str, Any] = {}
    for i in range(databases):
        props: dict[str, Any] = {
            "name": {"type": "title", "name": _l("Name", "Nom")},
            "state": {
                "type": "select",
                "name": _l("State", "État"),
                "options": [
                    {"key": "open", "name": _l("Open", "Ouvert"), "color": "blue"},
                    {"key": "closed", "name": _l("Closed", "Fermé"), "color": "gray"},
                ],
            },
            "due": {"type": "date", "name": _l("Due", "Échéance")},
        }
        row_values: dict[str, Any] = {"name": _l(f"Item {i}", f"Élément {i}"), "state": "open"}
        if i > 0:
            props["previous"] = {
                "type": "relation",
                "name": _l("Previous", "Précédent"),
                "target": f"db{i - 1}",
            }
            row_values["previous"] = ["first"]
        dbs[f"db{i}"] = {
            "module": "core",
            "title": _l(f"Database {i}", f"Base {i}"),
            "icon": "📁",
            "properties": props,
            "views": [
                {"key": "all", "name": _l("All", "Tout"), "type": "table"},
                {
                    "key": "by_state",
                    "name": _l("By state", "Par état"),
                    "type": "board",
                    "group_by": "state",
                },
            ],
            "rows": [{"key": "first", "values": row_values}],
        }
    return {
        "format": 1,
        "id": f"synthetic{databases}",
        "name": _l("Synthetic", "Synthétique"),
        "description": _l("Generated for the call-count tests", "Généré pour les tests d'appels"),
        "root": {
            "title": _l("{{client_name}}", "{{client_name}}"),
            "icon": "🗂️",
            "body": _l("Generated.", "Généré."),
        },
        "templates_page": {"title": _l("Templates", "Modèles"), "icon": "📄"},
        "modules": {"core": {"name": _l("Core", "Base"), "description": _l("All", "Tout")}},
        "databases": dbs,
    }


def write_synthetic(directory: Path, databases: int) -> Path:
    """Write the blueprint as a file and return its path."""
    path = directory / f"synthetic{databases}.json"
    path.write_text(json.dumps(synthetic_blueprint(databases), ensure_ascii=False), "utf-8")
    return path
