"""``Connection.link``: where a URL Notion returned opens when the API is a sandbox."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notion_setup.connect import is_loopback, sandbox_link, web_view_file
from notion_setup.sandbox.ids import page_url, view_url

PAGE = "1f2e3d4c5b6a47988776655443322110"
VIEW = "aaaabbbbccccddddeeeeffff00001111"
FILE = "file:///home/me/.demo/sandbox.html"
SERVED = "http://127.0.0.1:8765"


@pytest.mark.parametrize(
    ("url", "served", "in_file"),
    [
        # Today's sandbox (and Notion's older) form.
        (f"https://www.notion.so/Tasks-{PAGE}", f"{SERVED}/p/Tasks-{PAGE}", f"{FILE}#{PAGE}"),
        (f"https://www.notion.so/{PAGE}", f"{SERVED}/p/{PAGE}", f"{FILE}#{PAGE}"),
        # Notion's app.notion.com form, with a view.
        (
            f"https://app.notion.com/p/Invoices-{PAGE}",
            f"{SERVED}/p/Invoices-{PAGE}",
            f"{FILE}#{PAGE}",
        ),
        (
            f"https://app.notion.com/p/{PAGE}?v={VIEW}",
            f"{SERVED}/p/{PAGE}?v={VIEW}",
            f"{FILE}#{VIEW}",
        ),
    ],
)
def test_urls_map_onto_the_server_and_into_the_file(url: str, served: str, in_file: str) -> None:
    assert sandbox_link(url, SERVED) == served
    assert sandbox_link(url, SERVED + "/") == served
    assert sandbox_link(url, FILE) == in_file


@pytest.mark.parametrize("url", ["https://www.notion.so/profile/integrations", "", "(none)"])
def test_a_url_without_an_object_id_is_left_alone(url: str) -> None:
    assert sandbox_link(url, SERVED) == url
    assert sandbox_link(url, FILE) == url


@given(title=st.text(max_size=60), raw=st.uuids(), view=st.uuids())
def test_any_sandbox_url_keeps_its_id(title: str, raw: uuid.UUID, view: uuid.UUID) -> None:
    url = page_url(title, str(raw))
    assert sandbox_link(url, FILE) == f"{FILE}#{raw.hex}"
    served = sandbox_link(url, SERVED)
    # The origin is replaced, the path kept: what the API returned maps one to one.
    assert served == SERVED + url.removeprefix("https://app.notion.com")
    shown = view_url(str(raw), str(view))
    assert sandbox_link(shown, FILE) == f"{FILE}#{view.hex}"
    assert sandbox_link(shown, SERVED) == f"{SERVED}/p/{raw.hex}?v={view.hex}"


@pytest.mark.parametrize(
    ("base", "loopback"),
    [
        ("http://127.0.0.1:40123", True),
        ("http://127.8.9.1", True),
        ("http://localhost:8000", True),
        ("http://[::1]:9000", True),
        ("https://api.notion.com", False),
        ("http://10.0.0.5:8080", False),
        ("http://sandbox.invalid", False),
    ],
)
def test_only_a_loopback_api_is_taken_for_a_sandbox_server(base: str, loopback: bool) -> None:
    assert is_loopback(base) is loopback


def test_the_view_file_sits_beside_the_state_file() -> None:
    assert web_view_file(Path("/x/.demo/sandbox.sqlite")) == Path("/x/.demo/sandbox.html")
