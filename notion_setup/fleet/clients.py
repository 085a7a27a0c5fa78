"""The fleet: every client workspace under a parent page, found by the registries they carry.

Never by search (its index lags behind writes). ``--fast`` reads the registries only (two reads
per client); otherwise each client also gets its upgrade planned (about two reads per database),
so the overview says whether anything is pending.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from notion_setup.blueprint import Blueprint
from notion_setup.fleet.upgrade import UpgradePlan, plan_upgrade
from notion_setup.lifecycle.locate import ClientRoot, client_roots
from notion_setup.messages import _, ngettext
from notion_setup.notion.endpoints import NotionAPI
from notion_setup.notion.transport import Transport
from notion_setup.observe import RootCache


@dataclass(frozen=True)
class ClientInfo:
    """One row of ``clients``."""

    client: str
    root_page_id: str
    title: str
    blueprint: str
    source: str
    blueprint_hash: str
    version: str | None
    lang: str
    modules: tuple[str, ...]
    applied_at: str | None
    tool_version: str
    #: None with --fast (not planned).
    upgrade: UpgradePlan | None = None

    @property
    def status(self) -> str:
        """``up to date``, ``upgrade 1.0.0 -> 2.0.0``, ``3 change(s) pending``, ``skipped: ...``.

        Stable English words for ``--json`` (a CI gate reads them); the table shows
        ``status_text``.
        """
        up = self.upgrade
        if up is None:
            return "not checked (--fast)"
        if up.skipped:
            return f"skipped: {up.skipped}"
        if up.is_empty:
            return "up to date"
        if up.to_version and up.to_version != up.from_version:
            return f"upgrade {up.from_version or '?'} -> {up.to_version}"
        return f"{self.pending} change(s) pending"

    @property
    def status_text(self) -> str:
        """``status`` in the user's language (the table; ``--json`` keeps ``status`` stable)."""
        up = self.upgrade
        if up is None:
            return _("not checked (--fast)")
        if up.skipped:
            return _("skipped: {reason}").format(reason=up.skipped)
        if up.is_empty:
            return _("up to date")
        if up.to_version and up.to_version != up.from_version:
            return _("upgrade {old} -> {new}").format(old=up.from_version or "?", new=up.to_version)
        n = self.pending or 0
        return ngettext("{n} change pending", "{n} changes pending", n).format(n=n)

    @property
    def pending(self) -> int | None:
        """Changes an upgrade would make; None when not checked or skipped."""
        up = self.upgrade
        if up is None or up.skipped or up.plan is None:
            return None
        if up.is_empty:
            return 0
        return max(1, len(up.plan.changes) + len(up.moves) + len(up.renames))

    def to_json(self) -> dict[str, Any]:
        """One object per client (``clients --json``)."""
        return {
            "client": self.client,
            "root_page_id": self.root_page_id,
            "title": self.title,
            "blueprint": self.blueprint,
            "source": self.source,
            "hash": self.blueprint_hash,
            "version": self.version,
            "lang": self.lang,
            "modules": list(self.modules),
            "applied_at": self.applied_at,
            "tool_version": self.tool_version,
            "status": self.status,
            "pending": self.pending,
            "latest_version": self.upgrade.to_version if self.upgrade else None,
            "skipped": self.upgrade.skipped if self.upgrade else None,
        }


def _info(root: ClientRoot, upgrade: UpgradePlan | None) -> ClientInfo:
    registry = root.registry
    answers = registry.answers
    return ClientInfo(
        client=registry.client,
        root_page_id=root.page_id,
        title=root.title,
        blueprint=answers.blueprint if answers else registry.blueprint,
        source=answers.source if answers else registry.blueprint,
        blueprint_hash=answers.blueprint_hash if answers else "",
        version=answers.blueprint_version if answers else None,
        lang=answers.lang if answers else registry.lang,
        modules=answers.modules if answers else (),
        applied_at=answers.applied_at if answers else None,
        tool_version=answers.tool_version if answers else "",
        upgrade=upgrade,
    )


def list_clients(
    gateway: Transport | NotionAPI,
    parent_id: str,
    *,
    fast: bool = False,
    to: Blueprint | None = None,
) -> Iterator[ClientInfo]:
    """Every client under ``parent_id``, in the parent's order, as each is read.

    Args:
        fast: read the registries only (no plan: ``status`` says "not checked").
        to: the blueprint to compare with (default: each client's own, newest at hand).
    """
    cache = RootCache()
    for root in client_roots(gateway, parent_id, cache):
        upgrade = None
        if not fast:
            upgrade = plan_upgrade(gateway, parent_id, root, to=to, cache=cache)
        yield _info(root, upgrade)
