"""Where blueprints come from: bundled names, paths, and reading JSON with precise errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import notion_setup
from notion_setup.errors import BlueprintInvalid, BlueprintNotFound, Problem

SCHEMA_FILE = "schema.json"


def bundled_dir() -> Path:
    """The folder holding the bundled blueprints and ``schema.json``.

    In a checkout (and an editable install) it is the repository's top-level ``blueprints/``;
    a wheel ships the same files as ``notion_setup/bundled`` (see pyproject.toml).
    """
    package = Path(notion_setup.__file__).resolve().parent
    shipped = package / "bundled"
    return shipped if shipped.is_dir() else package.parent / "blueprints"


def is_path_like(source: str | Path) -> bool:
    """True when ``source`` names a file rather than a bundled blueprint."""
    if isinstance(source, Path):
        return True
    return "/" in source or "\\" in source or source.endswith(".json") or source.startswith(".")


def file_state(path: Path) -> str | None:
    """What says a file changed without reading it: its path, modification time and size.

    None when it cannot be read (missing, unreadable). The tool's caches of what it read or
    checked key on it: a release never changes a file's state, and an edit always does.
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{path}:{stat.st_mtime_ns}:{stat.st_size}"


#: Whether a bundled file is a blueprint, by ``file_state``: deciding means parsing it, and every
#: load of a bundled name asks (OBM's file alone is 0.2 MB of JSON).
_IS_BLUEPRINT: dict[str, bool] = {}


def _is_blueprint_file(path: Path) -> bool:
    key = file_state(path)
    if key is None:
        return True  # as a broken file below: loading it names the problem
    if key not in _IS_BLUEPRINT:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # A broken bundled file still counts as a blueprint when it looks like one by name;
            # loading it reports the JSON error with its line and column.
            _IS_BLUEPRINT[key] = True
        else:
            _IS_BLUEPRINT[key] = isinstance(data, dict) and "format" in data and "modules" in data
    return _IS_BLUEPRINT[key]


def bundled_names() -> list[str]:
    """Names of the bundled blueprints, sorted (files that are not blueprints are skipped)."""
    folder = bundled_dir()
    if not folder.is_dir():
        return []
    return [
        path.stem
        for path in sorted(folder.glob("*.json"))
        if path.name != SCHEMA_FILE and _is_blueprint_file(path)
    ]


def locate(source: str | Path, *, relative_to: Path | None = None) -> Path:
    """Find the file a blueprint reference names.

    Args:
        source: a bundled name (``av``) or a path.
        relative_to: folder that relative paths are read from (the file that ``extends``).

    Raises:
        BlueprintNotFound: no bundled blueprint has that name and no file exists at that path.
    """
    if not is_path_like(source):
        name = str(source)
        if name in bundled_names():
            return bundled_dir() / f"{name}.json"
        known = ", ".join(bundled_names()) or "none"
        raise BlueprintNotFound(
            f"no bundled blueprint named {name!r} (bundled: {known})",
            hint="give a bundled name or a path to a .json file (e.g. ./my-blueprint.json)",
        )
    path = Path(source).expanduser()
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if not path.is_file():
        raise BlueprintNotFound(
            f"blueprint file not found: {path}",
            hint="check the path, or run `notion-setup blueprints` to list the bundled ones",
        )
    return path


def unreadable(err: UnicodeDecodeError | OSError) -> str:
    """Why a blueprint or manifest file could not be read as text (never its content)."""
    if isinstance(err, UnicodeDecodeError):
        return f"not UTF-8 text ({err.reason} at byte {err.start})"
    return f"cannot read the file: {err.strerror}"


def loads_noting_duplicates(text: str) -> tuple[Any, list[str]]:
    """Parse JSON ``text``; also return the keys an object repeats, in the order met.

    ``json.loads`` silently keeps the last of two equal keys: blueprints and manifests refuse
    them instead, each with its own message.

    Raises:
        json.JSONDecodeError: ``text`` is not JSON.
    """
    duplicates: list[str] = []

    def keep_last_noting_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    return json.loads(text, object_pairs_hook=keep_last_noting_repeats), duplicates


def read_json(path: Path) -> Any:
    """Parse a JSON file, reporting malformed JSON with its line and column.

    Raises:
        BlueprintInvalid: the file cannot be read, is not JSON, or repeats a key in one object
            (JSON would silently keep only the last one).
    """
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as err:
        raise BlueprintInvalid([Problem("", unreadable(err), shown)], source=shown) from err
    try:
        data, duplicates = loads_noting_duplicates(text)
    except json.JSONDecodeError as err:
        message = f"line {err.lineno}, column {err.colno}: invalid JSON: {err.msg}"
        raise BlueprintInvalid([Problem("", message, shown)], source=shown) from err
    if duplicates:
        problems = [
            Problem("", f'key "{key}" appears twice in one object; keep only one', shown)
            for key in dict.fromkeys(duplicates)
        ]
        raise BlueprintInvalid(problems, source=shown)
    return data


@dataclass(frozen=True)
class BundledBlueprint:
    """A blueprint shipped with notion-setup, as ``notion-setup blueprints`` lists it."""

    name: str  # what to pass on the command line, e.g. "av"
    path: Path
    title: dict[str, str]  # language -> display name
    description: dict[str, str]  # language -> description
    modules: tuple[tuple[str, dict[str, str]], ...]  # (module key, language -> module name)
    extends: str | None = None
