"""What the probe creates, as the tool's own model: two databases, their rows, a page body.

The probe builds every request body with the functions ``apply`` uses (``notion.payloads``,
``notion.markdown``), from these model objects: a difference the probe reports is a difference
the tool meets on a real run. The names are English on purpose (the scratch page is the user's
to delete, and a bug report reads the same in every language).
"""

from __future__ import annotations

from notion_setup.model import Chart, Database, Option, Property, Row, Sort, View

#: Title of the scratch page, followed by the UTC time of the run.
SCRATCH_TITLE = "notion-setup probe"

CLIENTS = Database(
    key="clients",
    title="Probe clients",
    module="probe",
    properties=(
        Property("name", "Name", "title"),
        Property("budget", "Budget", "number", number_format="euro"),
        Property("tasks", "Tasks", "relation", relation_target="tasks", two_way_key="client"),
    ),
    views=(),
    rows=(Row("acme", {"name": "Probe client", "budget": 1200}),),
)

#: Status options: names a server could not guess the group of, two in one group.
STATUS_OPTIONS = (
    Option("backlog", "Backlog", "gray", group="to_do"),
    Option("doing", "Doing", "blue", group="in_progress"),
    Option("blocked", "Blocked", "red", group="in_progress"),
    Option("shipped", "Shipped", "green", group="complete"),
)

#: The option the probe adds later, without a group (Notion puts it in To-do).
ADDED_STATUS = Option("review", "Review", "purple")

TASKS = Database(
    key="tasks",
    title="Probe tasks",
    module="probe",
    properties=(
        Property("name", "Name", "title"),
        Property("notes", "Notes", "rich_text", description="Free text"),
        Property("estimate", "Estimate", "number", number_format="number_with_commas"),
        Property(
            "kind",
            "Kind",
            "select",
            options=(Option("call", "Call", "blue"), Option("mail", "Mail", "green")),
        ),
        Property(
            "tags",
            "Tags",
            "multi_select",
            options=(Option("urgent", "Urgent", "red"), Option("client", "Client", "purple")),
        ),
        Property("stage", "Stage", "status", options=STATUS_OPTIONS),
        Property("due", "Due", "date"),
        Property("done", "Done", "checkbox"),
        Property("link", "Link", "url"),
        Property("mail", "Email", "email"),
        Property("phone", "Phone", "phone_number"),
        Property("owner", "Owner", "people"),
        Property("files", "Files", "files"),
        Property(
            "client",
            "Client",
            "relation",
            relation_target="clients",
            two_way_name="Tasks",
            two_way_key="tasks",
        ),
        Property(
            "budget",
            "Client budget",
            "rollup",
            rollup_relation="client",
            rollup_property="budget",
            rollup_function="sum",
        ),
        Property("double", "Double estimate", "formula", expression='prop("Estimate") * 2'),
        Property("number", "Number", "unique_id", unique_id_prefix="PRB"),
        Property("created", "Created", "created_time"),
    ),
    views=(
        View(
            "all",
            "All tasks",
            "table",
            properties=("name", "stage", "estimate"),
            filter={"property": "kind", "select": {"equals": "Call"}},
            sorts=(Sort("estimate", "descending"),),
        ),
        View("by_stage", "By stage", "board", group_by="stage"),
        View("calendar", "Calendar", "calendar", date_property="due"),
        View("timeline", "Timeline", "timeline", date_property="due"),
        View("list", "List", "list"),
        View("gallery", "Gallery", "gallery"),
        View(
            "chart",
            "Chart",
            "chart",
            chart=Chart("column", x_axis="kind", y_aggregator="sum", y_property="estimate"),
        ),
    ),
    rows=(
        Row(
            "task",
            {
                "name": "Probe task",
                "notes": "Some notes",
                "estimate": 3,
                "kind": "Call",
                "tags": ("Urgent", "Client"),
                "stage": "Doing",
                "due": "2026-12-01",
                "done": True,
                "link": "https://example.com/probe",
                "mail": "probe@example.com",
                "phone": "+33 1 23 45 67 89",
                "client": ("acme",),
            },
        ),
    ),
)

#: A view that names its filter and sort properties by name (the views guide's own examples).
NAMED_VIEW = View(
    "named",
    "Named filter",
    "list",
    filter={"property": "kind", "select": {"equals": "Call"}},
    sorts=(Sort("estimate", "ascending"),),
)

#: The Markdown body of the probe's page: every block kind ``notion.markdown`` writes.
PAGE_TITLE = "Probe page"
PAGE_MARKDOWN = """# A heading

A paragraph with **bold**, *italic*, `code` and a [link](https://example.com).
A second line of the same paragraph.

## A smaller heading

- a bullet
  - a nested bullet
- [x] a done to-do
1. a numbered item

> 💡 a callout

> a quote

---

```python
print("probe")
```

| Column | Other |
|---|---|
| a | b |

+++ A toggle
Inside the toggle.
+++
"""
