"""The Free plan's block limit: what the API shows of a workspace's plan, and whether a run fits.

Since 2026-09-08 a Free workspace with more than one member holds 1,000 blocks for its whole life
when an internal integration writes to it (reference/workspace-block-limits); the write that
reaches the limit succeeds and starts a 3-day grace period, then every block-creating request
fails. A freelancer added to a client's Free workspace is exactly that case, so ``apply`` checks
before writing that the plan fits (``checker``), and ``doctor`` reports what it can see.

The API does not say which plan a workspace is on. What it shows is indirect, and each inference
here is UNCONFIRMED (the live probe reports it; ``--workspace-plan free|paid`` overrides it):

- ``users/me`` ``bot.workspace_limits.max_file_upload_size_in_bytes``: 5 MiB in the recorded
  Free-looking workspace (ramnes/notion-sdk-py cassettes); paid plans allow more. Strict reading:
  exactly 5 MiB (or less) is taken as Free, more as paid; no value leaves the plan unknown, and an
  unknown plan is not limited (nothing to go on; doctor says so).
- ``GET /v1/users`` lists the workspace's members (guests are not listed, and do not count):
  more than one ``person`` means the limit applies. Strict reading: when the list cannot be read
  (no "Read user information" capability), a Free workspace is taken as limited.
- How many blocks the workspace already holds is not shown (other pages, deleted blocks that
  still count): the check counts what it can see, the blueprint's objects already there, and the
  plan's own count on top; so it is a lower bound, and Notion's 403 stays possible (exit 5, the
  next run resumes).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from notion_setup.blueprint.blocks import LEASE_BLOCKS, WORKSPACE, BlockCount, count_blocks
from notion_setup.errors import AccessError, BlockLimitWouldBeExceeded
from notion_setup.messages import _
from notion_setup.model import Workspace
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.transport import Transport
from notion_setup.observe import Observed

#: Blocks a Free workspace with more than one member holds for its whole life.
FREE_BLOCK_LIMIT = 1000
#: ``max_file_upload_size_in_bytes`` of the recorded Free-looking workspace (UNCONFIRMED sign).
FREE_UPLOAD_BYTES = 5 * 1024 * 1024
#: The values of ``--workspace-plan``.
PLANS = ("free", "paid")


@dataclass(frozen=True)
class WorkspaceLimits:
    """What the API shows of a workspace's plan, or what ``--workspace-plan`` says."""

    #: "free", "paid", or None when nothing tells.
    plan: str | None
    #: True when ``--workspace-plan`` gave the plan (nothing inferred).
    overridden: bool
    #: People in ``GET /v1/users`` (bots excluded); None when the list could not be read.
    members: int | None
    #: ``bot.workspace_limits.max_file_upload_size_in_bytes``; None when absent.
    upload_bytes: int | None

    @property
    def block_limit(self) -> int | None:
        """1,000 on a Free workspace with more than one member (or members unknown); else None."""
        if self.plan != "free":
            return None
        if self.members is not None and self.members <= 1:
            return None
        return FREE_BLOCK_LIMIT

    def describe(self) -> str:
        """``plan: Free (inferred from ..., UNCONFIRMED); members: 2; upload limit: 5 MiB``."""
        if self.plan is None:
            plan = _("plan: unknown (users/me shows no upload limit)")
        elif self.overridden:
            plan = _("plan: {plan} (from --workspace-plan)").format(plan=_plan_name(self.plan))
        else:
            plan = _(
                "plan: {plan} (inferred from the {size} upload limit, UNCONFIRMED; "
                "--workspace-plan overrides it)"
            ).format(plan=_plan_name(self.plan), size=_size(self.upload_bytes))
        members = (
            _("members: not readable (the integration cannot read user information)")
            if self.members is None
            else _("members: {n}").format(n=self.members)
        )
        upload = _("upload limit: {size}").format(size=_size(self.upload_bytes))
        return _("{plan}; {members}; {upload}").format(plan=plan, members=members, upload=upload)


def _plan_name(plan: str) -> str:
    return _("Free") if plan == "free" else _("paid")


def _size(size: int | None) -> str:
    if size is None:
        return _("not shown")
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} B"


def infer_plan(upload_bytes: int | None) -> str | None:
    """The plan: "free" for an upload limit of 5 MiB or less, "paid" above, None without one.

    UNCONFIRMED: the docs do not tie the upload limit to the plan in the API; the recordings show
    5 MiB on a Free-looking workspace.
    """
    if upload_bytes is None:
        return None
    return "free" if upload_bytes <= FREE_UPLOAD_BYTES else "paid"


