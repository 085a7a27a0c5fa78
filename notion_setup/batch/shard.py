"""``--shard I/N``: a stable slice of a manifest, so that a CI matrix spreads a batch over runners.

The unit of sharding is the token group (the clients that name the same ``token_env``), not the
client: Notion's request budget belongs to the connection, so two runners working for one token
would each pace themselves to the full budget, together send twice too much and collect 429s.
Keeping a group on one runner keeps its one pacer in charge of the whole budget.

Groups are dealt out largest first (ties broken by a SHA-256 of the variable's name, never by
position) to the shard that has the fewest clients so far. The partition therefore depends on the
manifest's content, not on its order: sorting or reshuffling the clients moves nobody. Every
runner of a matrix computes the same partition from the same manifest, without talking to the
others. Adding or removing clients may move whole groups between shards, which is harmless: each
run converges whatever runner does the work.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from notion_setup.batch.manifest import ClientSpec
from notion_setup.errors import UsageError

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (from 1) of ``count``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """Parse ``I/N`` (``2/4`` is the second of four shards; shards are numbered from 1).

    Raises:
        UsageError: the text is not ``I/N`` with ``1 <= I <= N``.
    """
    match = _SHARD.match(text)
    if match is None:
        raise UsageError(
            f"--shard {text!r}: expected I/N, e.g. --shard 2/4",
            hint="in a GitHub Actions matrix: --shard ${{ matrix.shard }}/4 "
            "with shard: [1, 2, 3, 4]",
        )
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise UsageError(
            f"--shard {text}: the shard number must be between 1 and {max(count, 1)}",
            hint="shards are numbered from 1: --shard 1/4 ... --shard 4/4",
        )
    return Shard(index, count)


def _tiebreak(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def assign_groups(sizes: Counter[str], count: int) -> dict[str, int]:
    """Deal token groups (name -> number of clients) to ``count`` shards; shard numbers from 1.

    Largest group first to the least loaded shard (the lowest number on a tie): the shards
    differ by at most the size of the largest group.
    """
    loads = [0] * count
    out: dict[str, int] = {}
    for key in sorted(sizes, key=lambda k: (-sizes[k], _tiebreak(k), k)):
        target = min(range(count), key=lambda i: (loads[i], i))
        loads[target] += sizes[key]
        out[key] = target + 1
    return out


def assign(clients: Sequence[ClientSpec], count: int) -> list[int]:
    """The shard (from 1) of each client, in the clients' order."""
    groups = assign_groups(Counter(c.token_env for c in clients), count)
    return [groups[c.token_env] for c in clients]


def select(clients: Sequence[ClientSpec], shard: Shard | None) -> tuple[ClientSpec, ...]:
    """The clients of ``shard``, in manifest order (all of them when ``shard`` is None)."""
    if shard is None:
        return tuple(clients)
    shards = assign(clients, shard.count)
    return tuple(c for c, s in zip(clients, shards, strict=True) if s == shard.index)
