"""Check a batch before it sends anything: every blueprint loads, every client resolves.

A wrong variable or a missing blueprint is the manifest's fault, not Notion's: the whole batch
stops with exit 2 and every problem listed, instead of failing the same way client after client.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from notion_setup.batch.manifest import ClientSpec
from notion_setup.blueprint import Blueprint, load_blueprint, resolve
from notion_setup.errors import (
    BlueprintInvalid,
    BlueprintNotFound,
    ManifestInvalid,
    Problem,
    UsageError,
)
from notion_setup.messages import _
from notion_setup.model import Workspace


class BlueprintCache:
    """Blueprints loaded once per batch (they are immutable); thread-safe.

    Holds one entry per distinct blueprint of the manifest, not one per client.
    """

    def __init__(self) -> None:
        """An empty cache."""
        self._loaded: dict[str, Blueprint] = {}
        self._lock = threading.Lock()

    def get(self, source: str) -> Blueprint:
        """The blueprint named by ``source`` (a bundled name or a path).

        Raises:
            BlueprintNotFound: no such bundled blueprint or file.
            BlueprintInvalid: the blueprint does not validate.
        """
        with self._lock:
            found = self._loaded.get(source)
        if found is None:
            found = load_blueprint(source)
            with self._lock:
                found = self._loaded.setdefault(source, found)
        return found

    def workspace(self, spec: ClientSpec, *, today: date | None = None) -> Workspace:
        """Resolve ``spec``'s blueprint for that client (variables, language, modules).

        Raises:
            BlueprintNotFound, BlueprintInvalid, VariableError, UsageError: as ``resolve``.
        """
        return resolve(
            self.get(spec.blueprint),
            lang=spec.lang,
            client=spec.name,
            variables=dict(spec.variables),
            only=spec.only,
            without=spec.without,
            today=today,
        )


def preflight(
    clients: Sequence[ClientSpec],
    *,
    source: Path,
    blueprints: BlueprintCache,
    need_parent: bool,
    today: date | None = None,
) -> None:
    """Check that every client can run; sends no request.

    Each needs a parent page when needed, a loadable blueprint and a resolvable workspace.

    Args:
        clients: the clients about to run (the shard's, after ``--shard``).
        source: the manifest file, named in every problem.
        blueprints: loaded blueprints are kept there for the run.
        need_parent: True on real Notion, where only the manifest can say where to build.
        today: the date relative dates count from (tests pass one).

    Raises:
        ManifestInvalid: listing every problem found.
    """
    shown = str(source)
    problems: list[Problem] = []
    broken: set[str] = set()
    for spec in clients:
        if need_parent and spec.parent is None:
            message = _(
                'missing "parent": the page under which this client\'s workspace lives; '
                'set it for this client or in "defaults" (only --sandbox has a default)'
            )
            problems.append(Problem(spec.field("parent"), message, shown))
        if spec.blueprint in broken:
            continue
        try:
            blueprints.workspace(spec, today=today)
        except (BlueprintNotFound, BlueprintInvalid) as error:
            # One problem per broken blueprint, at the first client that uses it.
            broken.add(spec.blueprint)
            problems.append(Problem(spec.field("blueprint"), str(error), shown))
        except UsageError as error:  # a variable, a module, the language
            problems.append(Problem(f"{spec.where} ({spec.name})", str(error), shown))
    if problems:
        raise ManifestInvalid(problems, source=shown)
