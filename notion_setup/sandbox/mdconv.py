"""Markdown to block specs (page create with ``markdown``) and blocks back to Markdown.

Only the subset the tool writes: headings, paragraphs, bulleted, numbered and to-do lists
(nested by indentation), quotes, fenced code, dividers, and inline bold, italic, code and links.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from notion_setup.sandbox.blocks import CODE_LANGUAGES, BlockSpec
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.richtext import MAX_TEXT, default_annotations, text_item

_INLINE = re.compile(r"\*\*(.+?)\*\*|(?<!\*)\*(?!\*)(.+?)\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)")
_LIST = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?(.*)$")


def inline(text: str) -> list[Json]:
    """Rich-text items for one line of Markdown, split at 2000 characters."""
    items: list[Json] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            items.extend(_chunks(text[pos : match.start()]))
        bold, italic, code, label, url = match.groups()
        if label is not None:
            items.extend(_chunks(label, link=url))
        else:
            flag = "bold" if bold is not None else "italic" if italic is not None else "code"
            for item in _chunks(bold or italic or code or ""):
                item["annotations"][flag] = True
                items.append(item)
        pos = match.end()
    if pos < len(text):
        items.extend(_chunks(text[pos:]))
    return items


def _chunks(content: str, link: str | None = None) -> list[Json]:
    """Text items of at most 2000 UTF-16 code units each (a surrogate pair is never split)."""
    pieces: list[str] = []
    current: list[str] = []
    units = 0
    for ch in content:
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > MAX_TEXT:
            pieces.append("".join(current))
            current, units = [], 0
        current.append(ch)
        units += width
    if current:
        pieces.append("".join(current))
    return [text_item(piece, link) for piece in pieces] or [text_item("", link)]


def _text_block(kind: str, content: str, **extra: object) -> BlockSpec:
    data: Json = {"rich_text": inline(content), "color": "default"}
    data.update(extra)
    return BlockSpec(kind, data)


def to_blocks(markdown: str, *, take_title: bool = True) -> tuple[str | None, list[BlockSpec]]:
    """Parse Markdown into block specs; also return the text of a leading ``# `` heading.

    ``take_title=False`` (edits of an existing body) keeps a leading ``# `` line as a heading.
    """
    lines = markdown.replace("\r\n", "\n").split("\n")
    title: str | None = None
    top: list[BlockSpec] = []
    # Stack of (indent, block) for nested list items.
    stack: list[tuple[int, BlockSpec]] = []
    paragraph: list[str] = []
    i = 0

    def flush() -> None:
        if paragraph:
            top.append(_text_block("paragraph", " ".join(s.strip() for s in paragraph)))
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            flush()
            stack.clear()
            lang = stripped[3:].strip().lower() or "plain text"
            body: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                body.append(lines[i])
                i += 1
            code = "\n".join(body)
            top.append(
                BlockSpec(
                    "code",
                    {
                        "rich_text": _chunks(code) if code else [],
                        "language": lang if lang in CODE_LANGUAGES else "plain text",
                        "caption": [],
                    },
                )
            )
            i += 1
            continue
        if not stripped:
            flush()
            stack.clear()
            i += 1
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        listed = _LIST.match(line)
        if heading:
            flush()
            stack.clear()
            level = min(len(heading.group(1)), 3)
            if take_title and level == 1 and title is None and not top:
                title = heading.group(2).strip()
            else:
                top.append(_text_block(f"heading_{level}", heading.group(2).strip()))
        elif re.fullmatch(r"(-{3,}|\*{3,}|_{3,})", stripped):
            flush()
            stack.clear()
            top.append(BlockSpec("divider", {}))
        elif stripped.startswith(">"):
            flush()
            stack.clear()
            top.append(_text_block("quote", stripped.lstrip(">").strip()))
        elif listed:
            flush()
            indent = len(listed.group(1).expandtabs(4))
            marker, box, content = listed.group(2), listed.group(3), listed.group(4)
            if box is not None:
                block = _text_block("to_do", content, checked=box.strip("[] ").lower() == "x")
            elif marker[0].isdigit():
                block = _text_block("numbered_list_item", content)
            else:
                block = _text_block("bulleted_list_item", content)
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if stack:
                stack[-1][1].children.append(block)
            else:
                top.append(block)
            stack.append((indent, block))
        else:
            stack.clear()
            paragraph.append(stripped)
        i += 1
    flush()
    return title, top


def _inline_md(items: list[Json]) -> str:
    parts: list[str] = []
    for item in items:
        text = str(item.get("plain_text", ""))
        ann = item.get("annotations") or default_annotations()
        if item.get("href"):
            text = f"[{text}]({item['href']})"
        if ann.get("code"):
            text = f"`{text}`"
        if ann.get("bold"):
            text = f"**{text}**"
        if ann.get("italic"):
            text = f"*{text}*"
        parts.append(text)
    return "".join(parts)


def to_markdown(
    children: list[Json], kids: Callable[[Json], list[Json]], indent: str = ""
) -> list[str]:
    """Markdown lines for rendered blocks; ``kids(block)`` gives a block's rendered children."""
    lines: list[str] = []
    number = 0
    for block in children:
        kind = block["type"]
        data = block.get(kind, {})
        number = number + 1 if kind == "numbered_list_item" else 0
        text = _inline_md(data.get("rich_text", []))
        if kind.startswith("heading_"):
            line = "#" * int(kind[-1]) + " " + text
        elif kind == "bulleted_list_item":
            line = f"- {text}"
        elif kind == "numbered_list_item":
            line = f"{number}. {text}"
        elif kind == "to_do":
            line = f"- [{'x' if data.get('checked') else ' '}] {text}"
        elif kind == "quote":
            line = f"> {text}"
        elif kind == "divider":
            line = "---"
        elif kind == "code":
            fence = "```" + str(data.get("language", ""))
            lines.extend(f"{indent}{part}" for part in [fence, *text.split("\n"), "```"])
            continue
        elif kind == "child_page":
            line = f'<page url="{block.get("_url", "")}">{data.get("title", "")}</page>'
        elif kind == "child_database":
            line = f'<database url="{block.get("_url", "")}">{data.get("title", "")}</database>'
        elif kind == "toggle":
            line = f"<details><summary>{text}</summary></details>"
        elif kind == "callout":
            line = f"<callout>{text}</callout>"
        elif kind == "paragraph":
            line = text
        else:
            line = f'<unknown url="" alt="{kind}"/>'
        lines.append(f"{indent}{line}")
        if block.get("has_children") and kind not in ("child_page", "child_database"):
            lines.extend(to_markdown(kids(block), kids, indent + "\t"))
    return lines


