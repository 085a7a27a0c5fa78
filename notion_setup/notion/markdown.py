"""Markdown -> Notion block objects (request shape), and back, without any I/O.

Supported, line by line:

- ``#``, ``##``, ``###`` headings (``####`` and deeper become ``heading_3``);
- paragraphs: consecutive lines form one paragraph; its line breaks are kept;
- inline ``**bold**``, ``*italic*``, ``~~strike~~``, ```code```, ``[links](url)``, and ``\\``
  escapes of any of ``\\`*[]()#+-.!|>~_``;
- ``-``/``*``/``+`` bullets, ``1.``/``1)`` numbers, ``- [ ]``/``- [x]`` to-dos, nested by
  indentation (two spaces or a tab per level); an indented line without a marker continues the
  item above;
- ``>`` quotes (consecutive lines, one block); ``> 💡 text``: a quote whose first character is an
  emoji becomes a callout with that icon;
- ``---``, ``***``, ``___`` dividers;
- fenced code (```` ```lang ````), the language mapped to Notion's names (unknown -> plain text);
- pipe tables with a ``|---|`` separator line (first row is the column header);
- toggles: ``+++ Title`` ... ``+++`` (nestable; the content is parsed recursively; a toggle
  left open runs to the end of the text).

Not supported (kept as plain text): images, HTML, footnotes, reference links, setext headings.

Notion's limits are respected: a text object holds at most 2000 UTF-16 units (longer text is
split into several objects), and a block with more than 100 text objects is split into several
blocks of the same type. Nesting depth and children counts are the concern of ``body.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from notion_setup.notion.results import plain_text
from notion_setup.notion.text_units import split_utf16

JSON = dict[str, Any]

MAX_RICH_TEXT = 100

#: Notion's code-block languages, plus common aliases.
_LANGUAGE_NAMES = (
    "abap arduino bash basic c clojure coffeescript c++ c# css dart diff docker elixir elm "
    "erlang flow fortran f# gherkin glsl go graphql groovy haskell html java javascript json "
    "julia kotlin latex less lisp livescript lua makefile markdown markup matlab mermaid nix "
    "objective-c ocaml pascal perl php powershell prolog protobuf python r reason ruby rust "
    "sass scala scheme scss shell sql swift typescript verilog vhdl webassembly xml yaml"
)
_LANGUAGES = frozenset(_LANGUAGE_NAMES.split())
_ALIASES = {
    "py": "python",
    "js": "javascript",
    "ts": "typescript",
    "sh": "shell",
    "zsh": "shell",
    "console": "shell",
    "yml": "yaml",
    "md": "markdown",
    "cpp": "c++",
    "csharp": "c#",
    "cs": "c#",
    "rb": "ruby",
    "rs": "rust",
    "dockerfile": "docker",
    "text": "plain text",
    "txt": "plain text",
    "plaintext": "plain text",
    "": "plain text",
}

_ESCAPABLE = set("\\`*[]()#+-.!|>~_")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
_DIVIDER = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}```\s*([^`\s]*)\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
#: Characters none of which starts inline markup (escape, code, bold/italic, strikethrough, link).
_PLAIN_RUN = re.compile(r"[^\\`*~\[]+")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^()\s]+)\)")


@dataclass(frozen=True)
class _Style:
    bold: bool = False
    italic: bool = False
    strikethrough: bool = False
    code: bool = False
    link: str | None = None


# --- inline --------------------------------------------------------------------------------------


def _find_closing(text: str, start: int, marker: str) -> int:
    """Index of the next unescaped ``marker`` at or after ``start`` (-1 if none)."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(marker, i):
            if marker == "*" and text.startswith("**", i):
                i += 2
                continue
            return i
        i += 1
    return -1


