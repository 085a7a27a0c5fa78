"""Chart views as inline SVG: column, bar, line, donut and number, from the starter rows."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from notion_setup.model import Chart, Database, Property, Row
from notion_setup.preview.cells import find_option, format_number
from notion_setup.preview.data import Dataset, NotComputed, aggregate
from notion_setup.preview.html import esc
from notion_setup.preview.i18n import Words

#: Notion's accent colours, by option colour name; also the fallback cycle.
CHART_COLORS: dict[str, str] = {
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
_CYCLE = tuple(CHART_COLORS.values())


@dataclass(frozen=True)
class Bucket:
    """One group of the chart: its label, its aggregated value and its colour."""

    label: str
    value: float
    color: str


def buckets(
    data: Dataset, db: Database, rows: tuple[Row, ...], chart: Chart, words: Words
) -> list[Bucket]:
    """Group ``rows`` by the chart's x axis and aggregate each group."""
    axis = _prop(db, chart.x_axis)
    measure = _prop(db, chart.y_property)
    groups: dict[str, list[Row]] = {}
    colors: dict[str, str] = {}
    if axis is not None:
        for option in axis.options:  # declared options first, in order, even when empty
            groups[option.name] = []
            colors[option.name] = CHART_COLORS.get(option.color, CHART_COLORS["default"])
    for row in rows:
        value = data.value(db, row, axis) if axis else None
        labels = value if isinstance(value, tuple) else (value,)
        for label in labels:
            text = _label(data, axis, label, words) if axis else words("count_rows")
            groups.setdefault(text, []).append(row)
    result: list[Bucket] = []
    for index, (label, members) in enumerate(groups.items()):
        if chart.y_aggregator == "count" or measure is None:
            amount = float(len(members))
        else:
            values = [data.value(db, r, measure) for r in members]
            values = [None if isinstance(v, NotComputed) else v for v in values]
            got = aggregate(chart.y_aggregator, values)
            amount = float(got) if isinstance(got, int | float) else 0.0
        color = colors.get(label, _CYCLE[index % len(_CYCLE)])
        result.append(Bucket(label, amount, color))
    if axis is not None and axis.type in ("select", "status", "multi_select"):
        # Notion hides empty option groups only when every group is empty; keep them otherwise.
        return result
    return [b for b in result if b.value or len(result) <= 12]


def _prop(db: Database, key: str | None) -> Property | None:
    if not key:
        return None
    try:
        return db.property(key)
    except KeyError:
        return None


def _label(data: Dataset, axis: Property | None, value: Any, words: Words) -> str:
    if value is None or value == "" or isinstance(value, NotComputed):
        return words("no_value", prop=axis.name if axis else "")
    if axis is not None and axis.type == "relation":
        return data.title(axis.relation_target or "", str(value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, int | float):
        return format_number(float(value), axis.number_format if axis else None, words.lang)
    if axis is not None and axis.type in ("select", "status"):
        option = find_option(axis, str(value))
        return option.name if option else str(value)
    return str(value)


def render_chart(
    data: Dataset, db: Database, rows: tuple[Row, ...], chart: Chart, words: Words
) -> str:
    """An accessible SVG chart (``role="img"`` with a title listing every value)."""
    groups = buckets(data, db, rows, chart, words)
    measure = _prop(db, chart.y_property)
    axis = _prop(db, chart.x_axis)
    number_format = measure.number_format if measure and chart.y_aggregator != "count" else None

    def fmt(value: float) -> str:
        return format_number(value, number_format, words.lang)

    measure_label = (
        f"{words.function(chart.y_aggregator)} {measure.name}"
        if measure and chart.y_aggregator != "count"
        else words("count")
    )
    if chart.chart_type == "number":
        total = (
            sum(b.value for b in groups)
            if chart.y_aggregator in ("count", "sum")
            else (groups[0].value if groups else 0.0)
        )
        alt = words("chart_alt_number", measure=measure_label, value=fmt(total))
        return (
            f'<figure class="chart chart-number" role="img" aria-label="{esc(alt)}">'
            f'<div class="big-number">{esc(fmt(total))}</div>'
            f"<figcaption>{esc(measure_label)}</figcaption></figure>"
        )
    details = "; ".join(f"{b.label}: {fmt(b.value)}" for b in groups) or "—"
    alt = words(
        "chart_alt",
        chart=words.chart_type(chart.chart_type),
        measure=measure_label,
        axis=axis.name if axis else "—",
        values=details,
    )
    draw = {"bar": _bars, "line": _line, "donut": _donut}.get(chart.chart_type, _columns)
    svg = draw(groups, fmt)
    return (
        f'<figure class="chart"><svg viewBox="0 0 640 300" role="img" aria-label="{esc(alt)}" '
        f'preserveAspectRatio="xMidYMid meet"><title>{esc(alt)}</title>{svg}</svg>'
        f"<figcaption>{esc(measure_label)}</figcaption></figure>"
    )


def _scale(groups: list[Bucket]) -> float:
    top = max((b.value for b in groups), default=0.0)
    if top <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(top))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if top <= step * magnitude:
            return step * magnitude
    return top


