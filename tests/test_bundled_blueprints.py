"""The bundled AV and OBM blueprints: complete, bilingual, within Notion's limits, and a home for
every task of the seed article (``blueprints/seed-tasks.json``).

Two layers on purpose: checks on the raw JSON (independent of the loader, so a loader bug cannot
hide a blueprint bug) and checks on what ``notion_setup.blueprint`` resolves in each language.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from notion_setup import model
from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.cli import cli
from notion_setup.model import parse_version

ROOT = Path(__file__).resolve().parents[1]
BLUEPRINTS = ROOT / "blueprints"
SEED_TASKS = BLUEPRINTS / "seed-tasks.json"
#: The seed article; when it is absent, the copy of its two lists in seed-tasks.json is used.
SEED_ARTICLE = Path("/work/shared/seeds/obm-vs-assistante-virtuelle.txt")
LANGS = ("en", "fr")
Doc = dict[str, Any]

#: A bullet of the article's task lists: "  • traiter les mails ... ;" (the last one ends in ".").
BULLET = re.compile(r"^\s*•\s*(.+?)\s*[;.]\s*$")
RELATIVE_DATE = re.compile(r"^[+-]\d{1,4}[dwmy]$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLACEHOLDER = re.compile(r"\{\{\s*[a-z_]+\s*\}\}")
PROP_REF = re.compile(r'prop\("([^"]*)"\)')

AV_MODULES = {
    "core", "inbox", "admin", "clients", "billing", "time", "suppliers", "travel", "research",
    "writing", "sops", "portal",
}  # fmt: skip
OBM_ONLY_MODULES = {
    "meetings", "accounting", "recruiting", "team", "improvement", "marketing", "onboarding",
    "kpis", "reporting", "management",
}  # fmt: skip

#: English words that are not also French words: none may appear in a French string. Words that
#: French shares or has adopted (client, contact, date, budget, marketing, freelance, newsletter,
#: notes, total, type, support, service, planning, portfolio...) are deliberately absent.
_ENGLISH_ONLY_TEXT = """
    the and with your you from this that these for into about which what when where who how will
    should must please thanks thank hello dear regards kind yes at to of by it is be we they she
    her his he their our any every each not all first last next previous
    status done task tasks dashboard follow followup deadline deadlines template templates
    inbox email emails meeting meetings todo backlog invoice invoices quote quotes payment payments
    reminder reminders supplier suppliers order orders travel trip trips research writing hour hours
    rate rates amount name owner priority high low medium week weekly month monthly daily yearly
    quarter today overdue paid unpaid sent draft new open closed pending waiting review step steps
    team skills availability available hiring recruiting recruitment campaign campaigns lead leads
    goal goals target targets progress expense expenses receipt receipts tax settings home welcome
    customer customers company level letter call calls event events tool tools idea ideas feedback
    workflow checklist booking bookings booked schedule scheduled upcoming overview summary reports
    onboarding roadmap process check update updates issue issues files folder folders link links
    phone website address language word words count proofreading layout contract employee intern
    results spent cost costs start end trend measured value unit units checked approved holiday
    shop online offline share shared password login account people person
"""
ENGLISH_ONLY = frozenset(_ENGLISH_ONLY_TEXT.split())

#: English phrases made of words French also has ("due", "date", "on"...).
ENGLISH_PHRASES = ("due date", "due on", "to do", "follow up", "sent on", "check in")

#: Product names whose words would otherwise look English in a French string.
BRAND_NAMES = ("Google Workspace",)


# --- loading --------------------------------------------------------------------------------


@cache
def raw(name: str) -> Doc:
    """A bundled blueprint file as written (no merge)."""
    data: Doc = json.loads((BLUEPRINTS / f"{name}.json").read_text(encoding="utf-8"))
    return data


def merge(parent: Any, child: Any, field: str | None = None) -> Any:
    """``extends`` as docs/architecture.md describes it: objects merge by key, ``null`` drops,
    keyed lists (views, rows, options, linked views) merge by their items' ``key``."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for key, value in child.items():
            if value is None:
                out.pop(key, None)
            else:
                out[key] = merge(out[key], value, key) if key in out else value
        return out
    keyed = {"views", "rows", "options", "linked_views"}
    if field in keyed and isinstance(parent, list) and isinstance(child, list):
        items = {item["key"]: item for item in parent}
        for item in child:
            items[item["key"]] = merge(items[item["key"]], item) if item["key"] in items else item
        return list(items.values())
    return child


@cache
def effective(name: str) -> Doc:
    """A bundled blueprint with its parent merged in."""
    doc = copy.deepcopy(raw(name))
    parent = doc.pop("extends", None)
    if parent is None:
        return doc
    base = {k: v for k, v in effective(parent).items() if k != "$schema"}
    merged: Doc = merge(base, doc)
    return merged


