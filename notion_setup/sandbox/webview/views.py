"""A database view drawn from the rows the sandbox holds: table, board, list, gallery,
calendar, timeline and chart (a simple SVG figure)."""

from __future__ import annotations

import calendar as cal
from collections import Counter
from datetime import date, timedelta
from typing import Any

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.webview.cells import Cells, chip, esc, format_number, parse_day, type_icon
from notion_setup.sandbox.webview.words import STATUS_GROUPS, WEEKDAYS

_CHART_COLORS = {
    "blue": "#337ea9",
    "green": "#448361",
    "orange": "#d9730d",
    "purple": "#9065b0",
    "pink": "#c14c8a",
    "red": "#d44c47",
    "yellow": "#cb912f",
    "brown": "#9f6b53",
    "gray": "#787774",
    "default": "#91918e",
}
_CYCLE = tuple(_CHART_COLORS.values())
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
            return self.chart(ds, view, rows)
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

    # -- chart --------------------------------------------------------------------------

    def buckets(self, ds: Json, view: Json, rows: list[Json]) -> list[tuple[str, float, str]]:
        """(label, value, colour) for each group of a chart view."""
        config = view.get("configuration", {})
        x_axis = config.get("x_axis") or {}
        y_axis = config.get("y_axis") or {}
        axis = self.reader.prop(ds, x_axis.get("property_id"))
        measure = self.reader.prop(ds, y_axis.get("property_id"))
        aggregator = str(y_axis.get("aggregator") or "count")
        by_group = x_axis.get("group_by") == "group"
        groups: dict[str, list[Json]] = {}
        colors: dict[str, str] = {}
        if axis is not None:
            for key, _label, color in self.groups(ds, axis, by_group):
                groups[key] = []
                colors[key] = _CHART_COLORS.get(color, _CHART_COLORS["default"])
        for row in rows:
            keys = self.group_keys(ds, axis, row, by_group) if axis else [self.words("count")]
            for key in keys:
                groups.setdefault(
                    key or self.words("no_value", prop=axis["name"] if axis else ""), []
                ).append(row)
        labels = {k: self.words(w) for k, w in STATUS_GROUPS.items()} if by_group else {}
        out = []
        for index, (key, members) in enumerate(groups.items()):
            if aggregator == "count" or measure is None:
                amount = float(len(members))
            else:
                values = [self.reader.scalar(measure, r, ds) for r in members]
                amount = _aggregate(aggregator, values)
            color = colors.get(key, _CYCLE[index % len(_CYCLE)])
            out.append((labels.get(key, key), amount, color))
        return out

    def chart(self, ds: Json, view: Json, rows: list[Json]) -> str:
        config = view.get("configuration", {})
        chart_type = str(config.get("chart_type") or "column")
        y_axis = config.get("y_axis") or {}
        measure = self.reader.prop(ds, y_axis.get("property_id"))
        aggregator = str(y_axis.get("aggregator") or "count")
        number_format = (
            self.cells.number_format(measure, ds) if measure and aggregator != "count" else None
        )
        data = self.buckets(ds, view, rows)

        def fmt(value: float) -> str:
            return format_number(value, number_format, self.words.lang)

        measure_label = (
            f"{self.words.aggregator(aggregator)} {measure['name']}"
            if measure and aggregator != "count"
            else self.words("count")
        )
        axis = self.reader.prop(ds, (config.get("x_axis") or {}).get("property_id"))
        caption = (
            self.words("chart_of", measure=measure_label, axis=axis["name"])
            if axis
            else measure_label
        )
        summary = "; ".join(f"{label}: {fmt(value)}" for label, value, _ in data)
        if chart_type == "number":
            total = sum(v for _, v, _ in data)
            body = (
                f'<div class="chart-number"><div class="big-number">{esc(fmt(total))}</div></div>'
            )
        elif chart_type == "donut":
            body = _donut(data, fmt, summary)
        elif chart_type == "line":
            body = _line(data, fmt, summary)
        else:
            body = _bars(data, fmt, summary, horizontal=chart_type == "bar")
        return (
            f'<figure class="chart" data-chart-type="{esc(chart_type)}">{body}'
            f"<figcaption>{esc(caption)}</figcaption></figure>"
        )


def _aggregate(name: str, values: list[Any]) -> float:
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return 0.0
    if name == "sum":
        return sum(numbers)
    if name == "average":
        return sum(numbers) / len(numbers)
    if name == "min":
        return min(numbers)
    if name == "max":
        return max(numbers)
    if name == "median":
        ordered = sorted(numbers)
        mid = len(ordered) // 2
        return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return float(len(values))


def _svg(width: int, height: int, summary: str, inner: str) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{esc(summary)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{esc(summary)}</title>{inner}</svg>'
    )


