"""What users changed by hand in what the blueprint owns, three ways (old, new, live), and
the properties whose type the upgrade changes. Pure.

An upgrade shows these before it overwrites them: a database title or a property name the
user changed is renamed back to the new blueprint's, so the user sees what is lost; a retyped
property says whether Notion carries its values across.
"""

from __future__ import annotations

from dataclasses import dataclass

from notion_setup.fleet.migrate import original_key
from notion_setup.model import KeyChanges, Workspace
from notion_setup.observe import Observed
from notion_setup.plan.schema_diff import match_property, retype_keeps_values


@dataclass(frozen=True)
class Drift:
    """Something the blueprint owns that a user changed: old blueprint, new blueprint, live."""

    kind: str  # database, property, page, view
    key: str
    old: str
    new: str
    live: str
    #: The upgrade writes this title (page titles and view names only when the blueprint
    #: renamed them; database titles and property names always).
    written: bool = True

    @property
    def overwritten(self) -> bool:
        """Whether the upgrade replaces what the user set."""
        return self.written and self.new != self.live


def find_drifts(
    old: Workspace, new: Workspace, keys: KeyChanges, observed: Observed
) -> list[Drift]:
    """Titles and property names a user changed by hand, three ways."""
    out: list[Drift] = []
    registry = observed.registry
    old_dbs = {db.key: db for db in old.databases}
    for db in new.databases:
        seen = observed.databases.get(db.key)
        origin = original_key(keys, "databases", db.key, list(old_dbs))
        before = old_dbs.get(origin) if origin else None
        if seen is None or before is None:
            continue
        if seen.title != before.title:
            out.append(Drift("database", db.key, before.title, db.title, seen.title))
        old_props = {p.key: p for p in before.properties}
        for prop in db.properties:
            porigin = original_key(
                keys, "properties", f"{db.key}.{prop.key}", [f"{before.key}.{k}" for k in old_props]
            )
            old_prop = old_props.get(porigin.partition(".")[2]) if porigin else None
            prop_id = registry.id(f"prop:{db.key}.{prop.key}") if registry else None
            live = seen.by_id(prop_id) if prop_id else None
            if old_prop is None or live is None or prop.type == "title":
                continue
            if live.name != old_prop.name:
                out.append(
                    Drift("property", f"{db.key}.{prop.key}", old_prop.name, prop.name, live.name)
                )
    return out


@dataclass(frozen=True)
class Retype:
    """A property whose type the upgrade changes (``old`` live, ``new`` in the blueprint)."""

    key: str  # "<db>.<prop>"
    name: str
    old: str
    new: str

    @property
    def carries(self) -> bool:
        """Whether Notion converts the values (else they are lost: held back)."""
        return retype_keeps_values(self.old, self.new)


def find_retypes(new: Workspace, observed: Observed) -> list[Retype]:
    """Every property of the new blueprint whose live type is another one."""
    out: list[Retype] = []
    registry = observed.registry
    for db in new.databases:
        seen = observed.databases.get(db.key)
        if seen is None:
            continue
        for prop in db.properties:
            prop_id = registry.id(f"prop:{db.key}.{prop.key}") if registry else None
            live = match_property(prop, seen, prop_id)
            if live is not None and live.type != prop.type and prop.type != "title":
                out.append(Retype(f"{db.key}.{prop.key}", prop.name, live.type, prop.type))
    return out
