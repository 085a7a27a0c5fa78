"""The tool's own words in the user's language: gettext with catalogues in ``notion_setup/locale``.

Mark a message with ``_("...")`` (or ``ngettext`` for counts); fill placeholders after
translation (``_("Created {n}").format(n=3)``), so the catalogue holds one msgid per message.
The language is chosen once per run, last call wins: the environment at start-up
(``language_from_environment``), then ``--lang``, then the language the workspace recorded (the
registry calls ``use_language``). See docs/architecture.md, "Messages and languages".
"""

from notion_setup.messages.catalog import (
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    N_,
    _,
    current_language,
    language_from_environment,
    ngettext,
    route_click_messages,
    seconds,
    use_language,
)

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "_",
    "current_language",
    "language_from_environment",
    "ngettext",
    "route_click_messages",
    "seconds",
    "use_language",
]
