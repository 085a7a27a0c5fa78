"""Checks of views (each type, filters, sorts, the strict refusals) and of a page body."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from notion_setup.errors import NotionError
from notion_setup.lifecycle.probe import fixture
from notion_setup.lifecycle.probe.expect import (
    Expect,
    check,
)
from notion_setup.lifecycle.probe.world import World, raw_of
from notion_setup.messages import N_
from notion_setup.notion.markdown import blocks_to_markdown

JSON = dict[str, Any]


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
    answer = world.try_view({**spec, "name": "No sort", "configuration": config}, "board")
    got = f"{answer.status} {answer.notion_code}" if isinstance(answer, NotionError) else "200"
    expect.equal("board without group_by.sort", "400 validation_error", got)


@check(
    "view.board_needs_configuration",
    N_("a board without configuration is refused (the sandbox refuses it)"),
    "board, calendar, timeline and chart views without configuration are refused, not defaulted",
)
def _needs_configuration(world: World, expect: Expect) -> None:
    world.tasks()
    answer = world.try_view({"name": "No configuration"}, "board")
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
