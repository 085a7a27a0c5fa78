"""What every command shares: the error boundary, logging set-up, common options."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from notion_setup.errors import ExitCode, NotionSetupError, exit_code_for

F = TypeVar("F", bound=Callable[..., Any])

#: Set NOTION_SETUP_DEBUG=1 to get the full traceback of an error instead of its message.
DEBUG_ENV = "NOTION_SETUP_DEBUG"


def handle_errors(func: F) -> F:
    """Turn a NotionSetupError into its message on stderr and its exit code.

    This is the only place where exceptions become exit codes (through ``exit_code_for``).
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NotionSetupError as error:
            if os.environ.get(DEBUG_ENV):
                raise
            click.echo(f"error: {error}", err=True)
            sys.exit(int(exit_code_for(error)))
        except KeyboardInterrupt:
            click.echo(
                "interrupted: the workspace is resumable; run the same command again.", err=True
            )
            sys.exit(int(ExitCode.INTERRUPTED))

    return wrapper  # type: ignore[return-value]


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


LANG_CHOICES = ("en", "fr")


def default_lang() -> str:
    """French when the user's locale is French, else English."""
    for name in ("NOTION_SETUP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def blueprint_options(func: F) -> F:
    """--lang, --var, --vars-file, --only, --without: how a blueprint is resolved."""
    options = [
        click.option(
            "--lang",
            type=click.Choice(LANG_CHOICES),
            default=None,
            help="Language of the workspace (default: the one it was built in, else from $LANG, "
            "else en).",
        ),
        click.option(
            "--var",
            "variables",
            multiple=True,
            metavar="KEY=VALUE",
            help="Set a blueprint variable (repeatable), e.g. --var hourly_rate=50.",
        ),
        click.option(
            "--vars-file",
            type=click.Path(dir_okay=False),
            default=None,
            help='JSON file of variables ({"hourly_rate": 50, ...}); --var wins over it.',
        ),
        click.option(
            "--only",
            multiple=True,
            metavar="MODULES",
            help="Keep only these modules (comma-separated or repeated).",
        ),
        click.option(
            "--without",
            multiple=True,
            metavar="MODULES",
            help="Drop these modules (comma-separated or repeated).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def resolve_workspace(
    blueprint: str,
    *,
    client: str,
    lang: str | None,
    variables: tuple[str, ...],
    vars_file: str | None,
    only: tuple[str, ...],
    without: tuple[str, ...],
) -> Any:
    """Load and resolve a blueprint from command-line options into a ``model.Workspace``."""
    from notion_setup.blueprint import (
        load_blueprint,
        load_vars_file,
        parse_var_assignments,
        resolve,
    )

    values: dict[str, str] = {}
    if vars_file:
        values.update(load_vars_file(vars_file))
    values.update(parse_var_assignments(variables))
    return resolve(
        load_blueprint(blueprint),
        lang=lang or default_lang(),
        client=client,
        variables=values,
        only=only,
        without=without,
    )