def _inline(text: str, style: _Style) -> list[tuple[str, _Style]]:
    out: list[tuple[str, _Style]] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            out.append(("".join(buf), style))
            buf.clear()

    i = 0
    while i < len(text):
        # A run of characters that start no markup is text as it stands: take it whole (a
        # block's text is mostly such runs; one character a turn was most of a long apply).
        plain = _PLAIN_RUN.match(text, i)
        if plain is not None:
            buf.append(plain.group())
            i = plain.end()
            continue
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            buf.append(text[i + 1])
            i += 2
            continue
        if char == "`":
            end = text.find("`", i + 1)
            if end > i + 1:
                flush()
                out.append((text[i + 1 : end], _Style(code=True, link=style.link)))
                i = end + 1
                continue
        for marker, field in (("**", "bold"), ("~~", "strikethrough"), ("*", "italic")):
            if text.startswith(marker, i) and not getattr(style, field):
                end = _find_closing(text, i + len(marker), marker)
                if end > i + len(marker):
                    flush()
                    inner = _Style(**{**style.__dict__, field: True})
                    out.extend(_inline(text[i + len(marker) : end], inner))
                    i = end + len(marker)
                    break
        else:
            if char == "[" and style.link is None:
                match = _LINK.match(text, i)
                if match:
                    flush()
                    linked = _Style(**{**style.__dict__, "link": match.group(2)})
                    out.extend(_inline(match.group(1), linked))
                    i = match.end()
                    continue
            buf.append(char)
            i += 1
    flush()
    return out


def _text_object(content: str, style: _Style) -> JSON:
    text: JSON = {"content": content}
    if style.link:
        text["link"] = {"url": style.link}
    obj: JSON = {"type": "text", "text": text}
    annotations = {
        name: True for name in ("bold", "italic", "strikethrough", "code") if getattr(style, name)
    }
    if annotations:
        obj["annotations"] = annotations
    return obj


def rich_text(text: str) -> list[JSON]:
    """Parse inline Markdown into Notion rich-text objects (each at most 2000 UTF-16 units).

    Adjacent runs with the same formatting are merged, so the result is canonical.
    """
    merged: list[tuple[str, _Style]] = []
    for content, style in _inline(text, _Style()):
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + content, style)
        elif content:
            merged.append((content, style))
    return [
        _text_object(piece, style) for content, style in merged for piece in split_utf16(content)
    ]


# --- blocks --------------------------------------------------------------------------------------


def _block(kind: str, text: str | list[JSON], **extra: Any) -> list[JSON]:
    """One block, or several when its text needs more than 100 rich-text objects."""
    objects = rich_text(text) if isinstance(text, str) else text
    groups = [objects[i : i + MAX_RICH_TEXT] for i in range(0, len(objects), MAX_RICH_TEXT)]
    return [{"type": kind, kind: {"rich_text": group, **extra}} for group in groups or [[]]]


def _starts_emoji(text: str) -> int:
    """Length of the emoji that starts ``text`` (0 if it does not start with one)."""
    if not text or unicodedata.category(text[0]) != "So":
        return 0
    end = 1
    while end < len(text):
        char = text[end]
        if char in "\ufe0f\u20e3" or 0x1F3FB <= ord(char) <= 0x1F3FF:
            end += 1
        elif char == "\u200d" and end + 1 < len(text):
            end += 2
        else:
            break
    return end


def _is_block_start(line: str) -> bool:
    stripped = line.strip()
    return bool(
        _HEADING.match(stripped)
        or _FENCE.match(line)
        or _DIVIDER.match(line)
        or _LIST_ITEM.match(line)
        or stripped.startswith((">", "|", "+++"))
    )


