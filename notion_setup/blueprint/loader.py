"""``load_blueprint``: file -> JSON -> ``extends`` merged -> schema -> semantic checks."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from notion_setup.blueprint.checked import passed_before, remember_passed
from notion_setup.blueprint.checks import check_document
from notion_setup.blueprint.merge import merge_documents
from notion_setup.blueprint.migrations import OldVersions, check_migrations, history_path
from notion_setup.blueprint.schema import validate_schema
from notion_setup.blueprint.source import (
    BundledBlueprint,
    bundled_dir,
    bundled_names,
    file_state,
    locate,
    read_json,
)
from notion_setup.errors import BlueprintInvalid, BlueprintNotFound, Problem

#: A chain deeper than this is almost certainly a mistake (and keeps loops finite).
MAX_EXTENDS_DEPTH = 8


#: Keys (``_check_key``) of merged documents that passed the schema, semantic and migration
#: checks in this process; ``checked`` keeps them across runs. The checks are pure functions of
#: the document and of the released versions its migrations name, and the schema pass is most of
#: a load (about 0.3 s for OBM); a batch, a fleet upgrade or a library caller loads one blueprint
#: for many clients. Only successes are kept: problems carry messages in the language of the
#: moment.
_PASSED: set[bytes] = set()

#: Frozen copies of loaded documents by content digest (the newest ``_FROZEN_KEPT``): freezing
#: OBM is a third of a load that skips the checks, and a frozen document is safe to share.
_FROZEN: dict[bytes, Mapping[str, Any]] = {}
_FROZEN_KEPT = 16


def _digest(document: Mapping[str, Any]) -> bytes:
    # Key order is kept (no sort_keys): a reordered document is only a cache miss.
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).digest()


def _check_key(document: Mapping[str, Any], digest: bytes, path: Path) -> bytes:
    """The document's ``digest`` and the state of each released version its migrations name.

    The document has not been checked yet: anything its ``migrations`` hold that is not a
    version string is left out (such a document fails the schema and is never kept as passed).
    """
    key = hashlib.sha256(digest)
    migrations = document.get("migrations")
    if isinstance(migrations, list) and isinstance(document.get("id"), str):
        versions = {
            item.get(end) for item in migrations if isinstance(item, dict) for end in ("from", "to")
        }
        for version in sorted(v for v in versions if isinstance(v, str)):
            old = history_path(path, document["id"], version)
            key.update(f"{old}={file_state(old)};".encode())
    return key.digest()


def _check(document: dict[str, Any], digest: bytes, path: Path) -> list[Problem]:
    """Schema, semantic and migration problems of a merged document, skipped if it passed."""
    shown = str(path)
    key = _check_key(document, digest, path)
    if key in _PASSED or passed_before(key):
        _PASSED.add(key)
        return []
    problems = validate_schema(document, file=shown)
    if not problems:
        problems = check_document(document, file=shown)
    if not problems:
        old_versions = _old_versions(path, document)
        problems = check_migrations(document, file=shown, old_versions=old_versions)
    if not problems:
        _PASSED.add(key)
        remember_passed(key)
    return problems


def _frozen(document: Mapping[str, Any], digest: bytes) -> Mapping[str, Any]:
    """``document`` (of that ``_digest``) read-only, shared with earlier loads of it."""
    frozen = _FROZEN.pop(digest, None)
    if frozen is None:
        frozen = _freeze(document)
        while len(_FROZEN) >= _FROZEN_KEPT:
            del _FROZEN[next(iter(_FROZEN))]  # the least recently loaded
    _FROZEN[digest] = frozen
    return frozen


def is_frozen_document(document: Mapping[str, Any]) -> bool:
    """Whether ``document`` is one a load made read-only (mappings and tuples all the way down)."""
    return any(frozen is document for frozen in _FROZEN.values())


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """A plain, mutable JSON copy of a frozen document part."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True)
class Blueprint:
    """A validated blueprint, ``extends`` already merged in. Immutable.

    ``document`` is the merged JSON document (read-only mappings and tuples); ``resolve`` turns it
    into a ``model.Workspace`` for one language, client and set of variables.
    """

    id: str
    source: Path
    document: Mapping[str, Any] = field(repr=False)
    #: The chain of files merged into this one, the most basic first (e.g. av.json, obm.json).
    lineage: tuple[Path, ...] = ()

    def name(self, lang: str) -> str:
        """The blueprint's display name in ``lang``."""
        return str(self.document["name"][lang])

    def description(self, lang: str) -> str:
        """The blueprint's description in ``lang``."""
        return str(self.document["description"][lang])

    @property
    def module_keys(self) -> tuple[str, ...]:
        """Keys of the modules, in blueprint order."""
        return tuple(self.document["modules"])

    @property
    def version(self) -> str | None:
        """The blueprint's own version (semver), None for an unversioned file."""
        version = self.document.get("version")
        return str(version) if version is not None else None

    def history_file(self, version: str) -> Path:
        """Where the released ``version`` of this blueprint is kept (it may not exist)."""
        return history_path(self.source, self.id, version)

    @property
    def variables_to_ask(self) -> tuple[str, ...]:
        """Variables with a made-up ``sample`` and no default: a real workspace needs a value.

        On the sandbox ``resolve(samples=True)`` fills them with the sample; for a real client
        the CLI asks for them on a terminal (a usage error without one).
        """
        return tuple(
            name
            for name, spec in self.variables.items()
            if "sample" in spec and "default" not in spec
        )

    @property
    def variables(self) -> Mapping[str, Mapping[str, Any]]:
        """Declared variables: name -> declaration (type, default, enum, label)."""
        variables: Mapping[str, Mapping[str, Any]] = self.document.get("variables", {})
        return variables


