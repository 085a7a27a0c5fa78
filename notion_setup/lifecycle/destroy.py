"""``destroy``: move to the trash everything the tool created for one client, and nothing else.

What the tool created is what the client's registry names (root page, pages, templates page and
templates, databases, linked databases). Rows go with their database. Notion trashes a page with
its whole subtree, so a page the tool created is trashed only when nothing under it was added by
hand (a page or database that the registry does not name); such a page is kept, with its
registry-owned children still trashed one by one, and the hand-made objects are listed. The root
page keeps its registry while it is kept, so the same command finishes the job once those objects
have been moved away. Everything goes to Notion's trash, from which it can be restored.

Planning reads only; ``execute_destroy`` writes, deepest objects first and the root page last.
A second run finds the registered objects already in the trash and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from notion_setup.errors import DestructiveChangesRefused, NotionError
from notion_setup.lease import Lease
from notion_setup.lifecycle.locate import client_roots, find_client, known_clients
from notion_setup.messages import _
from notion_setup.messages.vocabulary import kind_label
from notion_setup.notion.endpoints import TITLE, NotionAPI, as_api
from notion_setup.notion.results import Database, Page
from notion_setup.notion.transport import Transport
from notion_setup.observe import Child, list_children
from notion_setup.output import NullReporter, Reporter
from notion_setup.registry import TOGGLE_TITLE

JSON = dict[str, Any]

#: Kinds of owned objects, and the endpoint that trashes each.
PAGE_KINDS = frozenset({"root", "page", "templates_page", "template"})
DATABASE_KINDS = frozenset({"database", "linked_view"})


@dataclass(frozen=True)
class Target:
    """An object the tool created for the client."""

    kind: str  # root, page, templates_page, template, database, linked_view
    key: str  # blueprint key ("root", "invoices", "home.due_soon"...)
    name: str  # title as Notion shows it now (or the key when it could not be read)
    id: str
    rows: int = 0  # databases: rows it holds
    added_rows: int = 0  # databases: rows the tool did not create (trashed with it)

    def to_json(self) -> JSON:
        """Machine-readable form."""
        out: JSON = {"kind": self.kind, "key": self.key, "name": self.name, "id": self.id}
        if self.kind == "database":
            out["rows"] = self.rows
            out["added_rows"] = self.added_rows
        return out


@dataclass(frozen=True)
class Foreign:
    """A page or database inside the client's workspace that the tool did not create."""

    id: str
    kind: str  # "page" or "database"
    title: str
    parent_id: str
    parent_name: str

    def to_json(self) -> JSON:
        """Machine-readable form."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "parent_id": self.parent_id,
            "parent_name": self.parent_name,
        }


@dataclass(frozen=True)
class DestroyPlan:
    """What ``destroy`` would do for one client; built by reading only."""

    client: str
    parent_id: str
    found: bool
    root_page_id: str | None = None
    root_title: str | None = None
    #: What will be trashed, in order: deepest first, the root page last.
    targets: tuple[Target, ...] = ()
    #: Pages the tool created that are kept because they hold objects it did not create.
    kept: tuple[Target, ...] = ()
    #: The root page when it was made by hand and adopted: kept, only the tool's content goes.
    adopted: tuple[Target, ...] = ()
    #: Those hand-made objects (never touched).
    foreign: tuple[Foreign, ...] = ()
    #: Registered objects already in the trash or deleted (a re-run, or removed by hand).
    gone: tuple[Target, ...] = ()
    #: Client names found under the parent (helps when the name was mistyped).
    other_clients: str = "none"
    #: The language the workspace was built in (its registry's); None when not found.
    lang: str | None = None

    @property
    def is_empty(self) -> bool:
        """Nothing left to trash."""
        return not self.targets


@dataclass(frozen=True)
class DestroyReport:
    """What ``destroy`` did."""

    plan: DestroyPlan
    applied: bool
    trashed: tuple[Target, ...] = ()

    def to_json(self) -> JSON:
        """Machine-readable form (stable keys)."""
        plan = self.plan
        return {
            "client": plan.client,
            "parent_id": plan.parent_id,
            "found": plan.found,
            "root_page_id": plan.root_page_id,
            "applied": self.applied,
            "to_trash": [t.to_json() for t in plan.targets],
            "trashed": [t.to_json() for t in self.trashed],
            "already_gone": [t.to_json() for t in plan.gone],
            "kept": [t.to_json() for t in plan.kept],
            "adopted": [t.to_json() for t in plan.adopted],
            "left_untouched": [f.to_json() for f in plan.foreign],
        }


@dataclass
class _Walk:
    """Working state of the planner."""

    api: NotionAPI
    owned: dict[str, Target]
    order: list[Target] = field(default_factory=list)
    kept: list[Target] = field(default_factory=list)
    foreign: list[Foreign] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def page(self, target: Target, children: tuple[Child, ...]) -> bool:
        """Walk one owned page; queue it after its children. True when it holds foreign objects."""
        self.seen.add(target.id)
        holds_foreign = False
        for child in children:
            if child.type not in ("child_page", "child_database"):
                continue
            owned = self.owned.get(child.id)
            if owned is None:
                kind = "page" if child.type == "child_page" else "database"
                self.foreign.append(Foreign(child.id, kind, child.title, target.id, target.name))
                holds_foreign = True
                continue
            if child.id in self.seen:
                continue
            if owned.kind != "linked_view":  # its block carries the database's title
                owned = _renamed(owned, child.title)
            if child.type == "child_page":
                holds_foreign |= self.page(owned, list_children(self.api, child.id))
            else:
                self.seen.add(child.id)
                self.order.append(owned)
        if holds_foreign:
            self.kept.append(target)
        else:
            self.order.append(target)
        return holds_foreign


def _adopted(entry: Any, root_id: str) -> bool:
    """Whether the registry says the root page was made by hand and adopted (``apply``)."""
    return isinstance(entry, dict) and entry.get("id") == root_id and entry.get("adopted") is True


def _renamed(target: Target, title: str) -> Target:
    if not title or title == target.name:
        return target
    return Target(target.kind, target.key, title, target.id, target.rows, target.added_rows)


def _owned(root_id: str, root_title: str, objects: dict[str, Any]) -> dict[str, Target]:
    """Every object the registry names, by Notion id."""
    owned: dict[str, Target] = {root_id: Target("root", "root", root_title, root_id)}
    for reg_key, entry in objects.items():
        prefix, _sep, key = reg_key.partition(":")
        if reg_key == "templates_page" and isinstance(entry, str):
            owned[entry] = Target("templates_page", "templates", "templates", entry)
        elif prefix == "page" and isinstance(entry, str):
            owned[entry] = Target("page", key, key, entry)
        elif prefix == "tpl" and isinstance(entry, str):
            owned[entry] = Target("template", key, key, entry)
        elif prefix == "db" and isinstance(entry, dict) and entry.get("id"):
            owned[str(entry["id"])] = Target("database", key, key, str(entry["id"]))
        elif prefix == "lv" and isinstance(entry, dict) and entry.get("db"):
            owned[str(entry["db"])] = Target("linked_view", key, key, str(entry["db"]))
    return owned


def _name_linked_views(api: NotionAPI, owned: dict[str, Target], objects: dict[str, Any]) -> None:
    """Name each linked view after the view (a linked database's block shows its source's title)."""
    for entry in objects.values():
        if not (isinstance(entry, dict) and entry.get("db") and entry.get("id")):
            continue
        target = owned.get(str(entry["db"]))
        if target is None or target.kind != "linked_view":
            continue
        try:
            name = api.views.retrieve(str(entry["id"])).name
        except NotionError:
            continue  # the view is gone or unreadable: the listing keeps the blueprint key
        owned[target.id] = _renamed(target, name)


def _status(api: NotionAPI, target: Target) -> tuple[bool, str]:
    """(still alive, current title) of an owned object the tree walk did not meet."""
    try:
        if target.kind in PAGE_KINDS:
            obj: Page | Database = api.pages.retrieve(target.id)
        else:
            obj = api.databases.retrieve(target.id)
    except NotionError as error:
        if error.status == 404:
            return False, target.name
        raise
    if obj.in_trash:
        return False, target.name
    return True, obj.title or target.name


def _count_rows(api: NotionAPI, target: Target, registered: set[str]) -> Target:
    total = added = 0
    for source in api.databases.retrieve(target.id).data_sources:
        for row in api.data_sources.query(source.id, properties=(TITLE,)):
            total += 1
            if row.id not in registered:
                added += 1
    return Target(target.kind, target.key, target.name, target.id, total, added)


def plan_destroy(notion: Transport | NotionAPI, parent_id: str, client: str) -> DestroyPlan:
    """List what ``destroy`` would trash for ``client`` under ``parent_id``; reads only.

    Args:
        notion: the gateway (or the endpoint layer over it).
        parent_id: the page that holds the clients' root pages.
        client: the client's name, as given to ``apply --client``.

    Returns:
        The plan; ``found`` is False when no page under the parent carries this client's
        registry (never created, or already destroyed).
    """
    api = as_api(notion)
    roots = client_roots(api, parent_id)
    root = find_client(roots, client)
    if root is None:
        return DestroyPlan(client.strip(), parent_id, False, other_clients=known_clients(roots))
    owned = _owned(root.page_id, root.title, root.registry.objects)
    _name_linked_views(api, owned, root.registry.objects)
    walk = _Walk(api, owned)
    walk.page(owned[root.page_id], root.children)
    gone: list[Target] = []
    extra: list[Target] = []
    for target in owned.values():
        if target.id in walk.seen:
            continue
        alive, title = _status(api, target)
        target = _renamed(target, title)
        if not alive:
            gone.append(target)
        elif target.kind in PAGE_KINDS:
            # Moved out of the workspace by hand: still the tool's, and walked like the others.
            sub = _Walk(api, owned, seen=walk.seen)
            sub.page(target, list_children(api, target.id))
            extra += sub.order
            walk.kept += sub.kept
            walk.foreign += sub.foreign
        else:
            walk.seen.add(target.id)
            extra.append(target)
    order = [*extra, *walk.order]
    # The root page last: trashing it takes its whole subtree, registry included.
    order.sort(key=lambda t: t.kind == "root")
    kept = list(walk.kept)
    adopted: list[Target] = []
    if _adopted(root.registry.get("root"), root.page_id):
        # A page made by hand that apply adopted as the root: it is the user's, with their
        # notes. Only what the tool added goes: its pages and databases (above) and, once
        # nothing else of the tool's is kept there, the registry toggle.
        adopted.append(owned[root.page_id])
        order = [t for t in order if t.id != root.page_id]
        kept = [t for t in kept if t.id != root.page_id]
        toggle = next(
            (c for c in root.children if c.type == "toggle" and c.title == TOGGLE_TITLE), None
        )
        if toggle is not None and not kept:
            order.append(Target("registry", "registry", TOGGLE_TITLE, toggle.id))
    registered = {str(v) for k, v in root.registry.objects.items() if k.startswith("row:") and v}
    counted = []
    for target in order:
        if target.kind == "database":
            target = _count_rows(api, target, registered)
        counted.append(target)
    return DestroyPlan(
        client=root.registry.client,
        parent_id=parent_id,
        found=True,
        root_page_id=root.page_id,
        root_title=root.title,
        targets=tuple(counted),
        kept=tuple(kept),
        adopted=tuple(adopted),
        foreign=tuple(walk.foreign),
        gone=tuple(gone),
        other_clients=known_clients(roots),
        lang=root.registry.lang,
    )


def execute_destroy(
    notion: Transport | NotionAPI,
    plan: DestroyPlan,
    *,
    confirm: Callable[[DestroyPlan], bool] | None,
    reporter: Reporter | None = None,
) -> DestroyReport:
    """Trash the plan's targets in order (deepest first, the root page last).

    Args:
        notion: the gateway (or the endpoint layer over it).
        plan: from ``plan_destroy``.
        confirm: asked with the plan before any write; None refuses (no terminal, no ``--yes``).
        reporter: progress sink.

    Raises:
        DestructiveChangesRefused: there is something to trash and it was not confirmed.
        NotionError: Notion refused or could not be reached; a re-run carries on.
    """
    api = as_api(notion)
    reporter = reporter or NullReporter()
    if plan.is_empty:
        return DestroyReport(plan, applied=True)
    if confirm is None or not confirm(plan):
        raise DestructiveChangesRefused(
            _("not trashing the {n} object(s) listed for {client}").format(
                n=len(plan.targets), client=plan.client
            ),
            hint=_("re-run with --yes to confirm (or run it in a terminal and answer the prompt)"),
        )
    lease = Lease(api, plan.client, "en", reporter=reporter)
    if plan.root_page_id:
        lease.claim(plan.root_page_id)  # WorkspaceBusy while another run builds there
    try:
        trashed = _trash(api, plan, reporter)
    finally:
        root_trashed = any(t.kind == "root" for t in plan.targets)
        lease.release(gone_with_root=root_trashed)
    return DestroyReport(plan, applied=True, trashed=tuple(trashed))


def _trash(api: NotionAPI, plan: DestroyPlan, reporter: Reporter) -> list[Target]:
    reporter.start(len(plan.targets), "")
    trashed = []
    for target in plan.targets:
        try:
            if target.kind in PAGE_KINDS:
                api.pages.trash(target.id)
            elif target.kind == "registry":
                api.blocks.delete(target.id, lock=None, blueprint_path="registry")
            else:
                api.databases.trash(target.id)
        except NotionError as error:
            if error.status != 404:
                raise
            # Removed by hand meanwhile, or already gone with a trashed parent: nothing to do.
        trashed.append(target)
        reporter.tick("trash", f"{kind_label(target.kind)} {target.name}")
    return trashed
