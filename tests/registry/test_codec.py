"""The registry split across code blocks within Notion's limits, read back whole or not at all."""

from __future__ import annotations

import json

from hypothesis import given, settings

from notion_setup.answers import Answers
from notion_setup.notion.text_units import ARRAY_LIMIT, TEXT_LIMIT, split_utf16, utf16_len
from notion_setup.registry import Registry
from notion_setup.registry.codec import PART_BYTES, Damage, decode, encode

from .strategies import registries, registry_of


def _pieces(text: str) -> list[str]:
    return split_utf16(text)


@settings(max_examples=40, deadline=None)
@given(registries())
def test_any_registry_splits_within_notions_limits_and_joins_back_to_the_same(
    registry: Registry,
) -> None:
    parts = encode(registry)
    for part in parts:
        pieces = _pieces(part)
        assert len(pieces) <= ARRAY_LIMIT
        assert all(utf16_len(piece) <= TEXT_LIMIT for piece in pieces)
        # A request stays under Notion's 500 KB, as UTF-8 JSON (how httpx sends it).
        assert sum(len(json.dumps(p, ensure_ascii=False).encode()) for p in pieces) <= PART_BYTES
        assert "".join(pieces) == part  # no character cut in two (emoji are two UTF-16 units)
    decoded = decode(parts)
    assert decoded.damage is None and decoded.registry is not None
    assert decoded.content == registry.to_json()
    assert decoded.registry.objects == registry.objects
    assert decoded.registry.client == registry.client


def _large() -> Registry:
    # About 230,000 UTF-16 units of ids: more than one code block holds (100 x 2,000).
    return registry_of({f"row:db{i}.r{i}": f"{i:032x}" * 3 for i in range(2000)})


def test_a_registry_larger_than_one_code_block_takes_several_and_says_how_many() -> None:
    parts = encode(_large())
    assert len(parts) == 2
    assert parts[0].startswith('{"notion_setup":1,"parts":2,"sha256":"sha256:')


def test_text_that_is_large_in_utf8_takes_more_code_blocks_to_keep_requests_under_500_kb() -> None:
    # Fewer UTF-16 units than one code block holds, but 3 bytes of UTF-8 each: over 500 KB.
    registry = registry_of({f"row:db{i}.r{i}": "€" * 130 for i in range(1300)})
    assert utf16_len(registry.to_json()) < TEXT_LIMIT * ARRAY_LIMIT
    assert len(registry.to_json().encode()) > 500_000
    parts = encode(registry)
    assert len(parts) == 2
    assert all(len(p.encode()) <= PART_BYTES for p in parts)
    assert decode(parts).content == registry.to_json()


def test_F14_a_code_block_missing_is_found_out_not_taken_for_a_smallerregistry_of() -> None:
    parts = encode(_large())
    assert decode(parts[:1]).damage == Damage("incomplete", 1, 2)
    assert decode([*parts, parts[1]]).damage == Damage("incomplete", 3, 2)


def test_F14_a_code_block_cut_short_is_found_out() -> None:
    parts = encode(_large())
    assert decode([parts[0], parts[1][:-1]]).damage == Damage("invalid", 2)
    small = encode(registry_of({"page:home": "abc"}))
    assert decode([small[0][:-5]]).damage == Damage("invalid", 1)


def test_F14_a_registry_edited_by_hand_into_other_valid_json_is_found_out() -> None:
    text = encode(registry_of({"page:home": "abc"}))[0]
    edited = text.replace('"abc"', '"abd"')
    assert json.loads(edited)
    assert decode([edited]).damage == Damage("checksum", 1, 1)


def test_F14_an_empty_toggle_and_text_that_is_not_a_registry_are_damage() -> None:
    assert decode([]).damage == Damage("empty")
    assert decode(["", ""]).damage == Damage("empty")
    assert decode(["{not json"]).damage == Damage("invalid", 1)
    assert decode(['{"some": "other json"}']).damage == Damage("invalid", 1)


def test_code_blocks_emptied_by_a_shrinking_registry_are_not_counted() -> None:
    parts = encode(registry_of({"page:home": "abc"}))
    assert decode(["", parts[0], ""]).registry is not None


def test_a_registry_written_in_one_code_block_before_registries_were_split_still_reads() -> None:
    registry = registry_of({"page:home": "abc"})
    legacy = registry.to_json()  # no parts, no checksum
    decoded = decode([legacy])
    assert decoded.registry is not None and decoded.registry.objects == registry.objects
    assert decoded.content == legacy  # unchanged, so a save writes nothing


def test_the_answers_round_trip_through_the_checksum() -> None:
    answers = Answers(
        blueprint="av",
        source="av",
        blueprint_hash="sha256:00",
        lang="fr",
        blueprint_version="2.0.0",
        modules=("core", "billing"),
        variables={"vat_rate": "20", "owner_name": "Zoé 😀"},
        tool_version="1.0",
        applied_at="2026-12-02T06:00:00+00:00",
        examples=False,
    )
    parts = encode(registry_of({"page:home": "abc"}, answers))
    decoded = decode(parts)
    assert decoded.registry is not None and decoded.registry.answers == answers
