"""Notion's schema vocabulary: property types, number formats, rollup functions, colours, limits.

Lists from notion-api.md (the API reference) and Notion's request types; one place for them, used
by the schema editor, property values and filters.
"""

from __future__ import annotations

PROPERTY_TYPES = (
    "title",
    "rich_text",
    "number",
    "select",
    "multi_select",
    "status",
    "date",
    "people",
    "files",
    "checkbox",
    "url",
    "email",
    "phone_number",
    "formula",
    "relation",
    "rollup",
    "unique_id",
    "created_time",
    "created_by",
    "last_edited_time",
    "last_edited_by",
    "place",
    "button",
)
#: In Notion's create union but not creatable (verification) or undocumented (strict reading).
REFUSED_TYPES = ("verification", "location", "last_visited_time")
READ_ONLY = (
    "formula",
    "rollup",
    "unique_id",
    "created_time",
    "created_by",
    "last_edited_time",
    "last_edited_by",
    "button",
)
NUMBER_FORMATS = (
    "number",
    "number_with_commas",
    "percent",
    "dollar",
    "australian_dollar",
    "canadian_dollar",
    "singapore_dollar",
    "euro",
    "pound",
    "yen",
    "ruble",
    "rupee",
    "won",
    "yuan",
    "real",
    "lira",
    "rupiah",
    "franc",
    "hong_kong_dollar",
    "new_zealand_dollar",
    "krona",
    "norwegian_krone",
    "mexican_peso",
    "rand",
    "new_taiwan_dollar",
    "danish_krone",
    "zloty",
    "baht",
    "forint",
    "koruna",
    "shekel",
    "chilean_peso",
    "philippine_peso",
    "dirham",
    "colombian_peso",
    "riyal",
    "ringgit",
    "leu",
    "argentine_peso",
    "uruguayan_peso",
    "peruvian_sol",
    "vietnamese_dong",
    "pakistani_rupee",
    "nigerian_naira",
    "bitcoin",
)
ROLLUP_FUNCTIONS = (
    "count",
    "count_values",
    "empty",
    "not_empty",
    "unique",
    "show_unique",
    "percent_empty",
    "percent_not_empty",
    "sum",
    "average",
    "median",
    "min",
    "max",
    "range",
    "earliest_date",
    "latest_date",
    "date_range",
    "checked",
    "unchecked",
    "percent_checked",
    "percent_unchecked",
    "count_per_group",
    "percent_per_group",
    "show_original",
)
OPTION_COLORS = (
    "default",
    "gray",
    "brown",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "pink",
    "red",
)
STATUS_GROUPS = (("To-do", "gray"), ("In progress", "blue"), ("Complete", "green"))
DEFAULT_STATUS = (
    ("Not started", "default", "To-do"),
    ("In progress", "blue", "In progress"),
    ("Done", "green", "Complete"),
)
MAX_DESCRIPTION = 280
MAX_OPTIONS = 100
#: Option-name length: UNCONFIRMED in Notion's docs; the strict choice is 100.
MAX_OPTION_NAME = 100
ZERO_SPACE = "00000000-0000-0000-0000-000000000000"
ZERO_SPACE = "00000000-0000-0000-0000-000000000000"
