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
    """A page, block or data-source time: truncated to the minute, ``...T09:13:00.000Z``.

    Recorded traffic (notion-sdk-py cassettes, 2026-07) shows this form on pages, blocks and
    data sources.
    """
    moment = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:00.000Z")


def precise_timestamp(now: datetime | None = None) -> str:
    """A database or view time: milliseconds and an offset, ``...T09:08:57.778+00:00``.

    Recorded traffic shows this form on databases and views only.
    """
    moment = now or datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+00:00"


def block_time(stamp: str) -> str:
    """The block form (``...:00.000Z``) of a database or view time."""
    if stamp.endswith("+00:00"):
        return stamp[:16] + ":00.000Z"
    return stamp


APP_URL = "https://app.notion.com/p/"


def page_url(title: str, object_id: str) -> str:
    """A page's URL as Notion returns it: ``https://app.notion.com/p/<Title>-<id32>``.

    Recorded: "Test 2026-07-04 11:10:15.249581" -> ``Test-2026-07-04-11-10-15-249581-<id32>``;
    an untitled page is ``https://app.notion.com/p/<id32>``. How letters outside ASCII are
    written in the slug is UNCONFIRMED (the sandbox replaces them like punctuation).
    """
    slug = re.sub(r"[^0-9A-Za-z]+", "-", title).strip("-")
    compact = object_id.replace("-", "")
    return f"{APP_URL}{slug}-{compact}" if slug else f"{APP_URL}{compact}"


def database_url(database_id: str) -> str:
    """A database's URL, also its data sources' (recorded: the same URL for both)."""
    return APP_URL + database_id.replace("-", "")


def view_url(database_id: str, view_id: str) -> str:
    """A view's URL: its database's URL with ``?v=<view id32>``."""
    return f"{database_url(database_id)}?v={view_id.replace('-', '')}"
