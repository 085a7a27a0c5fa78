"""Database views drawn from the starter rows: table, board, calendar, timeline, gallery, list."""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from notion_setup.model import Database, Property, Row, View
from notion_setup.preview.cells import (
    find_option,
    format_date,
    option_chip,
    plain_value,
    render_value,
    type_icon,
)
from notion_setup.preview.charts import render_chart
from notion_setup.preview.data import Dataset, NotComputed
from notion_setup.preview.filtering import filter_rows, sort_rows
from notion_setup.preview.html import esc
from notion_setup.preview.i18n import WEEKDAYS, Words
from notion_setup.preview.markdown_html import render_markdown


@dataclass(frozen=True)
class Ctx:
    """What every view renderer needs."""

    data: Dataset
    words: Words


def visible_properties(db: Database, view: View, *, card: bool = False) -> list[Property]:
    """The properties a view shows, title first, as Notion orders them."""
    if view.properties:
        props = [p for key in view.properties if (p := _safe(db, key)) is not None]
    elif card:
        # Cards show a few useful properties by default rather than every column.
        skip = {"title", "created_time", "last_edited_time", "created_by", "last_edited_by"}
        props = [p for p in db.properties if p.type not in skip][:3]
    else:
        props = list(db.properties)
    title = db.title_property
    return [title] + [p for p in props if p.key != title.key]


def _safe(db: Database, key: str) -> Property | None:
    try:
        return db.property(key)
    except KeyError:
        return None


def view_rows(ctx: Ctx, db: Database, view: View) -> tuple[tuple[Row, ...], bool]:
    """The rows a view shows, filtered and sorted, and whether the filter was fully simulated."""
    result = filter_rows(ctx.data, db, view.filter)
    return tuple(sort_rows(ctx.data, db, result.rows, view.sorts)), result.exact


def render_view(ctx: Ctx, db: Database, view: View) -> str:
    """The body of one view."""
    rows, _exact = view_rows(ctx, db, view)
    renderers = {
        "board": _board,
        "calendar": _calendar,
        "timeline": _timeline,
        "gallery": _gallery,
        "list": _list,
    }
    if view.type == "chart" and view.chart is not None:
        return render_chart(ctx.data, db, rows, view.chart, ctx.words)
    if view.type in renderers:
        return renderers[view.type](ctx, db, view, rows)
    return _table(ctx, db, view, rows)


def _cell(ctx: Ctx, db: Database, row: Row, prop: Property) -> str:
    return render_value(ctx.data, db, prop, ctx.data.value(db, row, prop), ctx.words)


