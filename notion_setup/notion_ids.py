"""What a user pastes where the tool wants a Notion page or database id: the one parser.

Accepted, and returned as Notion's dashed lowercase form:

- a bare id: 32 hex characters, or the dashed UUID form (``8-4-4-4-12``);
- a link copied from Notion, whose last path segment ends with the id, after an optional slug:
  ``https://www.notion.so/ws/Title-<32hex>?pvs=4``, ``https://app.notion.com/p/Title-<32hex>``,
  ``https://<ws>.notion.site/<32hex>``. The query and the fragment are ignored: in
  ``.../<32hex>?v=<view>`` the path names the database and ``v`` only one of its views; in
  ``...#<block>`` the fragment is a block inside the page.

Anything else is not an id (``None``); the CLI turns that into a usage error showing the forms.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_BARE = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ENDS_WITH_ID = re.compile(r"[0-9a-f]{32}$")
#: Hosts Notion links come from: notion.so and app.notion.com, and public notion.site pages.
_NOTION_HOSTS = ("notion.so", "notion.com", "notion.site")
_SCHEMELESS = re.compile(r"^(?:[a-z0-9-]+\.)*notion\.(?:so|com|site)/", re.IGNORECASE)

#: Shown in usage errors: what an id looks like.
ID_EXAMPLES = (
    "1f2e3d4c5b6a79881f2e3d4c5b6a7988",
    "1f2e3d4c-5b6a-7988-1f2e-3d4c5b6a7988",
    "https://www.notion.so/acme/Clients-1f2e3d4c5b6a79881f2e3d4c5b6a7988?pvs=4",
)


def dashed(hex32: str) -> str:
    """``1f2e...88`` -> ``1f2e3d4c-5b6a-7988-1f2e-3d4c5b6a7988``."""
    h = hex32.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def parse_notion_id(text: str) -> str | None:
    """The dashed id named by ``text`` (an id or a Notion link), or None when it names none."""
    value = text.strip()
    if _BARE.fullmatch(value.lower()):
        return dashed(value.replace("-", ""))
    if _SCHEMELESS.match(value):
        value = "https://" + value
    if "://" not in value:
        return None
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not any(
        host == known or host.endswith("." + known) for known in _NOTION_HOSTS
    ):
        return None
    segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
    # A slug's own dashes go with the id's optional ones: the id is the last 32 hex characters.
    match = _ENDS_WITH_ID.search(segment.replace("-", "").lower())
    return dashed(match.group(0)) if match else None
