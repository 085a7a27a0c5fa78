"""What Notion says it saved before failing becomes the answer of the write, never a resend."""

from __future__ import annotations

from typing import Any

from notion_setup.notion.committed import committed_children, committed_object_path
from notion_setup.retry import Failure, Outcome


def _failure(**additional_data: Any) -> Failure:
    return Failure(
        RuntimeError("503"), Outcome.COMMITTED, status=503, additional_data=additional_data
    )


def test_an_append_that_was_saved_answers_with_the_saved_blocks_in_the_order_sent() -> None:
    body = {"children": [{"type": "paragraph"}, {"type": "to_do"}]}
    failure = _failure(committed_child_ids=["b1", "b2"])
    assert committed_children("blocks/p1/children", body, failure) == {
        "object": "list",
        "results": [
            {"object": "block", "id": "b1", "type": "paragraph"},
            {"object": "block", "id": "b2", "type": "to_do"},
        ],
        "has_more": False,
        "next_cursor": None,
    }


def test_child_ids_only_count_for_an_append_and_a_resource_id_never_for_one() -> None:
    assert committed_children("pages", {}, _failure(committed_child_ids=["b1"])) is None
    saved = _failure(committed_resource_id="p9")
    assert committed_object_path("blocks/p1/children", saved) is None


def test_a_saved_create_is_retrieved_from_its_collection() -> None:
    saved = _failure(committed_resource_id="p9")
    assert committed_object_path("pages", saved) == "pages/p9"
    assert committed_object_path("data_sources", saved) == "data_sources/p9"


def test_nothing_is_adopted_without_an_id_or_outside_the_create_collections() -> None:
    assert committed_object_path("pages", _failure()) is None
    assert committed_object_path("blocks/b1", _failure(committed_resource_id="x")) is None
    assert committed_children("blocks/p1/children", {}, _failure()) is None
