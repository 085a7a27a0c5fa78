"""The parts of the preview: values Notion computes, formats, filters, views, charts, diagram."""

from __future__ import annotations

from datetime import date

import pytest

from notion_setup.preview.cells import format_date, format_number
from notion_setup.preview.charts import buckets, render_chart
from notion_setup.preview.data import Dataset, NotComputed
from notion_setup.preview.diagram import relation_edges, render_diagram
from notion_setup.preview.filtering import filter_rows, sort_rows
from notion_setup.preview.formula import Unsupported, evaluate
from notion_setup.preview.i18n import Words
from notion_setup.preview.markdown_html import render_markdown
from notion_setup.preview.views import Ctx, render_view

from .htmlcheck import check
from .workspace_fixture import TODAY, make_workspace


@pytest.mark.parametrize(
    ("value", "fmt", "lang", "expected"),
    [
        (1234.5, "euro", "en", "€1,234.50"),
        (1234.5, "euro", "fr", "1\u202f234,50\u00a0€"),
        (0.2, "percent", "en", "20%"),
        (0.125, "percent", "fr", "12,5\u202f%"),
        (1500, "number_with_commas", "en", "1,500"),
        (1500, None, "en", "1500"),
        (1.5, None, "fr", "1,5"),
        (99, "dollar", "en", "$99.00"),
    ],
)
def test_numbers_look_as_in_notion(value: float, fmt: str | None, lang: str, expected: str) -> None:
    assert format_number(value, fmt, lang) == expected


def test_dates_use_the_full_date_style() -> None:
    assert format_date(date(2026, 3, 4), Words("en")) == "March 4, 2026"
    assert format_date(date(2026, 3, 4), Words("fr")) == "4 mars 2026"


def test_formulas_evaluate_the_supported_subset() -> None:
    values = {"Amount": 450.0, "Due": date(2026, 3, 14), "Paid": True}
    assert evaluate('prop("Amount") * (1 + 20 / 100)', values.__getitem__, TODAY) == 540.0
    assert evaluate('dateBetween(prop("Due"), now(), "days")', values.__getitem__, TODAY) == 10
    assert evaluate('if(prop("Paid"), "yes", "no")', values.__getitem__, TODAY) == "yes"
    assert evaluate('prop("Amount") > 500 ? "big" : "small"', values.__getitem__, TODAY) == "small"
    with pytest.raises(Unsupported):
        evaluate('slice(prop("Due"), 1)', values.__getitem__, TODAY)


def test_computed_values_two_way_relations_rollups_ids() -> None:
    ws = make_workspace("en")
    data = Dataset(ws, TODAY)
    clients, invoices = ws.database("clients"), ws.database("invoices")
    acme = clients.rows[0]
    # The synced side of the two-way relation is filled from the invoices' "client" values.
    assert data.value(clients, acme, clients.property("invoices")) == ("i1", "i2")
    assert data.value(clients, acme, clients.property("billed")) == 1650.5
    i1 = invoices.rows[0]
    assert data.value(invoices, i1, invoices.property("total")) == 1440.0
    assert data.value(invoices, invoices.rows[2], invoices.property("number")) == "INV-3"
    assert isinstance(data.value(invoices, i1, invoices.property("odd")), NotComputed)
    assert data.value(invoices, i1, invoices.property("due")) == date(2026, 3, 10)


def test_filters_and_sorts_follow_notion() -> None:
    ws = make_workspace("en")
    data = Dataset(ws, TODAY)
    invoices, tasks = ws.database("invoices"), ws.database("tasks")
    unpaid = filter_rows(
        data, invoices, {"property": "state", "status": {"does_not_equal": "Paid"}}
    )
    assert [r.key for r in unpaid.rows] == ["i2", "i3"] and unpaid.exact
    soon = filter_rows(data, invoices, {"property": "due", "date": {"next_week": {}}})
    assert [r.key for r in soon.rows] == ["i1"]
    this_week = filter_rows(
        data,
        tasks,
        {"and": [{"property": "done", "checkbox": {"equals": False}},
                 {"property": "start", "date": {"this_week": {}}}]},
    )  # fmt: skip
    assert [r.key for r in this_week.rows] == ["t1"]
    unknown = filter_rows(data, invoices, {"property": "amount", "number": {"is_prime": True}})
    assert len(unknown.rows) == 3 and not unknown.exact
    from notion_setup.model import Sort

    by_amount = sort_rows(data, invoices, invoices.rows, (Sort("amount", "descending"),))
    assert [r.key for r in by_amount] == ["i1", "i2", "i3"]
    by_due = sort_rows(data, invoices, invoices.rows, (Sort("due"),))
    assert [r.key for r in by_due] == ["i1", "i2", "i3"]  # empty due date last


