"""A data-source property whose type changes keeps its rows' values where Notion converts them
(text -> options, options and numbers -> text, select -> multi-select), and loses them otherwise
(number -> date), as ``sandbox/retype.py`` documents."""

from __future__ import annotations

from typing import Any

import pytest

from notion_setup.sandbox import Sandbox
from tests.sandbox.helpers import make_db, text


def _row(api: Any, ds_id: str, title: str, **values: Any) -> str:
    props = {"Name": {"title": text(title)}, **values}
    page = api.pages.create(
        parent={"type": "data_source_id", "data_source_id": ds_id}, properties=props
    )
    return str(page["id"])


def _retype(api: Any, ds_id: str, name: str, config: dict[str, Any]) -> dict[str, Any]:
    answer = api.data_sources.update(ds_id, properties={name: config})
    return dict(answer["properties"][name])


def _value(api: Any, page_id: str, name: str) -> Any:
    prop = api.pages.retrieve(page_id)["properties"][name]
    return prop[prop["type"]]


@pytest.fixture
def table(sandbox: Sandbox, api: Any) -> tuple[str, dict[str, str]]:
    _, ds_id = make_db(
        api,
        sandbox.root_page_id,
        "Retype",
        {
            "Name": {"title": {}},
            "Note": {"rich_text": {}},
            "Tags": {"rich_text": {}},
            "Kind": {"select": {"options": [{"name": "Quote", "color": "blue"}]}},
            "Amount": {"number": {}},
            "Hours": {"number": {}},
        },
    )
    rows = {
        "a": _row(
            api,
            ds_id,
            "A",
            Note={"rich_text": text("Key account")},
            Tags={"rich_text": text("red, blue")},
            Kind={"select": {"name": "Quote"}},
            Amount={"number": 450},
            Hours={"number": 2},
        ),
        "b": _row(
            api, ds_id, "B", Note={"rich_text": text("key ACCOUNT")}, Amount={"number": 12.5}
        ),
        "empty": _row(api, ds_id, "Empty"),
    }
    return ds_id, rows


def test_text_to_select_makes_one_option_per_text_case_insensitively(
    api: Any, table: tuple[str, dict[str, str]]
) -> None:
    ds_id, rows = table
    schema = _retype(api, ds_id, "Note", {"select": {}})
    assert [o["name"] for o in schema["select"]["options"]] == ["Key account"]
    assert _value(api, rows["a"], "Note")["name"] == "Key account"
    assert _value(api, rows["b"], "Note")["name"] == "Key account"
    assert _value(api, rows["empty"], "Note") is None


def test_text_to_multi_select_splits_at_commas(api: Any, table: tuple[str, dict[str, str]]) -> None:
    ds_id, rows = table
    _retype(api, ds_id, "Tags", {"multi_select": {"options": [{"name": "blue", "color": "blue"}]}})
    assert [o["name"] for o in _value(api, rows["a"], "Tags")] == ["red", "blue"]
    assert _value(api, rows["empty"], "Tags") == []


def test_options_and_numbers_become_text_and_a_select_a_multi_select_of_one(
    api: Any, table: tuple[str, dict[str, str]]
) -> None:
    ds_id, rows = table
    _retype(api, ds_id, "Amount", {"rich_text": {}})
    assert _value(api, rows["a"], "Amount")[0]["plain_text"] == "450"
    assert _value(api, rows["b"], "Amount")[0]["plain_text"] == "12.5"
    _retype(api, ds_id, "Kind", {"multi_select": {}})
    assert [o["name"] for o in _value(api, rows["a"], "Kind")] == ["Quote"]
    _retype(api, ds_id, "Kind", {"rich_text": {}})
    assert _value(api, rows["a"], "Kind")[0]["plain_text"] == "Quote"


def test_number_to_date_loses_the_values(api: Any, table: tuple[str, dict[str, str]]) -> None:
    ds_id, rows = table
    _retype(api, ds_id, "Hours", {"date": {}})
    assert _value(api, rows["a"], "Hours") is None
    back = _retype(api, ds_id, "Hours", {"number": {}})
    assert back["type"] == "number"
    assert _value(api, rows["a"], "Hours") is None  # gone for good, not kept aside
