"""Which client runs next, and the one connection each token group shares.

A *lane* is a token group at run time: the clients whose connection is the same (the same
``token_env``; every client with ``--sandbox``). A lane opens its connection for its first client
and closes it after its last one, so a batch holds at most about ``jobs`` connections whatever
the size of the manifest. Its clients share that one gateway: one pacer for the token's budget and
one set of per-parent write locks, so two clients under the same parent never write there at once.

Scheduling: at most ``jobs`` lanes are active; a free worker takes the next client of the active
lane that has the fewest clients running (the earliest lane on a tie). Distinct tokens therefore
run side by side, and when only one token is left every worker helps it, within its pacer.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence

from notion_setup.batch.manifest import ClientSpec
from notion_setup.batch.tally import attribute
from notion_setup.connect import Connection
from notion_setup.errors import NotionSetupError
from notion_setup.observe import RootCache

#: Opens the connection of a lane, given its first client.
Connect = Callable[[ClientSpec], Connection]


class Lane:
    """One token group's shared connection and per-parent registry caches."""

    def __init__(self, key: str, clients: Sequence[ClientSpec]) -> None:
        """A lane that has ``clients`` to run, in order."""
        self.key = key
        self.pending: deque[ClientSpec] = deque(clients)
        self.running = 0
        self._connection: Connection | None = None
        self._error: NotionSetupError | None = None
        self._caches: dict[str, RootCache] = {}
        self._lock = threading.Lock()

    def connection(self, connect: Connect, spec: ClientSpec) -> Connection:
        """The lane's connection, opened on first use.

        A failure to connect (a token variable that is not set) is kept and raised again for
        every client of the lane, without trying again.

        Raises:
            NotionSetupError: what ``connect`` raised.
        """
        with self._lock:
            if self._error is not None:
                raise self._error
            if self._connection is None:
                try:
                    self._connection = connect(spec)
                except NotionSetupError as error:
                    self._error = error
                    raise
                attribute(self._connection.gateway)
            return self._connection

    def cache(self, parent_id: str) -> RootCache:
        """The registries already read under ``parent_id`` by this lane's clients."""
        with self._lock:
            return self._caches.setdefault(parent_id, RootCache())

    def close(self) -> None:
        """Close the connection and drop the caches (the lane has no client left)."""
        with self._lock:
            connection, self._connection = self._connection, None
            self._caches.clear()
        if connection is not None:
            connection.close()


class Scheduler:
    """Hands clients to workers lane by lane; thread-safe."""

    def __init__(
        self,
        clients: Sequence[ClientSpec],
        *,
        lanes: int,
        lane_of: Callable[[ClientSpec], str],
    ) -> None:
        """Plan the lanes of ``clients``; ``lanes`` of them may be active at once."""
        groups: dict[str, list[ClientSpec]] = {}
        for spec in clients:
            groups.setdefault(lane_of(spec), []).append(spec)
        self._waiting: deque[tuple[str, list[ClientSpec]]] = deque(groups.items())
        self._active: list[Lane] = []
        self._max_active = max(1, lanes)
        self._halted = False
        self._lock = threading.Lock()

    def take(self) -> tuple[ClientSpec, Lane] | None:
        """The next client and its lane, or None when nothing is left (or after ``halt``)."""
        with self._lock:
            if self._halted:
                return None
            while len([lane for lane in self._active if lane.pending]) < self._max_active:
                if not self._waiting:
                    break
                key, specs = self._waiting.popleft()
                self._active.append(Lane(key, specs))
            ready = [lane for lane in self._active if lane.pending]
            if not ready:
                return None
            lane = min(ready, key=lambda candidate: candidate.running)
            lane.running += 1
            return lane.pending.popleft(), lane

    def finish(self, lane: Lane) -> bool:
        """Count a client of ``lane`` as done; True when the lane has nothing left (close it)."""
        with self._lock:
            lane.running -= 1
            if lane.pending or lane.running:
                return False
            self._active.remove(lane)
            return True

    def halt(self) -> list[ClientSpec]:
        """Start no more clients; return those that will not run, in manifest order."""
        with self._lock:
            self._halted = True
            left: list[ClientSpec] = []
            for lane in self._active:
                left.extend(lane.pending)
                lane.pending.clear()
            for _, specs in self._waiting:
                left.extend(specs)
            self._waiting.clear()
        return sorted(left, key=lambda spec: spec.index)

    def open_lanes(self) -> list[Lane]:
        """Lanes that still have clients running (for a final clean-up)."""
        with self._lock:
            return list(self._active)