def _table(ctx: Ctx, db: Database, view: View, rows: tuple[Row, ...]) -> str:
    props = visible_properties(db, view)
    head = "".join(
        f'<th scope="col" class="t-{p.type}">{type_icon(p.type, ctx.words)}'
        f"<span>{esc(p.name)}</span></th>"
        for p in props
    )
    body = []
    for row in rows:
        cells = []
        for i, prop in enumerate(props):
            content = _cell(ctx, db, row, prop)
            if i == 0:
                cells.append(f'<th scope="row" class="t-title">{_page_icon()}{content}</th>')
            else:
                cells.append(f'<td class="t-{prop.type}">{content}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    if not rows:
        colspan = len(props)
        message = ctx.words("no_rows_view") if db.rows else ctx.words("no_rows")
        body.append(f'<tr><td colspan="{colspan}" class="empty">{esc(message)}</td></tr>')
    count = f'<p class="count">{esc(_count_text(ctx, len(rows)))}</p>'
    return (
        f'<div class="scroll table-wrap"><table class="db-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{count}"
    )


def _count_text(ctx: Ctx, count: int) -> str:
    # French treats zero as singular ("0 ligne"), English as plural ("0 rows").
    singular = count == 1 or (count == 0 and ctx.words.lang == "fr")
    return (
        ctx.words("row_count_one", count=count)
        if singular
        else ctx.words("rows_count", count=count)
    )


def _page_icon() -> str:
    return '<span class="page-glyph" aria-hidden="true">📄</span>'


def _card(ctx: Ctx, db: Database, view: View, row: Row, *, body: bool = False) -> str:
    props = visible_properties(db, view, card=True)
    title = _cell(ctx, db, row, props[0]) or esc(row.key)
    lines = []
    for prop in props[1:]:
        content = _cell(ctx, db, row, prop)
        if content:
            label = f'<span class="sr-only">{esc(prop.name)}: </span>'
            lines.append(f'<div class="card-prop">{label}{content}</div>')
    preview = ""
    if body and row.body:
        preview = f'<div class="card-body">{render_markdown(row.body, heading_offset=4)}</div>'
    return (
        f'<article class="card"><div class="card-title">{title}</div>'
        f"{''.join(lines)}{preview}</article>"
    )


def _board(ctx: Ctx, db: Database, view: View, rows: tuple[Row, ...]) -> str:
    prop = _safe(db, view.group_by or "")
    if prop is None:
        return _table(ctx, db, view, rows)
    columns: dict[str, list[Row]] = {}
    heads: dict[str, str] = {}
    if prop.type in ("select", "status", "multi_select"):
        options = list(prop.options)
        if prop.type == "status":
            rank = {"to_do": 0, "in_progress": 1, "complete": 2, None: 3}
            options.sort(key=lambda o: rank.get(o.group, 3))
        for option in options:
            columns[option.name] = []
            heads[option.name] = option_chip(option, option.name, status=prop.type == "status")
    if prop.type == "checkbox":
        for flag in ("☑", "☐"):
            columns[flag] = []
            heads[flag] = esc(flag)
    empty_label = ctx.words("no_value", prop=prop.name)
    for row in rows:
        value = ctx.data.value(db, row, prop)
        if prop.type == "checkbox":
            labels: tuple[str, ...] = ("☑" if value else "☐",)
        elif isinstance(value, tuple) and value:
            labels = tuple(plain_value(ctx.data, prop, (v,), ctx.words) for v in value)
        else:
            text = plain_value(ctx.data, prop, value, ctx.words)
            labels = (text or empty_label,)
        for label in labels:
            if label not in columns:
                columns[label] = []
                found = find_option(prop, label)
                heads[label] = option_chip(found, label) if found else esc(label)
            columns[label].append(row)
    html = []
    for label, members in columns.items():
        cards = "".join(_card(ctx, db, view, row) for row in members)
        color = _column_color(prop, label)
        html.append(
            f'<section class="board-col c-col-{color}" aria-label="{esc(label)}">'
            f'<header class="board-head">{heads[label]}'
            f'<span class="n">{len(members)}</span></header>'
            f"{cards}</section>"
        )
    return f'<div class="board scroll">{"".join(html)}</div>'


def _column_color(prop: Property, label: str) -> str:
    option = find_option(prop, label)
    return option.color if option else "default"


def _dated(
    ctx: Ctx, db: Database, view: View, rows: tuple[Row, ...]
) -> list[tuple[Row, date, date]]:
    start_prop = _safe(db, view.date_property or "")
    end_prop = _safe(db, view.end_date_property or "")
    if start_prop is None:
        return []
    dated = []
    for row in rows:
        start = ctx.data.value(db, row, start_prop)
        if not isinstance(start, date) or isinstance(start, NotComputed):
            continue
        end = ctx.data.value(db, row, end_prop) if end_prop else None
        finish = end if isinstance(end, date) and end >= start else start
        dated.append((row, start, finish))
    return dated


def _calendar(ctx: Ctx, db: Database, view: View, rows: tuple[Row, ...]) -> str:
    dated = _dated(ctx, db, view, rows)
    today = ctx.data.today
    if dated and not any(s.year == today.year and s.month == today.month for _, s, _ in dated):
        year, month = Counter((s.year, s.month) for _, s, _ in dated).most_common(1)[0][0]
    else:
        year, month = today.year, today.month
    title_prop = db.title_property
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    names = "".join(
        f'<div class="cal-wd" aria-hidden="true">{esc(d)}</div>' for d in WEEKDAYS[ctx.words.lang]
    )
    cells = []
    for week in weeks:
        for day in week:
            events = [row for row, start, end in dated if start <= day <= end]
            css = ["cal-day"]
            if day.month != month:
                css.append("other")
            if day == today:
                css.append("today")
            if not events:
                css.append("empty")
            chips = "".join(
                f'<div class="cal-ev">{esc(ctx.data.value(db, row, title_prop) or row.key)}</div>'
                for row in events
            )
            label = format_date(day, ctx.words)
            cells.append(
                f'<div class="{" ".join(css)}" role="listitem" aria-label="{esc(label)}">'
                f'<span class="cal-n">{day.day}</span>{chips}</div>'
            )
    heading = f"{ctx.words.month(month)} {year}"
    note = "" if dated else f'<p class="muted">{esc(ctx.words("no_date"))}</p>'
    return (
        f'<div class="calendar"><div class="cal-head">{esc(heading.capitalize())}</div>'
        f'<div class="cal-grid">{names}'
        f'<div class="cal-days" role="list">{"".join(cells)}</div></div>'
        f"{note}</div>"
    )


def _timeline(ctx: Ctx, db: Database, view: View, rows: tuple[Row, ...]) -> str:
    dated = _dated(ctx, db, view, rows)
    if not dated:
        return f'<p class="muted">{esc(ctx.words("no_date"))}</p>'
    first = min(s for _, s, _ in dated)
    last = max(e for _, _, e in dated)
    # Whole weeks around the rows, Monday first, with a little air on each side.
    start = first - timedelta(days=first.weekday() + 7)
    end = last + timedelta(days=13 - last.weekday())
    span = (end - start).days + 1
    ticks = []
    day = start
    # About eight labels whatever the span: one a week, a fortnight or a month.
    step = 7 * max(1, round(span / 7 / 8))
    while day <= end:
        left = (day - start).days / span * 100
        label = f"{day.day} {ctx.words.month(day.month)[:3]}"
        ticks.append(f'<span class="tl-tick" style="left:{left:.2f}%">{esc(label)}</span>')
        day += timedelta(days=step)
    title_prop = db.title_property
    bars = []
    for row, s, e in sorted(dated, key=lambda item: item[1]):
        left = (s - start).days / span * 100
        width = max(((e - s).days + 1) / span * 100, 100 / span)
        title = ctx.data.value(db, row, title_prop) or row.key
        when = format_date(s, ctx.words) + (f" – {format_date(e, ctx.words)}" if e != s else "")
        bars.append(
            f'<li class="tl-row"><span class="tl-label">{esc(title)}</span>'
            f'<span class="tl-track"><span class="tl-bar" style="left:{left:.2f}%;'
            f'width:{width:.2f}%" title="{esc(when)}"><span class="sr-only">{esc(when)}</span>'
            f"</span></span></li>"
        )
    today = ctx.data.today
    marker = ""
    if start <= today <= end:
        left = (today - start).days / span * 100
        marker = f'<span class="tl-today" style="left:{left:.2f}%" aria-hidden="true"></span>'
    return (
        f'<div class="timeline"><div class="tl-scale" aria-hidden="true">'
        f'<span class="tl-label"></span>'
        f'<span class="tl-track">{"".join(ticks)}{marker}</span></div>'
        f'<ul class="tl-rows">{"".join(bars)}</ul></div>'
    )


def _gallery(ctx: Ctx, db: Database, view: View, rows: tuple[Row, ...]) -> str:
    if not rows:
        return f'<p class="muted">{esc(ctx.words("no_rows_view" if db.rows else "no_rows"))}</p>'
    cards = "".join(_card(ctx, db, view, row, body=True) for row in rows)
    return f'<div class="gallery">{cards}</div>'


def _list(ctx: Ctx, db: Database, view: View, rows: tuple[Row, ...]) -> str:
    if not rows:
        return f'<p class="muted">{esc(ctx.words("no_rows_view" if db.rows else "no_rows"))}</p>'
    props = visible_properties(db, view, card=True)
    items = []
    for row in rows:
        title = _cell(ctx, db, row, props[0]) or esc(row.key)
        extras = "".join(
            f'<span class="li-prop">{c}</span>'
            for prop in props[1:]
            if (c := _cell(ctx, db, row, prop))
        )
        items.append(f'<li>{_page_icon()}<span class="li-title">{title}</span>{extras}</li>')
    return f'<ul class="db-list">{"".join(items)}</ul>'
