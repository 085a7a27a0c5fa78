"""Command line: the ``notion-setup`` group and its entry point.

Each area's commands live in ``notion_setup.commands.<area>`` and only parse options, call one
library function and print its result. Errors become exit codes in one place:
``notion_setup.commands._common.handle_errors`` through ``errors.exit_code_for``.
"""

from __future__ import annotations

import click

from notion_setup import __version__


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
from notion_setup.commands.sandbox import sandbox as _sandbox

cli.add_command(_sandbox)  # noqa: E402, E702, I001
from notion_setup.commands import provision as _provision  # noqa: E402

_provision.register(cli)
from notion_setup.commands import blueprints as _blueprints  # noqa: E402

_blueprints.register(cli)
from notion_setup.commands import preview as _preview  # noqa: E402

_preview.register(cli)
from notion_setup.commands.batch import register as _r_batch

_r_batch(cli)  # noqa: E402, E702, I001
from notion_setup.commands.lifecycle import register as _lifecycle

_lifecycle(cli)  # noqa: E402, E702, I001
# --- end of command registration ---


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="notion-setup")
