"""A small hand-built workspace that exercises every planning rule (no blueprint file needed)."""

from __future__ import annotations

from notion_setup.model import (
    Database,
    LinkedView,
    Module,
    Option,
    Page,
    Property,
    Row,
    Template,
    View,
    Workspace,
)


def small_workspace(client: str = "Acme") -> Workspace:
    """Clients <-> invoices (two-way), invoices -> invoices (self), a rollup, a formula."""
    clients = Database(
        key="clients",
        title="Clients",
        module="core",
        properties=(
            Property("name", "Name", "title"),
            Property("email", "Email", "email"),
            Property(
                "invoices",
                "Invoices",
                "relation",
                relation_target="invoices",
            ),
            Property(
                "billed",
                "Billed",
                "rollup",
                rollup_relation="invoices",
                rollup_property="amount",
                rollup_function="sum",
            ),
        ),
        views=(View("all", "All clients", "table", properties=("name", "email")),),
        rows=(Row("acme", {"name": "Acme Corp", "email": "hi@acme.test"}),),
    )
    invoices = Database(
        key="invoices",
        title="Invoices",
        module="billing",
        properties=(
            Property("name", "Invoice", "title"),
            Property("amount", "Amount", "number", number_format="euro"),
            Property(
                "state",
                "State",
                "status",
                options=(
                    Option("draft", "Draft", "gray", group="to_do"),
                    Option("sent", "Sent", "blue", group="in_progress"),
                    Option("paid", "Paid", "green", group="complete"),
                ),
            ),
            Property("due", "Due", "date"),
            Property(
                "client",
                "Client",
                "relation",
                relation_target="clients",
                two_way_name="Invoices",
                two_way_key="invoices",
            ),
            Property("credit_of", "Credit note of", "relation", relation_target="invoices"),
            Property("total", "Total", "formula", expression='prop("Amount") * 1.2'),
        ),
        views=(
            View("all", "All invoices", "table"),
            View("board", "By state", "board", group_by="state"),
            View("calendar", "Due dates", "calendar", date_property="due"),
        ),
        rows=(
            Row("first", {"name": "INV-1", "amount": 100, "state": "Draft", "client": ("acme",)}),
            Row("credit", {"name": "CN-1", "amount": -20, "credit_of": ("first",)}),
        ),
    )
    home = Page(
        key="home",
        title="Home",
        module="core",
        body="# Welcome\n\nStart here.",
        linked_views=(LinkedView("unpaid", "invoices", View("unpaid", "Unpaid", "table")),),
    )
    sop = Page(key="sop", title="How we work", module="core", body="1. Read\n2. Do", parent="home")
    return Workspace(
        blueprint="test",
        lang="en",
        client=client,
        title=f"{client} workspace",
        icon="🗂️",
        body="Hello",
        modules=(Module("core", "Core", ""), Module("billing", "Billing", "")),
        databases=(clients, invoices),
        pages=(home, sop),
        templates=(
            Template("invoice", "invoices", "New invoice", "billing", {"state": "Draft"}, "Lines"),
        ),
        templates_page_title="Templates",
        variables={},
    )
