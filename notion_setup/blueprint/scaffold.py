"""``notion-setup init``: a copy of a bundled blueprint for a freelancer to adapt."""

from __future__ import annotations

import json
import re
from pathlib import Path

from notion_setup.blueprint.source import SCHEMA_FILE, bundled_dir, locate, read_json
from notion_setup.errors import UsageError

#: The schema copy ``init`` writes beside a new blueprint (its own name: a user's schema.json
#: is never overwritten).
SCHEMA_COPY = "notion-setup.schema.json"


def _schema_reference(target: Path) -> str:
    """Write the schema beside ``target`` and return ``$schema`` for it: ``./<copy>``.

    A path into the installed package would break with the next upgrade or another venv (and
    means nothing on a colleague's machine); a copy beside the file stays valid, works offline
    and is what editors resolve, like the bundled blueprints' own ``./schema.json``.
    """
    schema = (bundled_dir() / SCHEMA_FILE).read_bytes()
    try:
        (target.parent / SCHEMA_COPY).write_bytes(schema)
    except OSError as err:
        raise UsageError(f"cannot write {target.parent / SCHEMA_COPY}: {err.strerror}") from err
    return f"./{SCHEMA_COPY}"


def _id_for(target: Path) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "_", target.stem.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"my_{slug}".rstrip("_")
    return slug[:64]


def init_blueprint(target: Path, source: str, *, force: bool = False) -> Path:
    """Write a copy of the bundled blueprint ``source`` to ``target``.

    The copy gets ``$schema`` pointing at a copy of the schema beside it, an ``id`` made from
    the file name, version 1.0.0 and no migrations (its history starts with it); an ``extends``
    keeps naming the bundled parent, so the copy stays small.

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
        {
            k: v
            for k, v in document.items()
            if k not in ("$schema", "format", "id", "extends", "migrations")
        }
    )
    if "version" in copy:
        # The copy is a blueprint of its own: its history starts here, and the source's
        # migrations name released copies of the source that do not sit beside it.
        copy["version"] = "1.0.0"
    try:
        target.write_text(json.dumps(copy, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write {target}: {err.strerror}") from err
    return target
