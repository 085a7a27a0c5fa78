"""--shard I/N: the shards partition the manifest exactly, keep token groups whole, stay stable."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notion_setup.batch import ClientSpec, Shard, assign, parse_shard, select
from notion_setup.errors import ExitCode, UsageError


def clients_from(tokens: list[str]) -> list[ClientSpec]:
    return [
        ClientSpec(f"client {n}", "av", None, "en", token, index=n)
        for n, token in enumerate(tokens)
    ]


manifests = st.lists(st.sampled_from([f"TOKEN_{c}" for c in "ABCDEFGHIJ"]), max_size=60).map(
    clients_from
)


@given(manifests, st.integers(min_value=1, max_value=12))
def test_the_shards_partition_the_manifest_exactly(clients: list[ClientSpec], count: int) -> None:
    shards = [select(clients, Shard(i, count)) for i in range(1, count + 1)]
    names = [c.name for shard in shards for c in shard]
    assert sorted(names) == sorted(c.name for c in clients)  # every client, once
    assert len(names) == len(set(names))
    for shard in shards:  # manifest order inside a shard
        assert [c.index for c in shard] == sorted(c.index for c in shard)


@given(manifests, st.integers(min_value=1, max_value=12))
def test_clients_of_one_token_share_a_shard(clients: list[ClientSpec], count: int) -> None:
    where: dict[str, set[int]] = {}
    for spec, shard in zip(clients, assign(clients, count), strict=True):
        where.setdefault(spec.token_env, set()).add(shard)
    assert all(len(shards) == 1 for shards in where.values())


@given(manifests, st.integers(min_value=1, max_value=12), st.randoms(use_true_random=False))
def test_reordering_the_manifest_moves_nobody(
    clients: list[ClientSpec], count: int, rng: random.Random
) -> None:
    shuffled = list(clients)
    rng.shuffle(shuffled)
    before = dict(zip((c.name for c in clients), assign(clients, count), strict=True))
    after = dict(zip((c.name for c in shuffled), assign(shuffled, count), strict=True))
    assert before == after


@given(manifests, st.integers(min_value=1, max_value=12))
def test_shards_differ_by_at_most_the_largest_token_group(
    clients: list[ClientSpec], count: int
) -> None:
    sizes = Counter(assign(clients, count))
    loads = [sizes.get(i, 0) for i in range(1, count + 1)]
    largest = max(Counter(c.token_env for c in clients).values(), default=0)
    assert max(loads) - min(loads) <= largest


def test_distinct_tokens_spread_evenly() -> None:
    clients = clients_from([f"TOKEN_{n}" for n in range(10)])
    assert sorted(Counter(assign(clients, 4)).values()) == [2, 2, 3, 3]


@pytest.mark.parametrize(("text", "shard"), [("1/1", Shard(1, 1)), (" 3 / 4 ", Shard(3, 4))])
def test_parse_shard(text: str, shard: Shard) -> None:
    assert parse_shard(text) == shard
    assert str(shard) == text.replace(" ", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2", "--shard '2': expected I/N, e.g. --shard 2/4"),
        ("a/b", "--shard 'a/b': expected I/N, e.g. --shard 2/4"),
        ("0/4", "--shard 0/4: the shard number must be between 1 and 4"),
        ("5/4", "--shard 5/4: the shard number must be between 1 and 4"),
        ("1/0", "--shard 1/0: the shard number must be between 1 and 1"),
    ],
)
def test_a_bad_shard_is_a_usage_error(text: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_shard(text)
    assert info.value.message == message and info.value.exit_code == ExitCode.USAGE
