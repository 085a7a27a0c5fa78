"""``export``: read a workspace (made by this tool or by hand) back into a blueprint document.

The page given becomes the blueprint's root; its child pages, databases (with their properties,
relations, rollups, formulas and views), linked views, rows and, when the page carries a
notion-setup registry, its templates, become the blueprint's objects. Keys are derived from names
(slugified, made unique). Everything the API cannot read, or a blueprint cannot describe, is
listed as a ``Note``, never silently dropped.

Languages: the format needs every text in English and French, and a workspace is written in one
language. The text read fills both (the blueprint applies the same in either language); ``lang``
names the language it is written in, which the blueprint's description records so a translator
knows which side to rewrite.

When the page carries a registry, the client's name in titles and bodies becomes
``{{client_name}}``, so the export applies to any client; other ``{{`` in texts become ``{ {``
(a blueprint reads them as placeholders).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, get_args

from notion_setup.apply import TOOL_TEXT
from notion_setup.blueprint.checks import Checker, check_document
from notion_setup.blueprint.props import OPTION_CONDITIONS
from notion_setup.blueprint.schema import validate_schema
from notion_setup.blueprint.variables import LATE
from notion_setup.errors import NotionSetupError
from notion_setup.model import PropertyType, ViewType
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.markdown import blocks_to_markdown
from notion_setup.notion.payloads import STATUS_GROUP_NAMES
from notion_setup.notion.results import plain_text
from notion_setup.notion.transport import JSON, Transport
from notion_setup.observe import list_children as _list_children
from notion_setup.observe import read_registry
from notion_setup.output import NullReporter, Reporter
from notion_setup.registry import TOGGLE_TITLE, Registry

#: Block types ``blocks_to_markdown`` renders and ``markdown_to_blocks`` reads back the same.
MARKDOWN_BLOCKS = frozenset(
    {
        "paragraph",
        "heading_1",
        "heading_2",
        "heading_3",
        "bulleted_list_item",
        "numbered_list_item",
        "to_do",
        "quote",
        "callout",
        "divider",
        "code",
        "toggle",
        "table",
    }
)
#: Property types a blueprint can declare.
BLUEPRINT_TYPES = frozenset(get_args(PropertyType))
VIEW_TYPES = frozenset(get_args(ViewType))
CHART_AGGREGATORS = frozenset(
    {"count", "sum", "average", "min", "max", "median", "range", "count_values", "unique"}
)
_FORMATS = (
    "number number_with_commas percent dollar australian_dollar canadian_dollar singapore_dollar "
    "euro pound yen ruble rupee won yuan real lira rupiah franc hong_kong_dollar "
    "new_zealand_dollar krona norwegian_krone mexican_peso rand new_taiwan_dollar danish_krone "
    "zloty baht forint koruna shekel chilean_peso philippine_peso dirham colombian_peso riyal "
    "ringgit leu argentine_peso uruguayan_peso peruvian_sol vietnamese_dong pakistani_rupee "
    "nigerian_naira bitcoin"
)
NUMBER_FORMATS = frozenset(_FORMATS.split())
GROUP_KEYS = {name: key for key, name in STATUS_GROUP_NAMES.items()}
#: Row values a blueprint can hold.
VALUE_TYPES = frozenset(
    {
        "title",
        "rich_text",
        "number",
        "select",
        "multi_select",
        "status",
        "date",
        "checkbox",
        "url",
        "email",
        "phone_number",
        "relation",
    }
)
_TOKEN = re.compile(r"\{\{notion:block_property:([^:}]+):[^}]*\}\}")
_PROP_NAME = re.compile(r'prop\(\s*"((?:[^"\\]|\\.)*)"\s*\)')
_BRACES = re.compile(r"\{\{")
_LATE_PLACEHOLDER = re.compile(r"\{\{\s*(" + "|".join(LATE) + r")\s*\}\}")
DESCRIPTIONS = {
    "en": "Exported from “{title}”, written in {lang_en}: the other language holds copies to "
    "translate.",
    "fr": "Exporté de « {title} », rédigé en {lang_fr} : l'autre langue en contient des copies à "
    "traduire.",
}
LANGUAGE_NAMES = {"en": ("English", "anglais"), "fr": ("French", "français")}


@dataclass(frozen=True)
class Note:
    """Something the export could not carry over, and where."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ExportResult:
    """The blueprint document and what it leaves out."""

    document: JSON
    notes: list[Note] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many of each object the blueprint holds."""
        dbs = self.document.get("databases", {})
        return {
            "databases": len(dbs),
            "properties": sum(len(d["properties"]) for d in dbs.values()),
            "views": sum(len(d.get("views", [])) for d in dbs.values()),
            "rows": sum(len(d.get("rows", [])) for d in dbs.values()),
            "pages": len(self.document.get("pages", {})),
            "templates": len(self.document.get("templates", {})),
        }

    def to_json(self) -> JSON:
        """Summary for ``--json`` (the document itself is written separately)."""
        return {
            "id": self.document.get("id"),
            "counts": self.counts(),
            "not_exported": [{"where": n.where, "message": n.message} for n in self.notes],
        }


def slugify(text: str, fallback: str) -> str:
    """A blueprint key from a name: ASCII, lowercase, ``_`` between words, starts with a letter."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:48].rstrip("_")
    if not slug:
        return fallback
    return slug if slug[0].isalpha() else f"{fallback}_{slug}"[:48]


