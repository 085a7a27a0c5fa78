"""The workspace's plan: members, the Free plan's block limit and its grace period.

A Free workspace with more than one member has 1,000 blocks for its whole life when written by
an internal integration (reference/workspace-block-limits, from 2026-09-08); the write that
reaches the limit succeeds and starts a 3-day grace period, then block-creating requests fail.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from notion_setup.sandbox.errors import ApiError
from notion_setup.sandbox.store import Store

FREE_BLOCK_LIMIT = 1000
FREE_GRACE_S = 3 * 24 * 3600.0


class PlanLimits:
    """Plan, members and block counting of a workspace (mixed into ``Workspace``)."""

    store: Store
    clock: Callable[[], float]
    #: ``set_block_limit``: a limit whose grace period is already over (403 at once).
    block_limit: int | None = None
    #: Seconds between reaching the Free plan's limit and the first refused write.
    grace_s: float = FREE_GRACE_S

    @property
    def bot_id(self) -> str:
        """The integration's bot user id."""
        return self.store.meta["bot_id"]

    @property
    def plan(self) -> str:
        """``free`` or ``paid``: the upload limit users/me shows, whether blocks are limited."""
        return self.store.meta.get("plan", "paid")

    @property
    def members(self) -> int:
        """People in the workspace (guests excluded); the users list shows them."""
        return int(self.store.meta.get("members", "1"))

    @property
    def free_block_limit(self) -> int | None:
        """1,000 on a Free workspace with more than one member (docs: workspace-block-limits)."""
        return FREE_BLOCK_LIMIT if self.plan == "free" and self.members > 1 else None

    @property
    def workspace_id(self) -> str:
        """The workspace's id (users/me ``bot.workspace_id``), stable for a state file."""
        return self.store.meta.get("workspace_id") or str(
            uuid.uuid5(uuid.NAMESPACE_URL, "sandbox-workspace:" + self.store.meta["token"])
        )

    def member(self, index: int) -> tuple[str, str | None, str]:
        """(id, display name or None, email) of member ``index`` (1-based), stable per token."""
        user_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox-member-{index}:{self.bot_id}"))
        email = f"member{index}@sandbox.invalid"
        nameless = self.members >= 2 and index == self.members
        return user_id, None if nameless else f"Sandbox Member {index}", email

    @property
    def blocks_created(self) -> int:
        """Blocks created over the workspace's life (deleting never restores capacity)."""
        return int(self.store.meta.get("blocks_created", "0"))

    def count_blocks(self, n: int) -> None:
        """Record ``n`` more created blocks; reaching the Free limit starts the grace period."""
        self.store.set_meta("blocks_created", str(self.blocks_created + n))
        limit = self.free_block_limit
        if (
            limit is not None
            and self.blocks_created >= limit
            and "grace_from" not in self.store.meta
        ):
            self.store.set_meta("grace_from", repr(self.clock()))

    @property
    def grace_ends_at(self) -> float | None:
        """Sandbox-clock time at which block-creating writes start failing (None: not started)."""
        started = self.store.meta.get("grace_from")
        return None if started is None else float(started) + self.grace_s

    def check_block_limit(self) -> None:
        """403 restricted_resource once the block limit is reached and its grace period is over.

        The write that reaches the Free limit succeeds and starts a 3-day grace period (docs);
        writes during the grace period succeed; the 403 and its body are UNCONFIRMED (the docs
        say block-creating requests fail, not how): the strict reading.
        """
        expired = self.block_limit is not None and self.blocks_created >= self.block_limit
        ends = self.grace_ends_at
        if ends is not None and self.free_block_limit is not None and self.clock() >= ends:
            expired = True
        if expired:
            raise ApiError(
                403,
                "restricted_resource",
                "This workspace has reached the Free plan's block limit: the API can no longer "
                "create blocks in it. Upgrade the workspace's plan to keep creating content.",
                additional_data={"block_limit": "block_creation"},
            )
