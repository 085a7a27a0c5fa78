"""A database view drawn from the rows the sandbox holds.

Table, board, list, gallery, calendar and timeline (charts are in ``charts.py``).
"""

from __future__ import annotations

import calendar as cal
from collections import Counter
from datetime import date, timedelta

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.webview.cells import Cells, chip, esc, format_number, parse_day, type_icon
from notion_setup.sandbox.webview.charts import ChartRenderer
from notion_setup.sandbox.webview.words import STATUS_GROUPS, WEEKDAYS

_SKIP_ON_CARDS = {"title", "created_time", "last_edited_time", "created_by", "last_edited_by"}


class ViewRenderer:
    """Draws one view of a data source."""

    def __init__(self, cells: Cells, today: date) -> None:
        self.cells = cells
        self.reader = cells.reader
        self.words = cells.words
        self.today = today

    # -- shared -------------------------------------------------------------------------

    def visible(self, ds: Json, view: Json, *, card: bool = False) -> list[Json]:
        """The properties a view shows, title first, in the view's order."""
        listed = view.get("configuration", {}).get("properties")
        props: list[Json]
        if listed:
            props = [
                p
                for item in listed
                if item.get("visible", True)
                and (p := self.reader.prop(ds, item.get("property_id"))) is not None
            ]
        elif card:
            # Cards show a few useful properties by default rather than every column.
            props = [p for p in ds["properties"] if p["type"] not in _SKIP_ON_CARDS][:3]
        else:
            props = list(ds["properties"])
        title = next(p for p in ds["properties"] if p["type"] == "title")
        return [title] + [p for p in props if p["id"] != title["id"]]

    def _row_link(self, row: Json) -> str:
        href = esc(self.cells.links.to(row["id"]))
        return f'<a class="row-link" href="{href}">{esc(self.cells.title(row))}</a>'

    def _count(self, count: int) -> str:
        singular = count == 1 or (count == 0 and self.words.lang == "fr")
        key = "row_count_one" if singular else "rows_count"
        return f'<p class="count">{esc(self.words(key, count=count))}</p>'

    def _empty(self, ds: Json) -> str:
        key = "no_rows_view" if self.reader.rows(ds) else "no_rows"
        return f'<p class="muted">{esc(self.words(key))}</p>'

    def render(self, ds: Json, view: Json, rows: list[Json]) -> str:
        """The body of one view."""
        kind = view.get("type")
        if kind == "board":
            return self.board(ds, view, rows)
        if kind == "calendar":
            return self.calendar(ds, view, rows)
        if kind == "timeline":
            return self.timeline(ds, view, rows)
        if kind == "gallery":
            return self.gallery(ds, view, rows)
        if kind == "list":
            return self.list_view(ds, view, rows)
        if kind == "chart":
            return ChartRenderer(self).chart(ds, view, rows)
        return self.table(ds, view, rows)

    # -- table, list, gallery, board ----------------------------------------------------

    def table(self, ds: Json, view: Json, rows: list[Json]) -> str:
        props = self.visible(ds, view)
        head = "".join(
            f'<th scope="col" class="t-{p["type"]}">{type_icon(p["type"])}'
            f"<span>{esc(p['name'])}</span></th>"
            for p in props
        )
        body = []
        for row in rows:
            cells = [
                f'<th scope="row" class="t-title"><span class="page-glyph" aria-hidden="true">'
                f"{esc(self.reader.icon(row) or '📄')}</span>{self._row_link(row)}</th>"
            ]
            cells += [
                f'<td class="t-{p["type"]}">{self.cells.html(p, row, ds)}</td>' for p in props[1:]
            ]
            body.append(f"<tr>{''.join(cells)}</tr>")
        if not rows:
            key = "no_rows_view" if self.reader.rows(ds) else "no_rows"
            body.append(
                f'<tr><td colspan="{len(props)}" class="empty">{esc(self.words(key))}</td></tr>'
            )
        return (
            f'<div class="scroll table-wrap"><table class="db-table"><thead><tr>{head}</tr>'
            f"</thead><tbody>{''.join(body)}</tbody></table></div>{self._count(len(rows))}"
        )

    def _card(self, ds: Json, view: Json, row: Json) -> str:
        props = self.visible(ds, view, card=True)
        lines = []
        for prop in props[1:]:
            content = self.cells.html(prop, row, ds)
            if content:
                label = f'<span class="sr-only">{esc(prop["name"])}: </span>'
                lines.append(f'<div class="card-prop">{label}{content}</div>')
        icon = self.reader.icon(row)
        glyph = f'<span class="page-glyph" aria-hidden="true">{esc(icon)}</span>' if icon else ""
        return (
            f'<div class="card"><div class="card-title">{glyph}{self._row_link(row)}</div>'
            f"{''.join(lines)}</div>"
        )

    def gallery(self, ds: Json, view: Json, rows: list[Json]) -> str:
        if not rows:
            return self._empty(ds)
        cards = "".join(self._card(ds, view, row) for row in rows)
        return f'<div class="gallery">{cards}</div>'

    def list_view(self, ds: Json, view: Json, rows: list[Json]) -> str:
        if not rows:
            return self._empty(ds)
        props = self.visible(ds, view, card=True)
        items = []
        for row in rows:
            extras = "".join(
                f'<span class="li-prop">{c}</span>'
                for prop in props[1:]
                if (c := self.cells.html(prop, row, ds))
            )
            icon = esc(self.reader.icon(row) or "📄")
            items.append(
                f'<li><span class="page-glyph" aria-hidden="true">{icon}</span>'
                f'<span class="li-title">{self._row_link(row)}</span>{extras}</li>'
            )
        return f'<ul class="db-list">{"".join(items)}</ul>'

    def groups(self, ds: Json, prop: Json, by_group: bool) -> list[tuple[str, str, str]]:
        """The columns of a board or the buckets of a chart: (key, label HTML, colour)."""
        kind = prop["type"]
        if kind == "status" and by_group:
            colors = {"to_do": "gray", "in_progress": "blue", "complete": "green"}
            return [
                (name, esc(self.words(word)), colors[word]) for name, word in STATUS_GROUPS.items()
            ]
        if kind in ("select", "status", "multi_select"):
            return [
                (o["name"], chip(o["name"], o.get("color"), status=kind == "status"), o["color"])
                for o in prop["config"].get("options", [])
            ]
        if kind == "checkbox":
            return [("true", "☑", "default"), ("false", "☐", "default")]
        return []

    def group_keys(self, ds: Json, prop: Json, row: Json, by_group: bool) -> list[str]:
        """The board columns (chart buckets) a row falls in."""
        kind = prop["type"]
        if kind == "status" and by_group:
            option_id = row["values"].get(prop["id"])
            option = next((o for o in prop["config"]["options"] if o["id"] == option_id), None)
            return [str(option["group"])] if option else [""]
        value = self.reader.scalar(prop, row, ds)
        if kind == "checkbox":
            return ["true" if value else "false"]
        if kind == "relation":
            titles = [self.cells.title(p) for i in value or [] if (p := self.reader.get(i))]
            return titles or [""]
        if kind == "date":
            day = parse_day(value)
            return [f"{self.words.month(day.month)[:3]} {day.year}"] if day else [""]
        if isinstance(value, list):
            return [str(v) for v in value] or [""]
        if isinstance(value, bool):
            return ["☑" if value else "☐"]
        if isinstance(value, int | float):
            return [format_number(float(value), None, self.words.lang)]
        return [str(value)] if value not in (None, "") else [""]

    def board(self, ds: Json, view: Json, rows: list[Json]) -> str:
        group_by = view.get("configuration", {}).get("group_by") or {}
        prop = self.reader.prop(ds, group_by.get("property_id"))
        if prop is None:
            return self.table(ds, view, rows)
        by_group = group_by.get("group_by") == "group"
        columns: dict[str, list[Json]] = {}
        heads: dict[str, tuple[str, str]] = {}
        for key, label, color in self.groups(ds, prop, by_group):
            columns[key] = []
            heads[key] = (label, color)
        for row in rows:
            for key in self.group_keys(ds, prop, row, by_group):
                if key not in columns:
                    columns[key] = []
                    label = esc(key) if key else esc(self.words("no_value", prop=prop["name"]))
                    heads[key] = (label, "default")
                columns[key].append(row)
        html = []
        for key, members in columns.items():
            label, color = heads[key]
            cards = "".join(self._card(ds, view, row) for row in members)
            html.append(
                f'<section class="board-col c-col-{esc(color)}" aria-label="{esc(key)}">'
                f'<header class="board-head">{label}<span class="n">{len(members)}</span></header>'
                f"{cards}</section>"
            )
        return f'<div class="board scroll">{"".join(html)}</div>'

    # -- dates --------------------------------------------------------------------------

    def _dated(self, ds: Json, view: Json, rows: list[Json]) -> list[tuple[Json, date, date]]:
        config = view.get("configuration", {})
        start_prop = self.reader.prop(ds, config.get("date_property_id"))
        end_prop = self.reader.prop(ds, config.get("end_date_property_id"))
        if start_prop is None:
            return []
        dated = []
        for row in rows:
            value = self.reader.value(start_prop, row, ds)
            inner = value.get(start_prop["type"])
            if start_prop["type"] == "date":
                start = parse_day(inner.get("start")) if isinstance(inner, dict) else None
                end = parse_day(inner.get("end")) if isinstance(inner, dict) else None
            else:
                start, end = parse_day(inner), None
            if start is None:
                continue
            if end_prop is not None:
                other = self.reader.value(end_prop, row, ds).get(end_prop["type"])
                end = parse_day(other.get("start")) if isinstance(other, dict) else end
            dated.append((row, start, end if end is not None and end >= start else start))
        return dated

    def calendar(self, ds: Json, view: Json, rows: list[Json]) -> str:
        dated = self._dated(ds, view, rows)
        today = self.today
        year, month = today.year, today.month
        if dated and not any(s.year == year and s.month == month for _, s, _ in dated):
            year, month = Counter((s.year, s.month) for _, s, _ in dated).most_common(1)[0][0]
        weeks = cal.Calendar(firstweekday=0).monthdatescalendar(year, month)
        names = "".join(
            f'<div class="cal-wd" aria-hidden="true">{esc(d)}</div>'
            for d in WEEKDAYS[self.words.lang]
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
                    f'<div class="cal-ev">{self._row_link(row)}</div>' for row in events
                )
                cells.append(
                    f'<div class="{" ".join(css)}" role="listitem" '
                    f'aria-label="{esc(self.words.date(day))}">'
                    f'<span class="cal-n">{day.day}</span>{chips}</div>'
                )
        heading = f"{self.words.month(month)} {year}".capitalize()
        note = "" if dated else f'<p class="muted">{esc(self.words("no_date"))}</p>'
        return (
            f'<div class="calendar"><div class="cal-head">{esc(heading)}</div>'
            f'<div class="cal-grid">{names}<div class="cal-days" role="list">{"".join(cells)}'
            f"</div></div>{note}</div>"
        )

    def timeline(self, ds: Json, view: Json, rows: list[Json]) -> str:
        dated = self._dated(ds, view, rows)
        if not dated:
            return f'<p class="muted">{esc(self.words("no_date"))}</p>'
        first = min(s for _, s, _ in dated)
        last = max(e for _, _, e in dated)
        start = first - timedelta(days=first.weekday() + 7)
        end = last + timedelta(days=13 - last.weekday())
        span = (end - start).days + 1
        step = 7 * max(1, round(span / 7 / 8))
        ticks = []
        day = start
        while day <= end:
            left = (day - start).days / span * 100
            label = f"{day.day} {self.words.month(day.month)[:3]}"
            ticks.append(f'<span class="tl-tick" style="left:{left:.2f}%">{esc(label)}</span>')
            day += timedelta(days=step)
        bars = []
        for row, s, e in sorted(dated, key=lambda item: item[1]):
            left = (s - start).days / span * 100
            width = max(((e - s).days + 1) / span * 100, 100 / span)
            when = self.words.date(s) + (f" – {self.words.date(e)}" if e != s else "")
            bars.append(
                f'<li class="tl-row"><span class="tl-label">{self._row_link(row)}</span>'
                f'<span class="tl-track"><span class="tl-bar" style="left:{left:.2f}%;'
                f'width:{width:.2f}%" title="{esc(when)}"><span class="sr-only">{esc(when)}'
                f"</span></span></span></li>"
            )
        marker = ""
        if start <= self.today <= end:
            left = (self.today - start).days / span * 100
            marker = f'<span class="tl-today" style="left:{left:.2f}%" aria-hidden="true"></span>'
        return (
            f'<div class="timeline"><div class="tl-scale" aria-hidden="true">'
            f'<span class="tl-label"></span><span class="tl-track">{"".join(ticks)}{marker}'
            f'</span></div><ul class="tl-rows">{"".join(bars)}</ul></div>'
        )
