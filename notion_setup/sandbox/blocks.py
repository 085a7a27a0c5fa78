"""Block objects: validate requested blocks (types, limits, nesting) and render stored blocks.

A request's blocks become ``BlockSpec`` trees first, so a whole request is checked (100 children
per array, two levels of nesting, 1000 blocks in total) before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from notion_setup.sandbox import check
from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import body_invalid, missing, not_present, wrong_type
from notion_setup.sandbox.richtext import ALL_COLORS, MAX_URL, rich_text

MAX_BLOCKS_PER_REQUEST = 1000
#: Depth (0 = the request's top array) whose blocks may no longer carry children.
MAX_DEPTH = 2

#: Block types with rich_text that may hold children.
TEXT_TYPES = (
    "paragraph",
    "bulleted_list_item",
    "numbered_list_item",
    "quote",
    "toggle",
    "to_do",
    "callout",
    "heading_1",
    "heading_2",
    "heading_3",
)
HEADINGS = ("heading_1", "heading_2", "heading_3")
MEDIA_TYPES = ("image", "video", "pdf", "file", "audio")
LEAF_TYPES = ("divider", "breadcrumb", "table_of_contents", "bookmark", "embed", "equation")
CREATABLE = (
    *TEXT_TYPES,
    "code",
    *LEAF_TYPES,
    *MEDIA_TYPES,
    "link_to_page",
    "table",
    "table_row",
    "column_list",
    "column",
)
#: Types the API returns but a client cannot create through blocks.
READ_ONLY_TYPES = ("child_page", "child_database")

CODE_LANGUAGES = (
    "abap",
    "abc",
    "agda",
    "arduino",
    "ascii art",
    "assembly",
    "bash",
    "basic",
    "bnf",
    "c",
    "c#",
    "c++",
    "clojure",
    "coffeescript",
    "coq",
    "css",
    "dart",
    "dhall",
    "diff",
    "docker",
    "ebnf",
    "elixir",
    "elm",
    "erlang",
    "f#",
    "flow",
    "fortran",
    "gherkin",
    "glsl",
    "go",
    "graphql",
    "groovy",
    "haskell",
    "hcl",
    "html",
    "idris",
    "java",
    "javascript",
    "json",
    "julia",
    "kotlin",
    "latex",
    "less",
    "lisp",
    "livescript",
    "llvm ir",
    "lua",
    "makefile",
    "markdown",
    "markup",
    "matlab",
    "mathematica",
    "mermaid",
    "nix",
    "notion formula",
    "objective-c",
    "ocaml",
    "pascal",
    "perl",
    "php",
    "plain text",
    "powershell",
    "prolog",
    "protobuf",
    "purescript",
    "python",
    "r",
    "racket",
    "reason",
    "ruby",
    "rust",
    "sass",
    "scala",
    "scheme",
    "scss",
    "shell",
    "smalltalk",
    "solidity",
    "sql",
    "swift",
    "toml",
    "typescript",
    "vb.net",
    "verilog",
    "vhdl",
    "visual basic",
    "webassembly",
    "xml",
    "yaml",
    "java/c/c++/c#",
)

TitleLookup = Callable[[str, str], str]


@dataclass
class BlockSpec:
    """A validated block from a request, before it is stored."""

    type: str
    data: Json
    children: list[BlockSpec] = field(default_factory=list)

    def count(self) -> int:
        """This block and all its descendants."""
        return 1 + sum(child.count() for child in self.children)


def icon(value: Any, path: str) -> Json | None:
    """Validate a page/database/callout icon (emoji or external URL)."""
    if value is None:
        return None
    raw = check.obj(value, path)
    kind = check.typed_union(raw, ("emoji", "external"), path)
    check.only_keys(raw, ("type", kind), path)
    if kind == "emoji":
        emoji = check.text(raw["emoji"], f"{path}.emoji")
        # Notion only takes a real emoji: no letters, digits or long strings.
        if not emoji or len(emoji) > 16 or all(ord(ch) < 0x2000 for ch in emoji):
            raise body_invalid(f"{path}.emoji", f"should be a valid emoji, instead was `{emoji}`")
        return {"type": "emoji", "emoji": emoji}
    ext = check.obj(raw["external"], f"{path}.external")
    check.only_keys(ext, ("url",), f"{path}.external")
    url = check.text(check.req(ext, "url", f"{path}.external"), f"{path}.external.url")
    check.string(url, f"{path}.external.url", max_len=MAX_URL)
    return {"type": "external", "external": {"url": url}}


def _caption(cfg: Json, path: str, titles: TitleLookup | None) -> list[Json]:
    if "caption" not in cfg:
        return []
    return rich_text(cfg["caption"], f"{path}.caption", resolve_title=titles)


def _url_field(cfg: Json, path: str) -> str:
    return check.text(check.req(cfg, "url", path), f"{path}.url", max_len=MAX_URL)


def block_data(
    kind: str, cfg: Json, path: str, titles: TitleLookup | None, *, update: bool
) -> Json:
    """Validate the type object of one block (without children) and return its stored data.

    Args:
        kind: the block type.
        cfg: the request's type object, e.g. the value of ``paragraph``.
        path: JSON path of ``cfg``.
        titles: resolves mention titles.
        update: True for ``PATCH /v1/blocks/{id}`` (fields optional, no children).
    """
    allowed: tuple[str, ...]
    data: Json = {}
    if kind in TEXT_TYPES:
        allowed = ("rich_text", "color")
        if not update:
            allowed += ("children",)
        if kind == "to_do":
            allowed += ("checked",)
        if kind == "callout":
            allowed += ("icon",)
        if kind in HEADINGS:
            allowed += ("is_toggleable",)
        check.only_keys(cfg, allowed, path)
        if "rich_text" in cfg or not update:
            data["rich_text"] = rich_text(
                check.req(cfg, "rich_text", path), f"{path}.rich_text", resolve_title=titles
            )
        if "color" in cfg or not update:
            data["color"] = check.enum(cfg.get("color", "default"), ALL_COLORS, f"{path}.color")
        if kind == "to_do" and ("checked" in cfg or not update):
            data["checked"] = check.boolean(cfg.get("checked", False), f"{path}.checked")
        if kind == "callout" and ("icon" in cfg or not update):
            data["icon"] = icon(cfg.get("icon"), f"{path}.icon") or {"type": "emoji", "emoji": "💡"}
        if kind in HEADINGS and ("is_toggleable" in cfg or not update):
            data["is_toggleable"] = check.boolean(
                cfg.get("is_toggleable", False), f"{path}.is_toggleable"
            )
        return data
    if kind == "code":
        check.only_keys(cfg, ("rich_text", "language", "caption"), path)
        if "rich_text" in cfg or not update:
            data["rich_text"] = rich_text(
                check.req(cfg, "rich_text", path), f"{path}.rich_text", resolve_title=titles
            )
        if "language" in cfg or not update:
            data["language"] = check.enum(
                check.req(cfg, "language", path), CODE_LANGUAGES, f"{path}.language"
            )
        if "caption" in cfg or not update:
            data["caption"] = _caption(cfg, path, titles)
        return data
    if kind in ("divider", "breadcrumb"):
        check.only_keys(cfg, (), path)
        return data
    if kind == "table_of_contents":
        check.only_keys(cfg, ("color",), path)
        data["color"] = check.enum(cfg.get("color", "default"), ALL_COLORS, f"{path}.color")
        return data
    if kind in ("bookmark", "embed"):
        check.only_keys(cfg, ("url", "caption"), path)
        data["url"] = _url_field(cfg, path)
        data["caption"] = _caption(cfg, path, titles)
        return data
    if kind == "equation":
        check.only_keys(cfg, ("expression",), path)
        data["expression"] = check.text(
            check.req(cfg, "expression", path), f"{path}.expression", max_len=1000
        )
        return data
    if kind in MEDIA_TYPES:
        check.only_keys(cfg, ("type", "external", "caption", "name"), path)
        if "file_upload" in cfg or cfg.get("type", "external") != "external":
            raise body_invalid(
                f"{path}.type", "should be `external` (file uploads are not emulated)"
            )
        ext = check.obj(check.req(cfg, "external", path), f"{path}.external")
        check.only_keys(ext, ("url",), f"{path}.external")
        data["type"] = "external"
        data["external"] = {"url": _url_field(ext, f"{path}.external")}
        data["caption"] = _caption(cfg, path, titles)
        return data
    if kind == "link_to_page":
        target = check.typed_union(cfg, ("page_id", "database_id"), path)
        check.only_keys(cfg, ("type", target), path)
        return {"type": target, target: check.uuid(cfg[target], f"{path}.{target}")}
    if kind == "table":
        check.only_keys(
            cfg, ("table_width", "has_column_header", "has_row_header", "children"), path
        )
        width = check.req(cfg, "table_width", path)
        if isinstance(width, bool) or not isinstance(width, int) or width < 1:
            raise wrong_type(f"{path}.table_width", "a positive integer", width)
        data["table_width"] = width
        for flag in ("has_column_header", "has_row_header"):
            data[flag] = check.boolean(cfg.get(flag, False), f"{path}.{flag}")
        return data
    if kind == "table_row":
        check.only_keys(cfg, ("cells",), path)
        cells = check.array(check.req(cfg, "cells", path), f"{path}.cells")
        data["cells"] = [
            rich_text(cell, f"{path}.cells[{i}]", resolve_title=titles)
            for i, cell in enumerate(cells)
        ]
        return data
    if kind == "column_list":
        check.only_keys(cfg, ("children",), path)
        return data
    if kind == "column":
        check.only_keys(cfg, ("children", "width_ratio"), path)
        if "width_ratio" in cfg:
            data["width_ratio"] = check.number(cfg["width_ratio"], f"{path}.width_ratio")
        return data
    raise body_invalid(f"{path}", "is not a supported block type")


def _one_block(raw: Any, path: str, depth: int, titles: TitleLookup | None) -> BlockSpec:
    block = check.obj(raw, path)
    kinds = [k for k in (*CREATABLE, *READ_ONLY_TYPES, "synced_block") if k in block]
    declared = block.get("type")
    if declared in READ_ONLY_TYPES or any(k in READ_ONLY_TYPES for k in kinds):
        name = declared if declared in READ_ONLY_TYPES else kinds[0]
        raise body_invalid(
            f"{path}.{name}",
            "should be not present: create pages and databases with POST /v1/pages and "
            "POST /v1/databases",
        )
    kind = check.typed_union(block, CREATABLE, path)
    check.only_keys(block, ("object", "type", kind), path)
    if "object" in block and block["object"] != "block":
        raise check.not_one_of(f"{path}.object", ("block",), block["object"])
    where = f"{path}.{kind}"
    cfg = check.obj(block[kind], where)
    data = block_data(kind, cfg, where, titles, update=False)
    spec = BlockSpec(kind, data)
    needs_children = kind in ("table", "column_list", "column")
    if "children" in cfg:
        if depth >= MAX_DEPTH:
            raise not_present(f"{where}.children", cfg["children"])
        if kind in HEADINGS and not data.get("is_toggleable"):
            raise body_invalid(
                f"{where}.children", "should be not present unless is_toggleable is true"
            )
        children = check.array(cfg["children"], f"{where}.children")
        spec.children = [
            _one_block(child, f"{where}.children[{i}]", depth + 1, titles)
            for i, child in enumerate(children)
        ]
        _check_child_types(spec, where)
    elif needs_children:
        raise missing(f"{where}.children")
    return spec


def _check_child_types(spec: BlockSpec, where: str) -> None:
    expected = {"table": "table_row", "column_list": "column"}.get(spec.type)
    for index, child in enumerate(spec.children):
        if expected and child.type != expected:
            raise body_invalid(f"{where}.children[{index}].type", f"should be `{expected}`")
        if not expected and child.type in ("table_row", "column"):
            raise body_invalid(
                f"{where}.children[{index}].type", f"`{child.type}` is not allowed here"
            )
        if spec.type == "table" and len(child.data["cells"]) != spec.data["table_width"]:
            raise body_invalid(
                f"{where}.children[{index}].table_row.cells.length",
                f"should be `{spec.data['table_width']}` (the table_width), "
                f"instead was `{len(child.data['cells'])}`",
            )
    if spec.type == "column_list" and len(spec.children) < 2:
        raise body_invalid(f"{where}.children.length", "should be ≥ `2`")


def parse_children(
    value: Any, path: str, titles: TitleLookup | None, *, parent_type: str | None = None
) -> list[BlockSpec]:
    """Validate a request's array of blocks (``children`` of a page create or an append).

    Args:
        value: the array.
        path: where it is in the request, for messages.
        titles: looks up mention titles.
        parent_type: the type of the block appended to; rows go only into a ``table`` and
            columns only into a ``column_list`` (the caller checks that they are all rows or
            columns there).

    Raises:
        ApiError: 400 validation_error: more than 100 blocks in an array, a third level of
            nesting, more than 1000 blocks in all, or any malformed block.
    """
    items = check.array(value, path)
    specs = [_one_block(raw, f"{path}[{i}]", 0, titles) for i, raw in enumerate(items)]
    allowed = {"table": "table_row", "column_list": "column"}.get(parent_type or "")
    for index, spec in enumerate(specs):
        if spec.type in ("table_row", "column") and spec.type != allowed:
            raise body_invalid(f"{path}[{index}].type", f"`{spec.type}` is not allowed here")
    total = sum(spec.count() for spec in specs)
    if total > MAX_BLOCKS_PER_REQUEST:
        raise body_invalid(
            path,
            f"should hold at most `{MAX_BLOCKS_PER_REQUEST}` blocks in total (nested blocks "
            f"included), instead held `{total}`",
        )
    return specs


def can_have_children(block_type: str, data: Json) -> bool:
    """Whether appending children to a stored block of this type is allowed."""
    if block_type in HEADINGS:
        return bool(data.get("is_toggleable"))
    return block_type in TEXT_TYPES or block_type in ("column", "table", "column_list")
