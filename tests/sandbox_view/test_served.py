"""``sandbox serve``'s web view over loopback: the routes, beside an untouched API."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator

import pytest

from notion_setup.connect import open_connection, sandbox_link
from notion_setup.sandbox import RunningServer, serve
from notion_setup.sandbox.webview import CSP, id32

from ..preview.htmlcheck import check
from .conftest import Provisioned


@pytest.fixture
def server(av_en: Provisioned) -> Iterator[RunningServer]:
    with serve(av_en.sandbox) as running:
        yield running


def get(
    server: RunningServer, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        conn.request(method, path, headers=headers)
        answer = conn.getresponse()
        body = answer.read().decode("utf-8")
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body
    finally:
        conn.close()


def test_every_url_the_run_printed_opens_its_object(
    av_en: Provisioned, server: RunningServer
) -> None:
    assert av_en.report.root_url
    urls = [o.url for o in av_en.report.objects] + [av_en.report.root_url]
    for url in urls:
        link = sandbox_link(url, server.base_url)
        assert link.startswith(f"{server.base_url}/p/")
        status, headers, body = get(server, link.removeprefix(server.base_url))
        assert status == 200, link
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["content-security-policy"] == CSP
        object_id = link.rsplit("-", 1)[-1][-32:]
        assert '<article class="page' in body and f'id="{object_id}"' in body, link
    assert len(server.view_requests) == len(urls)


def test_the_home_page_lists_the_workspaces_and_the_sidebar_every_database(
    av_en: Provisioned, server: RunningServer
) -> None:
    status, _headers, body = get(server, "/")
    assert status == 200
    assert check(body).errors == []
    assert "Demo – Assistant workspace" in body
    for _kind, name, object_id in av_en.objects("database"):
        assert f'<a href="/p/{id32(object_id)}">' in body, name


def test_a_view_url_opens_the_database_on_that_view(
    av_en: Provisioned, server: RunningServer
) -> None:
    store = av_en.sandbox.store
    db_id = av_en.objects("database")[0][2]
    views = store.objects[db_id]["views"]
    assert len(views) > 1
    last = id32(views[-1])
    status, _headers, body = get(server, f"/p/{id32(db_id)}?v={last}")
    assert status == 200
    assert f'aria-controls="{last}" aria-selected="true"' in body
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count('aria-selected="true"') == 1
    # A view's own URL (what the API returns for a view) opens the same database.
    status, _headers, body = get(server, f"/p/Board-{last}")
    assert status == 200 and f'aria-controls="{last}" aria-selected="true"' in body


def test_french_from_the_browser_or_the_query(server: RunningServer) -> None:
    _status, _headers, body = get(server, "/", **{"Accept-Language": "fr-FR,fr;q=0.9"})
    assert '<html lang="fr">' in body and "Espaces de ce sandbox" in body
    _status, _headers, body = get(server, "/?lang=fr")
    assert '<html lang="fr">' in body


def test_unknown_ids_are_a_404_page_and_head_sends_no_body(server: RunningServer) -> None:
    status, _headers, body = get(server, "/p/Nothing-" + "0" * 32)
    assert status == 404
    assert "Not found" in body and '<a href="/">' in body
    assert f"Nothing in this workspace has the id Nothing-{'0' * 32}." in body
    status, _headers, body = get(server, "/p/%3Cscript%3E")
    assert status == 404
    assert "the id &lt;script&gt;." in body
    status, headers, body = get(server, "/", method="HEAD")
    assert status == 200 and body == "" and int(headers["content-length"]) > 1000


def test_the_api_is_untouched(av_en: Provisioned, server: RunningServer) -> None:
    status, _headers, body = get(server, "/v1/users/me", **{"Notion-Version": "2026-03-11"})
    assert status == 401
    assert json.loads(body)["code"] == "unauthorized"
    status, _headers, body = get(
        server,
        "/v1/users/me",
        **{"Notion-Version": "2026-03-11", "Authorization": f"Bearer {av_en.sandbox.token}"},
    )
    assert status == 200 and json.loads(body)["object"] == "user"
    # Writes to the view's paths are the API's business: it does not know them.
    status, _headers, body = get(server, "/p/x", method="POST")
    assert status == 400


def test_a_connection_to_a_served_sandbox_links_into_its_view(
    av_en: Provisioned, server: RunningServer
) -> None:
    env = {"NOTION_TOKEN": av_en.sandbox.token}
    with open_connection(base_url=server.base_url, environ=env) as conn:
        assert conn.web_view == server.base_url
        url = av_en.report.objects[0].url
        assert conn.link(url) == server.base_url + "/p/" + url.rsplit("/", 1)[-1]
    with open_connection(environ=env) as real:
        assert real.web_view is None
        assert real.link(url) == url
