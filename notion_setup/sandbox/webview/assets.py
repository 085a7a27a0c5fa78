"""The web view's stylesheet and script, read as package files (no import of the tool's code).

The stylesheet is the preview's ``style.css`` plus ``webview.css`` (the few things only the web
view draws), so the web view and the preview look alike and stay alike.
"""

from __future__ import annotations

from importlib import resources

#: Nothing may load: no stylesheet, font, image, script or connection from anywhere.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'"


def _read(*parts: str) -> str:
    return resources.files("notion_setup").joinpath(*parts).read_text(encoding="utf-8")


def stylesheet() -> str:
    """The preview's stylesheet (shipped as ``notion_setup/preview/style.css``) and ours."""
    return _read("preview", "style.css") + _read("sandbox", "webview", "webview.css")


def script() -> str:
    """The view tabs, and the single file's one-page-at-a-time navigation."""
    return _read("sandbox", "webview", "webview.js")