def _short(label: str, size: int = 14) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _bars(data: list[tuple[str, float, str]], fmt: Any, summary: str, *, horizontal: bool) -> str:
    top = max([v for _, v, _ in data] + [0.0]) or 1.0
    parts = []
    if horizontal:
        height = 30 + 34 * max(1, len(data))
        for i, (label, value, color) in enumerate(data):
            y = 16 + i * 34
            w = value / top * 430
            parts.append(
                f'<text class="axis" x="150" y="{y + 17}" text-anchor="end">'
                f"{esc(_short(label, 20))}</text>"
                f'<rect x="160" y="{y}" width="{w:.1f}" height="24" rx="4" fill="{color}"/>'
                f'<text class="value" x="{166 + w:.1f}" y="{y + 17}">{esc(fmt(value))}</text>'
            )
        return _svg(680, height, summary, "".join(parts))
    width = max(420, 90 * len(data) + 60)
    slot = (width - 60) / max(1, len(data))
    for i in range(5):
        y = 30 + i * 50
        parts.append(f'<line class="grid" x1="40" x2="{width - 10}" y1="{y}" y2="{y}"/>')
    fits = max(6, int(slot / 7.5))  # characters of an axis label that fit under its bar
    for i, (label, value, color) in enumerate(data):
        h = value / top * 200
        x = 50 + i * slot
        bar = min(56.0, slot * 0.6)
        parts.append(
            f'<rect x="{x + (slot - bar) / 2:.1f}" y="{230 - h:.1f}" width="{bar:.1f}" '
            f'height="{h:.1f}" rx="4" fill="{color}"/>'
            f'<text class="value" x="{x + slot / 2:.1f}" y="{224 - h:.1f}" text-anchor="middle">'
            f"{esc(fmt(value))}</text>"
            f'<text class="axis" x="{x + slot / 2:.1f}" y="250" text-anchor="middle">'
            f"{esc(_short(label, fits))}</text>"
        )
    return _svg(width, 262, summary, "".join(parts))


def _line(data: list[tuple[str, float, str]], fmt: Any, summary: str) -> str:
    top = max([v for _, v, _ in data] + [0.0]) or 1.0
    width = max(420, 80 * len(data) + 60)
    slot = (width - 60) / max(1, len(data))
    points = [(50 + i * slot + slot / 2, 230 - v / top * 200) for i, (_, v, _) in enumerate(data)]
    parts = [
        f'<line class="grid" x1="40" x2="{width - 10}" y1="{30 + i * 50}" y2="{30 + i * 50}"/>'
        for i in range(5)
    ]
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline class="line" points="{path}"/>')
    fits = max(6, int(slot / 7.5))
    for (x, y), (label, value, _) in zip(points, data, strict=True):
        parts.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
            f'<text class="value" x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle">'
            f"{esc(fmt(value))}</text>"
            f'<text class="axis" x="{x:.1f}" y="250" text-anchor="middle">'
            f"{esc(_short(label, fits))}</text>"
        )
    return _svg(width, 262, summary, "".join(parts))


def _donut(data: list[tuple[str, float, str]], fmt: Any, summary: str) -> str:
    import math

    total = sum(v for _, v, _ in data)
    parts = ['<circle class="empty-ring" cx="130" cy="130" r="100"/>']
    angle = -math.pi / 2
    for _label, value, color in data:
        if total <= 0 or value <= 0:
            continue
        share = value / total
        end = angle + share * 2 * math.pi
        if share >= 0.999:
            parts.append(f'<circle cx="130" cy="130" r="100" fill="{color}"/>')
        else:
            large = 1 if share > 0.5 else 0
            x1, y1 = 130 + 100 * math.cos(angle), 130 + 100 * math.sin(angle)
            x2, y2 = 130 + 100 * math.cos(end), 130 + 100 * math.sin(end)
            parts.append(
                f'<path d="M130,130 L{x1:.2f},{y1:.2f} A100,100 0 {large} 1 {x2:.2f},{y2:.2f} Z" '
                f'fill="{color}"/>'
            )
        angle = end
    parts.append('<circle class="hole" cx="130" cy="130" r="62"/>')
    parts.append(
        f'<text class="donut-total" x="130" y="138" text-anchor="middle">{esc(fmt(total))}</text>'
    )
    for i, (label, value, color) in enumerate(data):
        y = 40 + i * 26
        parts.append(
            f'<rect x="270" y="{y - 11}" width="14" height="14" rx="3" fill="{color}"/>'
            f'<text class="axis" x="292" y="{y}">'
            f"{esc(_short(label, 22))} · {esc(fmt(value))}</text>"
        )
    return _svg(520, max(262, 40 + 26 * len(data)), summary, "".join(parts))
