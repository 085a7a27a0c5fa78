"""A hand-made workspace that uses every part of the preview, in English and French."""

from __future__ import annotations

from datetime import date

from notion_setup.model import (
    Chart,
    Database,
    LinkedView,
    Module,
    Option,
    Page,
    Property,
    Row,
    Sort,
    Template,
    View,
    Workspace,
)

TODAY = date(2026, 3, 4)  # a Wednesday


def make_workspace(lang: str = "en", *, client: str = "Acme") -> Workspace:
    """Clients <-> invoices (two-way, rolled up), tasks -> clients (one-way), tasks -> tasks."""
    fr = lang == "fr"
    clients = Database(
        key="clients",
        title="Clients",
        module="core",
        icon="👥",
        description="Everyone you work for" if not fr else "Toutes vos clientes",
        properties=(
            Property("name", "Name" if not fr else "Nom", "title"),
            Property("email", "Email", "email"),
            Property(
                "tier",
                "Tier",
                "select",
                options=(Option("vip", "VIP", "red"), Option("std", "Standard", "gray")),
            ),
            Property(
                "invoices",
                "Invoices" if not fr else "Factures",
                "relation",
                relation_target="invoices",
                two_way_key="client",
            ),
            Property(
                "billed",
                "Billed" if not fr else "Facturé",
                "rollup",
                rollup_relation="invoices",
                rollup_property="amount",
                rollup_function="sum",
            ),
        ),
        views=(
            View("all", "All clients", "table", sorts=(Sort("name"),)),
            View("cards", "Cards", "gallery"),
        ),
        rows=(
            Row(
                "acme", {"name": "Acme", "email": "hi@acme.test", "tier": "VIP"}, "Met at **expo**."
            ),
            Row("globex", {"name": "Globex", "tier": "Standard"}),
        ),
    )
    invoices = Database(
        key="invoices",
        title="Invoices" if not fr else "Factures",
        module="billing",
        icon="🧾",
        parent="finance",
        properties=(
            Property("title", "Invoice" if not fr else "Facture", "title"),
            Property("amount", "Amount" if not fr else "Montant", "number", number_format="euro"),
            Property(
                "state",
                "State" if not fr else "État",
                "status",
                options=(
                    Option("draft", "Draft", "gray", group="to_do"),
                    Option("sent", "Sent", "blue", group="in_progress"),
                    Option("paid", "Paid", "green", group="complete"),
                ),
            ),
            Property("due", "Due", "date"),
            Property(
                "total",
                "Total",
                "formula",
                expression='prop("{}") * 1.2'.format("Amount" if not fr else "Montant"),
            ),
            Property("odd", "Odd", "formula", expression='slice(prop("Due"), 1)'),
            Property(
                "client",
                "Client",
                "relation",
                relation_target="clients",
                two_way_name="Invoices" if not fr else "Factures",
                two_way_key="invoices",
            ),
            Property("number", "Number", "unique_id", unique_id_prefix="INV"),
        ),
        views=(
            View("all", "All invoices", "table", properties=("amount", "state", "client", "total")),
            View("by_state", "By state", "board", group_by="state"),
            View("due", "Due dates", "calendar", date_property="due"),
            View(
                "unpaid",
                "Unpaid",
                "list",
                filter={"property": "state", "status": {"does_not_equal": "Paid"}},
            ),
            View(
                "chart",
                "Amount by state",
                "chart",
                chart=Chart("column", x_axis="state", y_aggregator="sum", y_property="amount"),
            ),
            View("donut", "Share", "chart", chart=Chart("donut", x_axis="state")),
            View("count", "How many", "chart", chart=Chart("number")),
        ),
        rows=(
            Row(
                "i1",
                {
                    "title": "INV Acme March",
                    "amount": 1200,
                    "state": "Paid",
                    "due": "2026-03-10",
                    "client": ("acme",),
                },
            ),
            Row(
                "i2",
                {
                    "title": "INV Acme April",
                    "amount": 450.5,
                    "state": "Sent",
                    "due": "2026-03-20",
                    "client": ("acme",),
                },
            ),
            Row(
                "i3",
                {"title": "INV Globex", "amount": 300, "state": "Draft", "client": ("globex",)},
            ),
        ),
    )
    tasks = Database(
        key="tasks",
        title="Tasks" if not fr else "Tâches",
        module="core",
        icon="✅",
        properties=(
            Property("name", "Task" if not fr else "Tâche", "title"),
            Property("start", "Start", "date"),
            Property("end", "End", "date"),
            Property("done", "Done", "checkbox"),
            Property(
                "tags",
                "Tags",
                "multi_select",
                options=(Option("admin", "Admin", "purple"), Option("mail", "Mail", "yellow")),
            ),
            Property("client", "Client", "relation", relation_target="clients"),
            Property("parent", "Parent", "relation", relation_target="tasks"),
        ),
        views=(
            View("plan", "Plan", "timeline", date_property="start", end_date_property="end"),
            View(
                "open",
                "Open this week",
                "table",
                filter={
                    "and": [
                        {"property": "done", "checkbox": {"equals": False}},
                        {"property": "start", "date": {"this_week": {}}},
                    ]
                },
            ),
        ),
        rows=(
            Row(
                "t1",
                {
                    "name": "Sort inbox",
                    "start": "2026-03-02",
                    "end": "2026-03-06",
                    "done": False,
                    "tags": ("Admin", "Mail"),
                    "client": ("acme",),
                },
            ),
            Row(
                "t2",
                {
                    "name": "Year-end close",
                    "start": "2026-03-16",
                    "end": "2026-03-27",
                    "done": True,
                    "parent": ("t1",),
                },
            ),
        ),
    )
    home = Page(
        key="home",
        title="Home" if not fr else "Accueil",
        module="core",
        icon="🏠",
        body="# Welcome\n\n- [x] Read this\n- [ ] Call <b>Acme</b>\n\n> 💡 Tip: tabs switch views.",
        linked_views=(
            LinkedView(
                "soon",
                "invoices",
                View(
                    "soon",
                    "Due soon",
                    "table",
                    filter={"property": "due", "date": {"next_week": {}}},
                ),
            ),
        ),
    )
    finance = Page(key="finance", title="Finance", module="billing", icon="💶", body="")
    sop = Page(
        key="sop",
        title="SOP",
        module="core",
        parent="home",
        body="1. One\n2. Two\n\n```\ncode <here>\n```",
    )
    template = Template(
        key="invoice",
        database="invoices",
        title="New invoice",
        module="billing",
        icon="🧾",
        values={"state": "Draft", "amount": 100},
        body="## Lines\n\n| Item | Price |\n|---|---|\n| Work | 100 |",
    )
    return Workspace(
        blueprint="fixture",
        lang="fr" if fr else "en",
        client=client,
        title=f"{client} workspace",
        icon="🗂️",
        body=f"Hello **{client}**. [Docs](https://example.com/docs) and [bad](javascript:alert(1))",
        modules=(Module("core", "Core", "Always"), Module("billing", "Billing", "Money")),
        databases=(clients, invoices, tasks),
        pages=(home, finance, sop),
        templates=(template,),
        templates_page_title="Templates" if not fr else "Modèles",
        variables={"currency": "EUR"},
    )