def test_board_columns_follow_status_groups_and_count_cards() -> None:
    ws = make_workspace("en")
    ctx = Ctx(Dataset(ws, TODAY), Words("en"))
    invoices = ws.database("invoices")
    html = render_view(ctx, invoices, invoices.views[1])
    assert check(html).errors == []
    heads = [h for h in ("Draft", "Sent", "Paid")]
    positions = [html.index(f'aria-label="{h}"') for h in heads]
    assert positions == sorted(positions)
    assert html.count('<article class="card">') == 3


def test_calendar_places_rows_on_their_day() -> None:
    ws = make_workspace("en")
    ctx = Ctx(Dataset(ws, TODAY), Words("en"))
    invoices = ws.database("invoices")
    html = render_view(ctx, invoices, invoices.views[2])
    assert "March 2026" in html
    day = html.split('aria-label="March 10, 2026"', 1)[1].split("</div></div>", 1)[0]
    assert "INV Acme March" in day
    assert 'class="cal-day today' in html


def test_timeline_draws_one_bar_per_dated_row() -> None:
    ws = make_workspace("fr")
    ctx = Ctx(Dataset(ws, TODAY), Words("fr"))
    tasks = ws.database("tasks")
    html = render_view(ctx, tasks, tasks.views[0])
    assert html.count('class="tl-bar"') == 2
    assert "2 mars 2026 – 6 mars 2026" in html


def test_chart_aggregates_and_describes_itself() -> None:
    ws = make_workspace("en")
    data = Dataset(ws, TODAY)
    invoices = ws.database("invoices")
    chart = invoices.views[4].chart
    assert chart is not None
    got = [(b.label, b.value) for b in buckets(data, invoices, invoices.rows, chart, Words("en"))]
    assert got == [("Draft", 300.0), ("Sent", 450.5), ("Paid", 1200.0)]
    html = render_chart(data, invoices, invoices.rows, chart, Words("en"))
    assert (
        'aria-label="column chart of sum Amount by State: Draft: €300.00; Sent: €450.50; '
        'Paid: €1,200.00."'
    ) in html
    number = invoices.views[6].chart
    assert number is not None
    assert '<div class="big-number">3</div>' in render_chart(
        data, invoices, invoices.rows, number, Words("en")
    )


def test_diagram_shows_two_way_one_way_self_relations_and_rollups() -> None:
    ws = make_workspace("en")
    edges = {(e.source, e.target, e.two_way) for e in relation_edges(ws)}
    assert edges == {
        ("clients", "invoices", True),
        ("tasks", "clients", False),
        ("tasks", "tasks", False),
    }
    html = render_diagram(ws, Words("en"))
    assert check(html).errors == []
    assert html.count('class="edge two-way" marker-start="url(#arrow)" marker-end') == 1
    assert html.count('class="edge one-way" marker-end="url(#arrow)"') == 2
    assert "<title>Diagram of 3 databases and their relations: " in html
    assert "Clients ⇄ Invoices (two-way, “Invoices” / “Client”)" in html
    assert "<li>Billed: sum of Amount in Invoices</li>" in html


def test_bodies_render_the_blocks_apply_sends() -> None:
    html = render_markdown(
        "# Title\n\n- [x] done\n- [ ] <i>open</i>\n\n> 💡 Tip\n\n+++ More\nInside\n+++",
        heading_offset=2,
    )
    assert html.startswith('<h3 class="md-h">Title</h3>')
    assert 'aria-label="checked">☑' in html and "&lt;i&gt;open&lt;/i&gt;" in html
    assert '<span class="callout-icon" aria-hidden="true">💡</span>' in html
    assert '<details class="toggle"><summary>More</summary><p>Inside</p></details>' in html
    assert check(html).errors == []