def _load_document(
    path: Path, chain: tuple[Path, ...]
) -> tuple[dict[str, Any], tuple[Path, ...], bytes]:
    """The merged, schema- and semantically-valid document of ``path``, its lineage, its digest."""
    shown = str(path)
    data = read_json(path)
    if not isinstance(data, dict):
        raise BlueprintInvalid(
            [Problem("", "a blueprint is a JSON object ({...})", shown)], source=shown
        )
    lineage: tuple[Path, ...] = ()
    parent_ref = data.get("extends")
    if isinstance(parent_ref, str) and parent_ref:
        if len(chain) >= MAX_EXTENDS_DEPTH:
            raise BlueprintInvalid(
                [Problem("extends", f"more than {MAX_EXTENDS_DEPTH} levels of extends", shown)],
                source=shown,
            )
        try:
            parent_path = locate(parent_ref, relative_to=path.parent)
        except BlueprintNotFound as err:
            problem = Problem("extends", f"{err.message}; {err.hint}", shown)
            raise BlueprintInvalid([problem], source=shown) from err
        if parent_path.resolve() in chain or parent_path.resolve() == path.resolve():
            names = " -> ".join(p.name for p in (*chain, path.resolve(), parent_path))
            raise BlueprintInvalid(
                [Problem("extends", f"blueprints extend each other in a loop: {names}", shown)],
                source=shown,
            )
        parent, lineage, _ = _load_document(parent_path, (*chain, path.resolve()))
        if "id" not in data:
            problem = Problem("id", "a blueprint that extends another needs its own id", shown)
            raise BlueprintInvalid([problem], source=shown)
        data = merge_documents(parent, data)
    digest = _digest(data)
    problems = _check(data, digest, path)
    if problems:
        raise BlueprintInvalid(problems, source=shown)
    return data, (*lineage, path), digest


#: Released versions already read, by ``file_state``: merged documents.
_HISTORY_CACHE: dict[str, dict[str, Any]] = {}


def _old_versions(path: Path, data: Mapping[str, Any]) -> OldVersions:
    """Reads the released versions kept next to ``path`` (see ``migrations.history_path``)."""

    def load(version: str) -> Mapping[str, Any] | None:
        old = history_path(path, str(data["id"]), version)
        key = file_state(old.resolve()) if old.is_file() else None
        if key is None:
            return None
        if key not in _HISTORY_CACHE:
            _HISTORY_CACHE[key], _, _ = _load_document(old, ())
        return _HISTORY_CACHE[key]

    return load


def load_blueprint(source: str | Path) -> Blueprint:
    """Load and validate a blueprint.

    Args:
        source: a bundled name (``"av"``) or a path to a JSON file.

    Returns:
        The validated blueprint with its ``extends`` chain merged in.

    Raises:
        BlueprintNotFound: no bundled blueprint has that name and no file exists at that path.
        BlueprintInvalid: the file, or one it extends, is not a valid blueprint; ``problems``
            lists every problem found (file, path, message).
    """
    path = locate(source)
    document, lineage, digest = _load_document(path, ())
    frozen = _frozen(document, digest)
    return Blueprint(id=document["id"], source=path, document=frozen, lineage=lineage)


def bundled_blueprints() -> list[BundledBlueprint]:
    """The blueprints shipped with notion-setup, loaded and validated, sorted by name.

    Raises:
        BlueprintInvalid: a bundled blueprint is broken (a packaging bug; tests guard it).
    """
    out = []
    for name in bundled_names():
        bp = load_blueprint(name)
        doc = bp.document
        modules = tuple((key, dict(mod["name"])) for key, mod in doc["modules"].items())
        extends = doc.get("extends")
        raw = read_json(bundled_dir() / f"{name}.json")
        out.append(
            BundledBlueprint(
                name=name,
                path=bp.source,
                title=dict(doc["name"]),
                description=dict(doc["description"]),
                modules=modules,
                extends=raw.get("extends") if isinstance(raw, dict) else extends,
            )
        )
    return out