class Keys:
    """Hands out unique keys within one scope."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def key(self, name: str, fallback: str) -> str:
        """A new key for ``name``: its slug, with ``_2``, ``_3``... when already taken."""
        base = slugify(name, fallback)
        key, n = base, 2
        while key in self.taken:
            key = f"{base}_{n}"
            n += 1
        self.taken.add(key)
        return key


@dataclass
class _Source:
    """One exported database as read from Notion."""

    key: str
    id: str
    ds: str
    title: str
    props: dict[str, JSON]  # property id -> schema entry (with "name")
    keys: dict[str, str] = field(default_factory=dict)  # property id -> key
    spec: JSON = field(default_factory=dict)
    rows: list[JSON] = field(default_factory=list)
    row_keys: dict[str, str] = field(default_factory=dict)  # page id -> row key

    def key_of(self, ref: str) -> str | None:
        """Property key from an id or a name."""
        if ref in self.keys:
            return self.keys[ref]
        for prop_id, prop in self.props.items():
            if prop["name"] == ref:
                return self.keys.get(prop_id)
        return None

    def option_key(self, prop_key: str, name: Any) -> str | None:
        spec = self.spec["properties"].get(prop_key) or {}
        for option in spec.get("options", ()):
            if option["name"]["en"] == name or option["key"] == name:
                return str(option["key"])
        return None


class _Exporter:
    def __init__(self, api: NotionAPI, lang: str, max_rows: int, reporter: Reporter) -> None:
        self.api = api
        self.lang = lang
        self.max_rows = max_rows
        self.reporter = reporter
        self.notes: list[Note] = []
        self.client: str | None = None
        self.page_keys = Keys()
        self.db_keys = Keys()
        self.pages: dict[str, JSON] = {}
        self.sources: dict[str, _Source] = {}  # database key -> source
        self.by_ds: dict[str, str] = {}  # data source id -> database key
        self.linked: list[tuple[str, str, str]] = []  # (page key, linked db id, title)
        self.templates: dict[str, JSON] = {}
        self.template_pages: dict[str, str] = {}  # page id -> template key (from the registry)
        self.templates_page_id: str | None = None
        self.templates_page: JSON = {"title": {"en": "Templates", "fr": "Modèles"}}
        #: (database key, property key) pairs that rollups and formulas use.
        self.used: set[tuple[str, str]] = set()

    # --- texts -------------------------------------------------------------------------------

    def note(self, where: str, message: str) -> None:
        self.notes.append(Note(where, message))

    def clean(self, text: str, where: str, *, late: bool = False, client: bool = False) -> str:
        """Make read text safe as blueprint text: ``{{`` escaped, the client's name templated."""
        kept: list[str] = []
        if late:

            def keep(match: re.Match[str]) -> str:
                kept.append(match.group(0))
                return f"\x00{len(kept) - 1}\x00"

            text = _LATE_PLACEHOLDER.sub(keep, text)
        if "{{" in text:
            text = _BRACES.sub("{ {", text)
            self.note(where, "“{{” written as “{ {” (a blueprint reads {{…}} as a variable)")
        if client and self.client and len(self.client) >= 2:
            pattern = r"(?<!\w)" + re.escape(self.client) + r"(?!\w)"
            text = re.sub(pattern, "{{client_name}}", text)
        for i, original in enumerate(kept):
            text = text.replace(f"\x00{i}\x00", original)
        return text

    def text(self, text: str, where: str, **options: bool) -> JSON:
        cleaned = self.clean(text, where, **options)
        return {"en": cleaned, "fr": cleaned}

    # --- blocks ------------------------------------------------------------------------------

    def blocks(self, block_id: str, depth: int = 0) -> list[JSON]:
        blocks: list[JSON] = []
        for listed in self.api.blocks.children(block_id):
            block = dict(listed.raw)
            if listed.has_children and listed.type in MARKDOWN_BLOCKS and depth < 3:
                block["children"] = self.blocks(listed.id, depth + 1)
            blocks.append(block)
        return blocks

    def markdown(self, blocks: list[JSON], where: str) -> str:
        kept: list[JSON] = []
        skipped: dict[str, int] = {}
        for block in blocks:
            kind = block.get("type", "")
            if kind in ("child_page", "child_database"):
                continue
            if kind == "toggle" and plain_text(block["toggle"].get("rich_text")) == TOGGLE_TITLE:
                continue
            if kind in MARKDOWN_BLOCKS:
                kept.append(block)
            else:
                skipped[kind] = skipped.get(kind, 0) + 1
        for kind, count in sorted(skipped.items()):
            self.note(where, f"{count} {kind} block(s) not exported (no Markdown for them)")
        return blocks_to_markdown(kept).rstrip("\n")

    def icon(self, obj: Mapping[str, Any], where: str) -> str | None:
        icon = obj.get("icon") or {}
        if icon.get("type") == "emoji":
            return str(icon["emoji"])
        if icon:
            self.note(where, f"{icon.get('type')} icon not exported (a blueprint icon is an emoji)")
        if obj.get("cover"):
            self.note(where, "cover image not exported")
        return None

    # --- pages -------------------------------------------------------------------------------

    def root(self, page_id: str) -> JSON:
        page = self.api.pages.retrieve(page_id)
        title = page.title or "Workspace"
        children = _list_children(self.api, page_id)
        found = read_registry(self.api, children)
        registry: Registry | None = found[0] if found else None
        if registry is not None:
            self.client = registry.client
            self.lang = self.lang or registry.lang
            for key, value in registry.objects.items():
                if key.startswith("tpl:") and isinstance(value, str):
                    self.template_pages[value] = key.removeprefix("tpl:")
            tp = registry.objects.get("templates_page")
            self.templates_page_id = str(tp) if isinstance(tp, str) else None
        root: JSON = {"title": self.text(title, "root", client=True)}
        icon = self.icon(page.raw, "root")
        if icon:
            root["icon"] = icon
        body = self.markdown(self.blocks(page_id), "root")
        if body:
            root["body"] = self.text(body, "root", client=True)
        self.walk(page_id, None, "root")
        return root

    def walk(self, page_id: str, page_key: str | None, where: str) -> None:
        """Visit the child pages and databases of a page."""
        for child in _list_children(self.api, page_id):
            if child.type == "child_page":
                if child.id == self.templates_page_id:
                    self.read_templates_page(child.id)
                else:
                    self.page(child.id, child.title, page_key)
            elif child.type == "child_database":
                self.database(child.id, page_key, where)

    def page(self, page_id: str, title: str, parent: str | None) -> None:
        key = self.page_keys.key(title, "page")
        where = f"pages.{key}"
        self.reporter.tick("read", f"page {title}")
        page = self.api.pages.retrieve(page_id)
        spec: JSON = {"module": "core", "title": self.text(title or key, where, client=True)}
        icon = self.icon(page.raw, where)
        if icon:
            spec["icon"] = icon
        body = self.markdown(self.blocks(page_id), where)
        if body:
            spec["body"] = self.text(body, where, client=True)
        if parent:
            spec["parent"] = parent
        self.pages[key] = spec
        self.walk(page_id, key, where)

    def read_templates_page(self, page_id: str) -> None:
        page = self.api.pages.retrieve(page_id)
        spec: JSON = {"title": self.text(page.title or "Templates", "templates_page")}
        icon = self.icon(page.raw, "templates_page")
        if icon:
            spec["icon"] = icon
        self.templates_page = spec
        for child in _list_children(self.api, page_id):
            if child.type == "child_page" and child.id in self.template_pages:
                self.template(child.id, child.title)
            elif child.type in ("child_page", "child_database"):
                self.note(
                    f"templates_page/{child.title}",
                    "not a template the tool created; not exported",
                )

    def template(self, page_id: str, title: str) -> None:
        """A template page under the templates page: its database comes from its intro line."""
        blocks = self.blocks(page_id)
        key = slugify(self.template_pages[page_id], "template")
        where = f"templates.{key}"
        database_title = None
        if blocks:
            first = blocks[0]
            text = plain_text(first.get(first.get("type", ""), {}).get("rich_text"))
            database_title = _template_database(text)
            if database_title is not None:
                blocks = blocks[1:]
        if database_title is None:
            self.note(where, "its database is unknown (first line edited); not exported")
            return
        page = self.api.pages.retrieve(page_id)
        spec: JSON = {
            "module": "core",
            "database": database_title,  # replaced by the key once databases are read
            "title": self.text(title or key, where, late=True, client=True),
        }
        icon = self.icon(page.raw, where)
        if icon:
            spec["icon"] = icon
        body = self.markdown(blocks, where)
        if body:
            spec["body"] = self.text(body, where, late=True, client=True)
        self.note(where, "property values of templates live only in the blueprint; none exported")
        self.templates[key] = spec

    # --- databases ---------------------------------------------------------------------------

    def database(self, database_id: str, page_key: str | None, where: str) -> None:
        db = self.api.databases.retrieve(database_id)
        title = db.title or "Database"
        sources = db.data_sources
        if not sources:
            self.note(f"{where}/{title}", "database without a data source; not exported")
            return
        ds = self.api.data_sources.retrieve(sources[0].id)
        owner = ds.database_id
        if owner and owner != database_id:
            if page_key is None:
                self.note(f"root/{title}", "linked view on the root page not exported")
            else:
                self.linked.append((page_key, database_id, title))
            return
        if len(sources) > 1:
            self.note(f"{where}/{title}", f"{len(sources) - 1} extra data source(s) not exported")
        key = self.db_keys.key(title, "database")
        self.reporter.tick("read", f"database {title}")
        props = {p.id: {**p.raw, "name": p.name} for p in ds.properties}
        source = _Source(key, database_id, ds.id, title, props)
        where = f"databases.{key}"
        spec: JSON = {"module": "core", "title": self.text(title, where, client=True)}
        if db.description:
            spec["description"] = self.text(db.description, where, client=True)
        icon = self.icon(db.raw, where)
        if icon:
            spec["icon"] = icon
        if page_key:
            spec["parent"] = page_key
        if db.is_inline:
            spec["is_inline"] = True
        source.spec = spec
        names = Keys()
        for prop_id, prop in props.items():
            source.keys[prop_id] = names.key(prop["name"], "property")
        self.sources[key] = source
        self.by_ds[source.ds] = key
        for template in self.api.data_sources.templates(source.ds):
            self.note(
                where,
                f"database template “{template.name}” not exported: the API cannot "
                "create database templates (recreate it in the Notion app)",
            )

    def mark_used(self, source: _Source) -> None:
        """Remember the properties that this database's rollups and formulas use."""
        for prop in source.props.values():
            kind = prop.get("type")
            if kind == "rollup":
                ref = (prop.get("rollup") or {}).get("relation_property_id")
                key = source.key_of(str(ref)) if ref else None
                if key:
                    self.used.add((source.key, key))
            elif kind == "formula":
                expression = str((prop.get("formula") or {}).get("expression") or "")
                refs = _TOKEN.findall(expression) + _PROP_NAME.findall(expression)
                for ref in refs:
                    key = source.key_of(ref)
                    if key:
                        self.used.add((source.key, key))

    def properties(self, source: _Source) -> None:
        """The blueprint properties of one database (after every database is known)."""
        where = f"databases.{source.key}.properties"
        out: JSON = {}
        for prop_id, prop in source.props.items():
            key = source.keys[prop_id]
            spec = self.property(source, prop, f"{where}.{key}")
            if spec is not None:
                out[key] = spec
        source.spec["properties"] = out

    def property(self, source: _Source, prop: JSON, where: str) -> JSON | None:
        kind = str(prop.get("type"))
        if kind not in BLUEPRINT_TYPES:
            self.note(
                where, f"{kind} property “{prop['name']}” not exported (a blueprint has none)"
            )
            return None
        spec: JSON = {"type": kind, "name": self.text(prop["name"], where)}
        description = prop.get("description")
        if isinstance(description, list):
            description = plain_text(description)
        if description:
            spec["description"] = self.text(str(description)[:280], where)
        config = prop.get(kind) or {}
        if kind == "number":
            fmt = config.get("format") or "number"
            if fmt in NUMBER_FORMATS:
                spec["format"] = fmt
            else:
                self.note(where, f"number format {fmt} not exported")
        elif kind in ("select", "multi_select", "status"):
            spec["options"] = self.options(kind, config, where)
        elif kind == "unique_id":
            if config.get("prefix"):
                spec["prefix"] = config["prefix"]
        elif kind == "relation":
            return self.relation(source, prop, spec, where)
        elif kind in ("rollup", "formula"):
            return spec  # completed once every property has a key (see ``computed``)
        return spec

    def options(self, kind: str, config: JSON, where: str) -> list[JSON]:
        groups = {
            option_id: GROUP_KEYS.get(str(group.get("name")))
            for group in config.get("groups", [])
            for option_id in group.get("option_ids", [])
        }
        keys = Keys()
        out = []
        for option in config.get("options", []):
            name = str(option.get("name", ""))
            item: JSON = {"key": keys.key(name, "option"), "name": self.text(name, where)}
            if option.get("color") and option["color"] != "default":
                item["color"] = option["color"]
            if option.get("description"):
                item["description"] = self.text(str(option["description"]), where)
            group = groups.get(option.get("id"))
            if kind == "status" and group:
                item["group"] = group
            out.append(item)
        return out

    def relation(self, source: _Source, prop: JSON, spec: JSON, where: str) -> JSON | None:
        config = prop.get("relation") or {}
        target_key = self.by_ds.get(str(config.get("data_source_id")))
        if target_key is None:
            self.note(where, f"relation “{prop['name']}” points outside the exported page")
            return None
        spec["target"] = target_key
        if config.get("type") != "dual_property":
            return spec
        target = self.sources[target_key]
        synced_id = str((config.get("dual_property") or {}).get("synced_property_id"))
        synced_key = target.keys.get(synced_id)
        if synced_key is None:
            return spec  # the other side is gone: a one-way relation now
        mine = (source.key, source.keys[str(prop["id"])])
        theirs = (target_key, synced_key)
        # One side declares the pair. A database whose rollups or formulas use its side must
        # declare it (its schema is created with that relation); otherwise the first in order.
        if (theirs in self.used) != (mine in self.used):
            declare = mine in self.used
        else:
            declare = mine < theirs
        if not declare:
            return None  # declared from the other side, which creates this one
        spec["two_way"] = {
            "key": synced_key,
            "name": self.text(target.props[synced_id]["name"], where),
        }
        return spec

    def computed(self, source: _Source) -> bool:
        """Fill rollups and formulas; drop those whose references are gone. True if any dropped."""
        props = source.spec["properties"]
        dropped = False
        for prop_id, prop in source.props.items():
            key = source.keys[prop_id]
            spec = props.get(key)
            if spec is None or spec["type"] not in ("rollup", "formula"):
                continue
            where = f"databases.{source.key}.properties.{key}"
            problem = (
                self.rollup(source, prop, spec)
                if spec["type"] == "rollup"
                else self.formula(source, prop, spec)
            )
            if problem:
                self.note(where, f"{spec['type']} “{prop['name']}” not exported: {problem}")
                del props[key]
                dropped = True
        return dropped

    def _declared(self, db_key: str, key: str) -> bool:
        """The property exists in the blueprint (declared, or created by a two-way relation)."""
        if key in self.sources[db_key].spec["properties"]:
            return True
        return any(
            spec.get("two_way", {}).get("key") == key and spec["target"] == db_key
            for other in self.sources.values()
            for spec in other.spec["properties"].values()
            if spec["type"] == "relation"
        )

    def rollup(self, source: _Source, prop: JSON, spec: JSON) -> str | None:
        config = prop.get("rollup") or {}
        relation = source.key_of(
            str(config.get("relation_property_id") or config.get("relation_property_name"))
        )
        if relation is None or not self._declared(source.key, relation):
            return "its relation is not exported"
        relation_prop = next(p for i, p in source.props.items() if source.keys[i] == relation)
        target_key = self.by_ds.get(
            str((relation_prop.get("relation") or {}).get("data_source_id"))
        )
        if target_key is None:
            return "its relation points outside the exported page"
        target = self.sources[target_key]
        rolled = target.key_of(
            str(config.get("rollup_property_id") or config.get("rollup_property_name"))
        )
        if rolled is None or not self._declared(target_key, rolled):
            return "the property it rolls up is not exported"
        spec.update(relation=relation, property=rolled, function=config.get("function", "count"))
        return None

    def formula(self, source: _Source, prop: JSON, spec: JSON) -> str | None:
        expression = str((prop.get("formula") or {}).get("expression") or "")
        missing: list[str] = []

        def by_id(match: re.Match[str]) -> str:
            key = source.keys.get(match.group(1))
            if key is None or not self._declared(source.key, key):
                missing.append(match.group(1))
                return match.group(0)
            return f'prop("{key}")'

        def by_name(match: re.Match[str]) -> str:
            key = source.key_of(match.group(1).replace('\\"', '"'))
            if key is None or not self._declared(source.key, key):
                missing.append(match.group(1))
                return match.group(0)
            return f'prop("{key}")'

        # Names first: the tokens then become prop("key"), which must not be read as names.
        rewritten = _TOKEN.sub(by_id, _PROP_NAME.sub(by_name, expression))
        if missing:
            return f"it uses properties that are not exported ({', '.join(missing)})"
        if not rewritten.strip():
            return "empty expression"
        if "{{" in rewritten:
            return "its expression holds references the export cannot read"
        spec["expression"] = rewritten
        return None

    # --- views -------------------------------------------------------------------------------

    def views(self, checker: Checker, source: _Source, database_id: str, where: str) -> list[JSON]:
        out: list[JSON] = []
        keys = Keys()
        names: set[str] = set()
        for view_id in self.api.views.list(database_id):
            view = dict(self.api.views.retrieve(view_id).raw)
            name = str(view.get("name") or "View")
            if name.casefold() in names:
                self.note(f"{where}/{name}", "a second view with this name is not exported")
                continue
            spec = self.view(checker, source, view, keys, f"{where}/{name}")
            if spec is not None:
                names.add(name.casefold())
                out.append(spec)
        return out

    def view(
        self, checker: Checker, source: _Source, view: JSON, keys: Keys, where: str
    ) -> JSON | None:
        kind = str(view.get("type"))
        if kind not in VIEW_TYPES:
            self.note(where, f"{kind} view not exported (a blueprint has no {kind} views)")
            return None
        config = view.get("configuration") or {}
        name = str(view.get("name") or "View")
        spec: JSON = {"key": keys.key(name, "view"), "name": self.text(name, where), "type": kind}

        def key(ref: Any) -> str | None:
            found = source.key_of(str(ref)) if ref else None
            return found if found and self._declared(source.key, found) else None

        visible = [
            key(p.get("property_id"))
            for p in config.get("properties") or []
            if p.get("visible", True) is not False
        ]
        if kind != "chart" and any(visible):
            spec["properties"] = list(dict.fromkeys(k for k in visible if k))
        group = (config.get("group_by") or {}).get("property_id")
        if kind in ("board", "table") and group:
            spec["group_by"] = key(group)
        if kind in ("calendar", "timeline"):
            spec["date_property"] = key(config.get("date_property_id"))
            if kind == "timeline" and config.get("end_date_property_id"):
                spec["end_date_property"] = key(config.get("end_date_property_id"))
        if kind == "chart":
            measure = config.get("y_axis") or config.get("value") or {}
            chart: JSON = {"type": config.get("chart_type", "column")}
            x_axis = (config.get("x_axis") or {}).get("property_id")
            if x_axis:
                chart["x_axis"] = key(x_axis)
            aggregator = measure.get("aggregator", "count")
            if aggregator not in CHART_AGGREGATORS:
                self.note(where, f"chart aggregator {aggregator} not exported; view dropped")
                return None
            if aggregator != "count":
                chart["aggregator"] = aggregator
            if measure.get("property_id"):
                chart["property"] = key(measure["property_id"])
            spec["chart"] = chart
        if any(v is None for v in (spec.get("group_by", ""), spec.get("date_property", ""))) or (
            "chart" in spec and None in spec["chart"].values()
        ):
            self.note(where, "it is built on a property that is not exported; view dropped")
            return None
        sorts = []
        for sort in view.get("sorts") or []:
            sort_key = key(sort.get("property"))
            if sort_key is None:
                self.note(where, "a sort on a timestamp or missing property not exported")
                continue
            sorts.append({"property": sort_key, "direction": sort.get("direction", "ascending")})
        if sorts:
            spec["sorts"] = sorts
        if view.get("filter"):
            converted = self.filter(source, view["filter"])
            if converted is None:
                self.note(where, "its filter uses conditions a blueprint cannot hold; not exported")
            else:
                spec["filter"] = converted
        if view.get("quick_filters"):
            self.note(where, "quick filters not exported")
        before = len(checker.problems)
        checker.check_view(source.key, spec, ())
        if len(checker.problems) > before and "filter" in spec:
            del checker.problems[before:]
            del spec["filter"]
            self.note(where, "its filter does not fit a blueprint; not exported")
            checker.check_view(source.key, spec, ())
        if len(checker.problems) > before:
            problems = "; ".join(p.message for p in checker.problems[before:])
            del checker.problems[before:]
            self.note(where, f"view dropped: {problems}")
            return None
        return spec

    def filter(self, source: _Source, node: Any) -> JSON | None:
        if not isinstance(node, Mapping):
            return None
        for compound in ("and", "or"):
            if compound in node:
                children = [self.filter(source, child) for child in node[compound]]
                if not children or any(c is None for c in children):
                    return None
                return {compound: children}
        key = source.key_of(str(node.get("property", "")))
        rest = [(k, v) for k, v in node.items() if k not in ("property", "type")]
        if key is None or not self._declared(source.key, key) or len(rest) != 1:
            return None
        kind, condition = rest[0]
        if not isinstance(condition, Mapping) or not condition:
            return None
        out: JSON = {}
        for op, value in condition.items():
            if op in OPTION_CONDITIONS.get(kind, ()):
                option = source.option_key(key, value)
                if option is None:
                    return None
                value = option
            out[op] = value
        return {"property": key, kind: out}

    def linked_views(self, checker: Checker) -> None:
        for page_key, database_id, title in self.linked:
            page = self.pages[page_key]
            where = f"pages.{page_key}.linked_views"
            sources = self.api.databases.retrieve(database_id).data_sources
            ds_id = sources[0].id if sources else ""
            source_key = self.by_ds.get(ds_id)
            if source_key is None:
                self.note(f"{where}/{title}", "linked view of a database outside the page")
                continue
            keys = Keys()
            keys.taken = {lv["key"] for lv in page.get("linked_views", [])}
            for view in self.views(checker, self.sources[source_key], database_id, where):
                page.setdefault("linked_views", []).append(
                    {"key": keys.key(view["key"], "view"), "database": source_key, "view": view}
                )

    # --- rows --------------------------------------------------------------------------------

    def read_rows(self, source: _Source) -> None:
        rows: list[JSON] = []
        every = tuple(source.props)  # property ids: 2026-12-01 lists only titles without them
        for row in (dict(p.raw) for p in self.api.data_sources.query(source.ds, properties=every)):
            if len(rows) == self.max_rows:
                self.note(
                    f"databases.{source.key}.rows",
                    f"only the first {self.max_rows} rows exported (--max-rows)",
                )
                break
            rows.append(row)
        # By title: the order Notion lists rows in changes with edits, and starter rows must
        # come out the same from a workspace rebuilt from this export.
        titled = sorted(((_row_title(row), row) for row in rows), key=lambda pair: pair[0])
        keys = Keys()
        for title, row in titled:
            source.row_keys[str(row["id"])] = keys.key(title, "row")
        source.rows = [row for _, row in titled]

    def row_specs(self, source: _Source) -> list[JSON]:
        out = []
        props = source.spec["properties"]
        for row in source.rows:
            row_key = source.row_keys[str(row["id"])]
            where = f"databases.{source.key}.rows.{row_key}"
            values: JSON = {}
            for name, value in (row.get("properties") or {}).items():
                prop_id = str(value.get("id", ""))
                key = source.keys.get(prop_id) or source.key_of(name)
                if key is None:
                    continue
                spec = props.get(key)
                kind = str(value.get("type"))
                if spec is None or kind not in VALUE_TYPES:
                    if kind in ("people", "files", "place") and value.get(kind):
                        self.note(where, f"{kind} value of “{name}” not exported")
                    continue
                converted = self.value(source, key, spec, value, where)
                if converted is not None:
                    values[key] = converted
            title_key = next(k for k, s in props.items() if s["type"] == "title")
            if title_key not in values:
                values[title_key] = {"en": row_key, "fr": row_key}
            item: JSON = {"key": row_key, "values": values}
            blocks = self.blocks(str(row["id"]))
            body = self.markdown(blocks, where)
            if body:
                item["body"] = self.text(body, where)
            out.append(item)
        return out

    def value(self, source: _Source, key: str, spec: JSON, value: JSON, where: str) -> Any:
        kind = spec["type"]
        raw = value.get(kind)
        if kind in ("title", "rich_text"):
            text = plain_text(raw)
            return self.text(text, where) if text else None
        if kind == "number":
            return raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
        if kind in ("select", "status"):
            return source.option_key(key, raw.get("name")) if isinstance(raw, dict) else None
        if kind == "multi_select":
            found = [source.option_key(key, o.get("name")) for o in raw or []]
            return [k for k in dict.fromkeys(found) if k] or None
        if kind == "date":
            if not isinstance(raw, dict) or not raw.get("start"):
                return None
            start = str(raw["start"])
            if len(start) > 10 or raw.get("end"):
                self.note(where, f"“{key}”: only the start day of {start} exported")
            return start[:10]
        if kind == "checkbox":
            return True if raw is True else None
        if kind in ("url", "email", "phone_number"):
            return self.clean(str(raw), where) if raw else None
        if kind == "relation":
            if "two_way" not in spec and self._is_synced_side(source.key, key):
                return None
            target = self.sources[spec["target"]]
            ids = [str(r.get("id")) for r in raw or []]
            found = [target.row_keys[i] for i in ids if i in target.row_keys]
            if len(found) < len(ids):
                self.note(where, f"“{key}”: links to rows that are not exported left out")
            return list(dict.fromkeys(found)) or None
        return None

    def _is_synced_side(self, db_key: str, key: str) -> bool:
        return key not in self.sources[db_key].spec["properties"]

    # --- the whole document ------------------------------------------------------------------

    def run(self, page_id: str, rows: bool) -> JSON:
        root = self.root(page_id)
        for source in self.sources.values():
            self.mark_used(source)
        for source in self.sources.values():
            self.properties(source)
        # Rollups over formulas over rollups...: drop until stable.
        while any([self.computed(source) for source in self.sources.values()]):
            pass
        title = root["title"]["en"]
        lang_en, lang_fr = LANGUAGE_NAMES.get(self.lang, LANGUAGE_NAMES["en"])
        names = {"title": title, "lang_en": lang_en, "lang_fr": lang_fr}
        doc: JSON = {
            "format": 1,
            "id": slugify(title.replace("{{client_name}}", "client"), "export"),
            "name": {"en": title, "fr": title},
            "description": {k: v.format(**names) for k, v in DESCRIPTIONS.items()},
            "root": root,
            "templates_page": self.templates_page,
            "modules": {
                "core": {
                    "name": {"en": "Workspace", "fr": "Espace"},
                    "description": {
                        "en": "Everything exported from the page.",
                        "fr": "Tout ce qui a été exporté de la page.",
                    },
                    "required": True,
                }
            },
            "databases": {key: source.spec for key, source in self.sources.items()},
        }
        checker = Checker(doc, None)
        for key, source in self.sources.items():
            views = self.views(checker, source, source.id, f"databases.{key}.views")
            if views:
                source.spec["views"] = views
        if self.pages:
            doc["pages"] = self.pages
        self.linked_views(checker)
        if rows:
            for source in self.sources.values():
                self.read_rows(source)
            for source in self.sources.values():
                specs = self.row_specs(source)
                if specs:
                    source.spec["rows"] = specs
        templates = {}
        titles = {s.spec["title"]["en"]: k for k, s in self.sources.items()}
        for key, spec in self.templates.items():
            db_key = titles.get(spec["database"])
            if db_key is None:
                self.note(f"templates.{key}", f"database “{spec['database']}” not exported")
                continue
            templates[key] = {**spec, "database": db_key}
        if templates:
            doc["templates"] = templates
        return doc


def _row_title(row: JSON) -> str:
    for value in (row.get("properties") or {}).values():
        if isinstance(value, dict) and value.get("type") == "title":
            return plain_text(value.get("title"))
    return ""


def _template_database(text: str) -> str | None:
    """The database title in a template page's intro line ("📄 Template for the X database.")."""
    for texts in TOOL_TEXT.values():
        pattern = texts["template_for"].removeprefix("> 📄 ").replace("**{db}**", "{db}")
        regex = re.escape(pattern).replace(re.escape("{db}"), "(.+)")
        match = re.fullmatch(regex, text.removeprefix("📄").strip())
        if match:
            return match.group(1)
    return None


def export_workspace(
    notion: Transport | NotionAPI,
    page_id: str,
    *,
    lang: str | None = None,
    rows: bool = True,
    max_rows: int = 100,
    reporter: Reporter | None = None,
) -> ExportResult:
    """Read the workspace under ``page_id`` into a blueprint document.

    Args:
        notion: the gateway, or the endpoint layer over it (only reads are sent).
        page_id: the page to export; it becomes the blueprint's root page.
        lang: the language the workspace is written in (default: its registry's, else en).
        rows: export rows as starter rows.
        max_rows: at most this many rows per database.
        reporter: progress sink.

    Returns:
        The document (it passes ``load_blueprint``'s checks) and what it leaves out.

    Raises:
        NotionError: the page cannot be read (not shared with the integration...).
        NotionSetupError: the document fails the blueprint checks (a bug; the message lists why).
    """
    exporter = _Exporter(as_api(notion), lang or "", max_rows, reporter or NullReporter())
    document = exporter.run(page_id, rows)
    problems = validate_schema(document) or check_document(document)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems[:20])
        raise NotionSetupError(
            f"the exported blueprint does not validate ({len(problems)} problem(s)):\n{listed}",
            hint="this is a bug in notion-setup export; please report it with this message",
        )
    return ExportResult(document, exporter.notes)
