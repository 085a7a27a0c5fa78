"""Load the compiled catalogues and hold the run's language.

The catalogues are the standard library's gettext ``.mo`` files, compiled from the ``.po``
sources beside them by ``make messages`` (Babel, a development tool only) and committed, so an
editable install, the tests and a wheel all read the same files with nothing but the standard
library; ``tests/cli/test_catalogues.py`` fails when a ``.mo`` is stale or a message is missing.
"""

from __future__ import annotations

import gettext as _gettext
import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

DOMAIN = "notion_setup"
LANGUAGES = ("en", "fr")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: Read first, before the locale variables: one switch for this tool only.
TOOL_LANG_ENV = "NOTION_SETUP_LANG"
_LOCALE_ENVS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    # fallback=False for the languages we ship: a missing .mo is a packaging bug, not English.
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])


_active: list[str] = ["en"]


def use_language(lang: str) -> None:
    """Speak ``lang`` (``en`` or ``fr``; anything else means English) from now on."""
    _active[0] = lang if lang in LANGUAGES else "en"


def current_language() -> str:
    """The language messages are in right now."""
    return _active[0]


def _speaking(lang: str | None) -> str:
    return _active[0] if lang is None else lang if lang in LANGUAGES else "en"


def _(message: str, lang: str | None = None) -> str:
    """``message`` in the current language, or in ``lang`` when given (an object that words
    its messages in a language of its own, such as a gateway built for a French run).
    """
    return _translations(_speaking(lang)).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The singular or plural form for ``n``, in the current language (French: 0 and 1
    singular), or in ``lang`` when given.
    """
    return _translations(_speaking(lang)).ngettext(singular, plural, n)


def seconds(value: float, lang: str | None = None) -> str:
    """A duration to one decimal, with the language's decimal mark (French: ``0,5``)."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if _speaking(lang) == "fr" else text


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (module-level tables)."""
    return message


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``fr`` when the user's locale says French, else ``en``.

    Order: ``NOTION_SETUP_LANG``, then gettext's own ``LANGUAGE`` (a colon list: its first
    language we ship wins), ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; ``fr_FR.UTF-8`` and ``fr`` are
    French, ``C`` and ``POSIX`` English.
    """
    env = os.environ if environ is None else environ
    for name in (TOOL_LANG_ENV, *_LOCALE_ENVS):
        value = env.get(name, "")
        for item in value.split(":"):
            code = item.strip().split(".")[0].split("_")[0].split("-")[0].lower()
            if code in LANGUAGES:
                return code
            if code in ("c", "posix"):
                return "en"
    return "en"


_CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.shell_completion",
    "click.termui",
    "click.types",
    "click.utils",
)


def route_click_messages() -> None:
    """Send Click's own messages ("Usage:", "Missing option", "No such command"...) through us.

    Click marks them with the standard library's ``gettext``/``ngettext`` imported into each of
    its modules under ``_`` and ``ngettext``; pointing those names at this module's functions
    translates them with our catalogue (its French msgstrs are in ``locale/fr``), in the run's
    language rather than the process locale.
    """
    for name in _CLICK_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if getattr(module, "_", None) is _gettext.gettext:
            module._ = _  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is _gettext.ngettext:
            module.ngettext = ngettext  # type: ignore[attr-defined]
