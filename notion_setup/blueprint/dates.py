"""Dates in blueprints: ISO dates and offsets such as ``+30d``, ``-1w``, ``+2m``, ``+1y``."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

RELATIVE = re.compile(r"^([+-])(\d{1,4})([dwmy])$")


def is_relative(text: str) -> bool:
    """True for an offset such as ``+30d`` (days, weeks, months, years)."""
    return RELATIVE.match(text) is not None


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole months, clamped to the month's end (31 Jan + 1m = 28 Feb)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def shift(start: date, offset: str) -> date:
    """Apply a relative offset to ``start``.

    Raises:
        ValueError: ``offset`` is not of the form ``+30d`` / ``-2w`` / ``+1m`` / ``+1y``, or the
            result falls outside the calendar.
    """
    match = RELATIVE.match(offset)
    if match is None:
        raise ValueError(f"not a relative date: {offset!r}")
    sign = -1 if match.group(1) == "-" else 1
    amount = sign * int(match.group(2))
    unit = match.group(3)
    try:
        if unit == "d":
            return start + timedelta(days=amount)
        if unit == "w":
            return start + timedelta(weeks=amount)
        return add_months(start, amount * (12 if unit == "y" else 1))
    except (OverflowError, ValueError) as err:
        raise ValueError(f"{offset} from {start.isoformat()} is outside the calendar") from err


def parse_iso(text: str) -> date | None:
    """The date of a ``YYYY-MM-DD`` string, or None when it is not one."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