def all_properties(doc: Doc, db_key: str) -> dict[str, Doc]:
    """A database's properties plus the synced side of two-way relations pointing at it."""
    props = dict(doc["databases"][db_key]["properties"])
    for other_key, other in doc["databases"].items():
        for prop_key, prop in other["properties"].items():
            two_way = prop.get("two_way")
            if prop["type"] == "relation" and prop["target"] == db_key and two_way:
                props[two_way["key"]] = {
                    "type": "relation",
                    "name": two_way["name"],
                    "target": other_key,
                    "synced_from": f"{other_key}.{prop_key}",
                }
    return props


@cache
def seed() -> Doc:
    data: Doc = json.loads(SEED_TASKS.read_text(encoding="utf-8"))
    return data


def article_lists() -> tuple[list[str], list[str]]:
    """The article's AV list (12 tasks) and OBM list (13 tasks), from the article when present."""
    if not SEED_ARTICLE.exists():
        lists = seed()["article_lists"]
        return list(lists["av"]), list(lists["obm"])
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in SEED_ARTICLE.read_text(encoding="utf-8").splitlines():
        match = BULLET.match(line)
        if match:
            if current is None:
                current = []
                found.append(current)
            current.append(match.group(1))
        elif line.strip():
            current = None
    assert len(found) == 2, f"expected the article's two bullet lists, found {len(found)}"
    return found[0], found[1]


@pytest.fixture(scope="module")
def workspaces() -> dict[tuple[str, str], model.Workspace]:
    """Each bundled blueprint resolved in each language, with its default variables."""
    out = {}
    for name in ("av", "obm"):
        blueprint = load_blueprint(name)
        for lang in LANGS:
            out[(name, lang)] = resolve(blueprint, lang=lang, client="Atelier Démo")
    return out


# --- helpers on localised strings -----------------------------------------------------------


def is_text(node: Any) -> bool:
    return isinstance(node, dict) and set(node) == {"en", "fr"}


def texts(node: Any, path: str = "") -> Iterator[tuple[str, Doc]]:
    """Every localised string of a document, with its JSON path; formulas are code, not text."""
    if is_text(node):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "expression":
                yield from texts(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, f"{path}[{i}]")


def words(text: str) -> list[str]:
    """The words of a user-visible string, without URLs, e-mail addresses, code or placeholders."""
    for brand in BRAND_NAMES:
        text = text.replace(brand, " ")
    text = re.sub(r"https?://\S+|\S+@\S+|`[^`]*`", " ", text)
    text = PLACEHOLDER.sub(" ", text)
    return re.findall(r"[^\W\d_]+", text)


def english_words(text: str) -> list[str]:
    """The English words (and phrases) of a string meant to be French."""
    found = [w for w in words(text) if w.casefold() in ENGLISH_ONLY]
    flat = " ".join(words(text)).casefold()
    return found + [p for p in ENGLISH_PHRASES if re.search(rf"\b{p}\b", flat)]


def needs_translation(text: str) -> bool:
    """True when a string holds ordinary words, so the same string in both languages means it
    was not translated: an English-only word, or a lowercase word of 4+ letters. Proper names,
    brands and acronyms ("Papeterie du Centre", "URSSAF", "net-entreprises.fr") pass."""
    found = words(re.sub(r"\S+\.(?:fr|com|org|net)\b", " ", text))
    return any(w.casefold() in ENGLISH_ONLY or (len(w) >= 4 and w.islower()) for w in found)


# --- the command line -----------------------------------------------------------------------


def test_validate_accepts_both_bundled_blueprints() -> None:
    av, obm = str(BLUEPRINTS / "av.json"), str(BLUEPRINTS / "obm.json")
    result = CliRunner().invoke(cli, ["validate", av, obm])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"ok: {av} (av)\nok: {obm} (obm)\n"


@pytest.mark.parametrize("name", ["av", "obm"])
def test_bundled_blueprint_loads_by_name(name: str) -> None:
    assert load_blueprint(name).id == name


# --- seed tasks -----------------------------------------------------------------------------


def test_every_task_of_both_article_lists_is_mapped_in_order() -> None:
    av_list, obm_list = article_lists()
    tasks = seed()["tasks"]
    assert len(av_list) == 12
    assert len(obm_list) == 13
    assert [t["task_fr"] for t in tasks if t["section"] == "av_list"] == av_list
    assert [t["task_fr"] for t in tasks if t["section"] == "obm_list"] == obm_list


def test_the_copy_of_the_article_lists_matches_the_article() -> None:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"{SEED_ARTICLE} is not on this machine; the copy is the reference")
    av_list, obm_list = article_lists()
    assert seed()["article_lists"] == {"av": av_list, "obm": obm_list}


def test_comparison_notions_are_quoted_from_the_article() -> None:
    comparison = [t for t in seed()["tasks"] if t["section"] == "comparison"]
    # Process/roadmap and billing notions of both roles (section « AV vs OBM »).
    assert {t["role"] for t in comparison} == {"av", "obm"}
    assert len(comparison) >= 6
    if SEED_ARTICLE.exists():
        article = SEED_ARTICLE.read_text(encoding="utf-8")
        missing = [t["task_fr"] for t in comparison if t["task_fr"] not in article]
        assert missing == []


