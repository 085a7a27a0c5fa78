"""The translation phase of ``export``: a snapshot of a workspace into a blueprint document (pure).

Keys are derived from names (slugified, made unique). Everything a blueprint cannot describe is
listed as a ``Note``, never silently dropped. Nothing here talks to Notion: it is unit-tested on
snapshots shaped like recorded responses.
"""

from __future__ import annotations

import re
from typing import get_args

from notion_setup.blueprint.checks import Checker
from notion_setup.messages import _
from notion_setup.model import PropertyType
from notion_setup.notion.payloads import STATUS_GROUP_NAMES
from notion_setup.notion.results import plain_text
from notion_setup.notion.transport import JSON
from notion_setup.workspace_text import TOOL_TEXT

from .common import Keys, Note, Source, TranslationState, slugify
from .read import DatabaseRead, PageRead, Snapshot, TemplateRead, TemplatesPageRead
from .rows import name_rows, row_specs
from .views import views

#: Property types a blueprint can declare.
BLUEPRINT_TYPES = frozenset(get_args(PropertyType))
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
_TOKEN = re.compile(r"\{\{notion:block_property:([^:}]+):[^}]*\}\}")
_PROP_NAME = re.compile(r'prop\(\s*"((?:[^"\\]|\\.)*)"\s*\)')
DESCRIPTIONS = {
    "en": "Exported from “{title}”, written in {lang_en}: the other language holds copies to "
    "translate.",
    "fr": "Exporté de « {title} », rédigé en {lang_fr} : l'autre langue en contient des copies à "
    "traduire.",
}
LANGUAGE_NAMES = {"en": ("English", "anglais"), "fr": ("French", "français")}


