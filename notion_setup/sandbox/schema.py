"""The schema editor: applies a request's ``properties`` to a data source (create and update).

A stored property is ``{id, name, type, description, config}``; ``config`` holds the type's
settings (options with ids, relation target, rollup references, formula expression with property
references stored as ``{{notion:block_property:<id>:...}}`` tokens, as Notion returns them).
The vocabulary lives in ``vocabulary.py``, formulas and rollups in ``schema_computed.py``, and
the rendering of stored properties in ``schema_render.py``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from notion_setup.sandbox import check
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import (
    body_invalid,
    invalid,
    missing,
    not_found,
    not_present,
)
from notion_setup.sandbox.ids import short_id
from notion_setup.sandbox.schema_computed import ComputedProperties
from notion_setup.sandbox.schema_render import DataSourceLookup
from notion_setup.sandbox.vocabulary import (
    DEFAULT_STATUS,
    MAX_DESCRIPTION,
    MAX_OPTION_NAME,
    MAX_OPTIONS,
    NUMBER_FORMATS,
    OPTION_COLORS,
    PROPERTY_TYPES,
    REFUSED_TYPES,
    ROLLUP_FUNCTIONS,
    STATUS_GROUPS,
)


class SchemaEditor(ComputedProperties):
    """Applies a request's ``properties`` to one data-source record.

    Args:
        ds: the data-source record being created or updated (already in the store transaction).
        lookup: finds other data sources (relation targets) by id.
        edit: returns a data-source record for modification (two-way relations).
        rng: for property and option ids.
        bot_id: the integration's user id (used in formula tokens).
        db_id_of: the database id owning a data source id.
    """

    def __init__(
        self,
        ds: Json,
        *,
        lookup: DataSourceLookup,
        edit: Callable[[str], Json],
        rng: random.Random,
        bot_id: str,
    ) -> None:
        self.ds = ds
        self.lookup = lookup
        self.edit = edit
        self.rng = rng
        self.bot_id = bot_id
        #: (property, old type, old config) of each property whose type an update changed:
        #: the caller converts the rows' values (``retype.convert_rows``).
        self.retyped: list[tuple[Json, str, Json]] = []

    # -- helpers ---------------------------------------------------------------------------

    def _taken(self, ds: Json) -> set[str]:
        return {p["id"] for p in ds["properties"]}

    def find(self, ref: str, ds: Json | None = None) -> Json | None:
        """A property of ``ds`` (default: this one) by name or id."""
        props: list[Json] = (ds or self.ds)["properties"]
        for prop in props:
            if prop["name"] == ref or prop["id"] == ref:
                return prop
        return None

    def _name_clash(self, name: str, ds: Json, exclude: Json | None = None) -> bool:
        return any(p is not exclude and p["name"].lower() == name.lower() for p in ds["properties"])

    def _option_ids(self) -> set[str]:
        ids: set[str] = set()
        for prop in self.ds["properties"]:
            ids.update(o["id"] for o in prop["config"].get("options", []))
        return ids

    # -- parsing ---------------------------------------------------------------------------

    def _split(self, raw: Any, path: str, *, update: bool) -> tuple[str | None, Json, Json]:
        """(type or None, type config, envelope) of one property request."""
        envelope = check.obj(raw, path)
        kinds = [k for k in (*PROPERTY_TYPES, *REFUSED_TYPES) if k in envelope]
        for key in envelope:
            if key not in (*PROPERTY_TYPES, *REFUSED_TYPES, "type", "description", "name"):
                raise not_present(f"{path}.{key}", envelope[key])
        if "name" in envelope and not update:
            raise not_present(f"{path}.name", envelope["name"])
        if "description" in envelope and envelope["description"] is not None:
            check.text(
                envelope["description"], f"{path}.description", max_len=MAX_DESCRIPTION, min_len=1
            )
        if not kinds:
            if "type" in envelope:
                raise missing(f"{path}.{envelope['type']}")
            if update and ("name" in envelope or "description" in envelope):
                return None, {}, envelope
            raise missing(f"{path}.type")
        kind = check.typed_union(envelope, (*PROPERTY_TYPES, *REFUSED_TYPES), path)
        if kind in REFUSED_TYPES:
            raise body_invalid(f"{path}.{kind}", "cannot be created or changed through the API")
        return kind, check.obj(envelope[kind], f"{path}.{kind}"), envelope

    def _options(self, raw: Any, path: str, existing: list[Json], *, status: bool) -> list[Json]:
        items = check.array(raw, path, max_len=MAX_OPTIONS)
        taken = self._option_ids()
        seen: set[str] = set()
        result: list[Json] = []
        allowed = ("name", "color", "description", "id") + (("group",) if status else ())
        for index, item_raw in enumerate(items):
            where = f"{path}[{index}]"
            item = check.obj(item_raw, where)
            check.only_keys(item, allowed, where)
            old: Json | None = None
            if "id" in item:
                old = next((o for o in existing if o["id"] == item["id"]), None)
                if old is None:
                    raise body_invalid(f"{where}.id", f"`{item['id']}` is not an existing option")
            name_raw = item.get("name", old["name"] if old else None)
            if name_raw is None:
                raise missing(f"{where}.name")
            name = check.text(name_raw, f"{where}.name", max_len=MAX_OPTION_NAME, min_len=1)
            if "," in name:
                raise body_invalid(
                    f"{where}.name", f"should not contain commas, instead was `{name}`"
                )
            if name.lower() in seen:
                raise body_invalid(f"{where}.name", f"`{name}` is a duplicate option name")
            seen.add(name.lower())
            if old is None:
                old = next((o for o in existing if o["name"].lower() == name.lower()), None)
            color = check.enum(item.get("color", "default"), OPTION_COLORS, f"{where}.color")
            description = check.string(
                item.get("description"), f"{where}.description", nullable=True
            )
            group = None
            if status and "group" in item:
                group = check.enum(
                    item["group"], tuple(g for g, _ in STATUS_GROUPS), f"{where}.group"
                )
            if old is not None:
                if old["name"] != name:
                    raise body_invalid(f"{where}.name", "of an existing option cannot be changed")
                if "color" in item and old["color"] != color:
                    raise body_invalid(f"{where}.color", "of an existing option cannot be changed")
                if group is not None and old.get("group") != group:
                    raise body_invalid(f"{where}.group", "of an existing option cannot be changed")
                kept = dict(old)
                if "description" in item:
                    kept["description"] = description
                result.append(kept)
                continue
            option: Json = {
                "id": short_id(self.rng, taken),
                "name": name,
                "color": color,
                "description": description,
            }
            if status:
                # Update docs: an option added to an existing status property goes to To-do
                # (a ``group`` sent with it is not honoured); on create the group is honoured
                # (live-run report, docs/sandbox.md "Status option groups").
                option["group"] = "To-do" if existing else (group or "To-do")
            result.append(option)
        return result

    def _config(self, kind: str, cfg: Json, path: str, prop: Json | None, name: str) -> Json:
        """Stored config of a non-computed type (relations included, rollup/formula later)."""
        if kind in (
            "title",
            "rich_text",
            "date",
            "people",
            "files",
            "checkbox",
            "url",
            "email",
            "phone_number",
            "created_time",
            "created_by",
            "last_edited_time",
            "last_edited_by",
            "place",
            "button",
        ):
            check.only_keys(cfg, (), path)
            return {}
        old_cfg = prop["config"] if prop and prop["type"] == kind else {}
        if kind == "number":
            check.only_keys(cfg, ("format",), path)
            fmt = cfg.get("format", old_cfg.get("format", "number"))
            return {"format": check.enum(fmt, NUMBER_FORMATS, f"{path}.format")}
        if kind in ("select", "multi_select"):
            check.only_keys(cfg, ("options",), path)
            if "options" not in cfg:
                return {"options": list(old_cfg.get("options", []))}
            return {
                "options": self._options(
                    cfg["options"], f"{path}.options", old_cfg.get("options", []), status=False
                )
            }
        if kind == "status":
            check.only_keys(cfg, ("options",), path)
            if "options" not in cfg:
                if old_cfg:
                    return {"options": list(old_cfg["options"])}
                taken = self._option_ids()
                return {
                    "options": [
                        {
                            "id": short_id(self.rng, taken),
                            "name": n,
                            "color": c,
                            "description": None,
                            "group": g,
                        }
                        for n, c, g in DEFAULT_STATUS
                    ]
                }
            options = self._options(
                cfg["options"], f"{path}.options", old_cfg.get("options", []), status=True
            )
            if not options:
                raise body_invalid(f"{path}.options.length", "should be ≥ `1`, instead was `0`")
            return {"options": options}
        if kind == "unique_id":
            check.only_keys(cfg, ("prefix",), path)
            prefix = check.string(cfg.get("prefix"), f"{path}.prefix", nullable=True)
            others = [
                p for p in self.ds["properties"] if p["type"] == "unique_id" and p is not prop
            ]
            if others:
                raise body_invalid(path, "a data source can hold only one unique_id property")
            return {"prefix": prefix}
        if kind == "relation":
            return self._relation(cfg, path, prop, name)
        if kind == "formula":
            check.only_keys(cfg, ("expression",), path)
            expression = check.text(check.req(cfg, "expression", path), f"{path}.expression")
            return {"expression": expression, "_pending": True}
        if kind == "rollup":
            check.only_keys(
                cfg,
                (
                    "function",
                    "relation_property_name",
                    "relation_property_id",
                    "rollup_property_name",
                    "rollup_property_id",
                ),
                path,
            )
            function = check.enum(
                check.req(cfg, "function", path), ROLLUP_FUNCTIONS, f"{path}.function"
            )
            return {"function": function, "_request": cfg, "_pending": True}
        raise body_invalid(path, "is not a supported property type")  # pragma: no cover

    def _relation(self, cfg: Json, path: str, prop: Json | None, name: str) -> Json:
        if "database_id" in cfg:
            # 2025-09-03+: relation targets are data sources; database_id is response-only.
            raise not_present(f"{path}.database_id", cfg["database_id"])
        check.only_keys(cfg, ("data_source_id", "type", "single_property", "dual_property"), path)
        target_id = check.uuid(check.req(cfg, "data_source_id", path), f"{path}.data_source_id")
        mode = check.typed_union(cfg, ("single_property", "dual_property"), path)
        if target_id == self.ds["id"] and self.ds.get("_creating"):
            raise not_found("data_source", target_id)
        target = self.ds if target_id == self.ds["id"] else self.lookup(target_id)
        if target is None:
            raise not_found("data_source", target_id)
        inner = check.obj(cfg[mode], f"{path}.{mode}")
        result: Json = {"data_source_id": target_id, "type": mode}
        if mode == "single_property":
            check.only_keys(inner, (), f"{path}.single_property")
            return result
        check.only_keys(
            inner, ("synced_property_name", "synced_property_id"), f"{path}.dual_property"
        )
        old = prop["config"] if prop and prop["type"] == "relation" else {}
        same = old.get("data_source_id") == target_id and old.get("type") == "dual_property"
        if "synced_property_id" in inner and (
            not same or inner["synced_property_id"] != old.get("synced_property_id")
        ):
            raise body_invalid(
                f"{path}.dual_property.synced_property_id",
                "should name the synced property of this relation",
            )
        synced_name = check.string(
            inner.get("synced_property_name"),
            f"{path}.dual_property.synced_property_name",
            nullable=True,
            min_len=1,
        )
        result["_synced_name"] = synced_name
        if same:
            result["synced_property_id"] = old["synced_property_id"]
        return result

    def _link_dual(self, prop: Json) -> None:
        cfg = prop["config"]
        synced_name = cfg.pop("_synced_name", None)
        if cfg["type"] != "dual_property":
            return
        target = (
            self.ds if cfg["data_source_id"] == self.ds["id"] else self.edit(cfg["data_source_id"])
        )
        existing = self.find(cfg.get("synced_property_id", "\0"), target)
        if existing is not None:
            if synced_name and synced_name != existing["name"]:
                if self._name_clash(synced_name, target, existing):
                    raise invalid(f"The data source already has a property named {synced_name}.")
                existing["name"] = synced_name
            return
        name = synced_name or f"Related to {self.title()} ({prop['name']})"
        if self._name_clash(name, target):
            raise invalid(
                f"Cannot create the synced property {name}: the related data source already has "
                "a property with that name."
            )
        synced = {
            "id": short_id(self.rng, self._taken(target)),
            "name": name,
            "type": "relation",
            "description": None,
            "config": {
                "data_source_id": self.ds["id"],
                "type": "dual_property",
                "synced_property_id": prop["id"],
            },
        }
        target["properties"].append(synced)
        cfg["synced_property_id"] = synced["id"]

    def _unlink_dual(self, prop: Json) -> None:
        cfg = prop["config"]
        if prop["type"] != "relation" or cfg.get("type") != "dual_property":
            return
        target_id = cfg["data_source_id"]
        target = self.ds if target_id == self.ds["id"] else self.lookup(target_id)
        if target is None:
            return
        if target is not self.ds:
            target = self.edit(target_id)
        target["properties"] = [
            p for p in target["properties"] if p["id"] != cfg.get("synced_property_id")
        ]

    def title(self) -> str:
        """Plain title of this data source."""
        return "".join(str(t.get("plain_text", "")) for t in self.ds.get("title", []))

    # -- entry points ----------------------------------------------------------------------

    def create(self, raw: Any, path: str) -> None:
        """Build the schema of a new data source from ``initial_data_source.properties``."""
        props = check.obj(raw if raw is not None else {}, path)
        parsed: list[tuple[str, str, Json, Json]] = []
        for name, value in props.items():
            where = f"{path}.{name}"
            if not name.strip():
                raise body_invalid(where, "should have a non-empty property name")
            kind, cfg, envelope = self._split(value, where, update=False)
            assert kind is not None
            if kind == "button":
                continue  # Notion ignores button settings in schema writes.
            parsed.append((name, kind, cfg, envelope))
        titles = [p for p in parsed if p[1] == "title"]
        if len(titles) > 1:
            raise invalid(
                f"body failed validation: {path} should hold only one title property, found "
                f"{len(titles)} ({', '.join(p[0] for p in titles)})."
            )
        self.ds["properties"] = []
        if not titles:
            self.ds["properties"].append(
                {"id": "title", "name": "Name", "type": "title", "description": None, "config": {}}
            )
        for name, kind, cfg, envelope in parsed:
            if self._name_clash(name, self.ds):
                raise body_invalid(f"{path}.{name}", "is a duplicate property name")
            prop: Json = {
                "id": "title" if kind == "title" else short_id(self.rng, self._taken(self.ds)),
                "name": name,
                "type": kind,
                "description": envelope.get("description"),
                "config": {},
            }
            self.ds["properties"].append(prop)
            prop["config"] = self._config(kind, cfg, f"{path}.{name}.{kind}", prop, name)
        self._finish(path)

    def update(self, raw: Any, path: str) -> None:
        """Apply ``PATCH /v1/data_sources/{id}`` ``properties``: add, rename, retype, remove."""
        props = check.obj(raw, path)
        for key, value in props.items():
            where = f"{path}.{key}"
            prop = self.find(key)
            if value is None:
                if prop is None:
                    raise invalid(f"Could not find property with name or id: {key}")
                if prop["type"] == "title":
                    raise invalid(f"Cannot delete the title property {prop['name']}.")
                self._unlink_dual(prop)
                self.ds["properties"] = [p for p in self.ds["properties"] if p is not prop]
                continue
            kind, cfg, envelope = self._split(value, where, update=True)
            if kind == "button":
                continue
            if prop is None:
                if kind is None:
                    raise invalid(f"Could not find property with name or id: {key}")
                name = str(envelope.get("name", key))
                check.text(name, f"{where}.name", min_len=1)
                if kind == "title":
                    raise invalid(
                        f"Cannot add the title property {name}: a data source has exactly one."
                    )
                if self._name_clash(name, self.ds):
                    raise invalid(f"The data source already has a property named {name}.")
                prop = {
                    "id": short_id(self.rng, self._taken(self.ds)),
                    "name": name,
                    "type": kind,
                    "description": envelope.get("description"),
                    "config": {},
                }
                self.ds["properties"].append(prop)
                prop["config"] = self._config(kind, cfg, f"{where}.{kind}", prop, name)
                continue
            if "name" in envelope:
                new_name = check.text(envelope["name"], f"{where}.name", min_len=1)
                if self._name_clash(new_name, self.ds, prop):
                    raise invalid(f"The data source already has a property named {new_name}.")
                prop["name"] = new_name
            if "description" in envelope:
                prop["description"] = envelope["description"]
            if kind is None:
                continue
            if kind != prop["type"]:
                if prop["type"] == "title" or kind == "title":
                    raise invalid(
                        f"Cannot change the type of property {prop['name']} from {prop['type']} "
                        f"to {kind}: the title property cannot be retyped or added."
                    )
                self._unlink_dual(prop)
                self.retyped.append((prop, prop["type"], prop["config"]))
                old_config: Json = {}
            else:
                old_config = prop["config"]
            new_config = self._config(kind, cfg, f"{where}.{kind}", prop, prop["name"])
            if (
                kind == "relation"
                and prop["type"] == "relation"
                and (
                    old_config.get("data_source_id") != new_config["data_source_id"]
                    or old_config.get("type") != new_config["type"]
                )
            ):
                self._unlink_dual(prop)
            prop["type"] = kind
            prop["config"] = new_config
        self._finish(path)

    def _finish(self, path: str) -> None:
        for prop in self.ds["properties"]:
            if prop["type"] == "relation" and "_synced_name" in prop["config"]:
                self._link_dual(prop)
        for prop in self.ds["properties"]:
            if prop["config"].get("_pending") and prop["type"] == "rollup":
                self._rollup(prop, f"{path}.{prop['name']}")
        for prop in self.ds["properties"]:
            if prop["config"].get("_pending") and prop["type"] == "formula":
                self._formula(prop, f"{path}.{prop['name']}")
