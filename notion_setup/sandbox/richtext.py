"""Rich text: validate request items (limits of notion-api.md section 3), build response items."""

from __future__ import annotations

from typing import Any

from notion_setup.sandbox import check
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import body_invalid

MAX_TEXT = 2000
MAX_URL = 2000
MAX_EQUATION = 1000

COLORS = (
    "default",
    "gray",
    "brown",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "pink",
    "red",
)
#: Block and text colours: plain colours and their ``_background`` variants.
ALL_COLORS = COLORS + tuple(f"{c}_background" for c in COLORS if c != "default")
_ANNOTATION_FLAGS = ("bold", "italic", "strikethrough", "underline", "code")


def default_annotations() -> Json:
    """Annotations of plain text."""
    return {flag: False for flag in _ANNOTATION_FLAGS} | {"color": "default"}


def plain(items: list[Json]) -> str:
    """The plain text of response rich-text items."""
    return "".join(str(item.get("plain_text", "")) for item in items)


def text_item(content: str, link: str | None = None) -> Json:
    """A response rich-text item of type text."""
    return {
        "type": "text",
        "text": {"content": content, "link": {"url": link} if link else None},
        "annotations": default_annotations(),
        "plain_text": content,
        "href": link,
    }


def _annotations(value: Any, path: str) -> Json:
    ann = check.obj(value, path)
    check.only_keys(ann, (*_ANNOTATION_FLAGS, "color"), path)
    result = default_annotations()
    for flag in _ANNOTATION_FLAGS:
        if flag in ann:
            result[flag] = check.boolean(ann[flag], f"{path}.{flag}")
    if "color" in ann:
        result["color"] = check.enum(ann["color"], ALL_COLORS, f"{path}.color")
    return result


def _mention(value: Any, path: str, resolve_title: Any) -> tuple[Json, str]:
    mention = check.obj(value, path)
    kind = check.typed_union(mention, ("page", "database", "user", "date"), path)
    inner = check.obj(mention[kind], f"{path}.{kind}")
    if kind in ("page", "database", "user"):
        check.only_keys(inner, ("id",), f"{path}.{kind}")
        ref = check.uuid(check.req(inner, "id", f"{path}.{kind}"), f"{path}.{kind}.id")
        label = resolve_title(kind, ref) if kind != "user" else "@Sandbox"
        return {"type": kind, kind: {"id": ref}}, label
    check.only_keys(inner, ("start", "end", "time_zone"), f"{path}.date")
    start = check.text(check.req(inner, "start", f"{path}.date"), f"{path}.date.start")
    end = check.string(inner.get("end"), f"{path}.date.end", nullable=True)
    return {"type": "date", "date": {"start": start, "end": end, "time_zone": None}}, start


def rich_text(value: Any, path: str, *, resolve_title: Any = None) -> list[Json]:
    """Validate a request rich-text array and return response-shaped items.

    Args:
        value: the request array.
        path: its JSON path for messages, e.g. ``body.children[0].paragraph.rich_text``.
        resolve_title: ``(kind, id) -> str`` giving a mention's plain text.

    Raises:
        ApiError: 400 validation_error naming the first offending field.
    """
    items = check.array(value, path)
    result: list[Json] = []
    for index, raw in enumerate(items):
        where = f"{path}[{index}]"
        item = check.obj(raw, where)
        check.only_keys(item, ("type", "text", "mention", "equation", "annotations"), where)
        kind = check.typed_union(item, ("text", "mention", "equation"), where)
        annotations = (
            _annotations(item["annotations"], f"{where}.annotations")
            if "annotations" in item
            else default_annotations()
        )
        if kind == "text":
            body = check.obj(item["text"], f"{where}.text")
            check.only_keys(body, ("content", "link"), f"{where}.text")
            content = check.text(
                check.req(body, "content", f"{where}.text"),
                f"{where}.text.content",
                max_len=MAX_TEXT,
            )
            link = body.get("link")
            url: str | None = None
            if link is not None:
                link_obj = check.obj(link, f"{where}.text.link")
                check.only_keys(link_obj, ("url",), f"{where}.text.link")
                url = check.text(
                    check.req(link_obj, "url", f"{where}.text.link"),
                    f"{where}.text.link.url",
                    max_len=MAX_URL,
                )
            out = text_item(content, url)
            out["annotations"] = annotations
            result.append(out)
        elif kind == "equation":
            eq = check.obj(item["equation"], f"{where}.equation")
            check.only_keys(eq, ("expression",), f"{where}.equation")
            expression = check.text(
                check.req(eq, "expression", f"{where}.equation"),
                f"{where}.equation.expression",
                max_len=MAX_EQUATION,
            )
            result.append(
                {
                    "type": "equation",
                    "equation": {"expression": expression},
                    "annotations": annotations,
                    "plain_text": expression,
                    "href": None,
                }
            )
        else:
            if resolve_title is None:
                raise body_invalid(f"{where}.mention", "is not supported here")
            mention, label = _mention(item["mention"], f"{where}.mention", resolve_title)
            result.append(
                {
                    "type": "mention",
                    "mention": mention,
                    "annotations": annotations,
                    "plain_text": label,
                    "href": None,
                }
            )
    return result
