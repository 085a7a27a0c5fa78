"""Keep the catalogues complete: collect every message, update the ``.po`` files, compile ``.mo``.

Development only (``make messages``; the catalogue tests call ``collect``): it needs Babel, which
is a dev dependency, while the program itself reads the compiled ``.mo`` files with the standard
library. Messages come from three places:

1. ``_()``, ``ngettext()`` and ``N_()`` calls in ``notion_setup`` (Babel's Python extractor);
2. the command line's help: each command's docstring and each option's ``help`` (walked from the
   Click tree, which ``cli.NotionSetupGroup`` translates when it is shown);
3. Click's own messages (Babel's extractor over the installed ``click`` package).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from notion_setup.messages.catalog import DOMAIN, LANGUAGES, LOCALE_DIR

#: (msgid, plural msgid or None)
Message = tuple[str, str | None]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
#: Click translates these with a variable argument (``_(extra["required"])``), out of sight of
#: the extractor.
CLICK_INDIRECT = ("required",)


def _extracted(folder: Path) -> Iterator[Message]:
    from babel.messages.extract import extract_from_dir

    method = [("**.py", "python")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(folder), method_map=method, keywords=KEYWORDS, comment_tags=()
    ):
        if isinstance(message, tuple):
            singular, plural = message[0], message[1]
            if singular:
                yield singular, plural
        elif message:
            yield message, None


def help_texts(command: click.Command) -> Iterator[str]:
    """Every help text of ``command`` and its subcommands, as Click stores them."""
    if command.help:
        yield command.help
    if command.short_help:
        yield command.short_help
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            yield text
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from help_texts(sub)


def collect() -> dict[str, str | None]:
    """Every message the program can show, msgid -> plural msgid (None for a plain message)."""
    from notion_setup.cli import cli

    package = Path(__file__).resolve().parent.parent
    found: dict[str, str | None] = {}
    for folder in (package, Path(click.__file__).parent):
        for msgid, plural in _extracted(folder):
            found.setdefault(msgid, plural)
    for text in (*help_texts(cli), *CLICK_INDIRECT):
        found.setdefault(text, None)
    return found


def po_path(lang: str) -> Path:
    """``notion_setup/locale/<lang>/LC_MESSAGES/notion_setup.po``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Any:
    """The ``.po`` catalogue of ``lang`` as a Babel ``Catalog``."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def compiled(catalog: Any) -> bytes:
    """The ``.mo`` bytes of a catalogue."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update() -> None:
    """Add new messages to every ``.po`` (keeping translations), drop unused ones, compile."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    messages = collect()
    for lang in LANGUAGES:
        old = read(lang)
        fresh = Catalog(locale=lang, domain=DOMAIN, project="notion-setup")
        # Keep the header as it was: a date that moves on every run makes every branch's
        # catalogue conflict with every other's.
        fresh.creation_date = old.creation_date
        if lang == "fr":
            # gettext's classic French rule (0 and 1 singular), not CLDR's three forms.
            fresh._num_plurals, fresh._plural_expr = 2, "(n > 1)"  # type: ignore[assignment]
        for msgid, plural in sorted(messages.items()):
            key: Any = (msgid, plural) if plural else msgid
            previous = old.get(msgid)
            if previous is not None and previous.string:
                fresh.add(key, previous.string, flags=previous.flags)
            else:
                fresh.add(key, ("", "") if plural else "")
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, fresh, width=100, omit_header=False, sort_output=True)
        path.with_suffix(".mo").write_bytes(compiled(read(lang)))


if __name__ == "__main__":
    update()