def test_every_task_entry_is_complete_and_bilingual() -> None:
    problems = []
    for i, task in enumerate(seed()["tasks"]):
        where = f"tasks[{i}] {task.get('task_fr', '?')!r}"
        if set(task) != {"task_fr", "task_en", "role", "section", "home"}:
            problems.append(f"{where}: fields {sorted(task)}")
            continue
        if task["role"] not in ("av", "obm"):
            problems.append(f"{where}: role {task['role']!r}")
        if task["section"] == "av_list" and task["role"] != "av":
            problems.append(f"{where}: a task of the AV list has role {task['role']!r}")
        if task["section"] == "obm_list" and task["role"] != "obm":
            problems.append(f"{where}: a task of the OBM list has role {task['role']!r}")
        if not task["task_en"].strip() or task["task_en"] == task["task_fr"]:
            problems.append(f"{where}: task_en must be an English translation")
        if not task["home"]:
            problems.append(f"{where}: no home")
    assert problems == []


def home_problem(home: Doc, role: str) -> str | None:
    """Why a home does not exist in the raw (merged) blueprint, or None."""
    if home["blueprint"] != role:
        return f"an {role} task must live in the {role} blueprint"
    doc = effective(home["blueprint"])
    kind, key = home["kind"], home["key"]
    if kind in ("database", "page", "template"):
        return None if key in doc.get(f"{kind}s", {}) else f"no {kind} {key!r}"
    if kind not in ("view", "property"):
        return f"unknown kind {kind!r}"
    db_key, _, item = key.partition(".")
    if db_key not in doc["databases"]:
        return f"no database {db_key!r}"
    if kind == "view":
        views = {v["key"] for v in doc["databases"][db_key].get("views", [])}
        return None if item in views else f"no view {item!r} in {db_key}"
    return None if item in all_properties(doc, db_key) else f"no property {item!r} in {db_key}"


def test_every_home_exists_in_the_raw_blueprints() -> None:
    problems = []
    for task in seed()["tasks"]:
        for home in task["home"]:
            problem = home_problem(home, task["role"])
            if problem:
                problems.append(f"{task['task_fr']!r} -> {home}: {problem}")
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_home_exists_in_the_resolved_workspace(
    workspaces: dict[tuple[str, str], model.Workspace], lang: str
) -> None:
    problems = []
    for task in seed()["tasks"]:
        for home in task["home"]:
            ws = workspaces[(home["blueprint"], lang)]
            kind, key = home["kind"], home["key"]
            databases = {db.key: db for db in ws.databases}
            db_key, _, item = key.partition(".")
            found = {
                "database": key in databases,
                "page": key in {p.key for p in ws.pages},
                "template": key in {t.key for t in ws.templates},
                "view": db_key in databases and item in {v.key for v in databases[db_key].views},
                "property": db_key in databases
                and item in {p.key for p in databases[db_key].properties},
            }[kind]
            if not found:
                problems.append(f"{task['task_fr']!r} -> {home}")
    assert problems == []


def test_the_home_checker_rejects_a_missing_home() -> None:
    assert home_problem({"blueprint": "av", "kind": "database", "key": "nowhere"}, "av")
    assert home_problem({"blueprint": "av", "kind": "view", "key": "tasks.nowhere"}, "av")
    assert home_problem({"blueprint": "av", "kind": "property", "key": "tasks.nowhere"}, "av")
    # The OBM part is not in the AV blueprint, but the AV part is inherited by the OBM one.
    assert home_problem({"blueprint": "av", "kind": "database", "key": "kpis"}, "av")
    assert home_problem({"blueprint": "obm", "kind": "database", "key": "tasks"}, "obm") is None


# --- both languages -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["av", "obm"])
def test_every_localised_string_has_both_languages(name: str) -> None:
    empty = [
        f"{path}.{lang}"
        for path, text in texts(raw(name))
        for lang in LANGS
        if not isinstance(text[lang], str) or not text[lang].strip()
    ]
    assert empty == []


@pytest.mark.parametrize("name", ["av", "obm"])
def test_user_visible_fields_are_localised(name: str) -> None:
    """name/title/description/body/label are {en, fr} wherever they appear, rows included."""
    doc = effective(name)
    problems = []

    # Under these fields the keys are blueprint keys (a property may be called "name").
    by_key = {"databases", "pages", "templates", "modules", "variables", "properties"}

    def visit(node: Any, path: str, field: str = "") -> None:
        if isinstance(node, dict) and field in by_key:
            for key, value in node.items():
                visit(value, f"{path}.{key}")
        elif isinstance(node, dict) and not is_text(node):
            for key, value in node.items():
                where = f"{path}.{key}" if path else key
                if key in ("name", "title", "description", "body", "label") and not is_text(value):
                    problems.append(where)
                if key != "values":  # row and template values are checked below
                    visit(value, where, key)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                visit(value, f"{path}[{i}]")

    visit(doc, "")
    for db_key, db in doc["databases"].items():
        props = all_properties(doc, db_key)
        for row in db.get("rows", []):
            for key, value in row["values"].items():
                if props[key]["type"] in ("title", "rich_text") and not is_text(value):
                    problems.append(f"databases.{db_key}.rows.{row['key']}.values.{key}")
    assert problems == []


