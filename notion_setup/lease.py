"""The lease: one run at a time writes under a client's root page.

Notion has no lock, no compare-and-set and no idempotency key. What it does give is enough to
build a lease on:

* a page's children are listed in the order they were appended (an append goes at the end), and
  every run that lists them sees that same order;
* listing a block's children reads the block tree itself, so a block whose append has returned
  is in every later listing. Search is not: its index lags behind writes, so it can never show
  that nobody else holds the workspace.

A run claims the workspace by appending its own lease block (a paragraph
"🔒 notion-setup: run in progress — do not edit" carrying JSON: holder host, pid, run id, tool
version, started and expires in UTC) to the client's root page, then listing the root's
children. Among the lease blocks that are not stale, the first in child order wins: two runs that
both appended before either listed see the same order, and a run that appended after another
listed comes after it. The loser deletes its own block and stops with ``WorkspaceBusy`` (exit 9),
or waits (``--wait``). The holder renews its block before it expires and deletes it at the end,
also on failure and on Ctrl-C.

A lease is stale, and is taken over, when it expired, or when its holder is on this host and its
process is gone (a run killed with SIGKILL), or is this very process with a run id that is no
longer active (a run stopped by an exception in a test, a batch lane). ``--break-lease`` removes
a lease the user says is stale. What it cannot prevent: a hand edit that deletes the block while
its run goes on, and clocks of two machines further apart than half the lease time.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from notion_setup import __version__
from notion_setup.errors import NotionError, WorkspaceBusy, WorkspaceLimitReached
from notion_setup.messages import _
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import NotionAPI
from notion_setup.notion.results import Block
from notion_setup.output import NullReporter, Reporter

log = logging.getLogger(__name__)

#: Every lease block's text starts with this mark (whatever the workspace's language).
LEASE_MARK = "🔒 notion-setup"
#: What the lease block says to someone who opens the root page in Notion.
LEASE_TEXT = {
    "en": LEASE_MARK + ": run in progress — do not edit",
    "fr": LEASE_MARK + " : exécution en cours — ne pas modifier",
}
#: The type observe gives a lease block, which nothing else matches (see ``observe._child``).
LEASE_CHILD_TYPE = "notion_setup_lease"
DEFAULT_TTL = timedelta(minutes=10)
#: How often a waiting run lists the root's children (one read each time).
DEFAULT_POLL_S = 5.0

#: Run ids of this process whose lease is still in use (a run that ended is not in it).
_ACTIVE: set[str] = set()
_ACTIVE_LOCK = threading.Lock()


def _pause(seconds: float) -> None:
    """How a waiting run sleeps between two polls."""
    time.sleep(seconds)


def utc_now() -> datetime:
    """The current time in UTC (the lease's clock unless a test passes another)."""
    return datetime.now(UTC)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Holder:
    """What a lease block says about the run that appended it."""

    block_id: str
    host: str
    pid: int
    run_id: str
    version: str
    started: datetime
    expires: datetime


def is_lease_text(text: str) -> bool:
    """Whether a paragraph's text is a lease block's."""
    return text.startswith(LEASE_MARK)


def is_lease_block(block: Block) -> bool:
    """Whether a listed block is a lease block (observe and export skip these)."""
    return block.type == "paragraph" and is_lease_text(block.text)


def parse_holder(block_id: str, text: str) -> Holder | None:
    """The holder named by a lease block's text, or None when it is not a readable lease."""
    if not is_lease_text(text) or "{" not in text:
        return None
    try:
        data = json.loads(text[text.index("{") :])
        return Holder(
            block_id=block_id,
            host=str(data["host"]),
            pid=int(data["pid"]),
            run_id=str(data["run"]),
            version=str(data.get("version", "")),
            started=_parse_time(data["started"]),
            expires=_parse_time(data["expires"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def holders_in(children: Iterable[Any]) -> list[Holder]:
    """The readable leases among listed children (``Block`` or observe's ``Child``), in order."""
    found: list[Holder] = []
    for child in children:
        kind = getattr(child, "type", "")
        text = child.text if isinstance(child, Block) else getattr(child, "title", "")
        if kind in ("paragraph", LEASE_CHILD_TYPE):
            holder = parse_holder(child.id, text)
            if holder is not None:
                found.append(holder)
    return found


def _parse_time(value: Any) -> datetime:
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hhmm(moment: datetime) -> str:
    """A time as users read it in messages: ``14:05`` (UTC)."""
    return moment.astimezone(UTC).strftime("%H:%M")


@dataclass
class LeaseOptions:
    """How a run takes the lease: how long it waits, whether it breaks one, and its clocks."""

    wait_s: float = 0.0
    break_lease: bool = False
    ttl: timedelta = DEFAULT_TTL
    poll_s: float = DEFAULT_POLL_S
    # Both looked up when the options are made (not when this class is), so a test can drive
    # the clock of a CLI run's wait step by step instead of waiting for real.
    now: Callable[[], datetime] = field(default_factory=lambda: utc_now)
    sleep: Callable[[float], None] = field(default_factory=lambda: _pause)
    host: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)
    alive: Callable[[int], bool] = pid_alive


def in_progress_warning(holder: Holder) -> str:
    """What ``plan`` and ``export``, which never write, say when a run holds the workspace."""
    return _(
        "another run is in progress on this workspace (host {host}, pid {pid}, until "
        "{until} UTC): this plan may change when it finishes"
    ).format(host=holder.host, pid=holder.pid, until=hhmm(holder.expires))


class Lease:
    """One run's lease on one client's root page: claim, renew, release.

    Thread-safe: the steps of a run (``--jobs``) renew it from their threads.
    """

    def __init__(
        self,
        api: NotionAPI,
        client: str,
        lang: str,
        options: LeaseOptions | None = None,
        reporter: Reporter | None = None,
    ) -> None:
        self.api = api
        self.client = client
        self.lang = lang if lang in LEASE_TEXT else "en"
        self.options = options or LeaseOptions()
        self.reporter = reporter or NullReporter()
        self.run_id = uuid.uuid4().hex
        self.root_id: str | None = None
        self.block_id: str | None = None
        self.started = self.options.now()
        self.expires = self.started
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- reading

    @property
    def held(self) -> bool:
        """Whether this run holds the lease now."""
        return self.block_id is not None

    def is_stale(self, holder: Holder) -> bool:
        """Expired, or its holder is gone: on this host a dead pid, or in this very process a
        run that is no longer active.
        """
        if holder.run_id == self.run_id:
            return False
        if holder.expires <= self.options.now():
            return True
        if holder.host != self.options.host:
            return False  # another machine: honoured until it expires
        if holder.pid == self.options.pid:
            with _ACTIVE_LOCK:
                return holder.run_id not in _ACTIVE
        return not self.options.alive(holder.pid)

    def live_holder(self, children: Iterable[Any]) -> Holder | None:
        """The first lease among ``children`` that is not stale and not this run's."""
        for holder in holders_in(children):
            if holder.run_id != self.run_id and not self.is_stale(holder):
                return holder
        return None

    def current_holder(self, root_id: str) -> Holder | None:
        """Another run's live lease on ``root_id`` now (one listing)."""
        return self.live_holder(self.api.blocks.children(root_id))

    # ----------------------------------------------------------------- claiming

    def claim(self, root_id: str, seen: Iterable[Any] | None = None) -> list[Block]:
        """Take the lease of the root page, or raise ``WorkspaceBusy``.

        ``seen``: the root's children just listed (by observe); a live lease among them stops the
        run before any write. A run that loses the comparison has written only its own lease
        block, and deleted it again. Returns the root's children as listed after the claim.
        """
        if self.held:
            return []
        if self.options.break_lease:
            self._break(root_id)
        elif seen is not None:
            holder = self.live_holder(seen)
            if holder is not None:
                raise self._busy(root_id, holder)
        with _ACTIVE_LOCK:
            _ACTIVE.add(self.run_id)
        try:
            return self._append_and_compare(root_id)
        except WorkspaceBusy:
            raise
        except BaseException:
            # Ctrl-C (or a failure) while the append was on its way: the block may be there
            # without this run knowing its id. Look for it once, so that it does not linger.
            try:
                if self.block_id is None:
                    self.root_id = root_id
                    found = self._find_own(root_id)
                    self.block_id = found[0] if found else None
            finally:
                with _ACTIVE_LOCK:
                    _ACTIVE.discard(self.run_id)
            raise

    def _append_and_compare(self, root_id: str) -> list[Block]:
        now = self.options.now()
        self.started = now
        self.expires = now + self.options.ttl
        text = self._text()
        try:
            appended = self.api.blocks.append(
                root_id,
                [payloads.paragraph(text)],
                position=payloads.at_end(),
                find_existing=lambda: self._find_own(root_id),
                blueprint_path="lease",
            )
        except WorkspaceLimitReached:
            # A Free workspace at its block limit takes no new block, not even the lease; the
            # run's own writes (updates only, or it stops on the limit too) go on without it.
            self.reporter.warn(_("no lease taken: the workspace is at its block limit"))
            return []
        mine = appended[-1].id if appended else (self._find_own(root_id) or [""])[0]
        self.root_id, self.block_id = root_id, mine
        # Notion lists children in append order: the first lease that is not stale wins.
        listed = list(self.api.blocks.children(root_id))
        first: Holder | None = None
        stale: list[Holder] = []
        for holder in holders_in(listed):
            if holder.block_id == mine or holder.run_id == self.run_id:
                break
            if self.is_stale(holder):
                stale.append(holder)
                continue
            first = holder
            break
        if first is not None:
            self._delete(mine)
            self.block_id = None
            with _ACTIVE_LOCK:
                _ACTIVE.discard(self.run_id)
            raise self._busy(root_id, first)
        for holder in stale:
            self._took_over(holder)
        log.info("lease %s taken on %s until %s", self.run_id, root_id, _iso(self.expires))
        return listed

    def clear_stale(self, root_id: str, seen: Iterable[Any]) -> None:
        """Delete the stale leases among the root's children just listed (a run that needs no
        lease, because it writes nothing, still tidies what a killed run left).
        """
        self.root_id = self.root_id or root_id
        for holder in holders_in(seen):
            if self.is_stale(holder):
                self._took_over(holder)

    def _took_over(self, holder: Holder) -> None:
        self.reporter.warn(
            _("took over the stale lease of host {host}, pid {pid} (that run is gone)").format(
                host=holder.host, pid=holder.pid
            )
        )
        self._delete(holder.block_id, quiet=True)

    def _break(self, root_id: str) -> None:
        for holder in holders_in(self.api.blocks.children(root_id)):
            if holder.run_id == self.run_id:
                continue
            self.reporter.warn(
                _("removed the lease of host {host}, pid {pid} (--break-lease)").format(
                    host=holder.host, pid=holder.pid
                )
            )
            self._delete(holder.block_id, quiet=True)

    def _find_own(self, root_id: str) -> list[str] | None:
        for block in self.api.blocks.children(root_id):
            holder = parse_holder(block.id, block.text) if block.type == "paragraph" else None
            if holder is not None and holder.run_id == self.run_id:
                return [block.id]
        return None

    def _text(self) -> str:
        data = {
            "host": self.options.host,
            "pid": self.options.pid,
            "run": self.run_id,
            "version": __version__,
            "started": _iso(self.started),
            "expires": _iso(self.expires),
        }
        return LEASE_TEXT[self.lang] + " " + json.dumps(data, separators=(",", ":"))

    def _busy(self, root_id: str, holder: Holder) -> WorkspaceBusy:
        return WorkspaceBusy(
            _(
                "the workspace of {client} is in use by another run: host {host}, pid {pid}, "
                "since {since} UTC, until {until} UTC"
            ).format(
                client=self.client,
                host=holder.host,
                pid=holder.pid,
                since=hhmm(holder.started),
                until=hhmm(holder.expires),
            ),
            hint=_(
                "wait for it, or run again with --wait 600; if that run is gone: its lease "
                "expires at {until} UTC, or pass --break-lease"
            ).format(until=hhmm(holder.expires)),
            root_id=root_id,
            holder_block_id=holder.block_id,
        )

    # ----------------------------------------------------------------- keeping

    def renew_if_due(self) -> None:
        """Push the expiry forward once half of the lease time has gone (between steps)."""
        with self._lock:
            if self.block_id is None:
                return
            now = self.options.now()
            if now < self.expires - self.options.ttl / 2:
                return
            self.expires = now + self.options.ttl
            self.api.blocks.update(
                self.block_id,
                type="paragraph",
                content={"rich_text": payloads.rich_text(self._text())},
                blueprint_path="lease",
            )
            log.info("lease %s renewed until %s", self.run_id, _iso(self.expires))

    def release(self, *, gone_with_root: bool = False) -> None:
        """Delete this run's lease block (the run is over, whatever its outcome); with
        ``gone_with_root`` the root page went to the trash, and the block with it.
        """
        try:
            with self._lock:
                block_id, self.block_id = self.block_id, None
            if block_id is not None and not gone_with_root:
                self._delete(block_id)
        finally:
            with _ACTIVE_LOCK:
                _ACTIVE.discard(self.run_id)

    def _delete(self, block_id: str, *, quiet: bool = False) -> None:
        try:
            self.api.blocks.delete(block_id, lock=self.root_id, blueprint_path="lease")
        except NotionError as error:  # already in the trash, or gone: the lease is not there
            if not quiet:
                self.reporter.warn(
                    _(
                        "could not remove the lease block ({error}); it expires at {until} UTC"
                    ).format(error=error, until=hhmm(self.expires))
                )

    # ----------------------------------------------------------------- waiting

    def wait_for_release(
        self, root_id: str, deadline: datetime, stop: threading.Event | None = None
    ) -> bool:
        """Poll the root until no live lease is left, ``deadline`` or ``stop``; True when free."""
        while True:
            remaining = (deadline - self.options.now()).total_seconds()
            if stop is not None and stop.is_set():
                return False
            if remaining <= 0:
                return self.current_holder(root_id) is None
            self.options.sleep(min(self.options.poll_s, remaining))
            if self.current_holder(root_id) is None:
                return True
