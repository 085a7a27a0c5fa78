"""Identifiers, timestamps and URLs shaped like Notion's."""

from __future__ import annotations

import random
import re
import secrets
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
#: Characters Notion uses in short property/option ids before URL-encoding them.
_SHORT_ALPHABET = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + ":;<=>?@[]^_`{|}~!"
)


def new_id() -> str:
    """A fresh dashed UUID (from the OS, never from the fault seed, so state files never clash)."""
    return str(uuid.uuid4())


def new_token() -> str:
    """A fresh integration token in Notion's old ``secret_`` style."""
    return "secret_sandbox_" + secrets.token_urlsafe(24).replace("-", "x").replace("_", "y")


def normalize_id(raw: str) -> str | None:
    """Notion accepts ids with or without dashes; return the dashed form, or None if not a UUID."""
    compact = raw.replace("-", "")
    if not _HEX32.match(compact):
        return None
    compact = compact.lower()
    return f"{compact[:8]}-{compact[8:12]}-{compact[12:16]}-{compact[16:20]}-{compact[20:]}"


def short_id(rng: random.Random, taken: set[str]) -> str:
    """A short opaque id such as ``%3AuSx`` (URL-encoded, as Notion returns property ids)."""
    while True:
        raw = "".join(rng.choice(_SHORT_ALPHABET) for _ in range(4))
        candidate = quote(raw, safe="")
        if candidate not in taken and candidate != "title":
            taken.add(candidate)
            return candidate


def timestamp(now: datetime | None = None) -> str:
    """An ISO timestamp truncated to the minute, as Notion stores created/edited times."""
    moment = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:00.000Z")


def notion_url(title: str, object_id: str) -> str:
    """The www.notion.so URL Notion returns for a page, database or data source."""
    slug = re.sub(r"[^0-9A-Za-z]+", "-", title).strip("-")
    compact = object_id.replace("-", "")
    return f"https://www.notion.so/{slug}-{compact}" if slug else f"https://www.notion.so/{compact}"
