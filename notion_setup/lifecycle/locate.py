"""Find a client's root page under a parent by the registry it carries (no blueprint needed)."""

from __future__ import annotations

from dataclasses import dataclass

from notion_setup.errors import UsageError
from notion_setup.messages import _
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.transport import Transport
from notion_setup.observe import Child, RootCache, list_children, read_registry
from notion_setup.registry import Registry


@dataclass(frozen=True)
class ClientRoot:
    """A page under the parent that carries a notion-setup registry."""

    page_id: str
    title: str
    registry: Registry
    registry_text: str
    children: tuple[Child, ...]


def client_roots(
    notion: Transport | NotionAPI, parent_id: str, cache: RootCache | None = None
) -> list[ClientRoot]:
    """Every page directly under ``parent_id`` that carries a registry, in listing order.

    Args:
        notion: the gateway (or the endpoint layer over it).
        parent_id: the page that holds the clients' root pages.
        cache: filled with the client names read, so a later ``observe.find_root`` skips the
            other clients' roots.
    """
    api = as_api(notion)
    found = []
    for child in list_children(api, parent_id):
        if child.type != "child_page":
            continue
        children = list_children(api, child.id)
        entry = read_registry(api, children)
        if entry is None:
            continue
        registry, text = entry
        if cache is not None:
            with cache.lock:
                cache.clients[child.id] = registry.client
        found.append(ClientRoot(child.id, child.title, registry, text, children))
    return found


def find_client(roots: list[ClientRoot], client: str) -> ClientRoot | None:
    """The root whose registry names this client (exact name first, then case-insensitive)."""
    wanted = client.strip()
    for root in roots:
        if root.registry.client == wanted:
            return root
    folded = wanted.casefold()
    matches = [r for r in roots if r.registry.client.casefold() == folded]
    return matches[0] if len(matches) == 1 else None


def known_clients(roots: list[ClientRoot]) -> str:
    """The client names found, for error messages ("none" when there are none)."""
    names = sorted({r.registry.client for r in roots})
    return ", ".join(f'"{n}"' for n in names) if names else "none"


def require_client(roots: list[ClientRoot], client: str, parent_id: str) -> ClientRoot:
    """The client's root among ``roots``.

    Raises:
        UsageError: no workspace of that client under the parent; the message lists the clients
            that are there.
    """
    root = find_client(roots, client)
    if root is None:
        raise no_such_client(client, parent_id, roots)
    return root


def no_such_client(client: str, parent_id: str, roots: list[ClientRoot]) -> UsageError:
    """The error for a client with no workspace under the parent, naming the clients there."""
    message = _('no workspace of client "{client}" under page {parent} (clients there: {clients})')
    return UsageError(
        message.format(client=client, parent=parent_id, clients=known_clients(roots)),
        hint=_(
            "check --client and --parent, or create it with "
            '`notion-setup apply BLUEPRINT --client "{client}"`'
        ).format(client=client),
    )
