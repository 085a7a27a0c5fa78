"""Blueprints that passed every check, remembered across runs in the user's cache folder.

Checking OBM against the schema, the semantic rules and its released versions is about half a
second: most of a cold ``plan`` or ``validate``, paid again by every command of a CI job for
the same unchanged file. A check is a pure function of the document, of the released versions
its migrations name (``loader._check_key`` digests both) and of the code and schema that check
it (``_checker_state``), so its success can be kept under a digest of all three, as an empty
file ``$XDG_CACHE_HOME/notion-setup/checked/<digest>``.

Only successes are kept: problems are always found again, in the language of the moment. The
folder is a convenience: one that cannot be read or written only means checking again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Mapping
from pathlib import Path

import notion_setup
from notion_setup.blueprint.source import SCHEMA_FILE, bundled_dir, file_state

logger = logging.getLogger(__name__)

#: Digests kept at most; past it the oldest are removed (an edited file leaves one behind).
KEPT = 256


def cache_folder(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/notion-setup/checked`` (``~/.cache`` when the variable is unset)."""
    env = os.environ if environ is None else environ
    base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "notion-setup" / "checked"


@functools.cache
def _checker_state() -> bytes:
    """What the checks are made of: every module of the package and the schema, as they are.

    Their sizes and modification times, not their bytes (a stat each, about a millisecond in
    all): an installed release never changes them, and any edit to a checkout does.
    """
    package = Path(notion_setup.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted((*package.rglob("*.py"), bundled_dir() / SCHEMA_FILE)):
        digest.update(f"{file_state(path)};".encode())
    return digest.digest()


def _entry(key: bytes) -> Path:
    return cache_folder() / hashlib.sha256(_checker_state() + key).hexdigest()


def passed_before(key: bytes) -> bool:
    """Whether a document with this check key passed every check in an earlier run."""
    try:
        return _entry(key).is_file()
    except OSError:
        return False


def remember_passed(key: bytes) -> None:
    """Keep that a document with this check key passed every check (best effort)."""
    try:
        folder = cache_folder()
        folder.mkdir(parents=True, exist_ok=True)
        _entry(key).touch()
        entries = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        for stale in entries[: max(0, len(entries) - KEPT)]:
            stale.unlink(missing_ok=True)
    except OSError as err:
        logger.debug("could not remember a checked blueprint in %s: %s", cache_folder(), err)