@pytest.mark.parametrize("name", ["av", "obm"])
def test_french_differs_from_english_wherever_there_is_something_to_translate(
    name: str,
) -> None:
    untranslated = [
        f"{path}: {text['en']!r}"
        for path, text in texts(raw(name))
        if text["en"] == text["fr"] and needs_translation(text["en"])
    ]
    assert untranslated == []


@pytest.mark.parametrize("name", ["av", "obm"])
def test_no_english_word_in_raw_french_strings(name: str) -> None:
    found = [
        f"{path}: {sorted(set(english_words(text['fr'])))} in {text['fr'][:80]!r}"
        for path, text in texts(raw(name))
        if english_words(text["fr"])
    ]
    assert found == []


def visible_strings(ws: model.Workspace) -> Iterator[tuple[str, str]]:
    """Every string of a resolved workspace that a user reads in Notion."""
    yield "title", ws.title
    yield "body", ws.body
    yield "templates_page", ws.templates_page_title
    for module in ws.modules:
        yield f"modules.{module.key}", module.name
        yield f"modules.{module.key}.description", module.description
    for db in ws.databases:
        where = f"databases.{db.key}"
        yield where, db.title
        yield f"{where}.description", db.description
        for prop in db.properties:
            yield f"{where}.{prop.key}", prop.name
            yield f"{where}.{prop.key}.description", prop.description or ""
            for option in prop.options:
                yield f"{where}.{prop.key}.{option.key}", option.name
                yield f"{where}.{prop.key}.{option.key}.description", option.description or ""
        for view in db.views:
            yield f"{where}.views.{view.key}", view.name
        text_props = {p.key for p in db.properties if p.type in ("title", "rich_text")}
        for row in db.rows:
            yield f"{where}.rows.{row.key}.body", row.body
            for key, value in row.values.items():
                if key in text_props:
                    yield f"{where}.rows.{row.key}.{key}", str(value)
    for page in ws.pages:
        yield f"pages.{page.key}", page.title
        yield f"pages.{page.key}.body", page.body
        for linked in page.linked_views:
            yield f"pages.{page.key}.{linked.key}", linked.view.name
    for template in ws.templates:
        yield f"templates.{template.key}", template.title
        yield f"templates.{template.key}.body", template.body


@pytest.mark.parametrize("name", ["av", "obm"])
def test_no_english_word_in_the_french_workspace(
    workspaces: dict[tuple[str, str], model.Workspace], name: str
) -> None:
    found = [
        f"{where}: {sorted(set(english_words(text)))}"
        for where, text in visible_strings(workspaces[(name, "fr")])
        if english_words(text)
    ]
    assert found == []


def test_the_english_detector_catches_english_and_spares_french() -> None:
    assert english_words("Due date") == ["due date"]
    assert english_words("Tableau de bord – Tasks") == ["Tasks"]
    assert english_words("Follow-up des e-mails") == ["Follow", "follow up"]
    assert english_words("Date d'échéance, notes de frais et budget du client") == []
    assert english_words('Voir https://example.com/status et `prop("due")` {{owner_name}}') == []
    assert needs_translation("Papeterie du Centre") is False
    assert needs_translation("Budget") is False and needs_translation("net-entreprises.fr") is False
    assert needs_translation("Invoice") is True and needs_translation("Amount due") is True


# --- Notion's limits, on the raw JSON -------------------------------------------------------


