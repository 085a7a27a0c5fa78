"""Batch manifests: the clients of a batch, read from JSON (checked against its schema) or CSV.

A JSON manifest (``blueprints/manifest.schema.json``)::

    {"format": 1,
     "defaults": {"blueprint": "av", "lang": "fr", "token_env": "NOTION_TOKEN_AGENCY"},
     "clients": [{"name": "Acme", "parent": "1f2e...", "variables": {"hourly_rate": 50}}]}

A CSV manifest has a header row: ``name`` (required), ``blueprint``, ``parent``, ``lang``,
``token_env``, ``modules``, ``without`` and one ``var.<name>`` column per blueprint variable. Empty
cells are unset. Tokens never live in a manifest: each client names the environment variable
that holds its token (default ``NOTION_TOKEN``); a value shaped like a token is refused.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notion_setup.blueprint.schema import (
    bundled_schema,
    format_path,
    schema_error_message,
    validator_for,
)
from notion_setup.blueprint.source import (
    is_path_like,
    loads_noting_duplicates,
    unreadable,
)
from notion_setup.blueprint.variables import variable_text
from notion_setup.connect import TOKEN_ENV
from notion_setup.errors import ManifestInvalid, Problem
from notion_setup.messages import _
from notion_setup.notion_ids import parse_notion_id
from notion_setup.redact import TOKEN_PATTERN

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

MANIFEST_SCHEMA_FILE = "manifest.schema.json"
#: Settings a client inherits from ``defaults`` when it does not set them itself.
INHERITED = ("blueprint", "parent", "lang", "token_env", "modules", "without")
#: Columns a CSV manifest may have besides ``var.<name>``.
CSV_COLUMNS = ("name", "blueprint", "parent", "lang", "token_env", "modules", "without")
_VAR_PREFIX = "var."
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_LIST_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class ClientSpec:
    """One client of a batch, with the manifest's defaults already applied.

    Attributes:
        name: the client's name (unique in the manifest, compared case-insensitively).
        blueprint: a bundled name, or an absolute path (relative paths are read from the
            manifest's folder).
        parent: the parent page id in dashed form; None means "the connection's default"
            (the sandbox's top-level page), which only ``--sandbox`` has.
        lang: ``en`` or ``fr``.
        token_env: the name of the environment variable that holds the token.
        variables: blueprint variables as (name, text) pairs.
        only: modules to keep (``modules`` in the manifest).
        without: modules to drop.
        index: position in the manifest, from 0.
        where: where the client is written, for messages (``clients[3]`` or ``line 5``).
    """

    name: str
    blueprint: str
    parent: str | None
    lang: str
    token_env: str
    variables: tuple[tuple[str, str], ...] = ()
    only: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    index: int = 0
    where: str = ""

    def field(self, key: str) -> str:
        """The path of one of this client's settings in the manifest, for problems."""
        if self.where.startswith("line "):
            return _column(self.where, key)
        return f"{self.where}.{key}" if self.where else key


@dataclass(frozen=True)
class Manifest:
    """A validated manifest: where it was read from and its clients, in manifest order."""

    source: Path
    clients: tuple[ClientSpec, ...]


def manifest_schema() -> dict[str, Any]:
    """The manifest JSON Schema (``blueprints/manifest.schema.json``)."""
    return bundled_schema(MANIFEST_SCHEMA_FILE)


def load_manifest(path: str | Path) -> Manifest:
    """Read and validate a manifest; ``.csv`` files are read as CSV, anything else as JSON.

    Raises:
        ManifestInvalid: the file cannot be read, is not valid JSON/CSV, breaks the schema, or
            has clients without a blueprint or language, with duplicate names, or with a value
            shaped like a token; every problem is listed at once.
    """
    manifest, problems = read_manifest(path)
    if problems:
        raise ManifestInvalid(problems, source=str(manifest.source))
    return manifest


def read_manifest(path: str | Path) -> tuple[Manifest, list[Problem]]:
    """The manifest's sound clients and every problem of the others, without raising for them.

    ``batch`` adds the problems its pre-flight finds in the sound clients (blueprints,
    variables), so one run shows every problem of the manifest.

    Raises:
        ManifestInvalid: only when nothing can be checked: the file cannot be read, is not
            JSON or CSV, or its top level breaks the schema.
    """
    file = Path(path)
    shown = str(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise ManifestInvalid([Problem("", "file not found", shown)], source=shown) from err
    except (UnicodeDecodeError, OSError) as err:
        raise ManifestInvalid([Problem("", unreadable(err), shown)], source=shown) from err
    if file.suffix.lower() == ".csv":
        document, wheres = _read_csv(text, shown)
    else:
        document = _read_json(text, shown)
        wheres = None
    specs, problems = _clients(document, file, wheres)
    return Manifest(file, specs), problems


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Unique problems in document order (``clients[2]`` before ``clients[10]``)."""
    return _sorted(problems)


def _read_json(text: str, shown: str) -> Any:
    try:
        document, duplicates = loads_noting_duplicates(text)
    except json.JSONDecodeError as err:
        message = _("line {line}, column {column}: invalid JSON: {reason}").format(
            line=err.lineno, column=err.colno, reason=err.msg
        )
        raise ManifestInvalid([Problem("", message, shown)], source=shown) from err
    if duplicates:
        problems = [
            Problem(
                "",
                _('key "{key}" appears twice in one object; keep only one').format(key=key),
                shown,
            )
            for key in dict.fromkeys(duplicates)
        ]
        raise ManifestInvalid(problems, source=shown)
    return document


def _read_csv(text: str, shown: str) -> tuple[dict[str, Any], list[str]]:
    """A CSV manifest as the equivalent JSON document, plus each client's line for messages."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    problems: list[Problem] = []
    try:
        header = next(rows, None)
        if header is None or not any(cell.strip() for cell in header):
            problem = Problem("", _("empty CSV: the first line must name the columns"), shown)
            raise ManifestInvalid([problem], source=shown)
        columns = [cell.strip() for cell in header]
        for number, column in enumerate(columns, start=1):
            if column in CSV_COLUMNS:
                continue
            if column.startswith(_VAR_PREFIX) and _KEY.match(column[len(_VAR_PREFIX) :]):
                continue
            allowed = ", ".join((*CSV_COLUMNS, "var.<variable>"))
            message = _('unknown column "{column}" (column {number}); allowed: {allowed}').format(
                column=column, number=number, allowed=allowed
            )
            problems.append(Problem(_line(1), message, shown))
        if "name" not in columns:
            problems.append(Problem(_line(1), _('missing the "name" column'), shown))
        if problems:
            raise ManifestInvalid(problems, source=shown)
        clients: list[dict[str, Any]] = []
        wheres: list[str] = []
        for cells in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank lines separate groups of clients in hand-written files
            if len(cells) > len(columns):
                message = _("{cells} cells but the header has {columns} columns").format(
                    cells=len(cells), columns=len(columns)
                )
                problems.append(Problem(_line(line), message, shown))
                continue
            clients.append(_csv_client(dict(zip(columns, cells, strict=False))))
            wheres.append(_line(line))
    except csv.Error as err:
        problem = Problem(
            _line(rows.line_num), _("invalid CSV: {reason}").format(reason=err), shown
        )
        raise ManifestInvalid([problem], source=shown) from err
    if problems:
        raise ManifestInvalid(problems, source=shown)
    return {"format": 1, "clients": clients}, wheres


def _delimiter(text: str) -> str:
    """``;`` when the header uses it (what spreadsheets export in French locales), else ``,``."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _csv_client(cells: Mapping[str, str]) -> dict[str, Any]:
    client: dict[str, Any] = {}
    variables: dict[str, str] = {}
    for column, raw in cells.items():
        value = raw.strip()
        if not value:
            continue
        if column.startswith(_VAR_PREFIX):
            variables[column[len(_VAR_PREFIX) :]] = value
        elif column in ("modules", "without"):
            client[column] = [m for m in _LIST_SEPARATORS.split(value) if m]
        else:
            client[column] = value
    if variables:
        client["variables"] = variables
    return client


def _clients(
    document: Any, file: Path, wheres: list[str] | None
) -> tuple[tuple[ClientSpec, ...], list[Problem]]:
    shown = str(file)
    problems = _token_problems(document, [], shown)
    errors = _schema_errors(document)
    schema_problems = [_schema_problem(error, shown, wheres) for error in errors]
    # Clients the schema accepts are still checked, so one run lists every problem; the rest
    # of the document must be sound for that (a list of clients, valid defaults).
    flawed = {_client_index(error.absolute_path) for error in errors}
    if None in flawed:
        raise ManifestInvalid(_sorted(problems + schema_problems), source=shown)
    schema_problems += problems
    defaults: Mapping[str, Any] = document.get("defaults", {})
    specs: list[ClientSpec] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(document["clients"]):
        where = wheres[index] if wheres is not None else f"clients[{index}]"
        if index in flawed:
            # Still checked for what the schema does not see (a parent that is no id...), so a
            # run lists every problem; a path the schema already reported is not repeated.
            if isinstance(raw, Mapping) and isinstance(raw.get("name"), str):
                reported = {p.path for p in schema_problems}
                _, found = _spec(raw, defaults, index, where, file)
                schema_problems += [p for p in found if p.path not in reported]
            continue
        spec, found = _spec(raw, defaults, index, where, file)
        schema_problems += found
        if spec is None:
            continue
        folded = spec.name.casefold()
        if folded in seen:
            message = f'"{spec.name}" is already the name of {seen[folded]}; names must be unique'
            schema_problems.append(Problem(spec.field("name"), message, shown))
        else:
            seen[folded] = where
        specs.append(spec)
    return tuple(specs), _sorted(schema_problems)


def _client_index(path: Any) -> int | None:
    """The index of the client a schema error is in; None when it is outside every client."""
    parts = list(path)
    if len(parts) >= 2 and parts[0] == "clients" and isinstance(parts[1], int):
        return parts[1]
    return None


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Unique problems in document order (``clients[2]`` before ``clients[10]``)."""

    def key(problem: Problem) -> tuple[Any, ...]:
        numbers = re.findall(r"\d+", problem.path)
        return (problem.path.split("[")[0].split(" ")[0], [int(n) for n in numbers], problem.path)

    return sorted(dict.fromkeys(problems), key=key)


def _spec(
    raw: Mapping[str, Any],
    defaults: Mapping[str, Any],
    index: int,
    where: str,
    file: Path,
) -> tuple[ClientSpec | None, list[Problem]]:
    shown = str(file)
    merged = {key: raw.get(key, defaults.get(key)) for key in INHERITED}
    probe = ClientSpec(raw["name"].strip(), "", None, "", "", index=index, where=where)
    problems: list[Problem] = []
    for key, fix in (
        ("blueprint", _('a bundled name such as "av" or a path to a .json file')),
        ("lang", '"en" or "fr"'),
    ):
        if merged[key] is None:
            message = _('missing "{key}": set it for this client or in "defaults" ({fix})')
            message = message.format(key=key, fix=fix)
            problems.append(Problem(probe.field(key), message, shown))
    parent: str | None = None
    if merged["parent"] is not None:
        parent = parse_notion_id(str(merged["parent"]))
        if parent is None:
            message = _(
                "not a Notion page id or link: open the page in Notion, copy its link "
                "(the id is the 32 hex characters at its end)"
            )
            problems.append(Problem(probe.field("parent"), message, shown))
    if merged["modules"] and merged["without"]:
        message = _('set "modules" (keep only these) or "without" (drop these), not both')
        problems.append(Problem(probe.field("without"), message, shown))
    if not probe.name:
        problems.append(Problem(probe.field("name"), _("must not be blank"), shown))
    if problems:
        return None, problems
    variables = {**defaults.get("variables", {}), **raw.get("variables", {})}
    blueprint = str(merged["blueprint"])
    if is_path_like(blueprint) and not Path(blueprint).expanduser().is_absolute():
        blueprint = str((file.parent / blueprint).resolve())
    spec = ClientSpec(
        name=probe.name,
        blueprint=blueprint,
        parent=parent,
        lang=str(merged["lang"]),
        token_env=str(merged["token_env"] or TOKEN_ENV),
        variables=tuple((k, variable_text(v)) for k, v in variables.items()),
        only=tuple(merged["modules"] or ()),
        without=tuple(merged["without"] or ()),
        index=index,
        where=where,
    )
    return spec, []


def _token_problems(value: Any, path: list[str | int], shown: str) -> list[Problem]:
    """Values shaped like a Notion token, wherever they are; never repeats the value."""
    if isinstance(value, str):
        if TOKEN_PATTERN.search(value):
            message = _(
                "looks like a Notion token: tokens never go in a manifest; put it in an "
                "environment variable (a CI secret) and give that variable's name in token_env"
            )
            return [Problem(format_path(path), message, shown)]
        return []
    problems: list[Problem] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "token":
                message = _(
                    'a manifest never holds tokens: remove "token" and name the environment '
                    'variable that holds it in "token_env"'
                )
                problems.append(Problem(format_path([*path, key]), message, shown))
                continue
            problems += _token_problems(item, [*path, key], shown)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            problems += _token_problems(item, [*path, number], shown)
    return problems


def _schema_errors(document: Any) -> list[ValidationError]:
    errors = []
    for error in validator_for(MANIFEST_SCHEMA_FILE).iter_errors(document):
        # A "token" key is already reported, without the schema's generic wording.
        if error.validator == "additionalProperties" and "token" in (error.instance or {}):
            continue
        errors.append(error)
    return errors


def _schema_problem(error: ValidationError, shown: str, wheres: list[str] | None) -> Problem:
    """One schema error, worded as a blueprint's are (``schema_error_message``).

    The manifest's own case (``token_env``) comes first.
    """
    path: list[str | int] = list(error.absolute_path)
    if error.validator == "pattern" and path and path[-1] == "token_env":
        message = _(
            "must be the NAME of an environment variable (letters, digits, _), e.g. "
            "NOTION_TOKEN_ACME"
        )
    else:
        path, message = schema_error_message(error)
    return Problem(_shown_path(path, wheres), message, shown)


def _shown_path(path: list[str | int], wheres: list[str] | None) -> str:
    """``clients[2].lang`` for JSON; ``line 4, column lang`` for CSV."""
    if wheres is not None and len(path) >= 2 and path[0] == "clients":
        where = wheres[int(path[1])]
        rest = path[2:]
        if not rest:
            return where
        if rest[0] == "variables" and len(rest) > 1:
            return _column(where, f"{_VAR_PREFIX}{rest[1]}")
        return _column(where, str(rest[0]))
    return format_path(path)


def _line(number: int) -> str:
    """Where a CSV problem is: ``line 4``."""
    return _("line {number}").format(number=number)


def _column(where: str, column: str) -> str:
    """``line 4, column lang``."""
    return _("{where}, column {column}").format(where=where, column=column)
