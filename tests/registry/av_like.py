"""An AV-like blueprint of any size: the bundled AV databases, copied (never committed as a file).

Copy 0 keeps AV's keys, so AV's pages, linked views and templates stay valid; every further copy
suffixes its database keys and titles (`tasks_3`, "Tâches 3") and points its relations at the
databases of its own copy. Its registry is as dense as a real AV client's (properties, options,
views, rows), which the synthetic chain blueprint is not.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from notion_setup.blueprint import bundled_dir


def av_like_blueprint(databases: int) -> dict[str, Any]:
    """AV with its databases copied until there are ``databases`` (a multiple of AV's 16)."""
    av = json.loads((bundled_dir() / "av.json").read_text("utf-8"))
    originals: dict[str, Any] = av["databases"]
    if databases % len(originals):
        raise ValueError(f"{databases} is not a multiple of {len(originals)}")
    out: dict[str, Any] = {}
    for n in range(databases // len(originals)):
        suffix = f"_{n}" if n else ""
        for key, db in originals.items():
            clone = copy.deepcopy(db)
            if n:
                clone["title"] = {lang: f"{text} {n}" for lang, text in db["title"].items()}
                for prop in clone["properties"].values():
                    if prop.get("type") == "relation":
                        prop["target"] = f"{prop['target']}{suffix}"
            out[f"{key}{suffix}"] = clone
    av["databases"] = out
    av["id"] = f"avlike{databases}"
    av.pop("migrations", None)
    av.pop("$schema", None)
    return dict(av)


def write_av_like(directory: Path, databases: int) -> Path:
    """Write the blueprint as a file and return its path."""
    path = directory / f"avlike{databases}.json"
    path.write_text(json.dumps(av_like_blueprint(databases), ensure_ascii=False), "utf-8")
    return path