def limit_problems(doc: Doc) -> list[str]:
    """What Notion (or the format) would refuse in a merged blueprint document."""
    problems: list[str] = []
    variables = doc.get("variables", {})

    def check_view(db_key: str, view: Doc, where: str) -> None:
        props = all_properties(doc, db_key)
        refs = list(view.get("properties", [])) + [s["property"] for s in view.get("sorts", [])]
        for field in ("group_by", "date_property", "end_date_property"):
            if field in view:
                refs.append(view[field])
        chart = view.get("chart")
        if chart:
            refs += [chart[k] for k in ("x_axis", "property") if k in chart]
        refs += filter_properties(view.get("filter"))
        problems.extend(f"{where}: no property {r!r}" for r in refs if r not in props)
        required = {"board": "group_by", "calendar": "date_property", "timeline": "date_property"}
        if view["type"] in required and required[view["type"]] not in view:
            problems.append(f"{where}: a {view['type']} view needs {required[view['type']]}")
        if view["type"] == "chart" and "chart" not in view:
            problems.append(f"{where}: a chart view needs chart")
        for field in ("date_property", "end_date_property"):
            if field in view and props.get(view[field], {}).get("type") != "date":
                problems.append(f"{where}: {field} must be a date property")

    for db_key, db in doc["databases"].items():
        where = f"databases.{db_key}"
        props = all_properties(doc, db_key)
        titles = [k for k, p in db["properties"].items() if p["type"] == "title"]
        if len(titles) != 1:
            problems.append(f"{where}: {len(titles)} title properties")
        for lang in LANGS:
            names = [p["name"][lang].casefold() for p in props.values()]
            dupes = {n for n in names if names.count(n) > 1}
            if dupes:
                problems.append(f"{where}: property names used twice ({lang}): {sorted(dupes)}")
            views = [v["name"][lang].casefold() for v in db.get("views", [])]
            if len(views) != len(set(views)):
                problems.append(f"{where}: view names used twice ({lang})")
        view_keys = [v["key"] for v in db.get("views", [])]
        if len(view_keys) != len(set(view_keys)):
            problems.append(f"{where}: view keys used twice")
        for key, prop in db["properties"].items():
            pwhere = f"{where}.properties.{key}"
            for lang in LANGS:
                description = prop.get("description", {}).get(lang)
                if description is not None and not 1 <= len(description) <= 280:
                    problems.append(f"{pwhere}: description of {len(description)} chars ({lang})")
            options = prop.get("options", [])
            if len(options) > 100:
                problems.append(f"{pwhere}: {len(options)} options")
            for lang in LANGS:
                names = [o["name"][lang] for o in options]
                if any("," in n for n in names):
                    problems.append(f"{pwhere}: an option name has a comma ({lang})")
                folded = [n.casefold() for n in names]
                if len(folded) != len(set(folded)):
                    problems.append(f"{pwhere}: option names used twice ({lang})")
            if prop["type"] == "status" and any("group" not in o for o in options):
                problems.append(f"{pwhere}: a status option without group")
            if prop["type"] == "relation" and prop["target"] not in doc["databases"]:
                problems.append(f"{pwhere}: no database {prop['target']!r}")
            if prop["type"] == "rollup":
                relation = props.get(prop["relation"], {})
                target = str(relation.get("target"))
                if relation.get("type") != "relation" or target not in doc["databases"]:
                    problems.append(f"{pwhere}: rollup over {prop['relation']!r}")
                elif prop["property"] not in all_properties(doc, target):
                    problems.append(f"{pwhere}: no {prop['property']!r} in {target}")
            if prop["type"] == "formula":
                expressions = prop["expression"]
                for text in [expressions] if isinstance(expressions, str) else expressions.values():
                    problems.extend(
                        f"{pwhere}: prop({ref!r}) unknown"
                        for ref in PROP_REF.findall(text)
                        if ref not in props
                    )
            if prop.get("format") == "currency" and "currency" not in variables:
                problems.append(f"{pwhere}: currency format without a currency variable")
        for i, view in enumerate(db.get("views", [])):
            check_view(db_key, view, f"{where}.views[{i}]")
        for row in db.get("rows", []):
            problems.extend(
                f"{where}.rows.{row['key']}: {p}"
                for p in value_problems(doc, db_key, row["values"])
            )
            if titles and titles[0] not in row["values"]:
                problems.append(f"{where}.rows.{row['key']}: no title")
    for page_key, page in doc.get("pages", {}).items():
        for linked in page.get("linked_views", []):
            where = f"pages.{page_key}.linked_views.{linked['key']}"
            if linked["database"] not in doc["databases"]:
                problems.append(f"{where}: no database {linked['database']!r}")
            else:
                check_view(linked["database"], linked["view"], where)
    for key, template in doc.get("templates", {}).items():
        if template["database"] not in doc["databases"]:
            problems.append(f"templates.{key}: no database {template['database']!r}")
        else:
            problems.extend(
                f"templates.{key}: {p}"
                for p in value_problems(doc, template["database"], template.get("values", {}))
            )
    for section in ("databases", "pages", "templates"):
        for key, item in doc.get(section, {}).items():
            if item["module"] not in doc["modules"]:
                problems.append(f"{section}.{key}: no module {item['module']!r}")
    return problems


def filter_properties(node: Any) -> list[str]:
    if not node:
        return []
    if "and" in node or "or" in node:
        return [
            p for child in node.get("and", node.get("or", [])) for p in filter_properties(child)
        ]
    return [node["property"]]


