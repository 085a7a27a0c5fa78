"""Headless Chromium for the preview tests: a loopback server that counts requests, screenshots.

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it); tests skip where none exists.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The path of a Chromium-family browser, or None."""
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = find_chromium()
needs_browser = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine (Debian: apt-get install chromium); .ci/run installs it",
)


@contextmanager
def loopback(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 at a free port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Site:
    """Pages served from memory; every request path is recorded."""

    pages: dict[str, bytes]
    requests: list[str] = field(default_factory=list)
    base_url: str = ""


@contextmanager
def serve(pages: dict[str, str]) -> Iterator[Site]:
    """Serve ``pages`` (path -> HTML) on 127.0.0.1 at a free port."""
    site = Site({path: html.encode("utf-8") for path, html in pages.items()})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append(self.path)
            body = site.pages.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output quiet."""

    with loopback(Handler) as base_url:
        site.base_url = base_url
        yield site


def run_chromium(
    url: str, *extra: str, width: int = 1280, height: int = 900, chromium: str | None = None
) -> str:
    """Run headless Chromium (``CHROMIUM`` unless given) on ``url`` with ``extra`` flags; its
    stdout (the DOM with ``--dump-dom``)."""
    browser = chromium or CHROMIUM
    assert browser is not None
    with tempfile.TemporaryDirectory() as profile:
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            *extra,
            url,
        ]
        done = subprocess.run(command, capture_output=True, timeout=120, check=False, text=True)
        return done.stdout


def screenshot(chromium: str, url: str, out: Path, *, width: int, height: int) -> None:
    """Load ``url`` headless, without any proxy, and save a PNG of the window."""
    flags = ("--no-proxy-server", f"--screenshot={out}")
    run_chromium(url, *flags, width=width, height=height, chromium=chromium)


@dataclass(frozen=True)
class Image:
    """The top rows of a PNG, decoded: enough to tell a page from a blank one."""

    width: int
    height: int
    pixels: list[tuple[int, int, int]]

    def non_white_ratio(self) -> float:
        """Share of decoded pixels that are not (near) white."""
        dark = sum(1 for r, g, b in self.pixels if min(r, g, b) < 235)
        return dark / max(1, len(self.pixels))

    def colours(self) -> int:
        """How many distinct colours the decoded rows hold."""
        return len(set(self.pixels))


def read_png(path: Path, *, max_rows: int = 400) -> Image:
    """Decode the first ``max_rows`` rows of an 8-bit RGB/RGBA PNG (all Chromium writes)."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat = 8, bytearray()
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            if depth != 8 or colour not in (2, 6):
                raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour {colour})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    previous = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    for y in range(min(height, max_rows)):
        start = y * (stride + 1)
        filter_type = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if filter_type == 1:
                line[i] = (line[i] + left) & 0xFF
            elif filter_type == 2:
                line[i] = (line[i] + up) & 0xFF
            elif filter_type == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif filter_type == 4:
                corner = previous[i - channels] if i >= channels else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        pixels.extend((line[x], line[x + 1], line[x + 2]) for x in range(0, stride, channels))
        previous = line
    return Image(width, height, pixels)