#: Tag forms of blocks with children in Notion-flavored Markdown (v2). The guide names <p>,
#: <quote> and <toggle>; the callout and heading tags are UNCONFIRMED.
_V2_TAGS = {
    "paragraph": "p",
    "quote": "quote",
    "toggle": "toggle",
    "callout": "callout",
    "heading_1": "h1",
    "heading_2": "h2",
    "heading_3": "h3",
}
_LIST_KINDS = ("bulleted_list_item", "numbered_list_item", "to_do")


def render(children: list[Json], kids: Callable[[Json], list[Json]], *, v2: bool) -> str:
    """A page body as markdown: enhanced markdown (v1) or Notion-flavored Markdown (v2).

    v1 (recorded): one line per block, children tab-indented. v2 (migration guide): a blank
    line between blocks; children tab-indented only in lists; other blocks with children use
    their tag form with the children after a blank line.
    """
    if not v2:
        return "\n".join(to_markdown(children, kids))
    parts: list[str] = []
    for block in children:
        kind = block["type"]
        nested = block.get("has_children") and kind not in ("child_page", "child_database")
        if not nested or kind in _LIST_KINDS:
            parts.append("\n".join(to_markdown([block], kids)))
            continue
        text = _inline_md(block.get(kind, {}).get("rich_text", []))
        tag = _V2_TAGS.get(kind, "div")
        inner = render(kids(block), kids, v2=True)
        parts.append(f"<{tag}>{text}\n\n{inner}\n</{tag}>")
    return "\n\n".join(parts)