def value_problems(doc: Doc, db_key: str, values: Mapping[str, Any]) -> Iterator[str]:
    """Starter-row and template values that do not fit their property."""
    props = all_properties(doc, db_key)
    variables = doc.get("variables", {})
    for key, value in values.items():
        prop = props.get(key)
        if prop is None:
            yield f"no property {key!r}"
            continue
        kind = prop["type"]
        options = {o["key"] for o in prop.get("options", [])}
        if "synced_from" in prop or kind in model.READ_ONLY_TYPES or kind in ("people", "files"):
            yield f"{key}: a {kind} value cannot be set"
        elif kind in ("select", "status") and value not in options:
            yield f"{key}: no option {value!r}"
        elif kind == "multi_select" and not set(value) <= options:
            yield f"{key}: no option among {value!r}"
        elif kind == "relation":
            target_rows = {r["key"] for r in doc["databases"][prop["target"]].get("rows", [])}
            if not set(value) <= target_rows:
                yield f"{key}: no row among {value!r} in {prop['target']}"
        elif kind == "date" and not (
            RELATIVE_DATE.match(value)
            or ISO_DATE.match(value)
            or value in ("{{today}}", "{{start_date}}")
        ):
            yield f"{key}: {value!r} is not a date"
        elif kind == "number" and not isinstance(value, (int, float)):
            name = str(value).strip("{} ")
            if variables.get(name, {}).get("type") != "number":
                yield f"{key}: {value!r} is not a number or a number variable"


@pytest.mark.parametrize("name", ["av", "obm"])
def test_bundled_blueprint_respects_notions_limits(name: str) -> None:
    assert limit_problems(effective(name)) == []


def test_the_limit_checker_catches_what_notion_refuses() -> None:
    doc = copy.deepcopy(effective("av"))
    tasks = doc["databases"]["tasks"]
    tasks["properties"]["priority"]["options"][0]["name"]["fr"] = "Haute, urgente"
    tasks["properties"]["area"]["options"][1]["name"]["en"] = "EMAIL"
    tasks["properties"]["estimate"]["description"] = {"en": "x" * 281, "fr": "ok"}
    tasks["properties"]["due"]["name"]["fr"] = "Statut"
    del tasks["views"][1]["group_by"]
    tasks["rows"][0]["values"]["state"] = "finished"
    assert limit_problems(doc) == [
        "databases.tasks: property names used twice (fr): ['statut']",
        "databases.tasks.properties.priority: an option name has a comma (fr)",
        "databases.tasks.properties.area: option names used twice (en)",
        "databases.tasks.properties.estimate: description of 281 chars (en)",
        "databases.tasks.views[1]: a board view needs group_by",
        "databases.tasks.rows.sort_mailbox: state: no option 'finished'",
    ]


# --- what the issue asks the blueprints to hold ---------------------------------------------


def test_sizes_stay_rich_but_not_absurd() -> None:
    av, obm = effective("av"), effective("obm")
    assert 10 <= len(av["databases"]) <= 16
    assert 20 <= len(obm["databases"]) <= 28
    for name in ("av", "obm"):
        own = raw(name)
        assert 4 <= len(own["pages"]) <= 8, name
        assert 6 <= len(own["templates"]) <= 12, name
    problems = []
    for db_key, db in obm["databases"].items():
        counts = {
            "properties": (len(db["properties"]), 6, 15),
            "views": (len(db["views"]), 2, 8),
            "rows": (len(db["rows"]), 3, 8),
        }
        problems += [
            f"{db_key}: {n} {what} (expected {low}-{high})"
            for what, (n, low, high) in counts.items()
            if not low <= n <= high
        ]
    assert problems == []


def test_modules_keep_a_small_required_core() -> None:
    av, obm = effective("av"), effective("obm")
    assert set(av["modules"]) == AV_MODULES
    assert set(obm["modules"]) == AV_MODULES | OBM_ONLY_MODULES
    assert [k for k, m in obm["modules"].items() if m.get("required")] == ["core"]
    core = sorted(k for k, db in obm["databases"].items() if db["module"] == "core")
    assert core == ["contacts", "tasks"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "av",
            {
                "currency": "EUR",
                "vat_rate": 20,
                "hourly_rate": 45,
                "package_hours": 10,
                "start_date": "today",
            },
        ),
        ("obm", {"monthly_retainer": 1500, "currency": "EUR", "vat_rate": 20}),
    ],
)
def test_variables_are_declared_with_defaults(name: str, expected: dict[str, Any]) -> None:
    variables = effective(name)["variables"]
    assert {k: variables[k]["default"] for k in expected} == expected
    # The owner is a real person: a made-up sample for the sandbox, never a default for a client.
    for owner in ("owner_name", "owner_email"):
        assert "default" not in variables[owner]
        assert variables[owner]["sample"]
    assert all(is_text(v["label"]) for v in variables.values())


def test_property_and_view_types_cover_what_notion_offers() -> None:
    doc = effective("obm")
    props = [p for db in doc["databases"].values() for p in db["properties"].values()]
    assert {p["type"] for p in props} >= {
        "title", "rich_text", "number", "select", "multi_select", "status", "date", "people",
        "files", "checkbox", "url", "email", "phone_number", "formula", "relation", "rollup",
        "unique_id", "created_time", "last_edited_time",
    }  # fmt: skip
    relations = [p for p in props if p["type"] == "relation"]
    assert any("two_way" in p for p in relations) and any("two_way" not in p for p in relations)
    assert any(p.get("format") == "currency" for p in props)
    views = [v for db in doc["databases"].values() for v in db["views"]]
    assert {v["type"] for v in views} == set(model.ViewType.__args__)  # type: ignore[attr-defined]


