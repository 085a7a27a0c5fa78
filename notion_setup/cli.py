"""Command line: parse options, call one core function, print the result.

This module is the only place where exceptions become exit codes (through
``errors.exit_code_for``). No Notion call and no business logic lives here.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from notion_setup import __version__
from notion_setup.errors import ExitCode, NotionSetupError, exit_code_for

F = TypeVar("F", bound=Callable[..., Any])

#: Set NOTION_SETUP_DEBUG=1 to get the full traceback of an error instead of its message.
DEBUG_ENV = "NOTION_SETUP_DEBUG"


def handle_errors(func: F) -> F:
    """Turn a NotionSetupError into its message on stderr and its exit code."""

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
            click.echo("interrupted: the workspace is resumable; run the same command again.", err=True)
            sys.exit(int(ExitCode.INTERRUPTED))

    return wrapper  # type: ignore[return-value]


def configure_logging(verbose: int) -> None:
    """Map -v/-vv to log levels on stderr; library modules only ever log."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notion-setup")
def cli() -> None:
    """Provision a ready-to-use Notion workspace for a freelancer's client from a blueprint.

    \b
    Try it without a token on the embedded sandbox:
        notion-setup apply av --sandbox --client Demo
    """


# --- command registration: one line per area (each area's module owns its commands) ---
# (lines are added here as areas land)
# --- end of command registration ---


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="notion-setup")
