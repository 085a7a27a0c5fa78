"""The pure planner: what a first run and a re-run would do, without any HTTP."""

from __future__ import annotations

from notion_setup.observe import Observed, ObservedDatabase, ObservedProperty
from notion_setup.plan import Plan, make_plan
from notion_setup.registry import Registry

from .small_workspace import small_workspace


def ops(plan: Plan) -> list[tuple[str, str]]:
    return [(s.op, s.key) for s in plan.steps]


def test_first_run_creates_everything_in_dependency_order() -> None:
    plan = make_plan(small_workspace(), Observed(parent_id="parent"))
    assert ops(plan) == [
        ("create_root", "root"),
        ("create_page", "home"),
        ("create_page", "sop"),
        # clients first: invoices' two-way relation needs its id. The self-relation of invoices
        # waits for a schema pass, and the rollup of clients over the synced side after it.
        ("create_database", "clients"),
        ("create_database", "invoices"),
        ("update_schema", "invoices"),
        ("update_schema", "clients"),
        # rows before views: a row's create answers with the property ids the views need.
        ("create_row", "clients.acme"),
        ("create_row", "invoices.first"),
        ("create_row", "invoices.credit"),
        ("adopt_default_view", "clients.all"),
        ("adopt_default_view", "invoices.all"),
        ("create_view", "invoices.board"),
        ("create_view", "invoices.calendar"),
        ("create_linked_view", "home.unpaid"),
        ("create_templates_page", "templates"),
        ("create_template", "invoice"),
    ]


def test_the_synced_side_of_a_two_way_relation_is_never_created_on_its_own() -> None:
    plan = make_plan(small_workspace(), Observed(parent_id="parent"))
    clients = next(s for s in plan.steps if s.op == "create_database" and s.key == "clients")
    assert clients.inline == ("name", "email")
    invoices = next(s for s in plan.steps if s.op == "create_database" and s.key == "invoices")
    # the two-way relation goes inline (clients exists), the self-relation waits.
    assert "client" in invoices.inline
    assert "credit_of" not in invoices.inline
    adds = [s.adds for s in plan.steps if s.op == "update_schema"]
    assert adds == [("credit_of",), ("billed",)]


def test_rows_wait_for_the_rows_they_point_to() -> None:
    plan = make_plan(small_workspace(), Observed(parent_id="parent"))
    stages = {s.key: s.stage for s in plan.steps if s.op == "create_row"}
    assert stages["clients.acme"] < stages["invoices.first"] < stages["invoices.credit"]


def _observed_invoices(props: tuple[ObservedProperty, ...]) -> ObservedDatabase:
    return ObservedDatabase(
        key="invoices",
        database_id="db-inv",
        data_source_id="ds-inv",
        title="Invoices",
        properties=props,
        view_ids=(),
    )


def _points_at(data_source_id: str) -> dict[str, object]:
    return {"type": "relation", "relation": {"data_source_id": data_source_id}}


def _full_invoices() -> tuple[ObservedProperty, ...]:
    return (
        ObservedProperty("title", "Invoice", "title"),
        ObservedProperty("p-amount", "Amount", "number"),
        ObservedProperty("p-state", "State", "status", options=("Draft", "Sent", "Paid")),
        ObservedProperty("p-due", "Due", "date"),
        ObservedProperty("p-client", "Client", "relation", raw=_points_at("ds-cl")),
        ObservedProperty("p-credit", "Credit note of", "relation", raw=_points_at("ds-inv")),
        ObservedProperty("p-total", "Total", "formula"),
    )


