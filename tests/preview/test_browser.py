"""The preview in a real browser: it renders something, and it asks nothing of the network."""

from __future__ import annotations

from pathlib import Path

import pytest

from notion_setup.preview import CSP, render_preview

from .browser import CHROMIUM, needs_browser, read_png, screenshot, serve
from .workspace_fixture import TODAY, make_workspace

PROBE = '<img src="/probe.png" alt="probe">'


@needs_browser
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)], ids=["laptop", "phone"])
def test_the_preview_renders_and_makes_no_request(width: int, height: int, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    html = render_preview(make_workspace("fr"), today=TODAY)
    shot = tmp_path / "shot.png"
    with serve({"/preview.html": html}) as site:
        screenshot(CHROMIUM, f"{site.base_url}/preview.html", shot, width=width, height=height)
    assert site.requests == ["/preview.html"], "the page asked for something else"
    image = read_png(shot)
    assert (image.width, image.height) == (width, height)
    assert image.non_white_ratio() > 0.02, "the screenshot is (nearly) blank"
    assert image.colours() > 20


@needs_browser
def test_the_request_counter_sees_a_resource_the_page_asks_for(tmp_path: Path) -> None:
    # Guards the test above: without the policy, an image request does reach the server...
    assert CHROMIUM is not None
    page = f"<!DOCTYPE html><html><body><p>probe</p>{PROBE}</body></html>"
    with serve({"/page.html": page}) as site:
        screenshot(
            CHROMIUM, f"{site.base_url}/page.html", tmp_path / "a.png", width=400, height=300
        )
    assert "/probe.png" in site.requests
    # A near-empty page counts as blank, so the blank check above can fail.
    assert read_png(tmp_path / "a.png").non_white_ratio() < 0.02


@needs_browser
def test_the_preview_policy_blocks_that_same_resource(tmp_path: Path) -> None:
    # ...and with the preview's Content-Security-Policy it does not.
    assert CHROMIUM is not None
    html = render_preview(make_workspace("en"), today=TODAY).replace("</main>", f"{PROBE}</main>")
    assert f'content="{CSP}"' in html
    with serve({"/preview.html": html}) as site:
        screenshot(
            CHROMIUM, f"{site.base_url}/preview.html", tmp_path / "b.png", width=800, height=600
        )
    assert site.requests == ["/preview.html"]
