"""``notion-setup init``: a copy of a bundled blueprint for a freelancer to adapt."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from notion_setup.blueprint.source import SCHEMA_FILE, bundled_dir, locate, read_json
from notion_setup.errors import UsageError


def _schema_reference(target: Path) -> str:
    """``$schema`` as seen from the new file: relative when possible so editors find it."""
    schema = bundled_dir() / SCHEMA_FILE
    try:
        return Path(os.path.relpath(schema, target.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_uri()


def _id_for(target: Path) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "_", target.stem.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"my_{slug}".rstrip("_")
    return slug[:64]


def init_blueprint(target: Path, source: str, *, force: bool = False) -> Path:
    """Write a copy of the bundled blueprint ``source`` to ``target``.

    The copy gets ``$schema`` pointing at the bundled schema and an ``id`` made from the file
    name; an ``extends`` keeps naming the bundled parent, so the copy stays small.

    Raises:
        BlueprintNotFound: ``source`` is not a bundled blueprint.
        UsageError: ``target`` exists (and ``force`` is false) or cannot be written.
    """
    origin = locate(source)
    if target.exists() and not force:
        raise UsageError(f"{target} already exists", hint="choose another name or pass --force")
    document = read_json(origin)
    assert isinstance(document, dict)
    parent = document.get("extends")
    if isinstance(parent, str) and (origin.parent / parent).is_file():
        # A bundled file may extend its sibling by path; the copy names it as a bundled one.
        parent = Path(parent).stem
    copy = {"$schema": _schema_reference(target), "format": document.get("format", 1)}
    copy["id"] = _id_for(target)
    if parent:
        copy["extends"] = parent
    copy.update(
        {k: v for k, v in document.items() if k not in ("$schema", "format", "id", "extends")}
    )
    try:
        target.write_text(json.dumps(copy, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write {target}: {err.strerror}") from err
    return target
