"""Versions, migrations, example rows, sample variables: what upgrades and real runs use."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.errors import VariableError
from notion_setup.model import Migration, key_changes, parse_version

from .conftest import STUDIO, TODAY, VALID

RENAME_TASKS = Migration(
    "1.0.0",
    "2.0.0",
    renamed={
        "databases": {"roadmap": "action_plan"},
        "properties": {"invoices.amount": "invoices.subtotal"},
        "options": {"tasks.state.doing": "tasks.state.in_progress"},
    },
    removed={"properties": ("tasks.legacy",)},
)
RENAME_AGAIN = Migration(
    "2.0.0",
    "3.0.0",
    renamed={
        "properties": {
            "action_plan.kind": "action_plan.type",
            "invoices.subtotal": "invoices.net",
        }
    },
)


def test_a_versioned_blueprint_resolves_its_version_and_migrations() -> None:
    workspace = resolve(
        load_blueprint(VALID / "versioned.json"), lang="en", client="A", today=TODAY
    )
    assert workspace.version == "2.0.0"
    assert workspace.migrations == (
        Migration("1.0.0", "2.0.0", renamed={"properties": {"tasks.time": "tasks.hours"}}),
    )
    changes = workspace.key_changes_since("1.0.0")
    assert changes.renamed == {"properties": {"tasks.time": "tasks.hours"}}
    assert changes.current_key("properties", "tasks.time") == "tasks.hours"
    assert changes.current_key("properties", "tasks.state") == "tasks.state"
    assert workspace.key_changes_since("2.0.0").is_empty


def test_an_unversioned_blueprint_has_no_version_and_changes_nothing() -> None:
    workspace = resolve(load_blueprint(STUDIO), lang="en", client="A", today=TODAY)
    assert workspace.version is None
    assert workspace.migrations == ()


def test_chained_migrations_compose_renames_in_the_recorded_versions_terms() -> None:
    changes = key_changes((RENAME_AGAIN, RENAME_TASKS), "1.0.0", "3.0.0")
    assert [s.to_version for s in changes.steps] == ["2.0.0", "3.0.0"]
    assert changes.renamed == {
        "databases": {"roadmap": "action_plan"},
        # renamed in 2.0.0 as action_plan.kind: the 1.0.0 workspace calls it roadmap.kind
        "properties": {"invoices.amount": "invoices.net", "roadmap.kind": "action_plan.type"},
        "options": {"tasks.state.doing": "tasks.state.in_progress"},
    }
    assert changes.removed == {"properties": ("tasks.legacy",)}


def test_keys_follow_their_renamed_database_and_property() -> None:
    changes = key_changes((RENAME_TASKS, RENAME_AGAIN), "1.0.0", "3.0.0")
    assert changes.current_key("databases", "roadmap") == "action_plan"
    assert changes.current_key("properties", "roadmap.state") == "action_plan.state"
    assert changes.current_key("views", "roadmap.board") == "action_plan.board"
    assert changes.current_key("options", "roadmap.state.done") == "action_plan.state.done"
    assert changes.current_key("options", "invoices.amount.x") == "invoices.net.x"
    assert changes.current_key("properties", "tasks.legacy") is None
    assert changes.current_key("options", "tasks.legacy.a") is None
    assert changes.current_key("pages", "home") == "home"


def test_a_version_between_migrations_takes_the_step_it_falls_in() -> None:
    changes = key_changes((RENAME_TASKS, RENAME_AGAIN), "2.1.0", "3.0.0")
    assert [s.from_version for s in changes.steps] == ["2.0.0"]
    assert changes.current_key("properties", "invoices.subtotal") == "invoices.net"


def test_a_downgrade_is_refused() -> None:
    with pytest.raises(ValueError, match=r"newer than 2\.0\.0"):
        key_changes((RENAME_TASKS,), "3.0.0", "2.0.0")


@given(st.tuples(*(st.integers(0, 999) for _ in range(3))))
def test_versions_order_numerically(parts: tuple[int, int, int]) -> None:
    text = ".".join(str(p) for p in parts)
    assert parse_version(text) == parts
    assert parse_version("1.10.0") > parse_version("1.9.0")


def test_example_rows_are_marked_per_row_or_per_database() -> None:
    bp = load_blueprint("av")
    workspace = resolve(bp, lang="fr", client="A", today=TODAY)
    contacts = workspace.database("contacts")
    assert contacts.rows and all(row.example for row in contacts.rows)
    real = workspace.without_examples()
    assert all(not row.example for db in real.databases for row in db.rows)
    assert sum(len(db.rows) for db in real.databases) < sum(
        len(db.rows) for db in workspace.databases
    )
    kept = {(db.key, row.key) for db in real.databases for row in db.rows}
    for db in real.databases:
        for row in db.rows:
            for key, value in row.values.items():
                prop = db.property(key)
                if prop.type == "relation":
                    assert isinstance(value, tuple)
                    assert {(prop.relation_target, v) for v in value} <= kept


def test_owner_variables_have_samples_for_the_sandbox_and_nothing_for_a_real_client() -> None:
    bp = load_blueprint("av")
    assert set(bp.variables_to_ask) == {"owner_name", "owner_email"}
    sandbox = resolve(bp, lang="en", client="A", today=TODAY)
    assert sandbox.sampled_variables == ("owner_name", "owner_email")
    with pytest.raises(VariableError, match="owner_name, owner_email"):
        resolve(bp, lang="en", client="A", today=TODAY, samples=False)
    given_values = {"owner_name": "Léa Martin", "owner_email": "lea@martin.fr"}
    real = resolve(bp, lang="en", client="A", today=TODAY, variables=given_values, samples=False)
    assert real.sampled_variables == ()
    assert real.variables["owner_name"] == "Léa Martin"
