"""The probe's checks: each one a behaviour the tool (or the sandbox) relies on.

``CHECKS`` is data: one ``Check`` per behaviour, with a stable ``id``, a one-line description
and the choice of ``docs/sandbox.md`` it settles (``settles``; a test requires the doc to name
every id). A check reads what it needs from the ``World`` and returns the differences it saw
(``Diff``: what, expected, got); none means "as expected". A request Notion refused is a
difference too (the runner reports it), so one refusal never stops the other checks.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from notion_setup.errors import NotionError, NotionSetupError
from notion_setup.lifecycle.probe import fixture
from notion_setup.lifecycle.probe.world import World, raw_of
from notion_setup.messages import N_
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import TITLE
from notion_setup.notion.markdown import blocks_to_markdown

JSON = dict[str, Any]

HEX32 = "[0-9a-f]{32}"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
#: The forms recorded traffic shows (``tests/conformance/derive.py`` names them alike).
FORMS: dict[str, tuple[str, re.Pattern[str]]] = {
    "url_page": (
        "https://app.notion.com/p/<Title>-<id32>",
        re.compile(rf"^https://app\.notion\.com/p/[0-9A-Za-z-]+-{HEX32}$"),
    ),
    "url_id": (
        "https://app.notion.com/p/<id32>",
        re.compile(rf"^https://app\.notion\.com/p/{HEX32}$"),
    ),
    "url_view": (
        "https://app.notion.com/p/<database id32>?v=<view id32>",
        re.compile(rf"^https://app\.notion\.com/p/{HEX32}\?v={HEX32}$"),
    ),
    "time_ms_z": (
        "YYYY-MM-DDThh:mm:ss.000Z",
        re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"),
    ),
    "time_ms_offset": (
        "YYYY-MM-DDThh:mm:ss.mmm+00:00",
        re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$"),
    ),
    "uuid": ("<uuid>", UUID),
}
#: ``bot.workspace_limits.max_file_upload_size_in_bytes`` recorded on a Free-looking workspace.
FREE_UPLOAD_LIMIT = 5 * 1024 * 1024


def show(value: Any) -> str:
    """A value as the report shows it: strings as they are, the rest as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), sort_keys=True)


@dataclass(frozen=True)
class Diff:
    """One difference: where, what the tool expects, what the API answered."""

    what: str
    expected: str
    got: str

    def to_json(self) -> JSON:
        """Machine-readable form."""
        return {"what": self.what, "expected": self.expected, "got": self.got}


@dataclass
class Expect:
    """Collects the differences of one check."""

    diffs: list[Diff] = field(default_factory=list)
    #: what the check learnt beyond as expected or not (``workspace.limits``: the plan guess).
    facts: dict[str, Any] = field(default_factory=dict)

    def equal(self, what: str, expected: Any, got: Any) -> bool:
        """Record a difference unless ``got == expected``."""
        if expected == got:
            return True
        self.diffs.append(Diff(what, show(expected), show(got)))
        return False

    def form(self, what: str, form: str, got: Any) -> bool:
        """Record a difference unless ``got`` is a string of the named form (``FORMS``)."""
        label, pattern = FORMS[form]
        if isinstance(got, str) and pattern.fullmatch(got):
            return True
        self.diffs.append(Diff(what, label, show(got) if got is not None else "null"))
        return False

    def refused(self, what: str, expected: str, error: NotionSetupError) -> None:
        """Record a request Notion refused where the tool expects it to pass."""
        self.diffs.append(Diff(what, expected, refusal(error)))


def refusal(error: NotionSetupError) -> str:
    """How a refusal reads in a difference: the gateway's message names the request, the
    status, Notion's code and its message."""
    return error.message


@dataclass(frozen=True)
class Check:
    """One behaviour the probe checks."""

    id: str
    #: one line, marked for translation (``N_``); shown translated.
    description: str
    #: the choice of ``docs/sandbox.md`` the check settles (English, for bug reports).
    settles: str
    run: Callable[[World, Expect], None]


CHECKS: list[Check] = []