class _Translator(TranslationState):
    def __init__(self, snapshot: Snapshot, lang: str) -> None:
        super().__init__(lang or snapshot.lang or "", snapshot.client)
        self.snapshot = snapshot
        self.page_keys = Keys()
        self.db_keys = Keys()
        self.pages: dict[str, JSON] = {}
        self.linked: list[tuple[str, DatabaseRead]] = []  # (page key, linked database)
        self.templates: dict[str, JSON] = {}
        self.templates_page: JSON = {"title": {"en": "Templates", "fr": "Modèles"}}
        self.rows_cut: list[str] = []  # database keys with more rows than were read

    # --- pages -------------------------------------------------------------------------------

    def root(self, page: PageRead) -> JSON:
        root: JSON = {"title": self.text(page.title or "Workspace", "root", client=True)}
        icon = self.icon(page.raw, "root")
        if icon:
            root["icon"] = icon
        body = self.markdown(page.blocks, "root")
        if body:
            root["body"] = self.text(body, "root", client=True)
        self.walk(page, None, "root")
        return root

    def walk(self, page: PageRead, page_key: str | None, where: str) -> None:
        """Visit the child pages and databases of a page."""
        for child in page.children:
            if isinstance(child, TemplatesPageRead):
                self.read_templates_page(child)
            elif isinstance(child, PageRead):
                self.page(child, page_key)
            else:
                self.database(child, page_key, where)

    def page(self, page: PageRead, parent: str | None) -> None:
        key = self.page_keys.key(page.title, "page")
        where = f"pages.{key}"
        spec: JSON = {"module": "core", "title": self.text(page.title or key, where, client=True)}
        icon = self.icon(page.raw, where)
        if icon:
            spec["icon"] = icon
        body = self.markdown(page.blocks, where)
        if body:
            spec["body"] = self.text(body, where, client=True)
        if parent:
            spec["parent"] = parent
        self.pages[key] = spec
        self.walk(page, key, where)

    def read_templates_page(self, page: TemplatesPageRead) -> None:
        spec: JSON = {"title": self.text(page.title or "Templates", "templates_page")}
        icon = self.icon(page.raw, "templates_page")
        if icon:
            spec["icon"] = icon
        self.templates_page = spec
        for template in page.templates:
            self.template(template)
        if self.templates:
            # One note for all: Notion holds no property values for a template page.
            self.note(
                "templates",
                _("property values of templates live only in the blueprint; none exported"),
            )
        for title in page.others:
            self.note(f"templates_page/{title}", _("not a template the tool created; not exported"))

    def template(self, read: TemplateRead) -> None:
        """A template page under the templates page: its database comes from its intro line."""
        blocks = read.blocks
        key = slugify(read.key, "template")
        where = f"templates.{key}"
        database_title = None
        if blocks:
            first = blocks[0]
            text = plain_text(first.get(first.get("type", ""), {}).get("rich_text"))
            database_title = template_database(text)
            if database_title is not None:
                blocks = blocks[1:]
        if database_title is None:
            self.note(where, _("its database is unknown (first line edited); not exported"))
            return
        spec: JSON = {
            "module": "core",
            "database": database_title,  # replaced by the key once databases are read
            "title": self.text(read.title or key, where, late=True, client=True),
        }
        icon = self.icon(read.raw, where)
        if icon:
            spec["icon"] = icon
        body = self.markdown(blocks, where)
        if body:
            spec["body"] = self.text(body, where, late=True, client=True)
        self.templates[key] = spec

    # --- databases ---------------------------------------------------------------------------

    def database(self, db: DatabaseRead, page_key: str | None, where: str) -> None:
        title = db.title
        if not db.source_count:
            self.note(f"{where}/{title}", _("database without a data source; not exported"))
            return
        if db.linked:
            if page_key is None:
                self.note(f"root/{title}", _("linked view on the root page not exported"))
            else:
                self.linked.append((page_key, db))
            return
        if db.source_count > 1:
            self.note(
                f"{where}/{title}",
                _("{n} extra data source(s) not exported").format(n=db.source_count - 1),
            )
        key = self.db_keys.key(title, "database")
        props = {p.id: {**p.raw, "name": p.name} for p in db.properties}
        source = Source(key, db.id, db.ds_id, title, props, views=db.views)
        source.rows = [dict(row.raw) for row in db.rows]
        source.row_blocks = {str(row.raw["id"]): row.blocks for row in db.rows}
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
        if db.rows_cut:
            self.rows_cut.append(key)
        for name in db.template_names:
            self.note(
                where,
                _(
                    "database template “{name}” not exported: the API cannot create database "
                    "templates (recreate it in the Notion app)"
                ).format(name=name),
            )

    def mark_used(self, source: Source) -> None:
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

    def properties(self, source: Source) -> None:
        """The blueprint properties of one database (after every database is known)."""
        where = f"databases.{source.key}.properties"
        out: JSON = {}
        for prop_id, prop in source.props.items():
            key = source.keys[prop_id]
            spec = self.property(source, prop, f"{where}.{key}")
            if spec is not None:
                out[key] = spec
        source.spec["properties"] = out

    def property(self, source: Source, prop: JSON, where: str) -> JSON | None:
        kind = str(prop.get("type"))
        if kind not in BLUEPRINT_TYPES:
            self.note(
                where,
                _("{kind} property “{name}” not exported (a blueprint has none)").format(
                    kind=kind, name=prop["name"]
                ),
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
                self.note(where, _("number format {format} not exported").format(format=fmt))
        elif kind in ("select", "multi_select", "status"):
            spec["options"] = self.options(kind, config, where)
        elif kind == "unique_id":
            if config.get("prefix"):
                spec["prefix"] = config["prefix"]
        elif kind == "relation":
            return self.relation(source, prop, spec, where)
        return spec  # rollups and formulas are completed in ``computed``

    def options(self, kind: str, config: JSON, where: str) -> list[JSON]:
        groups = {
            option_id: GROUP_KEYS.get(str(group.get("name")))
            for group in config.get("groups") or []
            for option_id in group.get("option_ids") or []
        }
        keys = Keys()
        out = []
        for option in config.get("options") or []:
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

    def relation(self, source: Source, prop: JSON, spec: JSON, where: str) -> JSON | None:
        config = prop.get("relation") or {}
        target_key = self.by_ds.get(str(config.get("data_source_id")))
        if target_key is None:
            self.note(
                where,
                _("relation “{name}” points outside the exported page").format(name=prop["name"]),
            )
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

    def computed(self, source: Source) -> bool:
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
                self.note(
                    where,
                    _("{kind} “{name}” not exported: {problem}").format(
                        kind=spec["type"], name=prop["name"], problem=problem
                    ),
                )
                del props[key]
                dropped = True
        return dropped

    def rollup(self, source: Source, prop: JSON, spec: JSON) -> str | None:
        config = prop.get("rollup") or {}
        relation = source.key_of(
            str(config.get("relation_property_id") or config.get("relation_property_name"))
        )
        if relation is None or not self.declared(source.key, relation):
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
        if rolled is None or not self.declared(target_key, rolled):
            return "the property it rolls up is not exported"
        spec.update(relation=relation, property=rolled, function=config.get("function", "count"))
        return None

    def formula(self, source: Source, prop: JSON, spec: JSON) -> str | None:
        expression = str((prop.get("formula") or {}).get("expression") or "")
        missing: list[str] = []

        def by_id(match: re.Match[str]) -> str:
            key = source.keys.get(match.group(1))
            if key is None or not self.declared(source.key, key):
                missing.append(match.group(1))
                return match.group(0)
            return f'prop("{key}")'

        def by_name(match: re.Match[str]) -> str:
            key = source.key_of(match.group(1).replace('\\"', '"'))
            if key is None or not self.declared(source.key, key):
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

    # --- linked views ------------------------------------------------------------------------

    def linked_views(self, checker: Checker) -> None:
        for page_key, db in self.linked:
            page = self.pages[page_key]
            where = f"pages.{page_key}.linked_views"
            source_key = self.by_ds.get(db.ds_id)
            if source_key is None:
                self.note(f"{where}/{db.title}", _("linked view of a database outside the page"))
                continue
            keys = Keys()
            keys.taken = {lv["key"] for lv in page.get("linked_views", [])}
            for view in views(self, checker, self.sources[source_key], db.views, where):
                page.setdefault("linked_views", []).append(
                    {"key": keys.key(view["key"], "view"), "database": source_key, "view": view}
                )

    # --- the whole document ------------------------------------------------------------------

    def run(self) -> JSON:
        root = self.root(self.snapshot.root)
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
            found = views(self, checker, source, source.views, f"databases.{key}.views")
            if found:
                source.spec["views"] = found
        if self.pages:
            doc["pages"] = self.pages
        self.linked_views(checker)
        if self.snapshot.rows_read:
            self.rows()
        templates = {}
        titles = {s.spec["title"]["en"]: k for k, s in self.sources.items()}
        for key, spec in self.templates.items():
            db_key = titles.get(spec["database"])
            if db_key is None:
                self.note(
                    f"templates.{key}",
                    _("database “{name}” not exported").format(name=spec["database"]),
                )
                continue
            templates[key] = {**spec, "database": db_key}
        if templates:
            doc["templates"] = templates
        return doc

    def rows(self) -> None:
        for key, source in self.sources.items():
            if key in self.rows_cut:
                self.note(
                    f"databases.{key}.rows",
                    _("only the first {n} rows exported (--max-rows)").format(
                        n=self.snapshot.max_rows
                    ),
                )
            name_rows(source)
        for source in self.sources.values():
            specs = row_specs(self, source)
            if specs:
                source.spec["rows"] = specs


def template_database(text: str) -> str | None:
    """The database title in a template page's intro line ("📄 Template for the X database.")."""
    for texts in TOOL_TEXT.values():
        pattern = texts["template_for"].removeprefix("> 📄 ").replace("**{db}**", "{db}")
        regex = re.escape(pattern).replace(re.escape("{db}"), "(.+)")
        match = re.fullmatch(regex, text.removeprefix("📄").strip())
        if match:
            return match.group(1)
    return None


def translate(snapshot: Snapshot, lang: str | None = None) -> tuple[JSON, list[Note]]:
    """The blueprint document of a workspace snapshot, and what it leaves out.

    Args:
        snapshot: what ``read_workspace`` read.
        lang: the language the workspace is written in (default: its registry's, else en).
    """
    translator = _Translator(snapshot, lang or "")
    document = translator.run()
    return document, translator.notes
