"""What each property type allows: values, filters, grouping, dates, charts, rollups."""

from __future__ import annotations

from notion_setup.model import READ_ONLY_TYPES

#: Property types whose values a blueprint cannot set (besides the read-only ones): they need
#: Notion user ids, uploaded files or map places that only exist in the client's workspace.
UNSETTABLE_TYPES = frozenset({"people", "files", "place"})

#: Filter condition keys Notion accepts for each property type.
FILTER_KEYS: dict[str, frozenset[str]] = {
    "title": frozenset({"title", "rich_text"}),
    "rich_text": frozenset({"rich_text"}),
    "number": frozenset({"number"}),
    "select": frozenset({"select"}),
    "multi_select": frozenset({"multi_select"}),
    "status": frozenset({"status"}),
    "date": frozenset({"date"}),
    "people": frozenset({"people"}),
    "files": frozenset({"files"}),
    "checkbox": frozenset({"checkbox"}),
    "url": frozenset({"url", "rich_text"}),
    "email": frozenset({"email", "rich_text"}),
    "phone_number": frozenset({"phone_number", "rich_text"}),
    "formula": frozenset({"formula"}),
    "relation": frozenset({"relation"}),
    "rollup": frozenset({"rollup"}),
    "unique_id": frozenset({"unique_id"}),
    "created_time": frozenset({"created_time", "date"}),
    "created_by": frozenset({"created_by", "people"}),
    "last_edited_time": frozenset({"last_edited_time", "date"}),
    "last_edited_by": frozenset({"last_edited_by", "people"}),
    "place": frozenset(),
}

#: Conditions whose value is an option (written as an option key in a blueprint).
OPTION_CONDITIONS = {
    "select": frozenset({"equals", "does_not_equal"}),
    "status": frozenset({"equals", "does_not_equal"}),
    "multi_select": frozenset({"contains", "does_not_contain"}),
}

#: Types a board (or a table) can be grouped by, as Notion's view configuration allows.
GROUPABLE_TYPES = frozenset(
    {
        "select",
        "multi_select",
        "status",
        "people",
        "created_by",
        "last_edited_by",
        "relation",
        "date",
        "created_time",
        "last_edited_time",
        "title",
        "rich_text",
        "url",
        "email",
        "phone_number",
        "number",
        "checkbox",
    }
)

#: Types a calendar or a timeline can lay rows out by.
DATE_TYPES = frozenset({"date", "created_time", "last_edited_time"})

#: Types whose values can be summed, averaged... (charts and numeric rollups).
NUMERIC_TYPES = frozenset({"number", "formula", "rollup"})

#: Rollup functions that need a particular kind of target property.
ROLLUP_NEEDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("sum", "average", "median", "min", "max", "range"), NUMERIC_TYPES),
    **dict.fromkeys(
        ("earliest_date", "latest_date", "date_range"),
        DATE_TYPES | {"formula", "rollup"},
    ),
    **dict.fromkeys(
        ("checked", "unchecked", "percent_checked", "percent_unchecked"),
        frozenset({"checkbox", "formula", "rollup"}),
    ),
}


def is_settable(prop_type: str) -> bool:
    """True when starter rows and templates may give this type a value."""
    return prop_type not in READ_ONLY_TYPES and prop_type not in UNSETTABLE_TYPES
