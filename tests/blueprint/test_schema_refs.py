"""The schema is applied with its references inlined: same verdicts and messages, less time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from notion_setup.blueprint.schema import (
    bundled_schema,
    format_path,
    inline_refs,
    schema_error_message,
    validate_schema,
)
from notion_setup.blueprint.source import SCHEMA_FILE

from .conftest import INVALID, VALID

BUNDLED = Path(__file__).resolve().parents[2] / "blueprints"


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        own = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return own.union(*(_refs(v) for k, v in node.items() if k != "$defs"))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def test_only_the_definition_that_holds_itself_stays_a_reference() -> None:
    inlined = inline_refs(bundled_schema(SCHEMA_FILE))
    assert _refs(inlined) == {"#/$defs/filter"}  # "and"/"or" filters hold filters
    assert {"#/$defs/database", "#/$defs/page"} <= _refs(bundled_schema(SCHEMA_FILE))  # as written


def _as_referenced(document: Any) -> list[tuple[str, str]]:
    """The problems the schema as written gives (references resolved by jsonschema)."""
    out = set()
    for error in Draft202012Validator(bundled_schema(SCHEMA_FILE)).iter_errors(document):
        parts, message = schema_error_message(error)
        out.add((format_path(parts), message))
    return sorted(out)


def _json_files() -> list[Path]:
    # A fixture that is not JSON at all never reaches the schema; the others all do.
    out = []
    for path in sorted(
        [*INVALID.glob("*.json"), *VALID.glob("*.json"), *BUNDLED.glob("[ao]*.json")]
    ):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue
        out.append(path)
    return out


@pytest.mark.parametrize("path", _json_files(), ids=lambda p: p.name)
def test_each_fixture_gets_the_same_problems_as_with_references(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    found = [(p.path, p.message) for p in validate_schema(document)]
    assert found == _as_referenced(document)


def test_the_comparison_covers_schema_problems_not_only_valid_documents() -> None:
    with_problems = [p for p in _json_files() if p.parent == INVALID and _as_referenced(
        json.loads(p.read_text(encoding="utf-8")))]  # fmt: skip
    assert len(with_problems) >= 15  # 16 of the 54 today; the rest are semantic problems