def check(
    id: str, description: str, settles: str
) -> Callable[[Callable[[World, Expect], None]], Callable[[World, Expect], None]]:
    """Register a check (in the order of the report)."""

    def register(run: Callable[[World, Expect], None]) -> Callable[[World, Expect], None]:
        CHECKS.append(Check(id, description, settles, run))
        return run

    return register


def _prop(schema_raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    found = (schema_raw.get("properties") or {}).get(name)
    return found if isinstance(found, Mapping) else {}


def _value(page_raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    return _prop(page_raw, name)


# --- answers -------------------------------------------------------------------------------


@check(
    "api.request_id",
    N_("every answer carries a request_id"),
    "request_id on every JSON answer, success too (recorded under 2025-09-03 only)",
)
def _request_id(world: World, expect: Expect) -> None:
    answers = {
        "GET users/me": raw_of(world.me()),
        "POST pages": raw_of(world.scratch),
        "POST databases": raw_of(world.tasks().database),
        "GET data_sources/{id}": raw_of(world.tasks().schema),
        "GET pages/{id}": raw_of(world.task_row()),
        "GET views/{id}": raw_of(world.view("list")),
    }
    for where, raw in answers.items():
        expect.form(f"{where}: request_id", "uuid", raw.get("request_id"))


@check(
    "workspace.limits",
    N_("users/me shows the workspace's upload limit (how the tool guesses a Free plan)"),
    "a 5 MiB bot.workspace_limits.max_file_upload_size_in_bytes reads as a Free workspace",
)
def _limits(world: World, expect: Expect) -> None:
    bot = raw_of(world.me()).get("bot") or {}
    limits = bot.get("workspace_limits") if isinstance(bot, Mapping) else None
    size = limits.get("max_file_upload_size_in_bytes") if isinstance(limits, Mapping) else None
    if not isinstance(size, int) or isinstance(size, bool):
        expect.diffs.append(
            Diff("bot.workspace_limits.max_file_upload_size_in_bytes", "<bytes>", show(size))
        )
        return
    expect.facts["max_file_upload_size_in_bytes"] = size
    expect.facts["plan_guess"] = "free" if size <= FREE_UPLOAD_LIMIT else "paid"
    workspace_id = bot.get("workspace_id") if isinstance(bot, Mapping) else None
    expect.form("bot.workspace_id", "uuid", workspace_id)


@check(
    "errors.not_found",
    N_("an unknown id answers 404 object_not_found, never 403"),
    "unknown or unshared ids give 404 object_not_found (with additional_data.integration_id)",
)
def _not_found(world: World, expect: Expect) -> None:
    missing = str(uuid.uuid4())
    try:
        world.api.pages.retrieve(missing)
    except NotionError as error:
        expect.equal(
            "GET pages/<unknown id>", "404 object_not_found", f"{error.status} {error.notion_code}"
        )
        return
    expect.diffs.append(Diff("GET pages/<unknown id>", "404 object_not_found", "200"))


# --- URLs and timestamps ---------------------------------------------------------------------


@check(
    "url.page",
    N_("pages and rows have URLs of the form app.notion.com/p/<Title>-<id32>"),
    "page URL slugs: every character outside A-Z a-z 0-9 becomes '-'",
)
def _url_page(world: World, expect: Expect) -> None:
    expect.form("page url", "url_page", world.scratch.url)
    expect.form("row url", "url_page", world.task_row().url)
    expect.equal(
        "page url slug",
        "notion-setup-probe-",
        (world.scratch.url or "").rsplit("/", 1)[-1][: len("notion-setup-probe-")],
    )


@check(
    "url.database",
    N_("a database and its data source share the URL app.notion.com/p/<database id32>"),
    "database and data source URLs are equal, https://app.notion.com/p/<database id32>",
)
def _url_database(world: World, expect: Expect) -> None:
    made = world.tasks()
    expect.form("database url", "url_id", made.database.url)
    expect.equal("data source url", made.database.url, made.schema.url)


@check(
    "url.view",
    N_("views have URLs of the form app.notion.com/p/<database id32>?v=<view id32>"),
    "view URLs are https://app.notion.com/p/<database id32>?v=<view id32>",
)
def _url_view(world: World, expect: Expect) -> None:
    view = world.view("list")
    if expect.form("view url", "url_view", view.url):
        database = world.tasks().database.id.replace("-", "")
        expect.equal("view url database", database, (view.url or "")[25:57])


@check(
    "time.forms",
    N_("timestamps: pages and blocks .000Z, databases and views +00:00"),
    "two timestamp forms: pages, blocks and data sources ...000Z; databases and views ...+00:00",
)
def _times(world: World, expect: Expect) -> None:
    expect.form("page created_time", "time_ms_z", raw_of(world.scratch).get("created_time"))
    expect.form("block created_time", "time_ms_z", raw_of(world.first_block()).get("created_time"))
    expect.form(
        "database created_time",
        "time_ms_offset",
        raw_of(world.tasks().database).get("created_time"),
    )
    expect.form(
        "view created_time", "time_ms_offset", raw_of(world.view("list")).get("created_time")
    )


# --- schema ----------------------------------------------------------------------------------


@check(
    "status.groups_as_sent",
    N_("status options stay in the group they were created in"),
    "status options carry `group` on create (not in the SDK's types) and keep it",
)
def _status_groups(world: World, expect: Expect) -> None:
    status = _prop(raw_of(world.tasks().schema), "Stage").get("status") or {}
    options = {o.get("name"): o.get("id") for o in status.get("options") or []}
    groups = status.get("groups") or []
    for option in fixture.STATUS_OPTIONS:
        sent = payloads.STATUS_GROUP_NAMES[option.group or "to_do"]
        got = [
            g.get("name") for g in groups if options.get(option.name) in (g.get("option_ids") or [])
        ]
        expect.equal(f"Stage: {option.name}", sent, got[0] if len(got) == 1 else got)


@check(
    "status.added_to_do",
    N_("a status option added later goes to the To-do group"),
    "on update, a new status option goes to To-do and existing groups stay",
)
def _status_added(world: World, expect: Expect) -> None:
    status = _prop(raw_of(world.status_added()), "Stage").get("status") or {}
    options = {o.get("name"): o.get("id") for o in status.get("options") or []}
    for option in (*fixture.STATUS_OPTIONS, fixture.ADDED_STATUS):
        sent = payloads.STATUS_GROUP_NAMES[option.group or "to_do"]
        groups = status.get("groups") or []
        got = [
            g.get("name") for g in groups if options.get(option.name) in (g.get("option_ids") or [])
        ]
        expect.equal(f"Stage: {option.name}", sent, got[0] if len(got) == 1 else got)


@check(
    "schema.as_sent",
    N_("every property type is created as sent (number formats, options, descriptions)"),
    "each property type's create configuration reads back as sent",
)
def _schema(world: World, expect: Expect) -> None:
    schema = raw_of(world.tasks().schema)
    for prop in fixture.TASKS.properties:
        got = _prop(schema, prop.name)
        if not expect.equal(f"{prop.name}: type", prop.type, got.get("type")):
            continue
        if prop.number_format:
            expect.equal(
                f"{prop.name}: format", prop.number_format, (got.get("number") or {}).get("format")
            )
        if prop.type in ("select", "multi_select"):
            options = (got.get(prop.type) or {}).get("options") or []
            expect.equal(
                f"{prop.name}: options",
                [[o.name, o.color] for o in prop.options],
                [[o.get("name"), o.get("color")] for o in options],
            )
        if prop.description:
            expect.equal(f"{prop.name}: description", prop.description, got.get("description"))
    budget = _prop(raw_of(world.clients().schema), "Budget")
    expect.equal("Budget: format", "euro", (budget.get("number") or {}).get("format"))


@check(
    "relation.two_way",
    N_("a two-way relation makes the reverse property with the name sent"),
    "dual_property.synced_property_name names the synced property; the relation answers"
    " database_id and data_source_id",
)
def _two_way(world: World, expect: Expect) -> None:
    made, target = world.tasks(), world.clients()
    relation = _prop(raw_of(made.schema), "Client").get("relation") or {}
    expect.equal("Client: data_source_id", target.schema.id, relation.get("data_source_id"))
    expect.equal("Client: database_id", target.database.id, relation.get("database_id"))
    expect.equal("Client: type", "dual_property", relation.get("type"))
    reverse = _prop(raw_of(world.clients_schema()), "Tasks")
    expect.equal("Probe clients: reverse property", "relation", reverse.get("type"))
    dual = relation.get("dual_property") or {}
    expect.equal("Client: synced_property_name", "Tasks", dual.get("synced_property_name"))
    expect.equal("Client: synced_property_id", reverse.get("id"), dual.get("synced_property_id"))


@check(
    "rollup.config",
    N_("a rollup reads back with its relation, property and function, and computes a number"),
    "rollups name relation and property by name in one create call with the relation",
)
def _rollup(world: World, expect: Expect) -> None:
    config = _prop(raw_of(world.tasks().schema), "Client budget").get("rollup") or {}
    expect.equal("Client budget: function", "sum", config.get("function"))
    expect.equal(
        "Client budget: relation_property_name", "Client", config.get("relation_property_name")
    )
    expect.equal(
        "Client budget: rollup_property_name", "Budget", config.get("rollup_property_name")
    )
    value = _value(raw_of(world.task_row()), "Client budget").get("rollup") or {}
    expect.equal(
        "row Client budget",
        {"type": "number", "number": 1200},
        {k: value.get(k) for k in ("type", "number")},
    )


@check(
    "formula.number",
    N_("a formula referring to a property by name computes a number"),
    'formula expressions use prop("Name"); Notion answers them as {{notion:block_property:...}}',
)
def _formula(world: World, expect: Expect) -> None:
    config = _prop(raw_of(world.tasks().schema), "Double estimate").get("formula") or {}
    expression = config.get("expression")
    if not (isinstance(expression, str) and expression.strip()):
        expect.equal("Double estimate: expression", "<an expression>", expression)
    value = _value(raw_of(world.task_row()), "Double estimate").get("formula") or {}
    expect.equal(
        "row Double estimate",
        {"type": "number", "number": 6},
        {k: value.get(k) for k in ("type", "number")},
    )


@check(
    "unique_id.prefix",
    N_("a unique id keeps its prefix and numbers rows from 1"),
    "unique_id numbers are assigned in creation order, from 1",
)
def _unique_id(world: World, expect: Expect) -> None:
    config = _prop(raw_of(world.tasks().schema), "Number").get("unique_id") or {}
    expect.equal("Number: prefix", "PRB", config.get("prefix"))
    value = _value(raw_of(world.task_row()), "Number").get("unique_id") or {}
    expect.equal("row Number", {"prefix": "PRB", "number": 1}, dict(value))


# --- rows ------------------------------------------------------------------------------------


def _row_value(prop: Mapping[str, Any]) -> Any:
    """A page property value reduced to what the tool sent."""
    kind = prop.get("type")
    data = prop.get(kind) if isinstance(kind, str) else None
    if kind in ("title", "rich_text"):
        return "".join(str(t.get("plain_text", "")) for t in data or [])
    if kind in ("select", "status"):
        return (data or {}).get("name")
    if kind == "multi_select":
        return [o.get("name") for o in data or []]
    if kind == "date":
        return (data or {}).get("start")
    if kind == "relation":
        return [r.get("id") for r in data or []]
    return data


@check(
    "row.values_as_sent",
    N_("a row's values read back as sent, for every writable type"),
    "page values: each writable property type's request shape reads back the same",
)
def _row(world: World, expect: Expect) -> None:
    raw = raw_of(world.task_row())
    client = world.client_row().id
    for key, value in fixture.TASKS.rows[0].values.items():
        prop = fixture.TASKS.property(key)
        sent: Any = list(value) if isinstance(value, tuple) else value
        if prop.type == "relation":
            sent = [client]
        expect.equal(f"row {prop.name}", sent, _row_value(_value(raw, prop.name)))
    created = _value(raw, "Created").get("created_time")
    expect.form("row Created", "time_ms_z", created)


@check(
    "relation.synced_value",
    N_("setting a relation on one side shows it on the other side"),
    "writing a two-way relation updates the synced property of the target row",
)
def _synced(world: World, expect: Expect) -> None:
    raw = raw_of(world.client_row_read())
    expect.equal("client row Tasks", [world.task_row().id], _row_value(_value(raw, "Tasks")))


@check(
    "query.filter_properties",
    N_("a query returns only the properties filter_properties names"),
    "filter_properties is honoured by data source queries"
    " (2026-12-01 returns the title only without it)",
)
def _filter_properties(world: World, expect: Expect) -> None:
    rows = world.query((TITLE,))
    expect.equal("rows", 1, len(rows))
    for row in rows:
        expect.equal("properties (title only)", ["Name"], sorted(row.properties))
    stage = world.ids().get("stage", "")
    for row in world.query((TITLE, stage)):
        expect.equal("properties (title and Stage)", ["Name", "Stage"], sorted(row.properties))


# --- views -----------------------------------------------------------------------------------


@check(
    "views.default_listed",
    N_("listing a new database's views returns its one table view"),
    'POST /v1/databases makes a table view "Default view" that GET /v1/views lists',
)
def _default_view(world: World, expect: Expect) -> None:
    made = world.tasks()
    if not expect.equal("views of a new database", 1, len(made.first_views)):
        return
    view = world.api.views.retrieve(made.first_views[0])
    expect.equal("default view", ["Default view", "table"], [view.name, view.type])


def _subset(sent: Any, got: Any, at: str, expect: Expect) -> None:
    """Every field sent reads back the same (Notion may add fields of its own)."""
    if isinstance(sent, Mapping):
        if not isinstance(got, Mapping):
            expect.equal(at, sent, got)
            return
        for key, value in sent.items():
            if key == "properties" and isinstance(value, list):
                visible = [
                    p.get("property_id") for p in got.get(key) or [] if p.get("visible", True)
                ]
                expect.equal(
                    f"{at}.properties (visible)", [p["property_id"] for p in value], visible
                )
            else:
                _subset(value, got.get(key), f"{at}.{key}", expect)
        return
    expect.equal(at, sent, got)


def _view_check(key: str) -> Callable[[World, Expect], None]:
    def run(world: World, expect: Expect) -> None:
        spec = world.view_spec(key)
        view = world.view(key)
        raw = raw_of(view)
        expect.equal(f"{key}: type", spec["configuration"]["type"], view.type)
        _subset(spec["configuration"], raw.get("configuration"), f"{key}.configuration", expect)

    return run


#: view type -> (description, what it settles), one check per view type the blueprints use.
_VIEW_CHECKS = {
    "table": (
        N_("the first table view takes over the database's default view, as sent"),
        'the first table view takes over "Default view" (PATCH); visible columns in order',
    ),
    "board": (
        N_("a board view keeps its group_by and the group order (sort) sent"),
        "board configuration group_by with sort (required by the SDK's types)",
    ),
    "calendar": (
        N_("a calendar view keeps its date property"),
        "calendar configuration date_property_id (a property id)",
    ),
    "timeline": (
        N_("a timeline view keeps its date property"),
        "timeline configuration date_property_id (a property id)",
    ),
    "list": (N_("a list view is created as sent"), "list view configuration {type} only"),
    "gallery": (N_("a gallery view is created as sent"), "gallery view configuration {type} only"),
    "chart": (
        N_("a chart view keeps its chart type, x axis and aggregation"),
        "chart configuration chart_type, x_axis (a group_by with sort), y_axis",
    ),
}

for _view in fixture.TASKS.views:
    _description, _settles = _VIEW_CHECKS[_view.type]
    check(f"view.{_view.type}", _description, _settles)(_view_check(_view.key))


def _by_name(node: Any, names: Mapping[str, str]) -> Any:
    """A filter or sorts tree with each ``property`` (id or name) written as the name."""
    if isinstance(node, Mapping):
        return {
            k: names.get(v, v) if k == "property" and isinstance(v, str) else _by_name(v, names)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_by_name(v, names) for v in node]
    return node


def _names(world: World) -> dict[str, str]:
    """Property id (and name) -> name, for comparing filters either way they are written."""
    names = {p.id: p.name for p in world.tasks().schema.properties}
    names.update({p.name: p.name for p in world.tasks().schema.properties})
    return names


@check(
    "view.filter_sorts_as_sent",
    N_("a view's filter and sorts read back as the tool sends them"),
    "a view keeps its filter and sorts as sent (the {{notion:...}} rewriting is not emulated)",
)
def _filter_sorts(world: World, expect: Expect) -> None:
    spec = world.view_spec("all")
    raw = raw_of(world.view("all"))
    names = _names(world)
    expect.equal(
        "all: filter", _by_name(spec.get("filter"), names), _by_name(raw.get("filter"), names)
    )
    expect.equal(
        "all: sorts", _by_name(spec.get("sorts"), names), _by_name(raw.get("sorts"), names)
    )


@check(
    "view.filter_by_name",
    N_("a view filter and sort may name their property by name"),
    "filter, sorts and quick_filters name a property by name or by id (the views guide's examples)",
)
def _filter_by_name(world: World, expect: Expect) -> None:
    spec, view = world.named_view()
    raw = raw_of(view)
    names = _names(world)
    expect.equal("named: filter", spec.get("filter"), _by_name(raw.get("filter"), names))
    expect.equal("named: sorts", spec.get("sorts"), _by_name(raw.get("sorts"), names))


@check(
    "view.unsorted_null",
    N_("a view without sorts or filter answers null for them"),
    'an unsorted view has "sorts": null (and "filter", "quick_filters": null)',
)
def _unsorted(world: World, expect: Expect) -> None:
    raw = raw_of(world.view("list"))
    for key in ("sorts", "filter", "quick_filters"):
        expect.equal(f"list: {key}", None, raw.get(key))


@check(
    "view.group_by_needs_sort",
    N_("a board whose group_by has no sort is refused (the sandbox refuses it)"),
    "every group_by (board, table, chart x_axis) needs sort, as in the SDK's request types",
)
def _needs_sort(world: World, expect: Expect) -> None:
    spec = world.view_spec("by_stage")
    config = dict(spec["configuration"])
    config["group_by"] = {k: v for k, v in config["group_by"].items() if k != "sort"}
    answer = world.try_view(
        "by_stage", {**spec, "name": "No sort", "configuration": config}, "board"
    )
    got = f"{answer.status} {answer.notion_code}" if isinstance(answer, NotionError) else "200"
    expect.equal("board without group_by.sort", "400 validation_error", got)


@check(
    "view.board_needs_configuration",
    N_("a board without configuration is refused (the sandbox refuses it)"),
    "board, calendar, timeline and chart views without configuration are refused, not defaulted",
)
def _needs_configuration(world: World, expect: Expect) -> None:
    world.tasks()
    answer = world.try_view("bare", {"name": "No configuration"}, "board")
    got = f"{answer.status} {answer.notion_code}" if isinstance(answer, NotionError) else "200"
    expect.equal("board without configuration", "400 validation_error", got)


# --- page body -------------------------------------------------------------------------------


@check(
    "markdown.round_trip",
    N_("a Markdown body sent as blocks reads back as the same Markdown"),
    "page bodies: every block kind notion.markdown writes reads back the same"
    " (nested children, tables, toggles)",
)
def _markdown(world: World, expect: Expect) -> None:
    sent, _page, tree = world.page()
    want, got = blocks_to_markdown(sent), blocks_to_markdown(tree)
    if want == got:
        return
    wanted, read = want.splitlines(), got.splitlines()
    for number, (a, b) in enumerate(zip(wanted, read, strict=False), 1):
        if a != b:
            expect.equal(f"line {number}", a, b)
            return
    expect.equal("lines", len(wanted), len(read))
