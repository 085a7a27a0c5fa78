"""Reading the registry out of its toggle and writing it back in place, through the endpoint layer.

A save writes only the code blocks whose text changed, appends the blocks a larger registry needs
and empties the ones a smaller registry no longer uses (they are reused later), all inside the
toggle the registry was read from. A damaged registry (``codec.Damage``) is rewritten into the same
toggle; only a deleted toggle gets a new one, so a root page never holds two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from notion_setup.messages import _
from notion_setup.notion import payloads
from notion_setup.notion.endpoints import NotionAPI
from notion_setup.registry.codec import Damage, decode, encode
from notion_setup.registry.model import TOGGLE_TITLE, Place, Registry

BLUEPRINT_PATH = "registry"


@dataclass(frozen=True)
class Stored:
    """What a root page holds as its registry."""

    registry: Registry | None
    #: The registry's JSON as read (``Registry.to_json`` form), None when unreadable.
    content: str | None = None
    #: The toggle and code blocks it was read from, also when damaged (the repair reuses them).
    place: Place | None = None
    damage: Damage | None = None


def _place(api: NotionAPI, toggle_id: str) -> Place:
    blocks = [b for b in api.blocks.children(toggle_id) if b.type == "code"]
    return Place(toggle_id, tuple(b.id for b in blocks), tuple(b.text for b in blocks))


def read(api: NotionAPI, toggle_ids: Sequence[str]) -> Stored:
    """The registry in the first of these toggles that holds one whole; else the first damage.

    One listing per toggle read (a toggle lists its code blocks in one page: at most 100).
    """
    damaged: Stored | None = None
    for toggle_id in toggle_ids:
        place = _place(api, toggle_id)
        decoded = decode(place.texts)
        if decoded.registry is not None:
            decoded.registry.place = place
            return Stored(decoded.registry, decoded.content, place)
        damaged = damaged or Stored(None, place=place, damage=decoded.damage)
    return damaged or Stored(None, damage=Damage("missing"))


def save(
    api: NotionAPI, root_id: str, registry: Registry, previous: str | None, caption: str
) -> bool:
    """Write ``registry`` into the root page unless it reads as ``previous``; True when written.

    The registry's ``place`` is where it goes (and is updated to where it went); without one, a
    new toggle is appended at the end of the root page.
    """
    if registry.to_json() == previous:
        return False
    parts = encode(registry)
    place = registry.place
    if place is None:
        toggle = _create_toggle(api, root_id, parts[0], caption)
        if len(parts) == 1:
            # The code block's id is read back only if this run saves again (rare).
            registry.place = Place(toggle, (), ())
            return True
        place = _place(api, toggle)
    elif not place.code_block_ids:
        place = _place(api, place.toggle_id)  # an emptied toggle, or one this run created
    ids, texts = list(place.code_block_ids), list(place.texts)
    for index, text in enumerate(parts):
        if index < len(ids):
            if texts[index] != text:
                _write(api, ids[index], text, caption)
                texts[index] = text
        else:
            ids.append(_append_part(api, place.toggle_id, text, caption, index))
            texts.append(text)
    for index in range(len(parts), len(ids)):
        if texts[index]:
            _write(api, ids[index], "", caption)  # no longer used; reused when it grows
            texts[index] = ""
    registry.place = Place(place.toggle_id, tuple(ids), tuple(texts))
    return True


def _write(api: NotionAPI, block_id: str, text: str, caption: str) -> None:
    api.blocks.update(
        block_id,
        type="code",
        content=payloads.registry_code(text, caption),
        blueprint_path=BLUEPRINT_PATH,
    )


def _create_toggle(api: NotionAPI, root_id: str, first: str, caption: str) -> str:
    def find() -> list[str] | None:
        for block in api.blocks.children(root_id):
            if block.type == "toggle" and block.text == TOGGLE_TITLE:
                return [block.id]
        return None

    appended = api.blocks.append(
        root_id,
        [payloads.registry_toggle(TOGGLE_TITLE, payloads.registry_code(first, caption))],
        position=payloads.at_end(),
        find_existing=find,
        blueprint_path=BLUEPRINT_PATH,
    )
    return appended[0].id


def _append_part(api: NotionAPI, toggle_id: str, text: str, caption: str, index: int) -> str:
    """Append code block ``index`` of the registry (one a request: a request is at most 500 KB)."""

    def find() -> list[str] | None:
        ids = _place(api, toggle_id).code_block_ids
        return [ids[index]] if len(ids) > index else None

    appended = api.blocks.append(
        toggle_id,
        [payloads.registry_part(payloads.registry_code(text, caption))],
        position=payloads.at_end(),
        find_existing=find,
        blueprint_path=BLUEPRINT_PATH,
    )
    return appended[0].id


def damage_message(damage: Damage) -> str:
    """What ``plan`` and ``apply`` say about a registry they could not read whole (F14)."""
    if damage.reason == "missing":
        return _(
            "the client's root page has no registry toggle “{toggle}”: objects are found again "
            "by their titles, and apply writes the registry again"
        ).format(toggle=TOGGLE_TITLE)
    reasons = {
        "empty": _("its toggle is empty"),
        "invalid": _("its text is not registry JSON"),
        "checksum": _("its text changed since notion-setup wrote it"),
        "incomplete": _("it spans {found} code blocks instead of {expected}").format(
            found=damage.found, expected=damage.expected
        ),
    }
    return _(
        "the registry in the toggle “{toggle}” is damaged ({reason}): objects are found again "
        "by their titles, and apply repairs it in place"
    ).format(toggle=TOGGLE_TITLE, reason=reasons.get(damage.reason, damage.reason))
