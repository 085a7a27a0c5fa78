"""The preview document: well formed, complete, safe, self-contained, in both languages."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from notion_setup.model import Workspace
from notion_setup.preview import CSP, render_preview
from notion_setup.preview.i18n import STRINGS

from .htmlcheck import check
from .workspace_fixture import TODAY, make_workspace


def test_the_document_is_well_formed(workspace: Workspace) -> None:
    html = render_preview(workspace, today=TODAY)
    result = check(html)
    assert result.errors == []
    assert result.stack == []
    assert html.startswith("<!DOCTYPE html>\n")
    assert len(result.ids) == len(set(result.ids)), "element ids are unique"


def test_every_database_view_page_and_template_is_shown(workspace: Workspace) -> None:
    result = check(render_preview(workspace, today=TODAY))
    ids = set(result.ids)
    for db in workspace.databases:
        assert f"db-{db.key}" in ids
        for view in db.views:
            assert f"db-{db.key}-view-{view.key}" in ids
    for page in workspace.pages:
        assert f"page-{page.key}" in ids
    for template in workspace.templates:
        assert f"template-{template.key}" in ids
    assert "page-root" in ids and "templates-all" in ids


def test_the_html_language_and_frame_follow_the_workspace() -> None:
    en = render_preview(make_workspace("en"), today=TODAY)
    fr = render_preview(make_workspace("fr"), today=TODAY)
    assert '<html lang="en">' in en and '<html lang="fr">' in fr
    assert "Relations between databases" in en
    assert "Relations entre les bases" in fr
    assert "<title>Acme workspace — Notion workspace preview</title>" in en
    assert "<title>Acme workspace — aperçu de l’espace Notion</title>" in fr


def test_both_languages_have_the_same_keys() -> None:
    assert set(STRINGS["en"]) == set(STRINGS["fr"])


def test_nothing_can_load_from_anywhere(workspace: Workspace) -> None:
    html = render_preview(workspace, today=TODAY)
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html
    assert CSP == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'"
    )
    for tag, attrs in check(html).elements:
        for name in ("src", "srcset", "poster", "data", "action", "formaction"):
            assert name not in attrs, f"<{tag} {name}=...> would load a resource"
        if tag == "link":
            raise AssertionError("no <link> elements: styles are inline")
        href = attrs.get("href")
        if href and tag != "a":
            raise AssertionError(f"<{tag} href={href!r}> outside an anchor")
    # The only absolute URLs are anchors the user can follow, never something fetched.
    outside_anchors = re.sub(r'<a href="[^"]*"', "", html)
    assert not re.search(r"https?://", outside_anchors)
    assert "@import" not in html
    assert not re.search(r"url\((?!#)", html), "only same-document url(#id) references"


def test_blueprint_text_is_escaped_and_only_safe_links_become_anchors() -> None:
    html = render_preview(make_workspace("en", client="<script>x()</script>"), today=TODAY)
    assert "<script>x()</script>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert html.count("<script>") == 1  # the preview's own tab script
    assert '<a href="https://example.com/docs" rel="noopener noreferrer">Docs</a>' in html
    assert "javascript:" not in re.sub(r"\[bad\]\(javascript:alert\(1\)\)", "", html)
    assert "Call &lt;b&gt;Acme&lt;/b&gt;" in html


@settings(max_examples=40, deadline=None)
@given(
    title=st.text(min_size=1, max_size=40),
    body=st.text(max_size=200),
)
def test_any_text_keeps_the_document_well_formed(title: str, body: str) -> None:
    base = make_workspace("en")
    workspace = Workspace(**{**base.__dict__, "title": title, "body": body, "client": title or "x"})
    html = render_preview(workspace, today=TODAY)
    result = check(html)
    assert result.errors == [] and result.stack == []
    assert html.count("<script>") == 1
