"""The web view's HTML: every object of a provisioned workspace, drawn from the sandbox's state."""

from __future__ import annotations

import re
from typing import Any

import pytest

from notion_setup.connect import sandbox_link
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.webview import CSP, id32, render_file
from notion_setup.sandbox.webview.words import pick_language

from ..preview.htmlcheck import check
from .conftest import TODAY, Provisioned


@pytest.fixture(scope="module")
def obm_html(obm_fr: Provisioned) -> str:
    return render_file(obm_fr.sandbox, lang="fr", today=TODAY)


def _article(html: str, object_id: str) -> str:
    """The text of the article whose id is the object's id32."""
    start = html.index('<article class="page')
    marker = f'id="{id32(object_id)}"'
    at = html.index(marker, start)
    begin = html.rindex("<article", 0, at)
    return html[begin : html.index("</article>", at)]


def test_the_file_is_well_formed_and_self_contained(obm_html: str) -> None:
    parsed = check(obm_html)
    assert parsed.errors == []
    assert len(parsed.ids) == len(set(parsed.ids)), "an id is used twice"
    assert f'content="{CSP}"' in obm_html
    # Nothing to load: no src, no stylesheet link, no url(); the only <link> is the data: icon.
    assert not [e for e in parsed.elements if "src" in e[1]]
    assert [e[1].get("href") for e in parsed.elements if e[0] == "link"] == ["data:,"]
    assert "url(" not in obm_html


def test_every_database_page_row_and_template_of_the_run_has_its_article(
    obm_fr: Provisioned, obm_html: str
) -> None:
    kinds = ("database", "page", "templates_page", "template", "root")
    made = obm_fr.objects(*kinds)
    databases = obm_fr.objects("database")
    assert len(databases) >= 26 and len(obm_fr.objects("template")) >= 14
    for kind, name, object_id in made:
        article = _article(obm_html, object_id)
        assert f">{_esc(name)}</h1>" in article, (kind, name)
    # Rows are pages of their database: each has its own article too.
    for ds in obm_fr.sandbox.store.of_kind("data_source"):
        for row_id in ds["rows"]:
            assert f'id="{id32(row_id)}"' in obm_html


def test_every_database_shows_each_of_its_views(obm_fr: Provisioned, obm_html: str) -> None:
    store = obm_fr.sandbox.store
    seen_types: set[str] = set()
    for _kind, _name, db_id in obm_fr.objects("database"):
        article = _article(obm_html, db_id)
        for view_id in store.objects[db_id]["views"]:
            view = store.objects[view_id]
            assert f'id="{id32(view_id)}"' in article
            assert f'data-view-type="{view["type"]}"' in article
            assert f"</span> {_esc(view['name'])}</a>" in article  # its tab
            seen_types.add(view["type"])
    assert seen_types == {"table", "board", "list", "chart", "calendar", "gallery", "timeline"}
    # Charts are figures, boards have columns, calendars days, timelines bars.
    assert obm_html.count('<figure class="chart"') >= 11
    assert '<section class="board-col' in obm_html
    assert 'class="cal-day' in obm_html and 'class="tl-bar"' in obm_html


def test_rows_show_their_values_from_the_sandbox(obm_fr: Provisioned, obm_html: str) -> None:
    store = obm_fr.sandbox.store
    tasks = next(d for d in store.of_kind("database") if d["title"][0]["plain_text"] == "Tâches")
    article = _article(obm_html, tasks["id"])
    # Status chips with their dot, select chips, French dates, row links into the file.
    assert '<span class="chip status c-green"><span class="dot" aria-hidden="true"></span>' in (
        article
    )
    assert re.search(
        r"\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}",
        article,
    )
    ds = store.objects[tasks["data_sources"][0]]
    first_row = ds["rows"][0]
    assert f'href="#{id32(first_row)}"' in article
    # A board grouped by status group has the three groups, in French.
    assert ">À faire</" in article and ">Terminé</" in article


def test_page_bodies_and_linked_views(obm_fr: Provisioned, obm_html: str) -> None:
    root = obm_fr.report.root_page_id
    assert root is not None
    article = _article(obm_html, root)
    assert '<div class="callout">' in article  # the root page's callout block
    assert '<p class="child-link"><a href="#' in article  # child pages and databases as links
    dashboard = next(i for k, n, i in obm_fr.objects("page") if n == "Tableau de bord")
    board = _article(obm_html, dashboard)
    assert board.count('<section class="block linked"') >= 3
    assert "Vue liée de Tâches" in board


