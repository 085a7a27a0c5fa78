"""Chart views as a simple SVG figure: column, bar, line, donut and number, from the rows."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.webview.cells import esc, format_number
from notion_setup.sandbox.webview.words import STATUS_GROUPS

if TYPE_CHECKING:
    from notion_setup.sandbox.webview.views import ViewRenderer

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


class ChartRenderer:
    """Draws a chart view with the groups of its board-like x axis."""

    def __init__(self, views: ViewRenderer) -> None:
        self.views = views

    def buckets(self, ds: Json, view: Json, rows: list[Json]) -> list[tuple[str, float, str]]:
        """(label, value, colour) for each group of a chart view."""
        config = view.get("configuration", {})
        x_axis = config.get("x_axis") or {}
        y_axis = config.get("y_axis") or {}
        axis = self.views.reader.prop(ds, x_axis.get("property_id"))
        measure = self.views.reader.prop(ds, y_axis.get("property_id"))
        aggregator = str(y_axis.get("aggregator") or "count")
        by_group = x_axis.get("group_by") == "group"
        groups: dict[str, list[Json]] = {}
        colors: dict[str, str] = {}
        if axis is not None:
            for key, _label, color in self.views.groups(ds, axis, by_group):
                groups[key] = []
                colors[key] = _CHART_COLORS.get(color, _CHART_COLORS["default"])
        for row in rows:
            keys = (
                self.views.group_keys(ds, axis, row, by_group)
                if axis
                else [self.views.words("count")]
            )
            for key in keys:
                groups.setdefault(
                    key or self.views.words("no_value", prop=axis["name"] if axis else ""), []
                ).append(row)
        labels = {k: self.views.words(w) for k, w in STATUS_GROUPS.items()} if by_group else {}
        out = []
        for index, (key, members) in enumerate(groups.items()):
            if aggregator == "count" or measure is None:
                amount = float(len(members))
            else:
                values = [self.views.reader.scalar(measure, r, ds) for r in members]
                amount = _aggregate(aggregator, values)
            color = colors.get(key, _CYCLE[index % len(_CYCLE)])
            out.append((labels.get(key, key), amount, color))
        return out

    def chart(self, ds: Json, view: Json, rows: list[Json]) -> str:
        config = view.get("configuration", {})
        chart_type = str(config.get("chart_type") or "column")
        y_axis = config.get("y_axis") or {}
        measure = self.views.reader.prop(ds, y_axis.get("property_id"))
        aggregator = str(y_axis.get("aggregator") or "count")
        number_format = (
            self.views.cells.number_format(measure, ds)
            if measure and aggregator != "count"
            else None
        )
        data = self.buckets(ds, view, rows)

        def fmt(value: float) -> str:
            return format_number(value, number_format, self.views.words.lang)

        measure_label = (
            f"{self.views.words.aggregator(aggregator)} {measure['name']}"
            if measure and aggregator != "count"
            else self.views.words("count")
        )
        axis = self.views.reader.prop(ds, (config.get("x_axis") or {}).get("property_id"))
        caption = (
            self.views.words("chart_of", measure=measure_label, axis=axis["name"])
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
