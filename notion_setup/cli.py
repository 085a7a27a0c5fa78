"""Command line: the ``notion-setup`` group and its entry point.

Each area's commands live in ``notion_setup.commands.<area>`` and only parse options, call one
library function and print its result. Errors become exit codes in one place:
``notion_setup.commands._common.handle_errors`` through ``errors.exit_code_for``.
"""

from __future__ import annotations

import click

from notion_setup import __version__
from notion_setup.commands import batch, blueprints, fleet, lifecycle, preview, provision
from notion_setup.commands.sandbox import sandbox


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    """Console-script entry point."""
    cli(prog_name="notion-setup")
