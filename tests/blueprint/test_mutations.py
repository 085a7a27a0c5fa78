"""Property: whatever is done to a valid blueprint, it loads and resolves or fails with a usage
error (exit 2 with a message), never with another exception (a traceback)."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.blueprint.render import workspace_json
from notion_setup.errors import ExitCode, NotionSetupError, exit_code_for

from .conftest import STUDIO, STUDIO_PLUS

# The complete fixture (every property type, view type and top-level key the bundled blueprints
# use, and more) and a child of it: small documents, so each example costs a tenth of a second.
# A mutated bundled blueprint would spend a second or more in the schema check alone and prove
# nothing more; tests/test_bundled_blueprints.py checks the bundled ones as they are.
DOCUMENTS = {STUDIO.name: json.loads(STUDIO.read_text(encoding="utf-8"))}
# The child keeps its own extends; it is mutated on top of its parent's folder.
CHILD = json.loads(STUDIO_PLUS.read_text(encoding="utf-8"))

# Containers are built afresh for each draw (st.builds), never one shared object: a shared `{}`
# put at two places of a document, or kept from one example to the next, turned a later
# mutation into a cycle (RecursionError in `_paths`) and made hypothesis see later examples
# depend on earlier ones (FlakyStrategyDefinition). `mutated` also copies what it inserts.
REPLACEMENTS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 200),
    st.sampled_from(["", "x", "Due", "todo", "+30d", "{{nope}}", "{{client_name}}", "a,b",
                     "clients", "tasks", "name", "relation", "board", "prop(\"x\")", "x" * 300]),
    st.builds(list),
    st.builds(dict),
    st.builds(lambda: ["acme", "nope"]),
    st.builds(lambda: {"en": "E"}),
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
            parent[path[-1]] = copy.deepcopy(draw(REPLACEMENTS))
        else:
            parent[draw(st.sampled_from(["zz", "Name", "tasks", "client"]))] = parent.pop(path[-1])
    return name, doc


def _shared_containers(node: Any, seen: set[int] | None = None) -> list[Any]:
    """The dicts and lists reachable more than once from ``node`` (a cycle among them)."""
    seen = set() if seen is None else seen
    if not isinstance(node, dict | list):
        return []
    if id(node) in seen:
        return [node]
    seen.add(id(node))
    children = node.values() if isinstance(node, dict) else node
    return [shared for child in children for shared in _shared_containers(child, seen)]


# Mutation alone, without the schema check: cheap, so many more examples than below.
@settings(max_examples=300, deadline=None)
@given(first=mutated(), second=mutated())
def test_a_mutated_document_is_a_tree_that_shares_nothing_with_other_examples(
    first: tuple[str, Any], second: tuple[str, Any]
) -> None:
    assert _shared_containers(first[1]) == []
    assert _shared_containers([first[1], second[1]]) == []


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the module: the unmutated documents, which children extend."""
    path = tmp_path_factory.mktemp("bp")
    for sibling, parent in DOCUMENTS.items():
        (path / sibling).write_text(json.dumps(parent), encoding="utf-8")
    return path


# Library level, not through the CLI: `validate` and `show` are this call and this error
# boundary (exit_code_for); the commands themselves have their own tests. The schema check costs
# 0.15-0.35 s per document, so 60 examples keep this at about 15 s on a quiet machine.
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated())
def test_mutated_blueprints_load_or_fail_with_a_usage_error_never_a_crash(
    case: tuple[str, Any], folder: Path
) -> None:
    name, doc = case
    target = folder / f"mutated_{uuid.uuid4().hex}_{name}"
    target.write_text(json.dumps(doc), encoding="utf-8")
    try:
        blueprint = load_blueprint(target)
        workspace = resolve(blueprint, lang="fr", client="Client")
        json.loads(workspace_json(workspace))
    except NotionSetupError as error:
        # What `validate` and `show` would answer: exit 2 with a message, never a traceback.
        assert exit_code_for(error) == ExitCode.USAGE, error
        assert str(error)
    finally:
        target.unlink()
