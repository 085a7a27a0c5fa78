"""Page, row and template bodies: Markdown -> Notion blocks -> HTML.

The Markdown goes through ``notion.markdown.markdown_to_blocks``, the very function whose
output ``apply`` sends, so the preview shows exactly the blocks Notion will hold. This module only
draws Notion blocks (request shape) as HTML. Every text is escaped, and only http(s) and mailto
links become anchors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.preview.html import esc

_SAFE_URL = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_LISTS = {"bulleted_list_item": "ul", "numbered_list_item": "ol", "to_do": "ul"}


def render_markdown(source: str, *, heading_offset: int = 0) -> str:
    """Render a Markdown body as HTML, through the blocks ``apply`` would send.

    Args:
        source: the Markdown text (already localised, variables filled).
        heading_offset: added to every heading level so a body's ``#`` nests under the section
            heading that holds it (capped at ``h6``).

    Returns:
        Escaped HTML; an empty string for an empty body.
    """
    if not source.strip():
        return ""
    return render_blocks(markdown_to_blocks(source), heading_offset=heading_offset)


def rich_text_html(objects: Sequence[Mapping[str, Any]]) -> str:
    """Notion rich-text objects as inline HTML (annotations, safe links)."""
    out: list[str] = []
    for obj in objects:
        text = obj.get("text") or {}
        content = str(text.get("content", obj.get("plain_text", "")))
        html = esc(content).replace("\n", "<br>")
        notes = obj.get("annotations") or {}
        if notes.get("code"):
            html = f"<code>{html}</code>"
        if notes.get("bold"):
            html = f"<strong>{html}</strong>"
        if notes.get("italic"):
            html = f"<em>{html}</em>"
        if notes.get("strikethrough"):
            html = f"<s>{html}</s>"
        if notes.get("underline"):
            html = f"<u>{html}</u>"
        url = str((text.get("link") or {}).get("url", ""))
        if url and _SAFE_URL.match(url):
            html = f'<a href="{esc(url)}" rel="noopener noreferrer">{html}</a>'
        out.append(html)
    return "".join(out)


def render_blocks(blocks: Sequence[Mapping[str, Any]], *, heading_offset: int = 0) -> str:
    """Notion block objects (request shape, children nested) as HTML."""
    out: list[str] = []
    i = 0
    while i < len(blocks):
        kind = str(blocks[i].get("type", ""))
        if kind in _LISTS:
            # Consecutive items of one kind form one list, as Notion draws them.
            run = []
            while i < len(blocks) and blocks[i].get("type") == kind:
                run.append(blocks[i])
                i += 1
            out.append(_list(kind, run, heading_offset))
            continue
        out.append(_block(blocks[i], heading_offset))
        i += 1
    return "\n".join(part for part in out if part)


def _children(data: Mapping[str, Any], heading_offset: int) -> str:
    children = data.get("children") or []
    return render_blocks(children, heading_offset=heading_offset) if children else ""


def _list(kind: str, items: list[Mapping[str, Any]], heading_offset: int) -> str:
    tag = _LISTS[kind]
    css = ' class="todo-list"' if kind == "to_do" else ""
    parts = []
    for item in items:
        data = item.get(kind) or {}
        text = rich_text_html(data.get("rich_text") or [])
        nested = _children(data, heading_offset)
        if kind == "to_do":
            done = bool(data.get("checked"))
            mark = "☑" if done else "☐"
            state = "done" if done else "open"
            aria = "checked" if done else "not checked"
            parts.append(
                f'<li class="todo"><span class="todo-box" role="img" aria-label="{aria}">{mark}'
                f'</span><span class="todo-text {state}">{text}{nested}</span></li>'
            )
        else:
            parts.append(f"<li>{text}{nested}</li>")
    return f"<{tag}{css}>{''.join(parts)}</{tag}>"


def _block(block: Mapping[str, Any], heading_offset: int) -> str:
    kind = str(block.get("type", ""))
    data: Mapping[str, Any] = block.get(kind) or {}
    text = rich_text_html(data.get("rich_text") or [])
    nested = _children(data, heading_offset)
    if kind.startswith("heading_") and kind[-1].isdigit():
        level = min(6, int(kind[-1]) + heading_offset)
        return f'<h{level} class="md-h">{text}</h{level}>{nested}'
    if kind == "paragraph":
        return f"<p>{text}</p>{nested}" if text or nested else ""
    if kind == "quote":
        return f"<blockquote><p>{text}</p>{nested}</blockquote>"
    if kind == "callout":
        icon = (data.get("icon") or {}).get("emoji", "💡")
        return (
            f'<aside class="callout"><span class="callout-icon" aria-hidden="true">{esc(icon)}'
            f'</span><div class="callout-body"><p>{text}</p>{nested}</div></aside>'
        )
    if kind == "toggle":
        return f'<details class="toggle"><summary>{text}</summary>{nested}</details>'
    if kind == "code":
        language = str(data.get("language", "plain text"))
        code = esc(
            "".join(
                str((o.get("text") or {}).get("content", "")) for o in data.get("rich_text") or []
            )
        )
        return f'<pre class="code" data-lang="{esc(language)}"><code>{code}</code></pre>'
    if kind == "divider":
        return "<hr>"
    if kind == "table":
        return _table(data)
    # A block type this preview does not draw specially still shows its text.
    return f"<p>{text}</p>{nested}" if text or nested else ""


def _table(data: Mapping[str, Any]) -> str:
    rows = [row.get("table_row", {}).get("cells", []) for row in data.get("children") or []]
    if not rows:
        return ""
    header = bool(data.get("has_column_header"))
    head = ""
    if header:
        cells = "".join(f'<th scope="col">{rich_text_html(c)}</th>' for c in rows[0])
        head = f"<thead><tr>{cells}</tr></thead>"
        rows = rows[1:]
    body = "".join(
        "<tr>" + "".join(f"<td>{rich_text_html(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f'<div class="scroll"><table class="md-table">{head}<tbody>{body}</tbody></table></div>'
