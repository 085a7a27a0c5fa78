"""The web view in headless Chromium: it draws the workspace and asks nothing of the network.

The file is loaded with every request sent to a counting proxy on loopback (nothing else is
reachable), so a request the page made would be seen; the served view counts at the sandbox
server itself. The probe tests show each counter does see a request when one is made.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from notion_setup.connect import sandbox_link
from notion_setup.sandbox import serve
from notion_setup.sandbox.webview import id32, write_file

from ..preview.browser import loopback, needs_browser, read_png
from ..preview.browser import run_chromium as chromium
from .conftest import TODAY, Provisioned

#: With NOTION_SETUP_KEEP_SHOTS=1 the screenshots are kept here, for a person to look at.
KEEP = Path(__file__).parent / "screenshots"


#: Chromium's own background traffic (time sync, sign-in, safe browsing) goes to these hosts
#: whatever page is open; it is the browser's, not the page's, so it is not counted.
BROWSER_SERVICES = ("google.com", "googleapis.com", "gstatic.com", "gvt1.com", "gvt2.com")


def _host(request: str) -> str:
    target = request.split(" ", 1)[1]
    target = target.split("://", 1)[-1]
    return target.split("/", 1)[0].split(":", 1)[0].lower()


@dataclass
class Proxy:
    """A counting proxy: its address and the requests it was asked to forward."""

    url: str
    seen: list[str] = field(default_factory=list)

    @property
    def from_pages(self) -> list[str]:
        """What was asked, less the browser's own service traffic."""
        return [
            r
            for r in self.seen
            if not any(_host(r) == h or _host(r).endswith("." + h) for h in BROWSER_SERVICES)
        ]

    @property
    def flags(self) -> list[str]:
        """Chromium flags sending every request, loopback included, to this proxy."""
        return [f"--proxy-server={self.url}", "--proxy-bypass-list=<-loopback>"]


@contextmanager
def counting_proxy() -> Iterator[Proxy]:
    """A loopback HTTP proxy that answers 502 to everything and records what was asked."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            seen.append(f"{self.command} {self.path}")
            self.send_response(502)
            self.send_header("content-length", "0")
            self.end_headers()

        do_GET = do_POST = do_HEAD = do_CONNECT = _any

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    with loopback(Handler) as url:
        yield Proxy(url, seen)


def _check_shot(shot: Path, name: str) -> None:
    image = read_png(shot)
    assert image.non_white_ratio() > 0.03, "the screenshot is (nearly) blank"
    assert image.colours() > 30
    if os.environ.get("NOTION_SETUP_KEEP_SHOTS"):
        KEEP.mkdir(exist_ok=True)
        (KEEP / name).write_bytes(shot.read_bytes())


@needs_browser
def test_the_file_draws_the_workspace_and_makes_no_request(
    obm_fr: Provisioned, tmp_path: Path
) -> None:
    view = write_file(obm_fr.sandbox, tmp_path / "sandbox.html", lang="fr", today=TODAY)
    assert obm_fr.report.root_url
    link = sandbox_link(obm_fr.report.root_url, view.as_uri())
    shot = tmp_path / "root.png"
    with counting_proxy() as proxy:
        # One load draws the screenshot and prints the DOM (one browser start, not two).
        dom = chromium(link, *proxy.flags, f"--screenshot={shot}", "--dump-dom")
    assert proxy.from_pages == [], f"the file asked the network for {proxy.from_pages}"
    _check_shot(shot, "file-root-fr.png")
    # Every database of the run is in the page, and only the one named by the link shows.
    for _kind, name, object_id in obm_fr.objects("database"):
        assert f'id="{id32(object_id)}"' in dom, name
    root = id32(obm_fr.report.root_page_id or "")
    shown = [a for a in dom.split("<article ")[1:] if " hidden" not in a.split(">", 1)[0]]
    assert len(shown) == 1 and f'id="{root}"' in shown[0].split(">", 1)[0]


@needs_browser
def test_a_database_anchor_opens_that_database_in_the_file(
    obm_fr: Provisioned, tmp_path: Path
) -> None:
    view = write_file(obm_fr.sandbox, tmp_path / "sandbox.html", lang="fr", today=TODAY)
    tasks = next(o for o in obm_fr.report.objects if o.kind == "database" and o.name == "Tâches")
    shot = tmp_path / "tasks.png"
    with counting_proxy() as proxy:
        chromium(sandbox_link(tasks.url, view.as_uri()), *proxy.flags, f"--screenshot={shot}")
    assert proxy.from_pages == []
    _check_shot(shot, "file-tasks-fr.png")


@needs_browser
def test_the_proxy_sees_a_request_the_page_makes(tmp_path: Path) -> None:
    # Guards the tests above: a page that loads an image does reach the counting proxy.
    page = tmp_path / "probe.html"
    page.write_text('<p>probe</p><img src="http://example.invalid/probe.png" alt="">')
    with counting_proxy() as proxy:
        chromium(page.as_uri(), *proxy.flags, "--dump-dom")
    assert any("example.invalid/probe.png" in s for s in proxy.from_pages), proxy.seen


@needs_browser
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)], ids=["laptop", "phone"])
def test_the_served_view_draws_and_asks_only_for_the_page(
    av_en: Provisioned, tmp_path: Path, width: int, height: int
) -> None:
    assert av_en.report.root_url
    shot = tmp_path / "served.png"
    with serve(av_en.sandbox) as server:
        link = sandbox_link(av_en.report.root_url, server.base_url)
        dom = chromium(link, f"--screenshot={shot}", "--dump-dom", "--no-proxy-server",
                       width=width, height=height)  # fmt: skip
        asked = server.view_requests
    assert asked == [link.removeprefix(server.base_url)]
    image = read_png(shot)
    assert (image.width, image.height) == (width, height)
    _check_shot(shot, f"served-root-en-{width}.png")
    for _kind, name, object_id in av_en.objects("database"):
        assert f'href="/p/{id32(object_id)}"' in dom, name


@needs_browser
def test_the_served_counter_sees_a_second_request(av_en: Provisioned) -> None:
    # Guards the test above: two pages asked for are two requests counted.
    with serve(av_en.sandbox) as server:
        chromium(server.base_url + "/", "--dump-dom", "--no-proxy-server")
        chromium(server.base_url + "/p/" + "0" * 32, "--dump-dom", "--no-proxy-server")
        assert server.view_requests == ["/", "/p/" + "0" * 32]
