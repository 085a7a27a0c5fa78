"""A read-only web view of a sandbox's workspace, drawn from its records.

Two forms: ``sandbox serve`` answers ``GET /`` and ``GET /p/<title>-<id32>`` (and
``/p/<id32>?v=<view32>``) beside the API, so a URL the API returns opens by replacing its origin;
``write_file`` writes the whole workspace as one self-contained HTML file whose anchors are the
objects' id32s. Neither loads anything from anywhere (inline styles and script, and a
Content-Security-Policy that forbids requests).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from notion_setup.sandbox.webview.assets import CSP
from notion_setup.sandbox.webview.document import WebView, stamp_line
from notion_setup.sandbox.webview.reader import FileLinks, Reader, ServedLinks, id32
from notion_setup.sandbox.webview.words import pick_language

if TYPE_CHECKING:
    from notion_setup.sandbox.core import Sandbox

__all__ = ["CSP", "WebView", "id32", "is_view_path", "render_file", "serve_path", "write_file"]

_ID32 = re.compile(r"([0-9a-fA-F]{32})$")


def is_view_path(method: str, path: str) -> bool:
    """Whether a request is for the web view (the API lives under ``/v1/``)."""
    route = urlsplit(path).path
    return method in ("GET", "HEAD") and (route in ("/", "/p", "/p/") or route.startswith("/p/"))


def render_file(
    sandbox: Sandbox, *, lang: str, today: date | None = None, stamp: str | None = None
) -> str:
    """The whole workspace as one HTML document (links are ``#<id32>``).

    ``stamp``: what it shows, kept in its head (``write_file`` reads it back).
    """
    with sandbox.state_lock:
        view = WebView(Reader(sandbox.ws), FileLinks(), lang=lang, today=today or date.today())
        return view.single_file(stamp)


@functools.cache
def _drawing_code() -> str:
    """The state of the code that draws a view: the sandbox's modules, as they are."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for source in sorted(package.rglob("*.py")):
        stat = source.stat()
        digest.update(f"{source}:{stat.st_mtime_ns}:{stat.st_size};".encode())
    return digest.hexdigest()[:16]


def _shows(path: Path, stamp: str) -> bool:
    """Whether the view file at ``path`` already is the drawing ``stamp`` names."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            head = file.read(512)
    except OSError:
        return False
    return stamp_line(stamp) in head


def write_file(sandbox: Sandbox, path: Path, *, lang: str, today: date | None = None) -> Path:
    """Write ``render_file`` to ``path`` atomically (a reader never sees half a file).

    A file that already draws this revision of the workspace, in this language, on this day,
    with this code, is left as it is: a run that changed nothing (a ``plan``, a ``doctor``, an
    ``apply`` with nothing to do) spent a quarter of its time drawing the same file again.
    """
    day = today or date.today()
    stamp = f"{sandbox.store.revision} {lang} {day.isoformat()} {_drawing_code()}"
    if _shows(path, stamp):
        return path
    html = render_file(sandbox, lang=lang, today=day, stamp=stamp)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A sibling temporary file (not mkstemp's 0600) so the view gets the umask's usual mode.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def serve_path(
    sandbox: Sandbox, path: str, *, accept_language: str | None = None, today: date | None = None
) -> tuple[int, dict[str, str], bytes]:
    """Answer ``GET /`` or ``GET /p/...`` of the web view: (status, headers, body)."""
    parts = urlsplit(path)
    query = parse_qs(parts.query)
    lang = (query.get("lang") or [""])[-1] or pick_language(accept_language)
    with sandbox.state_lock:
        reader = Reader(sandbox.ws)
        view = WebView(reader, ServedLinks(), lang=lang, today=today or date.today())
        route = parts.path.rstrip("/")
        if route in ("", "/p"):
            status, html = view.page_for(reader.top)
        else:
            segment = unquote(route.rsplit("/", 1)[-1])
            found = _ID32.search(segment)
            rec = reader.find(found.group(1)) if found else None
            view_id = (query.get("v") or [""])[-1] or None
            status, html = view.page_for(rec, view_id=view_id, asked=segment)
    headers = {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": CSP,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
    }
    return status, headers, html.encode("utf-8")