def _observed(props: tuple[ObservedProperty, ...]) -> Observed:
    registry = Registry("Acme", "test", "en", {"prop:invoices.amount": "p-amount"})
    clients = ObservedDatabase(
        key="clients",
        database_id="db-cl",
        data_source_id="ds-cl",
        title="Clients",
        properties=(
            ObservedProperty("title", "Name", "title"),
            ObservedProperty("p-email", "Email", "email"),
            ObservedProperty("p-inv", "Invoices", "relation"),
            ObservedProperty("p-billed", "Billed", "rollup"),
        ),
        view_ids=("v1",),
    )
    return Observed(
        parent_id="parent",
        root_page_id="root",
        registry=registry,
        registry_text=registry.to_json(),
        databases={"clients": clients, "invoices": _observed_invoices(props)},
        pages={"home": "p1", "sop": "p2"},
        views={
            "clients.all": "v1",
            "invoices.all": "v2",
            "invoices.board": "v3",
            "invoices.calendar": "v4",
        },
        linked_views={"home.unpaid": "lv"},
        templates={"invoice": "t1"},
        templates_page_id="tp",
        rows={"clients.acme": "r1", "invoices.first": "r2", "invoices.credit": "r3"},
    )


def test_a_workspace_that_matches_plans_nothing() -> None:
    plan = make_plan(small_workspace(), _observed(_full_invoices()))
    assert plan.is_empty
    # Counted in objects, as creates are (properties and options belong to their database):
    # root, 2 pages, 2 databases, 4 views, 1 linked view, the templates page, 1 template, 3 rows.
    assert plan.counts()["unchanged"] == 15
    kinds = sorted(c.kind for c in plan.unchanged if c.kind not in ("property", "option"))
    objects = ["root", "page", "page", "database", "database", "view", "view", "view", "view"]
    assert kinds == sorted(
        [*objects, "linked_view", "templates_page", "template", "row", "row", "row"]
    )


def test_drift_renamed_property_is_renamed_back_by_id() -> None:
    props = tuple(
        ObservedProperty("p-amount", "Montant", "number") if p.id == "p-amount" else p
        for p in _full_invoices()
    )
    plan = make_plan(small_workspace(), _observed(props))
    [step] = plan.steps
    assert step.op == "update_schema" and step.renames == (("amount", "p-amount"),)
    assert [c.detail for c in step.changes] == ["in Invoices; renamed from 'Montant'"]


def test_drift_deleted_property_and_option_come_back() -> None:
    props = tuple(
        ObservedProperty("p-state", "State", "status", options=("Draft", "Paid", "Lost"))
        if p.id == "p-state"
        else p
        for p in _full_invoices()
        if p.id != "p-due"
    )
    plan = make_plan(small_workspace(), _observed(props))
    changes = [(c.verb, c.kind, c.name) for c in plan.changes]
    assert ("create", "property", "Due") in changes
    assert ("create", "option", "Sent") in changes
    options_step = next(s for s in plan.steps if s.options)
    # the user's own option "Lost" is kept: the list Notion gets keeps every existing option
    assert options_step.options == (("state", "p-state", ("Draft", "Paid", "Lost", "Sent")),)


def test_retyped_property_waits_for_allow_destructive() -> None:
    props = tuple(
        ObservedProperty("p-amount", "Amount", "rich_text") if p.id == "p-amount" else p
        for p in _full_invoices()
    )
    held = make_plan(small_workspace(), _observed(props))
    assert held.is_empty
    assert [(c.verb, c.name) for c in held.held_back] == [("retype", "Amount")]
    allowed = make_plan(small_workspace(), _observed(props), allow_destructive=True)
    [step] = allowed.steps
    assert step.retypes == (("amount", "p-amount"),) and step.destructive


def test_properties_added_by_hand_are_left_alone_and_listed() -> None:
    props = (*_full_invoices(), ObservedProperty("p-mine", "My notes", "rich_text"))
    plan = make_plan(small_workspace(), _observed(props))
    assert plan.is_empty
    assert [c.name for c in plan.user_additions] == ["My notes"]


def test_a_relation_to_a_database_created_again_is_pointed_at_the_new_one() -> None:
    observed = _observed(_full_invoices())
    del observed.databases["clients"]  # deleted by hand: it will be created again
    plan = make_plan(small_workspace(), observed)
    retarget = next(s for s in plan.steps if s.retargets)
    assert retarget.key == "invoices" and retarget.retargets == (("client", "p-client"),)
    create = next(s for s in plan.steps if s.op == "create_database")
    assert create.key == "clients" and create.stage < retarget.stage
