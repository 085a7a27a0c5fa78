"""Escaping helpers: every string that reaches the preview goes through ``esc``."""

from __future__ import annotations

import html
import re

_SLUG = re.compile(r"[^a-z0-9_]+")


def esc(text: object) -> str:
    """Escape text for an HTML element body or a double-quoted attribute."""
    return html.escape(str(text), quote=True)


def anchor(*parts: str) -> str:
    """A stable, URL-safe element id built from blueprint keys (``db-invoices-view-all``)."""
    return "-".join(_SLUG.sub("-", part.lower()).strip("-") or "x" for part in parts)


def icon_span(icon: str | None, css: str = "icon") -> str:
    """An emoji icon, hidden from screen readers because the title next to it says it all."""
    return f'<span class="{css}" aria-hidden="true">{esc(icon)}</span>' if icon else ""
