"""The Notion access layer: everything that knows Notion's API, and nothing else does.

- ``endpoints``: ``NotionAPI``, typed namespaces (pages, databases, data_sources, views, blocks,
  users, search); the only place that knows a path; answers parsed once (``results``).
- ``gateway``: ``NotionGateway``, the transport (notion-client, the one retry layer, the pacer,
  token redaction); ``pagination``: the one bounded cursor loop.
- ``payloads``: pure builders of request bodies; ``markdown``: Markdown <-> blocks;
  ``body``: page content within Notion's payload limits.
"""

from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.gateway import (
    NOTION_VERSION,
    NOTION_VERSIONS,
    CallStats,
    NotionGateway,
    RetryPolicy,
)
from notion_setup.notion.transport import JSON, Transport

__all__ = [
    "JSON",
    "NOTION_VERSION",
    "NOTION_VERSIONS",
    "CallStats",
    "NotionAPI",
    "NotionGateway",
    "RetryPolicy",
    "Transport",
    "as_api",
]
