"""One fixture file per kind of invalid blueprint, each with its exact message and exit code 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from notion_setup.blueprint import load_blueprint
from notion_setup.cli import cli
from notion_setup.errors import BlueprintInvalid

from .conftest import INVALID

# fixture file -> the problems `validate` lists for it, exactly (file prefix left out).
EXPECTED: dict[str, list[str]] = {
    "bad_key": [
        'databases: "Notes" is not a valid key: use lowercase letters, digits and _, '
        "starting with a letter"
    ],
    "board_without_group_by": ['databases.tasks.views[1]: missing required key "group_by"'],
    "calendar_on_number": [
        'databases.tasks.views[1].date_property: "hours" is a number property; calendar views '
        "need a date property (date, created or edited time)"
    ],
    "currency_without_variable": [
        'databases.tasks.properties.hours.format: format "currency" follows the "currency" '
        "variable, which is not declared"
    ],
    "description_too_long": [
        "databases.tasks.properties.hours.description.en: too long: 281 characters, "
        "at most 280 allowed"
    ],
    "duplicate_json_key": ['key "id" appears twice in one object; keep only one'],
    "duplicate_option_name": [
        'databases.tasks.properties.state.options[1].name.en: option name "to do" (en) is '
        "already used by databases.tasks.properties.state.options[0]; Notion needs them distinct"
    ],
    "duplicate_property_name": [
        'databases.tasks.properties.due.name.en: property name "Due" (en) is already used by '
        "databases.tasks.properties.hours; Notion needs them distinct"
    ],
    "duplicate_view_key": ['databases.tasks.views[1].key: key "all" is used twice in this list'],
    "extends_loop_a": [
        "extends: blueprints extend each other in a loop: "
        "extends_loop_a.json -> extends_loop_b.json -> extends_loop_a.json"
    ],
    "extends_missing_parent": [
        "extends: blueprint file not found: {dir}/nowhere.json; check the path, or run "
        "`notion-setup blueprints` to list the bundled ones"
    ],
    "filter_unknown_option": [
        'databases.tasks.views[0].filter.status.equals: no option "done" in tasks.state '
        "(options: todo)"
    ],
    "filter_wrong_condition": [
        'databases.tasks.views[0].filter.select: "hours" is a number property; '
        'filter it with "number"'
    ],
    "formula_loop": [
        "databases.tasks.properties.a.expression: formulas use each other in a loop: a -> b -> a",
        "databases.tasks.properties.b.expression: formulas use each other in a loop: b -> a -> b",
    ],
    "formula_unknown_property": [
        'databases.tasks.properties.cost.expression: prop("hour"): no property "hour" in '
        "database tasks (properties: name, state, hours, due, client, cost)"
    ],
    "malformed_json": ["line 4, column 3: invalid JSON: Expecting ',' delimiter"],
    "missing_translation": [
        'databases.tasks.properties.hours.name: missing the French text "fr" '
        "(every text needs en and fr)"
    ],
    "not_an_object": ["a blueprint is a JSON object ({...})"],
    "option_with_comma": [
        "databases.tasks.properties.state.options[0].name.en: option names cannot contain "
        'commas (Notion refuses them): "To do, soon"'
    ],
    "page_parent_loop": [
        "pages.a.parent: pages hold each other in a loop: a -> b -> a",
        "pages.b.parent: pages hold each other in a loop: b -> a -> b",
    ],
    "relation_target_missing": [
        'databases.tasks.properties.client.target: no database "customers" in this blueprint '
        "(databases: clients, tasks)"
    ],
    "rollup_not_a_relation": [
        'databases.tasks.properties.total.relation: "hours" is a number property; a rollup '
        "needs a relation of its own database"
    ],
    "rollup_target_property_missing": [
        'databases.tasks.properties.total.property: no property "revenue" in database clients '
        "(properties: name)"
    ],
    "row_bad_date": [
        'databases.tasks.rows[0].values.due: "next week" is not a date: write "2026-01-31", '
        '"+30d", "-1w", "+2m" or "{{start_date}}"'
    ],
    "row_read_only_value": [
        "databases.tasks.rows[0].values.ref: unique_id values are computed by Notion; "
        "remove this value"
    ],
    "row_relation_to_missing_row": [
        'databases.tasks.rows[0].values.client: no starter row "acme" in database clients '
        "(rows: none)"
    ],
    "row_unknown_option": [
        'databases.tasks.rows[0].values.state: no option "doing" (options: todo)'
    ],
    "row_without_title": [
        'databases.tasks.rows[0].values: a starter row needs a value for the title property "name"'
    ],
    "several_problems": [
        'databases.tasks.properties.hours.name: missing the English text "en" '
        "(every text needs en and fr)",
        'databases.tasks.views[0].type: the string "grid" is not allowed; use one of: table, '
        "board, calendar, timeline, gallery, list, chart",
        "format: the number 2 is not allowed; use one of: 1",
    ],
    "several_semantic_problems": [
        'databases.tasks.properties.client.target: no database "customers" in this blueprint '
        "(databases: clients, tasks)",
        'databases.tasks.rows[0].values.state: no option "doing" (options: todo)',
    ],
    "template_unknown_database": [
        'templates.t.database: no database "invoices" in this blueprint (databases: clients, tasks)'
    ],
    "too_many_options": [
        "databases.tasks.properties.tag.options: too many items: 101, at most 100 allowed "
        "(Notion's limit)"
    ],
    "two_titles": [
        "databases.tasks.properties: a database needs exactly one title property "
        "(found: name, label)"
    ],
    "two_way_key_taken": [
        "databases.tasks.properties.client.two_way.key: database clients already has a property "
        '"name"; the synced property needs a key of its own'
    ],
    "unknown_key": [
        'databases.tasks.properties.hours.fromat: unknown key "fromat" (did you mean "format"?); '
        "allowed: description, format, name"
    ],
    "unknown_module": [
        'databases.tasks.module: no module "billing" (modules: core); declare it under "modules"'
    ],
    "unknown_property_type": [
        'databases.tasks.properties.hours.type: the string "numbr" is not allowed (did you mean '
        '"number"?); use one of: title, rich_text, number, select, multi_select, status, date, '
        "people, files, checkbox, url, email, phone_number, formula, relation, rollup, unique_id, "
        "created_time, created_by, last_edited_time, last_edited_by, place"
    ],
    "unknown_variable": [
        'root.title.en: unknown variable {{client}}; declare it under "variables" '
        "(known: client_name, hourly_rate, today)"
    ],
    "wrong_value_type": ['databases.tasks.is_inline: expected true or false, got the string "yes"'],
    "bad_version": ['version: "2.0" is not a version: write MAJOR.MINOR.PATCH, such as 2.0.0'],
    "control_character": [
        "root.title.en: contains the control character U+0000, which Notion refuses; remove it"
    ],
    "reference_row_links_example": [
        'databases.tasks.rows[0].values.client: "acme" is an example row of clients, left out '
        "of a real workspace; reference data cannot point to it: mark this row "
        '"example": true too, or drop the link'
    ],
    "variable_default_and_sample": [
        "variables.owner_name.sample: a variable with a default needs no sample; "
        "keep one of the two"
    ],
    # Migrations; the released 1.0.0 they start from is history/mini-1.0.0.json.
    "migration_backwards": ['migrations[0].to: 1.0.0 must be a later version than "from" (2.0.0)'],
    "migration_bad_key": [
        'migrations[0].renamed.properties.tasks.time: "tasks/hours" is not a key of this kind: '
        "write db, db.property, db.property.option, db.view, page or template"
    ],
    "migration_chain_broken": [
        "migrations[1].from: starts at 2.1.0 but the migration before ends at 2.0.0: "
        "the chain of versions must be unbroken"
    ],
    "migration_key_vanished": [
        'migrations[0]: property "tasks.time" of version 1.0.0 is not in version 2.0.0: '
        'list it under "renamed" or "removed"'
    ],
    "migration_moves_property": [
        "migrations[0].renamed.properties.tasks.time: a property keeps its database: "
        '"clients.time" should start with "tasks."'
    ],
    "migration_new_key_missing": [
        'migrations[0].renamed.properties.tasks.time: no property "tasks.hour" in version 2.0.0 '
        "to rename it to"
    ],
    "migration_not_at_current": [
        "migrations[0].to: ends at 1.5.0 but this blueprint is version 2.0.0: "
        "the last migration must end at it"
    ],
    "migration_old_key_missing": [
        'migrations[0].renamed.views.tasks.everything: no view "tasks.everything" in version 1.0.0'
    ],
    "migration_without_history": [
        "migrations[0].from: no copy of version 1.0.0 to check the keys against: keep it as "
        "history/nohistory-1.0.0.json next to this file"
    ],
    "migration_without_version": ['version: a blueprint with migrations needs its own "version"'],
}

# The other end of a loop reports the same loop from its side.
COMPANIONS = {"extends_loop_b"}


def test_every_invalid_fixture_has_an_expected_message() -> None:
    files = {p.stem for p in INVALID.glob("*.json")} - COMPANIONS
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_lists_the_exact_problems(name: str) -> None:
    path = INVALID / f"{name}.json"
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    # A loop is reported by the file that closes it.
    reported = INVALID / "extends_loop_b.json" if name == "extends_loop_a" else path
    problems = [p.replace("{dir}", str(INVALID)) for p in EXPECTED[name]]
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"error: {reported}: invalid blueprint ({len(problems)} {noun})"]
    lines += [f"  {reported}: {p}" for p in problems]
    assert result.stderr == "\n".join(lines) + "\n"


def test_the_library_raises_blueprint_invalid_with_every_problem() -> None:
    with pytest.raises(BlueprintInvalid) as caught:
        load_blueprint(INVALID / "several_problems.json")
    assert [p.path for p in caught.value.problems] == [
        "databases.tasks.properties.hours.name",
        "databases.tasks.views[0].type",
        "format",
    ]
    assert {p.file for p in caught.value.problems} == {str(INVALID / "several_problems.json")}