def _text(x: float, y: float, text: str, anchor: str = "middle", css: str = "axis") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{css}">{esc(text)}</text>'


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _grid(top: float, fmt: Any, left: float, right: float, y0: float, height: float) -> str:
    out = []
    for i in range(5):
        y = y0 - height * i / 4
        out.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(_text(left - 6, y + 4, fmt(top * i / 4), "end"))
    return "".join(out)


def _columns(groups: list[Bucket], fmt: Any) -> str:
    left, right, y0, height = 70.0, 630.0, 250.0, 220.0
    top = _scale(groups)
    out = [_grid(top, fmt, left, right, y0, height)]
    slot = (right - left) / max(1, len(groups))
    width = min(56.0, slot * 0.6)
    for i, bucket in enumerate(groups):
        h = height * bucket.value / top
        x = left + slot * i + (slot - width) / 2
        out.append(
            f'<rect x="{x:.1f}" y="{y0 - h:.1f}" width="{width:.1f}" height="{max(h, 0):.1f}" '
            f'rx="3" fill="{bucket.color}"/>'
        )
        if bucket.value:
            out.append(_text(x + width / 2, y0 - h - 6, fmt(bucket.value), css="value"))
        out.append(_text(x + width / 2, y0 + 18, _short(bucket.label)))
    return "".join(out)


def _bars(groups: list[Bucket], fmt: Any) -> str:
    left, right, y_top = 150.0, 560.0, 20.0
    top = _scale(groups)
    slot = 260.0 / max(1, len(groups))
    thickness = min(30.0, slot * 0.6)
    out = []
    for i, bucket in enumerate(groups):
        y = y_top + slot * i + (slot - thickness) / 2
        w = (right - left) * bucket.value / top
        out.append(_text(left - 8, y + thickness / 2 + 4, _short(bucket.label, 18), "end"))
        out.append(
            f'<rect x="{left}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{thickness:.1f}" '
            f'rx="3" fill="{bucket.color}"/>'
        )
        out.append(_text(left + w + 6, y + thickness / 2 + 4, fmt(bucket.value), "start", "value"))
    return "".join(out)


def _line(groups: list[Bucket], fmt: Any) -> str:
    left, right, y0, height = 70.0, 610.0, 250.0, 220.0
    top = _scale(groups)
    out = [_grid(top, fmt, left, right, y0, height)]
    step = (right - left) / max(1, len(groups) - 1) if len(groups) > 1 else 0.0
    points = []
    for i, bucket in enumerate(groups):
        x = left + step * i if len(groups) > 1 else (left + right) / 2
        y = y0 - height * bucket.value / top
        points.append((x, y))
        out.append(_text(x, y0 + 18, _short(bucket.label)))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    out.append(f'<polyline points="{path}" class="line"/>')
    for (x, y), bucket in zip(points, groups, strict=True):
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="point"/>')
        out.append(_text(x, y - 10, fmt(bucket.value), css="value"))
    return "".join(out)


def _donut(groups: list[Bucket], fmt: Any) -> str:
    cx, cy, r, inner = 170.0, 150.0, 110.0, 66.0
    total = sum(b.value for b in groups)
    out = []
    if total <= 0:
        out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" class="empty-ring"/>')
    angle = -math.pi / 2
    for bucket in groups:
        if bucket.value <= 0:
            continue
        sweep = 2 * math.pi * bucket.value / total
        if sweep >= 2 * math.pi - 1e-6:
            out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{bucket.color}"/>')
        else:
            end = angle + sweep
            large = 1 if sweep > math.pi else 0
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
            out.append(
                f'<path d="M{cx},{cy} L{x1:.2f},{y1:.2f} A{r},{r} 0 {large} 1 {x2:.2f},{y2:.2f} Z" '
                f'fill="{bucket.color}"/>'
            )
            angle = end
    out.append(f'<circle cx="{cx}" cy="{cy}" r="{inner}" class="hole"/>')
    out.append(_text(cx, cy + 8, fmt(total), css="donut-total"))
    for i, bucket in enumerate(groups[:10]):
        y = 40 + i * 24
        out.append(
            f'<rect x="330" y="{y - 11}" width="12" height="12" rx="3" fill="{bucket.color}"/>'
        )
        out.append(_text(350, y, f"{_short(bucket.label, 22)} · {fmt(bucket.value)}", "start"))
    return "".join(out)