def read_limits(notion: Transport | NotionAPI, override: str | None = None) -> WorkspaceLimits:
    """Read ``users/me`` and the users list; ``override`` is ``--workspace-plan``.

    Raises:
        NotionError: Notion refused ``users/me`` or could not be reached.
    """
    api = as_api(notion)
    me = api.users.me()
    bot = me.raw.get("bot")
    limits = bot.get("workspace_limits") if isinstance(bot, Mapping) else None
    raw = limits.get("max_file_upload_size_in_bytes") if isinstance(limits, Mapping) else None
    upload = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    try:
        members: int | None = sum(1 for user in api.users.list() if user.type == "person")
    except AccessError:  # no "Read user information" capability: members unknown
        members = None
    plan = override or infer_plan(upload)
    return WorkspaceLimits(plan, override is not None, members, upload)


def modules_to_drop(
    per_module: Mapping[str, int], required: Collection[str], over: int
) -> tuple[str, ...] | None:
    """The fewest optional modules whose blocks make up ``over``, in module order.

    Largest first; the last one picked is the smallest module that still closes the gap. None
    when dropping every optional module is not enough.
    """
    order = [key for key in per_module if key != WORKSPACE and key not in required]
    candidates = sorted((k for k in order if per_module[k] > 0), key=lambda k: -per_module[k])
    picked: list[str] = []
    left = over
    while left > 0 and candidates:
        enough = [k for k in candidates if per_module[k] >= left]
        choice = min(enough, key=lambda k: per_module[k]) if enough else candidates[0]
        picked.append(choice)
        candidates.remove(choice)
        left -= per_module[choice]
    if left > 0:
        return None
    return tuple(k for k in order if k in picked)


@dataclass(frozen=True)
class Selection:
    """The modules of a run: every module of the blueprint, the required ones, those kept."""

    modules: Sequence[str]
    required: Collection[str]
    kept: Sequence[str]
    only_given: bool = False

    def option_without(self, drop: Sequence[str]) -> str:
        """The option that keeps what is kept minus ``drop`` (``--only`` if it was used)."""
        kept = [k for k in self.kept if k not in drop]
        if self.only_given:
            return "--only " + ",".join(kept)
        return "--without " + ",".join(k for k in self.modules if k not in kept)


def check_fits(
    limits: WorkspaceLimits,
    blocks: BlockCount,
    *,
    existing: int,
    client: str,
    selection: Selection,
) -> None:
    """Refuse a run that would pass the workspace's block limit, naming the modules to drop.

    Raises:
        BlockLimitWouldBeExceeded: ``existing + blocks.total`` is over ``limits.block_limit``.
    """
    limit = limits.block_limit
    total = existing + blocks.total
    if limit is None or total <= limit:
        return
    drop = modules_to_drop(blocks.per_module, selection.required, total - limit)
    text = (
        _(
            "{client}: this run would add {added} blocks; with the {existing} already there "
            "that makes {total}, over the {limit} blocks a Free workspace with more than one "
            "member holds. Nothing was written.\n  {limits}"
        )
        if existing
        else _(
            "{client}: this run would add {added} blocks, over the {limit} blocks a Free "
            "workspace with more than one member holds. Nothing was written.\n  {limits}"
        )
    )
    message = text.format(
        client=client,
        added=blocks.total,
        existing=existing,
        total=total,
        limit=limit,
        limits=limits.describe(),
    )
    paid = _("if the workspace is on a paid plan, pass --workspace-plan paid")
    if drop:
        after = blocks.total - sum(blocks.per_module[k] for k in drop)
        if after == LEASE_BLOCKS:
            after = 0  # nothing left to write: such a run takes no lease either
        hint = _(
            "drop {modules} to fit (the run then adds {after} blocks): re-run with {option}; "
            "or {paid}"
        ).format(
            modules=", ".join(drop),
            after=after,
            option=selection.option_without(drop),
            paid=paid,
        )
    else:
        hint = _(
            "even without every optional module the run does not fit: upgrade the workspace's "
            "plan; or {paid}"
        ).format(paid=paid)
    raise BlockLimitWouldBeExceeded(message, hint=hint, needed=total, limit=limit, drop=drop or ())


def checker(
    notion: Transport | NotionAPI,
    workspace: Workspace,
    selection: Selection,
    *,
    override: str | None = None,
) -> Callable[[BlockCount, Observed], None]:
    """The ``check_blocks`` hook of ``apply_workspace``: reads the limits only when a plan writes.

    Blocks already there are the blueprint's objects the plan found (a lower bound: see the
    module's docstring).
    """

    def check(blocks: BlockCount, observed: Observed) -> None:
        limits = read_limits(notion, override)
        if limits.block_limit is None:
            return
        existing = 0
        if observed.root_page_id is not None:
            existing = max(0, count_blocks(workspace).total - blocks.total)
        check_fits(limits, blocks, existing=existing, client=workspace.client, selection=selection)

    return check


def selection_of(blueprint: Any, workspace: Workspace, *, only_given: bool) -> Selection:
    """The ``Selection`` of a run from its ``Blueprint`` and resolved workspace."""
    modules = blueprint.document.get("modules") or {}
    required = {k for k, m in modules.items() if isinstance(m, Mapping) and m.get("required")}
    return Selection(
        modules=tuple(modules),
        required=required,
        kept=tuple(m.key for m in workspace.modules),
        only_given=only_given,
    )
