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