def test_every_printed_link_opens_an_anchor_of_the_file(obm_fr: Provisioned, obm_html: str) -> None:
    ids = set(check(obm_html).ids)
    links = [sandbox_link(o.url, "file:///x/sandbox.html") for o in obm_fr.report.objects]
    assert obm_fr.report.root_url
    links.append(sandbox_link(obm_fr.report.root_url, "file:///x/sandbox.html"))
    for link in links:
        assert link.startswith("file:///x/sandbox.html#")
        assert link.split("#", 1)[1] in ids, link


def test_english_words_in_english(av_en: Provisioned) -> None:
    html = render_file(av_en.sandbox, lang="en", today=TODAY)
    assert '<html lang="en">' in html
    assert "Read-only view of the sandbox&#x27;s workspace" in html
    assert "rows</p>" in html
    assert "lignes" not in html


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


HOSTILE = '<script>alert(1)</script> "quoted" & <img src=x onerror=alert(2)>'


def test_every_user_string_is_escaped() -> None:
    from notion_setup.sandbox.testing import notion_client_for

    box = Sandbox(rate_limit=0)
    client = notion_client_for(box)
    try:
        page: Any = client.pages.create(
            parent={"page_id": box.root_page_id},
            properties={"title": {"title": [{"text": {"content": HOSTILE}}]}},
            children=[
                {"paragraph": {"rich_text": [{"text": {"content": HOSTILE}}]}},
                {
                    "paragraph": {
                        "rich_text": [
                            {"text": {"content": "click", "link": {"url": "javascript:alert(3)"}}}
                        ]
                    }
                },
            ],
        )
        db: Any = client.databases.create(
            parent={"page_id": page["id"]},
            title=[{"text": {"content": HOSTILE}}],
            initial_data_source={
                "properties": {
                    "Name": {"title": {}},
                    HOSTILE.replace(",", ""): {"select": {"options": [{"name": "<b>x</b>"}]}},
                }
            },
        )
        client.pages.create(
            parent={"data_source_id": db["data_sources"][0]["id"]},
            properties={"Name": {"title": [{"text": {"content": HOSTILE}}]}},
        )
    finally:
        client.close()
    html = render_file(box, lang="en", today=TODAY)
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "<b>x</b>" not in html
    assert "javascript:" not in html
    assert _esc(HOSTILE) in html
    assert check(html).errors == []


def test_the_trash_is_not_shown() -> None:
    from notion_setup.sandbox.testing import notion_client_for

    box = Sandbox(rate_limit=0)
    client = notion_client_for(box)
    try:
        kept: Any = client.pages.create(
            parent={"page_id": box.root_page_id},
            properties={"title": {"title": [{"text": {"content": "Kept page"}}]}},
        )
        gone: Any = client.pages.create(
            parent={"page_id": kept["id"]},
            properties={"title": {"title": [{"text": {"content": "Trashed page"}}]}},
        )
        client.pages.update(page_id=gone["id"], in_trash=True)
    finally:
        client.close()
    html = render_file(box, lang="en", today=TODAY)
    assert "Kept page" in html
    assert "Trashed page" not in html


def test_database_templates_made_in_the_app_are_listed() -> None:
    from notion_setup.sandbox.testing import notion_client_for

    box = Sandbox(rate_limit=0)
    client = notion_client_for(box)
    try:
        db: Any = client.databases.create(
            parent={"page_id": box.root_page_id},
            title=[{"text": {"content": "Invoices"}}],
            initial_data_source={"properties": {"Name": {"title": {}}}},
        )
    finally:
        client.close()
    template = box.add_template(db["data_sources"][0]["id"], "Monthly invoice", markdown="Hi")
    html = render_file(box, lang="fr", today=TODAY)
    article = _article(html, db["id"])
    assert "Modèles de cette base" in article
    assert f'href="#{id32(template)}"' in article
    assert "Monthly invoice</h1>" in _article(html, template)


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("en-GB,en;q=0.9,fr;q=0.8", "en"),
        ("de-DE,fr;q=0.5", "fr"),
        ("de-DE", "en"),
        ("", "en"),
        (None, "en"),
        ("en;q=0.2,fr;q=0.9", "fr"),
    ],
)
def test_the_served_language_follows_accept_language(header: str | None, lang: str) -> None:
    assert pick_language(header) == lang