def _split_row(line: str) -> list[str]:
    """Cells of a pipe-table row; ``\\|`` stays inside a cell."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells, current, i = [], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            current.append(body[i : i + 2])
            i += 2
            continue
        if body[i] == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(body[i])
        i += 1
    cells.append("".join(current).strip())
    return cells


def _cell(text: str) -> list[JSON]:
    objects = rich_text(text)
    if len(objects) <= MAX_RICH_TEXT:
        return objects
    # A cell cannot be split into blocks: keep the words, drop the formatting.
    return [_text_object(piece, _Style()) for piece in split_utf16(plain_text(objects))]


def _table(lines: list[str]) -> JSON:
    header = _split_row(lines[0])
    width = len(header)
    rows = [header] + [_split_row(line) for line in lines[2:]]
    children = []
    for row in rows:
        cells = (row + [""] * width)[:width]
        children.append({"type": "table_row", "table_row": {"cells": [_cell(c) for c in cells]}})
    return {
        "type": "table",
        "table": {
            "table_width": width,
            "has_column_header": True,
            "has_row_header": False,
            "children": children,
        },
    }


def _language(name: str) -> str:
    lowered = name.lower()
    if lowered in _LANGUAGES:
        return lowered
    return _ALIASES.get(lowered, "plain text")


def _list_blocks(items: list[tuple[int, str, str]]) -> list[JSON]:
    """Build nested list blocks from (indent, marker, text) items."""
    top: list[JSON] = []
    stack: list[tuple[int, JSON]] = []
    for indent, marker, text in items:
        while stack and stack[-1][0] >= indent:
            stack.pop()
        checked = None
        if marker in "-*+" and re.match(r"^\[[ xX]\](\s|$)", text):
            checked = text[1] in "xX"
            text = text[3:].lstrip()
        if checked is not None:
            block = _block("to_do", text, checked=checked)[0]
        elif marker[0].isdigit():
            block = _block("numbered_list_item", text)[0]
        else:
            block = _block("bulleted_list_item", text)[0]
        if stack:
            parent = stack[-1][1]
            parent[parent["type"]].setdefault("children", []).append(block)
        else:
            top.append(block)
        stack.append((indent, block))
    return top


def _parse(lines: list[str]) -> list[JSON]:
    blocks: list[JSON] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            end = i + 1
            while end < len(lines) and not re.match(r"^\s{0,3}```\s*$", lines[end]):
                end += 1
            code = "\n".join(lines[i + 1 : end])
            objects = [_text_object(p, _Style()) for p in split_utf16(code)] if code else []
            blocks.extend(_block("code", objects, language=_language(fence.group(1))))
            i = end + 1
            continue
        if stripped.startswith("+++ "):
            title = stripped[3:].strip()
            depth, end = 1, i + 1
            while end < len(lines):
                inner = lines[end].strip()
                if inner == "+++":
                    depth -= 1
                    if depth == 0:
                        break
                elif inner.startswith("+++ "):
                    depth += 1
                end += 1
            toggle = _block("toggle", title)
            children = _parse(lines[i + 1 : end])
            if children:
                toggle[-1]["toggle"]["children"] = children
            blocks.extend(toggle)
            i = end + 1
            continue
        if _DIVIDER.match(line):
            blocks.append({"type": "divider", "divider": {}})
            i += 1
            continue
        heading = _HEADING.match(stripped)
        if heading and not line.startswith((" ", "\t")):
            level = min(3, len(heading.group(1)))
            blocks.extend(_block(f"heading_{level}", heading.group(2)))
            i += 1
            continue
        if (
            stripped.startswith("|")
            and i + 1 < len(lines)
            and "|" in lines[i + 1]
            and _TABLE_SEPARATOR.match(lines[i + 1])
        ):
            end = i + 2
            while end < len(lines) and lines[end].strip().startswith("|"):
                end += 1
            blocks.append(_table(lines[i:end]))
            i = end
            continue
        if stripped.startswith(">"):
            quoted = []
            while i < len(lines) and lines[i].strip().startswith(">"):
                text = lines[i].strip()[1:]
                quoted.append(text[1:] if text.startswith(" ") else text)
                i += 1
            text = "\n".join(quoted)
            emoji = _starts_emoji(text)
            if emoji:
                icon = {"type": "emoji", "emoji": text[:emoji]}
                blocks.extend(_block("callout", text[emoji:].lstrip(), icon=icon))
            else:
                blocks.extend(_block("quote", text))
            continue
        if _LIST_ITEM.match(line):
            items: list[tuple[int, str, str]] = []
            while i < len(lines):
                current = lines[i]
                match = _LIST_ITEM.match(current)
                if match:
                    indent = len(match.group(1).expandtabs(2))
                    items.append((indent, match.group(2), match.group(3).rstrip()))
                elif current.strip() and current.startswith((" ", "\t")) and items:
                    indent, marker, text = items[-1]
                    items[-1] = (indent, marker, text + "\n" + current.strip())
                else:
                    break
                i += 1
            blocks.extend(_list_blocks(items))
            continue
        paragraph = [stripped]
        i += 1
        while i < len(lines) and lines[i].strip() and not _is_block_start(lines[i]):
            paragraph.append(lines[i].rstrip())
            i += 1
        blocks.extend(_block("paragraph", "\n".join(paragraph)))
    return blocks


def markdown_to_blocks(md: str) -> list[JSON]:
    """Convert Markdown (the subset in this module's docstring) to Notion block objects.

    Args:
        md: Markdown text; ``\\r\\n`` and tabs are accepted.

    Returns:
        Block objects in Notion's request shape; children sit in ``block[type]["children"]``.
    """
    lines = md.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _parse(lines)


# --- back to Markdown (export, previews and round-trip tests) ------------------------------------


def _escape(text: str) -> str:
    out = re.sub(r"([\\`*\[\]~])", r"\\\1", text)
    # A line that would start a block is escaped at its first character.
    return "\n".join(
        re.sub(
            r"^(\s*)(\d+)([.)])(?=\s|$)", r"\1\2\\\3", re.sub(r"^(\s*)([#>|+\-_])", r"\1\\\2", line)
        )
        for line in out.split("\n")
    )


def _render_inline(objects: Sequence[JSON]) -> str:
    parts = []
    for obj in objects:
        content = str(obj.get("text", {}).get("content", obj.get("plain_text", "")))
        notes = obj.get("annotations") or {}
        link = (obj.get("text", {}).get("link") or {}).get("url") or obj.get("href")
        if notes.get("code"):
            piece = f"`{content}`"
        else:
            piece = _escape(content)
            if notes.get("italic"):
                piece = f"*{piece}*"
            if notes.get("bold"):
                piece = f"**{piece}**"
            if notes.get("strikethrough"):
                piece = f"~~{piece}~~"
        parts.append(f"[{piece}]({link})" if link else piece)
    return "".join(parts)


_MARKERS = {"bulleted_list_item": "-", "numbered_list_item": "1."}


def _render(blocks: Sequence[JSON], indent: str = "") -> list[str]:
    lines: list[str] = []
    previous = None
    for block in blocks:
        kind = block["type"]
        data = block.get(kind, {})
        text = _render_inline(data.get("rich_text", []))
        children = data.get("children") or block.get("children") or []
        is_item = kind in _MARKERS or kind == "to_do"
        if lines and not (is_item and previous in (*_MARKERS, "to_do")):
            lines.append("")
        if kind.startswith("heading_"):
            lines.append("#" * int(kind[-1]) + " " + text)
        elif kind == "paragraph":
            lines.extend(indent + part for part in text.split("\n"))
        elif is_item:
            marker = "- [x]" if data.get("checked") else "- [ ]"
            marker = _MARKERS.get(kind, marker)
            head, *rest = text.split("\n")
            lines.append(f"{indent}{marker} {head}")
            lines.extend(f"{indent}  {part}" for part in rest)
            lines.extend(line for line in _render(children, indent + "  ") if line)
        elif kind in ("quote", "callout"):
            icon = (data.get("icon") or {}).get("emoji", "") if kind == "callout" else ""
            body = f"{icon} {text}" if icon else text
            lines.extend(f"> {part}" if part else ">" for part in body.split("\n"))
        elif kind == "divider":
            lines.append("---")
        elif kind == "code":
            language = data.get("language", "plain text")
            fence = "" if language == "plain text" else language
            lines.extend([f"```{fence}", plain_text(data.get("rich_text", [])), "```"])
        elif kind == "toggle":
            lines.append(f"+++ {text}")
            lines.extend(_render(children))
            lines.append("+++")
        elif kind == "table":
            for number, row in enumerate(children):
                cells = [_render_inline(c).replace("|", "\\|") for c in row["table_row"]["cells"]]
                lines.append("| " + " | ".join(cells) + " |")
                if number == 0:
                    lines.append("|" + "|".join("---" for _ in cells) + "|")
        previous = kind
    return lines


def blocks_to_markdown(blocks: Sequence[JSON]) -> str:
    """Render block objects back to Markdown; ``markdown_to_blocks`` reads it back the same."""
    return "\n".join(_render(blocks)) + ("\n" if blocks else "")