def test_payment_reminders_escalate_up_to_a_formal_notice() -> None:
    doc = effective("av")
    levels = doc["databases"]["reminders"]["properties"]["level"]["options"]
    assert [o["name"]["fr"] for o in levels] == [
        "1 – Rappel courtois",
        "2 – Relance ferme",
        "3 – Dernière relance avant mise en demeure",
        "4 – Mise en demeure",
    ]
    templates = [t for t in doc["templates"].values() if t["database"] == "reminders"]
    assert sorted(t["values"]["level"] for t in templates) == [o["key"] for o in levels]


def test_obm_declarations_start_with_the_french_obligations() -> None:
    rows = effective("obm")["databases"]["obligations"]["rows"]
    names = " | ".join(r["values"]["name"]["fr"] for r in rows)
    for obligation in ("URSSAF", "TVA", "CFE", "Liasse fiscale", "DSN"):
        assert obligation in names


def test_amounts_follow_the_rate_variables() -> None:
    av, obm = effective("av"), effective("obm")
    rates = {r["values"]["hourly_rate"] for r in av["databases"]["time_entries"]["rows"]}
    assert rates == {"{{hourly_rate}}"}
    vat = {r["values"]["vat_rate"] for r in av["databases"]["invoice_lines"]["rows"]}
    assert vat == {"{{vat_rate}}"}
    assert obm["templates"]["retainer_month"]["values"]["price"] == "{{monthly_retainer}}"


@pytest.mark.parametrize("lang", LANGS)
def test_hours_left_in_a_package(
    workspaces: dict[tuple[str, str], model.Workspace], lang: str
) -> None:
    packages = workspaces[("av", lang)].database("packages")
    hours_left = packages.property("hours_left")
    included = packages.property("hours_included").name
    used = packages.property("hours_used").name
    assert hours_left.expression == f'prop("{included}") - prop("{used}")'
    current = next(r for r in packages.rows if r.key == "current")
    assert current.values["hours_included"] == 10
    assert current.values["entries"] == (
        "te_inbox",
        "te_scan",
        "te_support",
        "te_invoices",
        "te_notion",
    )


# --- modules can be dropped in any combination ----------------------------------------------

OBM_OPTIONAL = sorted((AV_MODULES | OBM_ONLY_MODULES) - {"core"})


@settings(max_examples=25, deadline=None)
@given(dropped=st.sets(st.sampled_from(OBM_OPTIONAL)))
def test_any_modules_can_be_dropped(dropped: set[str]) -> None:
    doc = effective("obm")
    ws = resolve(obm_blueprint(), lang="fr", client="Démo", without=sorted(dropped))
    kept_dbs = {k for k, db in doc["databases"].items() if db["module"] not in dropped}
    assert {db.key for db in ws.databases} == kept_dbs
    assert {p.key for p in ws.pages} == {
        k for k, p in doc["pages"].items() if p["module"] not in dropped
    }
    for db in ws.databases:
        for prop in db.properties:
            assert prop.relation_target is None or prop.relation_target in kept_dbs
    for page in ws.pages:
        assert all(linked.database in kept_dbs for linked in page.linked_views)


@cache
def obm_blueprint() -> Any:
    return load_blueprint("obm")


@pytest.mark.parametrize("name", ["av", "obm"])
def test_every_bundled_blueprint_is_versioned_with_its_releases_kept(name: str) -> None:
    bp = load_blueprint(name)
    assert bp.version is not None
    assert parse_version(bp.version) >= (1, 0, 0)
    releases = [bp.version, *(m["from"] for m in bp.document.get("migrations", ()))]
    for version in releases:
        kept = load_blueprint(bp.history_file(version))
        assert (kept.id, kept.version) == (name, version)


# --- 2.0.0 as provisioned on the sandbox: relations, rollups, formulas, charts --------------


