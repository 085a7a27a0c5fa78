"""``export``: read a workspace (made by this tool or by hand) back into a blueprint document.

The page given becomes the blueprint's root; its child pages, databases (with their properties,
relations, rollups, formulas and views), linked views, rows and, when the page carries a
notion-setup registry, its templates, become the blueprint's objects. Two phases:
``read.read_workspace`` sends every read and returns a frozen ``Snapshot``;
``translate.translate`` turns it into the document without touching Notion.

Languages: the format needs every text in English and French, and a workspace is written in one
language. The text read fills both (the blueprint applies the same in either language); ``lang``
names the language it is written in, which the blueprint's description records so a translator
knows which side to rewrite.

When the page carries a registry, the client's name in titles and bodies becomes
``{{client_name}}``, so the export applies to any client; other ``{{`` in texts become ``{ {``
(a blueprint reads them as placeholders).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from notion_setup.blueprint.checks import check_document
from notion_setup.blueprint.schema import validate_schema
from notion_setup.errors import NotionSetupError
from notion_setup.notion.endpoints import NotionAPI, as_api
from notion_setup.notion.transport import JSON, Transport
from notion_setup.output import NullReporter, Reporter

from .common import Keys, Note, slugify
from .read import Snapshot, read_workspace
from .translate import translate

__all__ = [
    "ExportResult",
    "Keys",
    "Note",
    "Snapshot",
    "export_workspace",
    "read_workspace",
    "slugify",
    "translate",
]


@dataclass
class ExportResult:
    """The blueprint document and what it leaves out."""

    document: JSON
    notes: list[Note] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many of each object the blueprint holds."""
        dbs = self.document.get("databases", {})
        return {
            "databases": len(dbs),
            "properties": sum(len(d["properties"]) for d in dbs.values()),
            "views": sum(len(d.get("views", [])) for d in dbs.values()),
            "rows": sum(len(d.get("rows", [])) for d in dbs.values()),
            "pages": len(self.document.get("pages", {})),
            "templates": len(self.document.get("templates", {})),
        }

    def to_json(self) -> JSON:
        """Summary for ``--json`` (the document itself is written separately)."""
        return {
            "id": self.document.get("id"),
            "counts": self.counts(),
            "not_exported": [{"where": n.where, "message": n.message} for n in self.notes],
        }


def export_workspace(
    notion: Transport | NotionAPI,
    page_id: str,
    *,
    lang: str | None = None,
    rows: bool = True,
    max_rows: int = 100,
    reporter: Reporter | None = None,
    on_language: Callable[[str], None] | None = None,
) -> ExportResult:
    """Read the workspace under ``page_id`` into a blueprint document.

    Args:
        notion: the gateway, or the endpoint layer over it (only reads are sent).
        page_id: the page to export; it becomes the blueprint's root page.
        lang: the language the workspace is written in (default: its registry's, else en).
        rows: export rows as starter rows.
        max_rows: at most this many rows per database.
        reporter: progress sink.
        on_language: told the language the workspace's registry records, once it is read.

    Returns:
        The document (it passes ``load_blueprint``'s checks) and what it leaves out.

    Raises:
        NotionError: the page cannot be read (not shared with the integration...).
        NotionSetupError: the document fails the blueprint checks (a bug; the message lists why).
    """
    snapshot = read_workspace(
        as_api(notion),
        page_id,
        rows=rows,
        max_rows=max_rows,
        reporter=reporter or NullReporter(),
        on_language=on_language,
    )
    document, notes = translate(snapshot, lang)
    problems = validate_schema(document) or check_document(document)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems[:20])
        raise NotionSetupError(
            f"the exported blueprint does not validate ({len(problems)} problem(s)):\n{listed}",
            hint="this is a bug in notion-setup export; please report it with this message",
        )
    return ExportResult(document, notes)
