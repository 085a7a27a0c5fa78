"""The published JSON Schema, applied with ``jsonschema``, with messages a freelancer can act on."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from notion_setup.blueprint.source import SCHEMA_FILE, bundled_dir
from notion_setup.errors import Problem
from notion_setup.messages import N_, _, ngettext

if TYPE_CHECKING:  # jsonschema is imported when a document is checked: a cached pass needs none
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

_LANGUAGES = {"en": N_("English"), "fr": N_("French")}
_JSON_TYPES = {
    "string": N_("a string"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "boolean": N_("true or false"),
    "array": N_("a list"),
    "object": N_("an object"),
    "null": "null",
}
_KEY_PATTERN = "^[a-z][a-z0-9_]*$"
_SEMVER_PATTERN = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
_QUALIFIED_KEY_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,2}$"


@cache
def bundled_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in ``blueprints/`` (the blueprint's, the manifest's), read once."""
    data = json.loads((bundled_dir() / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def validator_for(name: str) -> Draft202012Validator:
    """The draft 2020-12 validator of a bundled JSON Schema, built once."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(inline_refs(bundled_schema(name)))


#: Keywords beside a ``$ref`` that only describe (they validate nothing): kept when inlining.
_ANNOTATIONS = frozenset({"description", "title", "$comment", "examples"})
#: How a reference to a definition of the same schema starts.
_DEFS = "#/$defs/"


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema with each ``{"$ref": "#/$defs/x"}`` replaced by a copy of ``x``.

    Resolving a reference is most of jsonschema's time on a blueprint (a third of the check of
    OBM). Errors are the same: messages are built from the failing keyword, its value and the
    instance path, never from the schema path. A definition that reaches itself (a filter
    holding filters) stays a reference; ``$defs`` stays whole for those.
    """
    defs: dict[str, Any] = schema.get("$defs", {})

    def target(node: dict[str, Any]) -> str | None:
        """The definition a ``{"$ref": "#/$defs/x"}`` names (``x``), if it names one."""
        ref = node.get("$ref")
        name = ref.removeprefix(_DEFS) if isinstance(ref, str) else None
        return name if name is not None and name != ref and name in defs else None

    def targets(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            if (name := target(node)) is not None:
                yield name
            for value in node.values():
                yield from targets(value)
        elif isinstance(node, list):
            for value in node:
                yield from targets(value)

    def reaches(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for name in targets(defs[todo.pop()]):
                if name not in seen:
                    seen.add(name)
                    todo.append(name)
        return seen

    recursive = {name for name in defs if name in reaches(name)}

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            name = target(node)
            if name is not None and name not in recursive and set(node) - {"$ref"} <= _ANNOTATIONS:
                notes = {k: v for k, v in node.items() if k != "$ref"}
                return {**inline(defs[name]), **notes}
            return {k: v if k == "$defs" else inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    out = inline(schema)
    if defs:
        out["$defs"] = {name: inline(value) for name, value in defs.items()}
    return out  # type: ignore[no-any-return]


def schema() -> dict[str, Any]:
    """The blueprint JSON Schema (``blueprints/schema.json``)."""
    return bundled_schema(SCHEMA_FILE)


def format_path(parts: Iterable[str | int]) -> str:
    """A dotted path with list indexes: ``databases.invoices.views[2].group_by``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def describe_value(value: Any) -> str:
    """A JSON value as a message names it: ``the number 2``, ``the string "x"``, ``a list``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=value)
    if isinstance(value, str):
        return _('the string "{value}"').format(value=value) if len(value) < 40 else _("a string")
    if isinstance(value, list):
        return _("a list")
    return _("an object")


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _(' (did you mean "{word}"?)').format(word=close[0]) if close else ""


def _quote_all(items: Iterable[Any]) -> str:
    return ", ".join(str(i) for i in items)


def schema_error_message(error: ValidationError) -> tuple[list[str | int], str]:
    """The path and a message a person can act on, for one ``jsonschema`` error.

    The one formatter of schema errors: blueprints use it, and any other JSON file checked
    against a schema of ours (the batch manifest) can, special cases first.
    """
    path: list[str | int] = list(error.absolute_path)
    kind = str(error.validator)
    value: Any = error.instance
    spec: Any = error.validator_value
    subschema: Any = error.schema
    if kind == "required":
        missing = [key for key in spec if isinstance(value, dict) and key not in value]
        key = missing[0] if missing else str(spec)
        if key in _LANGUAGES:
            return path, _(
                'missing the {language} text "{key}" (every text needs en and fr)'
            ).format(language=_(_LANGUAGES[key]), key=key)
        return path, _('missing required key "{key}"').format(key=key)
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = list(subschema.get("properties", {})) if isinstance(subschema, dict) else []
        extra = [k for k in value if k not in allowed]
        key = extra[0] if extra else "?"
        if key not in _LANGUAGES and set(allowed) == set(_LANGUAGES):
            return [*path, key], _(
                'unknown language "{key}": texts take only "en" and "fr"'
            ).format(key=key)
        allowed_text = ", ".join(sorted(a for a in allowed if a not in ("type", "$schema")))
        allowed_text = allowed_text or _("none")
        return [*path, key], _('unknown key "{key}"{suggestion}; allowed: {allowed}').format(
            key=key, suggestion=_suggest(key, allowed), allowed=allowed_text
        )
    if kind == "type":
        wanted = spec if isinstance(spec, list) else [spec]
        names = _(" or ").join(_(_JSON_TYPES.get(str(t), str(t))) for t in wanted)
        return path, _("expected {expected}, got {value}").format(
            expected=names, value=describe_value(value)
        )
    if kind in ("enum", "const"):
        choices = spec if kind == "enum" else [spec]
        hint = _suggest(value, [str(c) for c in choices]) if isinstance(value, str) else ""
        return (
            path,
            _("{value} is not allowed{suggestion}; use one of: {choices}").format(
                value=describe_value(value), suggestion=hint, choices=_quote_all(choices)
            ),
        )
    if kind == "pattern":
        if spec == _SEMVER_PATTERN:
            return path, _(
                '"{value}" is not a version: write MAJOR.MINOR.PATCH, such as 2.0.0'
            ).format(value=value)
        if spec == _QUALIFIED_KEY_PATTERN:
            return path, _(
                '"{value}" is not a key of this kind: write db, db.property, '
                "db.property.option, db.view, page or template"
            ).format(value=value)
        if spec == _KEY_PATTERN:
            return path, _(
                '"{value}" is not a valid key: use lowercase letters, digits and _, '
                "starting with a letter"
            ).format(value=value)
        return path, _('"{value}" does not have the expected form ({pattern})').format(
            value=value, pattern=spec
        )
    if kind == "minLength":
        return path, _("must not be empty")
    if kind == "maxLength":
        return path, _("too long: {length} characters, at most {limit} allowed").format(
            length=len(value), limit=spec
        )
    if kind == "maxItems":
        return path, _("too many items: {count}, at most {limit} allowed (Notion's limit)").format(
            count=len(value), limit=spec
        )
    if kind == "minItems":
        return path, ngettext(
            "needs at least {n} item", "needs at least {n} items", int(spec)
        ).format(n=spec)
    if kind == "minProperties":
        return path, ngettext(
            "needs at least {n} entry", "needs at least {n} entries", int(spec)
        ).format(n=spec)
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        wording = {
            "minimum": _("{value} is too small: the least allowed is {limit}"),
            "exclusiveMinimum": _("{value} is too small: it must be more than {limit}"),
            "maximum": _("{value} is too large: the most allowed is {limit}"),
            "exclusiveMaximum": _("{value} is too large: it must be less than {limit}"),
        }[kind]
        return path, wording.format(value=describe_value(value), limit=spec)
    if kind == "uniqueItems":
        return path, _("lists the same item twice")
    if kind == "not" and isinstance(spec, dict) and "required" in spec:
        key = spec["required"][0]
        kind_name = value.get("type") if isinstance(value, dict) else None
        return [*path, key], _('"{key}" does not apply to a {kind} view; remove it').format(
            key=key, kind=kind_name
        )
    if kind == "anyOf" and path and path[-1] == "expression":
        return path, _("expected a formula string or an {example} object").format(
            example='{"en": ..., "fr": ...}'
        )
    if kind == "anyOf" and len(path) >= 2 and path[-2] == "values":
        return path, _(
            "expected a text {example}, a number, true/false, a string "
            "(option key, date, url...) or a list of keys"
        ).format(example='{"en": ..., "fr": ...}')
    if kind == "anyOf" and path and isinstance(value, dict):
        return path, _("expected a filter: {single} or {combined}").format(
            single='{"property": key, "<type>": {condition}}',
            combined='{"and": [...]} / {"or": [...]}',
        )
    return path, error.message


def validate_schema(document: Any, *, file: str | None = None) -> list[Problem]:
    """Every schema violation in ``document``, as problems sorted by path."""
    problems = []
    for error in validator_for(SCHEMA_FILE).iter_errors(document):
        parts, message = schema_error_message(error)
        problems.append(Problem(format_path(parts), message, file))
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: p.path)