class Provisioned:
    """One bundled blueprint applied on an in-process sandbox, read back by blueprint key."""

    def __init__(self, name: str, lang: str) -> None:
        from notion_setup.notion import NotionGateway, RetryPolicy
        from notion_setup.observe import find_root
        from notion_setup.provision import apply_workspace
        from notion_setup.sandbox import Sandbox

        self.box = Sandbox(rate_limit=0)
        self.gw = NotionGateway(
            token=self.box.token,
            base_url="http://sandbox.invalid",
            transport=self.box.transport(),
            budget_per_minute=1_000_000,
            policy=RetryPolicy(max_attempts=3, max_total_s=60),
        )
        self.workspace = resolve(load_blueprint(name), lang=lang, client="Atelier Lumen")
        apply_workspace(self.gw, self.workspace, self.box.root_page_id)
        found = find_root(self.gw, self.box.root_page_id, self.workspace)
        assert found is not None and found[1] is not None
        self.registry = found[1]

    def schema(self, db: str) -> dict[str, Any]:
        """Property name -> property object of a database's data source."""
        ds = self.registry.get(f"db:{db}")["ds"]
        props: dict[str, Any] = self.gw.read("GET", f"data_sources/{ds}")["properties"]
        return props

    def prop(self, db: str, key: str) -> dict[str, Any]:
        name = self.workspace.database(db).property(key).name
        found: dict[str, Any] = self.schema(db)[name]
        return found

    def view(self, db: str, key: str) -> dict[str, Any]:
        view: dict[str, Any] = self.gw.read("GET", f"views/{self.registry.get(f'view:{db}.{key}')}")
        return view

    def close(self) -> None:
        self.gw.close()


@pytest.fixture(scope="module")
def obm_fr() -> Iterator[Provisioned]:
    made = Provisioned("obm", "fr")
    yield made
    made.close()


def test_invoice_totals_come_from_line_items_by_rollup(obm_fr: Provisioned) -> None:
    lines = obm_fr.prop("invoice_lines", "invoice")
    assert lines["type"] == "relation"
    assert lines["relation"]["data_source_id"] == obm_fr.registry.get("db:invoices")["ds"]
    subtotal = obm_fr.prop("invoices", "subtotal")
    assert subtotal["type"] == "rollup"
    assert subtotal["rollup"]["function"] == "sum"
    assert subtotal["rollup"]["relation_property_name"] == "Lignes"
    assert subtotal["rollup"]["rollup_property_name"] == "Total HT de la ligne"
    lines_schema = obm_fr.schema("invoice_lines")
    line_total = lines_schema["Total HT de la ligne"]["formula"]["expression"]
    # Notion answers formulas with property references as {{notion:block_property:<id>:...}}.
    assert formula_refs(line_total) == [
        lines_schema["Quantité"]["id"],
        lines_schema["Prix unitaire HT"]["id"],
    ]
    schema = obm_fr.schema("invoices")
    total = schema["Total TTC"]["formula"]["expression"]
    assert formula_refs(total) == [schema["Montant HT"]["id"], schema["TVA"]["id"]]
    payment = schema["Paiement"]["formula"]["expression"]
    assert '== "Payé"' in payment and "En retard" in payment
    assert schema["Statut"]["id"] in formula_refs(payment)


def formula_refs(expression: str) -> list[str]:
    """Property ids a formula read back from Notion refers to, in order."""
    return re.findall(r"\{\{notion:block_property:([^:]+):", expression)


def test_time_is_billed_by_an_invoice_and_reports_roll_hours_up(obm_fr: Provisioned) -> None:
    billed = obm_fr.prop("invoices", "hours_billed")["rollup"]
    assert (billed["relation_property_name"], billed["rollup_property_name"]) == (
        "Temps facturé",
        "Heures",
    )
    assert obm_fr.prop("time_entries", "invoice")["type"] == "relation"
    assert "Facturé" not in obm_fr.schema("time_entries")  # the 1.0.0 checkbox is gone
    hours = obm_fr.prop("reports", "hours_worked")["rollup"]
    assert (hours["relation_property_name"], hours["function"]) == ("Temps passés", "sum")
    assert obm_fr.prop("tasks", "next_occurrence")["type"] == "formula"


def test_revenue_and_hours_charts_are_configured(obm_fr: Provisioned) -> None:
    schema = obm_fr.schema("invoices")
    ids = {name: prop["id"] for name, prop in schema.items()}
    revenue = obm_fr.view("invoices", "revenue_month")
    assert revenue["type"] == "chart"
    config = revenue["configuration"]
    assert config["chart_type"] == "column"
    assert config["x_axis"]["property_id"] == ids["Date d'émission"]
    assert config["y_axis"] == {"aggregator": "sum", "property_id": ids["Montant HT"]}
    assert obm_fr.view("invoices", "revenue_year")["configuration"]["chart_type"] == "bar"
    burn = obm_fr.view("time_entries", "burn")["configuration"]
    assert burn["chart_type"] == "line"
    assert obm_fr.view("tasks", "this_week")["type"] == "board"


def test_the_portal_and_requests_are_provisioned(obm_fr: Provisioned) -> None:
    portal = obm_fr.workspace.pages
    page = next(p for p in portal if p.key == "client_portal")
    assert "pas de droits d'accès ligne par ligne" in page.body
    assert {lv.key for lv in page.linked_views} == {
        "to_approve", "deliverables", "invoices", "requests", "meeting_notes", "monthly_reports",
    }  # fmt: skip
    assert obm_fr.registry.get("page:client_portal")
    assert obm_fr.registry.get("db:requests")
    assert obm_fr.registry.get("db:action_plan")
