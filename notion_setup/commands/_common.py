"""What every command shares: logging set-up, output that never shows a token, common options."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from notion_setup.commands.params import NOTION_VERSION_PARAM, complete_modules, option_group
from notion_setup.messages import LANGUAGES, N_, language_from_environment, use_language
from notion_setup.redact import redact

if TYPE_CHECKING:
    from notion_setup.connect import Connection

F = TypeVar("F", bound=Callable[..., Any])

LANG_CHOICES = LANGUAGES


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` (stdout for results, ``err`` for status) with every token masked."""
    click.echo(redact(text), err=err, nl=nl)


def configure_logging(verbose: int) -> None:
    """Map -v/-vv to log levels on stderr; library modules only ever log."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s", force=True
    )
    # httpx logs every request at INFO; our gateway already says what matters at -v.
    logging.getLogger("httpx").setLevel(logging.DEBUG if verbose >= 2 else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    from notion_setup.redact import protect_handlers

    protect_handlers()


def default_lang() -> str:
    """French when the user's locale is French, else English (see ``messages``)."""
    return language_from_environment()


def speak_workspace_language(lang: str | None, conn: Connection | None = None) -> None:
    """From now on, speak the language the client's workspace was built in (its answers).

    The README's order: the workspace's language, then ``--lang``, then the locale. Called by
    each command as soon as it has read the workspace's recorded language; what was printed
    before followed ``--lang`` or the locale. The connection (Notion's errors and retry lines,
    its label, the sandbox's view file) follows too.
    """
    if lang not in LANGUAGES:
        return
    use_language(lang)
    if conn is not None:
        conn.speak(lang)


def _speak(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--lang also sets the language of the tool's own messages."""
    if value:
        use_language(value)
    return value


def lang_option(help_text: str) -> Callable[[F], F]:
    """``--lang en|fr``: the workspace's language, and so the messages' language."""
    return click.option(
        "--lang",
        type=click.Choice(LANG_CHOICES),
        default=None,
        callback=_speak,
        is_eager=True,
        help=help_text,
    )


#: The environment variable ``--notion-version`` falls back on.
NOTION_VERSION_ENV = "NOTION_VERSION"


def notion_version_option(func: F) -> F:
    """``--notion-version`` (env ``NOTION_VERSION``): the API version every request declares.

    Every command that talks to Notion takes it; a version the tool does not speak is a usage
    error (exit 2) that lists the ones it does. Unset: 2026-03-11 (``gateway.NOTION_VERSION``).
    """
    option = click.option(
        "--notion-version",
        type=NOTION_VERSION_PARAM,
        envvar=NOTION_VERSION_ENV,
        default=None,
        help=N_(
            "Notion API version to declare (env NOTION_VERSION): 2026-03-11 (default) or "
            "2026-12-01."
        ),
    )
    return option(func)


def workspace_plan_option(func: F) -> F:
    """``--workspace-plan free|paid``: the workspace's plan, instead of what the API suggests.

    The API does not say a workspace's plan; ``blocklimit`` infers it (UNCONFIRMED) and this
    overrides it: ``free`` applies the 1,000-block check, ``paid`` skips it.
    """
    option = click.option(
        "--workspace-plan",
        type=click.Choice(("free", "paid")),
        default=None,
        help=N_(
            "The workspace's Notion plan (default: inferred from what the API shows, "
            "UNCONFIRMED). On a Free workspace with more than one member, apply refuses a run "
            "that would pass 1,000 blocks before writing anything."
        ),
    )
    return option(func)


#: --lang, --var, --vars-file, --only, --without: how a blueprint is resolved.
blueprint_options = option_group(
    lang_option(
        N_(
            "Language of the workspace (default: the one it was built in, else from $LANG, "
            "else en)."
        )
    ),
    click.option(
        "--var",
        "variables",
        multiple=True,
        metavar="KEY=VALUE",
        help=N_("Set a blueprint variable (repeatable), e.g. --var hourly_rate=50."),
    ),
    click.option(
        "--vars-file",
        type=click.Path(dir_okay=False),
        default=None,
        help=N_('JSON file of variables ({"hourly_rate": 50, ...}); --var wins over it.'),
    ),
    click.option(
        "--only",
        multiple=True,
        metavar="MODULES",
        shell_complete=complete_modules,
        help=N_("Keep only these modules (comma-separated or repeated)."),
    ),
    click.option(
        "--without",
        multiple=True,
        metavar="MODULES",
        shell_complete=complete_modules,
        help=N_("Drop these modules (comma-separated or repeated)."),
    ),
)


def blueprint_variables(variables: tuple[str, ...], vars_file: str | None) -> dict[str, str]:
    """The variables of --vars-file, then of each --var (a --var wins over the file)."""
    from notion_setup.blueprint import load_vars_file, parse_var_assignments

    values: dict[str, str] = {}
    if vars_file:
        values.update(load_vars_file(vars_file))
    values.update(parse_var_assignments(variables))
    return values
