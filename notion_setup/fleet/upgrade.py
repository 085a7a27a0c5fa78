"""Upgrade one client's workspace to a newer version of its blueprint.

``plan_upgrade`` re-resolves the client's recorded answers against the newer blueprint, renames
the registry's keys as the migrations between the recorded version and the new one say (so a
renamed property is renamed in Notion and keeps its values), plans as ``apply`` does, and lists
what users changed in what the blueprint owns as a three-way view (old blueprint, new blueprint,
live workspace). ``apply_upgrade`` runs that plan with the usual safety, then moves the rows of
options whose name changed. Nothing here prints.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notion_setup.answers import Answers, content_hash
from notion_setup.apply import Executor
from notion_setup.blueprint import Blueprint, load_blueprint, resolve
from notion_setup.errors import BlueprintInvalid, BlueprintNotFound, NotionSetupError
from notion_setup.fleet.answering import resolve_with_answers
from notion_setup.fleet.drift import Drift, Retype, find_drifts, find_retypes
from notion_setup.fleet.migrate import (
    OptionMove,
    key_map,
    migrate_registry,
    migration_lines,
    moved_option_names,
    option_moves,
    pending_moves,
)
from notion_setup.fleet.option_rows import move_options
from notion_setup.fleet.titles import TitleChange, rename_titles, title_changes
from notion_setup.lease import LeaseOptions
from notion_setup.lifecycle.locate import ClientRoot
from notion_setup.messages import _
from notion_setup.model import KeyChanges, Workspace, parse_version
from notion_setup.notion.endpoints import NotionAPI
from notion_setup.notion.transport import Transport
from notion_setup.observe import RootCache
from notion_setup.output import NullReporter, Reporter
from notion_setup.plan import Change, Plan
from notion_setup.provision import RunReport, apply_workspace, plan_workspace
from notion_setup.registry import Registry

Gateway = Transport | NotionAPI
JSON = dict[str, Any]


@dataclass(frozen=True)
class UpgradePlan:
    """What upgrading one client does; ``skipped`` says why it cannot be upgraded instead."""

    client: str
    root_id: str
    answers: Answers | None
    from_version: str | None = None
    to_version: str | None = None
    skipped: str | None = None
    keys: KeyChanges | None = None
    moves: tuple[OptionMove, ...] = ()
    drifts: tuple[Drift, ...] = ()
    retypes: tuple[Retype, ...] = ()
    titles: tuple[TitleChange, ...] = ()
    plan: Plan | None = None
    workspace: Workspace | None = None
    new_answers: Answers | None = None
    notes: tuple[str, ...] = ()

    @property
    def migration_lines(self) -> list[tuple[str, str, str | None]]:
        """(kind, old key, new key or None) of every explicit rename and removal."""
        return migration_lines(self.keys) if self.keys else []

    @property
    def is_empty(self) -> bool:
        """Nothing to write (skipped clients count as empty)."""
        if self.skipped or self.plan is None:
            return True
        version_moves = self.answers is None or (
            self.new_answers is not None and not self.new_answers.same_as(self.answers)
        )
        renames = any(t.renames for t in self.titles)
        return self.plan.is_empty and not self.moves and not version_moves and not renames

    @property
    def renames(self) -> tuple[TitleChange, ...]:
        """The page titles and view names the upgrade writes."""
        return tuple(t for t in self.titles if t.renames)

    def to_json(self) -> dict[str, Any]:
        """Machine-readable form (stable keys)."""
        plan = self.plan
        return {
            "client": self.client,
            "root_page_id": self.root_id,
            "blueprint": self.answers.blueprint if self.answers else None,
            "from_version": self.from_version,
            "to_version": self.to_version,
            "skipped": self.skipped,
            "pending": 0
            if self.is_empty
            else len(plan.changes if plan else ()) + len(self.moves) + len(self.renames),
            "migration": [
                {"kind": kind, "from": old, "to": new} for kind, old, new in self.migration_lines
            ],
            "option_moves": [
                {"database": m.database, "property": m.prop_name, "from": m.old, "to": m.new}
                for m in self.moves
            ],
            "drifts": [
                {"kind": d.kind, "key": d.key, "old": d.old, "new": d.new, "live": d.live}
                for d in self.drifts
            ],
            "renames": [
                {"kind": t.kind, "key": t.key, "from": t.live, "to": t.new} for t in self.renames
            ],
            "retypes": [
                {"property": r.key, "from": r.old, "to": r.new, "values_kept": r.carries}
                for r in self.retypes
            ],
            "changes": [_change(c) for c in (plan.changes if plan else ())],
            "held_back": [_change(c) for c in (plan.held_back if plan else ())],
            "user_additions": [_change(c) for c in (plan.user_additions if plan else ())],
            "notes": list(self.notes),
        }


def _change(change: Change) -> dict[str, str]:
    return {"verb": change.verb, "kind": change.kind, "key": change.key, "name": change.name}


def target_blueprint(answers: Answers, to: Blueprint | None) -> Blueprint | str:
    """The blueprint to upgrade to, or why there is none at hand.

    ``--to`` wins; else the bundled blueprint the workspace names, else its file by name in the
    current directory (a CI job checks its repository out there).
    """
    if to is not None:
        return to
    try:
        recorded = load_blueprint(answers.source)
    except BlueprintNotFound:
        released = f"{answers.blueprint}-{answers.blueprint_version}.json"
        if Path(answers.source).name == released:  # a release kept in history/: its blueprint
            try:
                return load_blueprint(answers.blueprint)
            except NotionSetupError:
                pass
    except BlueprintInvalid as error:
        return _("its blueprint file {file} is invalid: {error}").format(
            file=answers.source, error=error.message
        )
    else:
        return current_of_history(recorded)
    hashed = f" ({answers.blueprint_hash})" if answers.blueprint_hash else ""
    return _(
        "made from blueprint file {file}{hash}, which is not at hand: pass --to PATH with the "
        "file (or its newer version)"
    ).format(file=answers.source, hash=hashed)


def current_of_history(bp: Blueprint) -> Blueprint:
    """The blueprint a released version kept in ``history/`` belongs to (``bp`` for the others).

    A client built from ``blueprints/history/av-1.0.0.json`` is a client of ``av``: upgrading it
    to the file it was built from would never move it, so it goes to ``blueprints/av.json``.
    """
    if bp.source.parent.name != "history":
        return bp
    current = bp.source.parent.parent / f"{bp.id}.json"
    if not current.is_file():
        return bp
    try:
        return load_blueprint(current)
    except NotionSetupError:
        return bp


def history_file(bp: Blueprint, version: str) -> Path:
    """Where the released ``version`` of ``bp`` is kept: ``history/<id>-<version>.json``."""
    folder = bp.source.parent
    if folder.name != "history":
        folder = folder / "history"
    return folder / f"{bp.id}-{version}.json"


def recorded_blueprint(answers: Answers, target: Blueprint) -> Blueprint | None:
    """The blueprint as it was when the workspace was built, when a copy is at hand."""
    if answers.blueprint_hash and answers.blueprint_hash == content_hash(target.document):
        return target
    if answers.blueprint_version:
        if answers.blueprint_version == _version_of(target):
            return target
        path = history_file(target, answers.blueprint_version)
        if path.is_file():
            try:
                return load_blueprint(path)
            except NotionSetupError:
                return None
    return None


def version_problem(recorded: str | None, current: str | None) -> str:
    """Why ``recorded`` cannot be upgraded to ``current``: not semver, or a downgrade."""
    for version in (recorded, current):
        if version is not None:
            try:
                parse_version(version)
            except ValueError:
                return _("{version!r} is not a version MAJOR.MINOR.PATCH").format(version=version)
    return _("the workspace was built with version {recorded}, newer than {current}").format(
        recorded=recorded, current=current
    )


def _version_of(bp: Blueprint) -> str | None:
    version = bp.document.get("version")
    return str(version) if version else None


def _resolve_old(old_bp: Blueprint, answers: Answers, client: str) -> Workspace | None:
    try:
        return resolve(
            old_bp,
            lang=answers.lang,
            client=client,
            variables={k: v for k, v in answers.variables.items() if k in old_bp.variables},
            without=tuple(m for m in answers.without if m in old_bp.module_keys),
        )
    except NotionSetupError:
        return None


def plan_upgrade(
    reader: Gateway,
    parent_id: str,
    root: ClientRoot,
    *,
    to: Blueprint | None = None,
    allow_destructive: bool = False,
    cache: RootCache | None = None,
    reporter: Reporter | None = None,
    switch: bool = False,
) -> UpgradePlan:
    """Plan the upgrade of one client (reads only).

    ``to`` is the blueprint to upgrade to (default: the client's own, found by its recorded
    source); a client built with another blueprint is skipped unless ``switch`` (one client named
    on purpose moves to another blueprint).

    Raises:
        UsageError: the recorded answers no longer resolve (a variable became required...).
        NotionError: Notion refused or could not be reached.
    """
    registry = root.registry
    client = registry.client
    answers = registry.answers
    if answers is None:  # an old registry: its blueprint and language are all it recorded
        answers = Answers(
            blueprint=registry.blueprint,
            source=registry.blueprint,
            blueprint_hash="",
            lang=registry.lang if registry.lang in ("en", "fr") else "en",
        )
    target = target_blueprint(answers, to)
    if isinstance(target, str):
        return UpgradePlan(client, root.page_id, registry.answers, skipped=target)
    if target.id != answers.blueprint and not switch:
        return UpgradePlan(
            client,
            root.page_id,
            registry.answers,
            skipped=_("built with blueprint {recorded}, not {given}").format(
                recorded=answers.blueprint, given=target.id
            ),
        )
    resolved = resolve_with_answers(
        reader,
        parent_id,
        target,
        given=answers.source if to is None else str(target.source),
        client=client,
        lang=None,
        default_lang=answers.lang,
        variables={},
        registry=registry,
        other_blueprint=switch,
        command="upgrade",
    )
    try:
        keys = key_map(target.document, answers.blueprint_version)
    except ValueError:  # a downgrade, or a version that is not semver
        problem = version_problem(answers.blueprint_version, _version_of(target))
        return UpgradePlan(client, root.page_id, registry.answers, skipped=problem)
    old_bp = recorded_blueprint(answers, target)
    notes: list[str] = []
    moves: list[OptionMove] = []
    old_ws: Workspace | None = None
    if old_bp is None:
        notes.append(
            _(
                "no copy of version {version} of {blueprint} at hand "
                "(history/{blueprint}-<version>.json): options renamed since then are added "
                "beside the old ones instead of taking their rows"
            ).format(version=answers.blueprint_version or _("(unrecorded)"), blueprint=target.id)
        )
    else:
        old_ws = _resolve_old(old_bp, answers, client)
        if old_ws is not None:
            moves = option_moves(old_ws, resolved.workspace, keys)

    def rewrite(reg: Registry) -> Registry:
        return migrate_registry(reg, keys, moved_option_names(reg, moves))

    observed, plan = plan_workspace(
        reader,
        resolved.workspace,
        parent_id,
        allow_destructive=allow_destructive,
        cache=cache,
        reporter=reporter,
        rewrite=rewrite,
    )
    live_moves = pending_moves(moves, observed)
    for move in live_moves:
        if move.prop_type == "status":
            notes.append(
                _(
                    "{property}: Notion puts a new status option in To-do; move “{new}” to the "
                    "group “{old}” was in by hand"
                ).format(property=move.prop_name, new=move.new, old=move.old)
            )
    drifts = find_drifts(old_ws, resolved.workspace, keys, observed) if old_ws else []
    titles: list[TitleChange] = []
    if old_ws is not None:
        titles = title_changes(old_ws, resolved.workspace, keys, observed, root.title)
    drifts += [
        Drift(t.kind, t.key, t.old, t.new, t.live, written=t.overwritten)
        for t in titles
        if t.by_hand
    ]
    return UpgradePlan(
        client=client,
        root_id=root.page_id,
        answers=registry.answers,
        from_version=answers.blueprint_version,
        to_version=_version_of(target),
        keys=keys,
        moves=tuple(live_moves),
        drifts=tuple(drifts),
        retypes=tuple(find_retypes(resolved.workspace, observed)),
        titles=tuple(titles),
        plan=plan,
        workspace=resolved.workspace,
        new_answers=resolved.answers,
        notes=tuple(notes),
    )


@dataclass
class UpgradeResult:
    """What an applied upgrade did."""

    upgrade: UpgradePlan
    report: RunReport | None = None
    rows_moved: int = 0
    options_dropped: int = 0
    titles_renamed: int = 0
    writes: int = 0  # this client's writes (the gateway's counters are shared by the fleet)


def apply_upgrade(
    gateway: Gateway,
    parent_id: str,
    upgrade: UpgradePlan,
    *,
    allow_destructive: bool = False,
    confirm: Callable[[Sequence[Change]], bool] | None = None,
    reporter: Reporter | None = None,
    cache: RootCache | None = None,
    stop: threading.Event | None = None,
    lease: LeaseOptions | None = None,
) -> UpgradeResult:
    """Apply a planned upgrade: the plan (with the migrated registry), then the option moves.

    ``lease``: how long to wait for another run holding the client's workspace (``--wait``).

    The plan is computed again from what is there now (the same reads), so what was planned and
    what runs cannot drift apart between two steps of a batch.

    Raises:
        DestructiveChangesRefused: destructive changes were planned and not confirmed.
        NotionError: Notion refused or could not be reached; the upgrade stays resumable.
    """
    result = UpgradeResult(upgrade)
    if upgrade.skipped or upgrade.workspace is None or upgrade.keys is None:
        return result
    keys, moves = upgrade.keys, upgrade.moves
    before = _writes(gateway)

    def rewrite(reg: Registry) -> Registry:
        return migrate_registry(reg, keys, moved_option_names(reg, moves))

    result.report = apply_workspace(
        gateway,
        upgrade.workspace,
        parent_id,
        allow_destructive=allow_destructive,
        confirm=confirm,
        reporter=reporter or NullReporter(),
        cache=cache,
        stop=stop,
        answers=upgrade.new_answers,
        rewrite=rewrite,
        after=lambda executor: _finish(gateway, executor, upgrade, result),
        lease=lease,
    )
    result.writes = _writes(gateway) - before
    return result


def _finish(gateway: Gateway, executor: Executor, up: UpgradePlan, result: UpgradeResult) -> None:
    """After the plan: rows of renamed options move, then pages and views take their new title."""
    move_options(gateway, executor, up.moves, result)
    result.titles_renamed += rename_titles(gateway, up.titles)


def _writes(gateway: Gateway) -> int:
    stats = getattr(gateway, "stats", None)
    return int(stats.writes) if stats is not None else 0
