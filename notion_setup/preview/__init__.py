"""The HTML preview: one self-contained file that shows a resolved workspace as Notion would.

``render_preview`` turns a ``model.Workspace`` into HTML; ``build_preview`` loads and resolves a
blueprint first and, given ``out``, writes the file. The output needs nothing at view time: styles
and the tab script are inline, and a Content-Security-Policy blocks every request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from notion_setup.blueprint.blocks import count_blocks
from notion_setup.errors import UsageError
from notion_setup.model import Workspace
from notion_setup.preview.document import CSP, render_document

__all__ = ["CSP", "Preview", "build_preview", "render_preview"]


@dataclass(frozen=True)
class Preview:
    """A rendered preview and what it shows."""

    html: str
    blueprint: str
    lang: str
    databases: int
    views: int
    pages: int
    templates: int
    rows: int
    path: Path | None = None
    #: Blocks provisioning this workspace adds (``blueprint.blocks.count_blocks``).
    blocks: int = 0

    def summary(self) -> dict[str, object]:
        """The counts as a JSON-ready mapping (``--json``)."""
        return {
            "blueprint": self.blueprint,
            "lang": self.lang,
            "path": str(self.path) if self.path else None,
            "bytes": len(self.html.encode("utf-8")),
            "databases": self.databases,
            "views": self.views,
            "pages": self.pages,
            "templates": self.templates,
            "rows": self.rows,
            "blocks": self.blocks,
        }


def render_preview(workspace: Workspace, *, today: date | None = None) -> str:
    """Render a resolved workspace as one standalone HTML document.

    Args:
        workspace: the resolved blueprint.
        today: the date calendars, relative filters and formulas count from (default: today).

    Returns:
        The HTML text.
    """
    return render_document(workspace, today=today or date.today())


def _preview(workspace: Workspace, html: str, path: Path | None) -> Preview:
    return Preview(
        html=html,
        blueprint=workspace.blueprint,
        lang=workspace.lang,
        databases=len(workspace.databases),
        views=sum(len(db.views) for db in workspace.databases)
        + sum(len(page.linked_views) for page in workspace.pages),
        pages=len(workspace.pages),
        templates=len(workspace.templates),
        rows=sum(len(db.rows) for db in workspace.databases),
        path=path,
        blocks=count_blocks(workspace).total,
    )


def build_preview(
    source: str | Path,
    *,
    lang: str,
    client: str,
    variables: Mapping[str, str] | None = None,
    only: Sequence[str] = (),
    without: Sequence[str] = (),
    today: date | None = None,
    out: Path | None = None,
) -> Preview:
    """Load a blueprint, resolve it and render its preview; write it to ``out`` when given.

    Args:
        source: a bundled blueprint name (``"av"``) or a path to a blueprint file.
        lang: ``"en"`` or ``"fr"``.
        client: the client's name, shown as the workspace name.
        variables: ``--var``/``--vars-file`` values, as strings.
        only: modules to keep.
        without: modules to drop.
        today: the reference date for relative dates (default: today).
        out: the HTML file to write; None to only return the HTML.

    Returns:
        The preview, with ``path`` set when a file was written.

    Raises:
        BlueprintNotFound, BlueprintInvalid, VariableError, UsageError: bad input.
        UsageError: ``out`` cannot be written.
    """
    from notion_setup.blueprint import load_blueprint, resolve

    blueprint = load_blueprint(source)
    workspace = resolve(
        blueprint,
        lang=lang,
        client=client,
        variables=variables or {},
        only=only,
        without=without,
        today=today,
    )
    html = render_preview(workspace, today=today)
    if out is not None:
        try:
            out.write_text(html, encoding="utf-8")
        except OSError as err:
            raise UsageError(
                f"{out}: cannot write the preview: {err.strerror}",
                hint="pass --out with a path in a folder you can write to",
            ) from err
    return _preview(workspace, html, out)
