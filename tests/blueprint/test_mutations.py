"""Property: whatever is done to a valid blueprint, validate answers 0 or 2, never a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notion_setup.blueprint import bundled_dir
from notion_setup.cli import cli

from .conftest import STUDIO, STUDIO_PLUS

# The bundled blueprints when they exist, and the complete fixture in any case.
SOURCES = sorted(p for p in bundled_dir().glob("*.json") if p.name != "schema.json")
DOCUMENTS = {
    path.name: json.loads(path.read_text(encoding="utf-8"))
    for path in [*SOURCES, STUDIO]
    if "format" in json.loads(path.read_text(encoding="utf-8"))
}
# Fixture children keep their own extends; they are mutated on top of their parent's folder.
CHILD = json.loads(STUDIO_PLUS.read_text(encoding="utf-8"))

REPLACEMENTS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 200),
    st.sampled_from(["", "x", "Due", "todo", "+30d", "{{nope}}", "{{client_name}}", "a,b",
                     "clients", "tasks", "name", "relation", "board", "prop(\"x\")", "x" * 300]),
    st.just([]),
    st.just({}),
    st.just(["acme", "nope"]),
    st.just({"en": "E"}),
)  # fmt: skip


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    name = draw(st.sampled_from([*sorted(DOCUMENTS), "studio_plus.json"]))
    doc = copy.deepcopy(CHILD if name == "studio_plus.json" else DOCUMENTS[name])
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["drop", "replace", "rename"]))
        if action == "drop" or (action == "rename" and not isinstance(parent, dict)):
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(REPLACEMENTS)
        else:
            parent[draw(st.sampled_from(["zz", "Name", "tasks", "client"]))] = parent.pop(path[-1])
    return name, doc


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated())
def test_mutated_blueprints_give_exit_0_or_2_and_no_traceback(
    case: tuple[str, Any], tmp_path_factory: Any
) -> None:
    name, doc = case
    folder: Path = tmp_path_factory.mktemp("bp")
    # Children extend by relative path or bundled name: give them their parents next to them.
    for sibling, parent in DOCUMENTS.items():
        (folder / sibling).write_text(json.dumps(parent), encoding="utf-8")
    target = folder / f"mutated_{name}"
    target.write_text(json.dumps(doc), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(target)])
    assert result.exit_code in (0, 2), result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    if result.exit_code == 0:
        shown = runner.invoke(cli, ["show", str(target), "--lang", "fr", "--json"])
        assert shown.exit_code in (0, 2), shown.stderr
        assert shown.exception is None or isinstance(shown.exception, SystemExit)
