"""The client's root page under its parent: found live or in the trash, with its registry.

Every run starts here: the root page (found by the registry it holds, whatever its title) is
where the registry, the lease and the client's pages and databases live.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from notion_setup.errors import NotionRejected
from notion_setup.lease import LEASE_CHILD_TYPE, is_lease_block
from notion_setup.model import Workspace
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.results import Block
from notion_setup.notion.transport import Transport
from notion_setup.registry import TOGGLE_TITLE, Registry
from notion_setup.registry.store import Stored
from notion_setup.registry.store import read as read_toggles


@dataclass(frozen=True)
class Child:
    """A child block of a page, as far as planning cares."""

    id: str
    type: str
    title: str  # child_page / child_database title, toggle text, else ""
    text: str = ""  # the block's rich text (paragraphs, headings...)


def _child(block: Block) -> Child:
    if is_lease_block(block):
        # A run's lease (``notion_setup.lease``): a type nothing else matches, so adoption,
        # "added by hand", destroy and export never see it; the lease reads its text.
        return Child(id=block.id, type=LEASE_CHILD_TYPE, title=block.text)
    title = block.text if block.type == "toggle" else block.title
    return Child(id=block.id, type=block.type, title=title, text=block.text)


def list_children(notion: Transport | NotionAPI, block_id: str) -> tuple[Child, ...]:
    """Every child block of a page or block, in order."""
    return tuple(_child(b) for b in as_api(notion).blocks.children(block_id))


def read_stored(notion: Transport | NotionAPI, children: tuple[Child, ...]) -> Stored:
    """The registry toggle among a root page's children, read whole, or why it cannot be."""
    toggles = [c.id for c in children if c.type == "toggle" and c.title == TOGGLE_TITLE]
    return read_toggles(as_api(notion), toggles)


def read_registry(
    notion: Transport | NotionAPI, children: tuple[Child, ...]
) -> tuple[Registry, str] | None:
    """Find and parse the registry toggle among a root page's children (None if damaged)."""
    stored = read_stored(notion, children)
    if stored.registry is None or stored.content is None:
        return None
    return stored.registry, stored.content


#: A client's root page: its id, registry (None when damaged or gone), registry text, children.
RootFound = tuple[str, Registry | None, str | None, tuple[Child, ...]]
DB_OR_PAGE = ("child_page", "child_database")


@dataclass
class RootCache:
    """Client names of the root pages already read under a parent, shared by a batch's clients.

    Only the names are kept, so memory stays flat however many clients a parent holds; the
    matching client's root is read again when it is needed.
    """

    clients: dict[str, str] = field(default_factory=dict)  # root page id -> client name
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def find_root(
    notion: Transport | NotionAPI,
    parent_id: str,
    workspace: Workspace,
    cache: RootCache | None = None,
) -> RootFound | None:
    """Find the client's root page under the parent.

    A page whose registry names this client wins, whatever its title (users rename pages); then a
    page with the blueprint's root title and no registry (a first run killed before saving it).
    Returns (page id, registry, registry text, the page's children) or None.
    """
    api = as_api(notion)
    cache = cache or RootCache()
    candidates = [c for c in list_children(api, parent_id) if c.type == "child_page"]
    # Pages with the expected title first: the common case costs one listing.
    candidates.sort(key=lambda c: c.title != workspace.title)
    untitled_match: RootFound | None = None
    for child in candidates:
        with cache.lock:
            known = cache.clients.get(child.id)
        if known is not None and known != workspace.client:
            continue  # another client's root, read before
        children = list_children(api, child.id)
        found = read_registry(api, children)
        registry, text = found if found else (None, None)
        if registry is not None:
            with cache.lock:
                cache.clients[child.id] = registry.client
            if registry.client == workspace.client:
                return child.id, registry, text, children
        elif child.title == workspace.title and untitled_match is None:
            untitled_match = (child.id, None, None, children)
    return untitled_match


def find_trashed_root(api: NotionAPI, parent_id: str, workspace: Workspace) -> RootFound | None:
    """The client's root page moved to the trash by hand (search alone shows the trash).

    A lagging index only delays finding it (a miss makes a new root, as before). It must sit
    under ``parent_id`` with the root's title, this client's registry and pages or databases
    still in it: ``destroy`` trashes those one by one first, so a destroyed workspace stays so.
    """
    for page in api.search.pages(workspace.title, in_trash=True):
        if page.title != workspace.title or page.parent.id != parent_id:
            continue
        try:
            children = list_children(api, page.id)
        except NotionRejected:
            continue  # the trash not readable there: a miss, as above
        found = read_registry(api, children)
        if (
            found
            and found[0].client == workspace.client
            and any(c.type in DB_OR_PAGE for c in children)
        ):
            return page.id, found[0], found[1], children
    return None
