"""Command line: the ``notion-setup`` group and its entry point, the one way out of the program.

Each area's commands live in ``notion_setup.commands.<area>``: they parse options, call one
library function, print its result and return an exit code (or None for 0) or raise. The group's
``invoke`` is the only place that turns an exception into its message and exit code (through
``errors.exit_code_for``), and Click's ``main`` is the only caller of ``sys.exit``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import click

from notion_setup import __version__
from notion_setup.commands import batch, blueprints, fleet, lifecycle, preview, provision
from notion_setup.commands.sandbox import sandbox
from notion_setup.errors import ExitCode, NotionSetupError, exit_code_for
from notion_setup.messages import (
    _,
    current_language,
    language_from_environment,
    route_click_messages,
    use_language,
)
from notion_setup.redact import redact

#: Set NOTION_SETUP_DEBUG=1 to get the full traceback of an error instead of its message.
DEBUG_ENV = "NOTION_SETUP_DEBUG"


def _lang_in(args: Sequence[str]) -> str | None:
    """The ``--lang`` of the command line, read before parsing so Click's errors use it too."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


#: The English help of each command and option, as declared, by object id: help is translated
#: when the run's language is known, and put back in English for the next run in the process.
_ENGLISH_HELP: dict[int, tuple[str | None, str | None]] = {}


def translate_help(command: click.Command) -> None:
    """Show every help text of ``command`` (and below) in the current language."""
    # Click builds --help's own option once per command, with its text translated then: drop
    # it, so the next --help is built in this run's language.
    command._help_option = None
    for item in (command, *command.params):
        original = _ENGLISH_HELP.setdefault(
            id(item), (getattr(item, "help", None), getattr(item, "short_help", None))
        )
        for attribute, text in zip(("help", "short_help"), original, strict=True):
            if text:
                setattr(item, attribute, _(text))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translate_help(sub)


class NotionSetupGroup(click.Group):
    """The root group: chooses the language, maps errors and return values to exit codes."""

    def main(self, args: Sequence[str] | None = None, *extra: Any, **kwargs: Any) -> Any:
        """Set up the messages' language (environment, then ``--lang``), then run Click's main."""
        import sys

        route_click_messages()
        previous = current_language()
        use_language(language_from_environment())
        lang = _lang_in(list(args) if args is not None else sys.argv[1:])
        if lang:
            use_language(lang)
        translate_help(self)
        try:
            return super().main(args, *extra, **kwargs)
        finally:
            use_language(previous)  # library callers in the same process keep their language

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; an error becomes its message on stderr and its exit code."""
        try:
            result = super().invoke(ctx)
        except NotionSetupError as error:
            if os.environ.get(DEBUG_ENV):
                raise
            click.echo(redact(_("error: {message}").format(message=error)), err=True)
            ctx.exit(int(exit_code_for(error)))
        except KeyboardInterrupt:
            click.echo(
                _("interrupted: the workspace is resumable; run the same command again."),
                err=True,
            )
            ctx.exit(int(ExitCode.INTERRUPTED))
        if isinstance(result, int) and result:
            ctx.exit(int(result))
        return result


@click.group(cls=NotionSetupGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notion-setup")
def cli() -> None:
    """Provision a ready-to-use Notion workspace for a freelancer's client from a blueprint.

    \b
    Try it without a token on the embedded sandbox:
        notion-setup apply av --sandbox --client Demo
    """


blueprints.register(cli)
provision.register(cli)
batch.register(cli)
lifecycle.register(cli)
fleet.register(cli)
preview.register(cli)
cli.add_command(sandbox)


def main() -> None:
    """Console-script entry point: Click's main exits with the command's code."""
    cli(prog_name="notion-setup")
