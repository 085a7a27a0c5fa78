"""Blueprint commands: ``blueprints``, ``show``, ``validate`` and ``init``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from notion_setup.blueprint import (
    bundled_blueprints,
    load_blueprint,
    resolve,
)
from notion_setup.blueprint.render import (
    bundled_json,
    render_bundled,
    render_tree,
    workspace_json,
)
from notion_setup.blueprint.scaffold import init_blueprint
from notion_setup.commands._common import (
    blueprint_options,
    blueprint_variables,
    default_lang,
    echo,
    lang_option,
)
from notion_setup.commands.params import complete_blueprints
from notion_setup.diagram import mermaid_er
from notion_setup.errors import BlueprintInvalid, BlueprintNotFound, NotionSetupError, UsageError
from notion_setup.messages import _

_LANG = lang_option("Language of names and descriptions (default: from $LANG, else en).")


@click.command("blueprints")
@_LANG
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def blueprints_command(lang: str | None, as_json: bool) -> None:
    """List the bundled blueprints with their description and modules.

    \b
        notion-setup blueprints --lang fr
    """
    items = bundled_blueprints()
    echo(bundled_json(items) if as_json else render_bundled(items, lang or default_lang()))


@click.command("show")
@click.argument("blueprint", shell_complete=complete_blueprints)
@blueprint_options
@click.option("--client", default="Client", show_default=True, help="The client's name.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tree", "json", "mermaid"]),
    default="tree",
    show_default=True,
    help="tree, JSON, or a Mermaid ER diagram of the databases.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Pretend today is this date (relative dates count from it).",
)
def show_command(
    blueprint: str,
    lang: str | None,
    variables: tuple[str, ...],
    vars_file: str | None,
    only: tuple[str, ...],
    without: tuple[str, ...],
    client: str,
    fmt: str,
    as_json: bool,
    today: datetime | None,
) -> None:
    """Show the workspace a blueprint creates: pages, databases, properties, views.

    BLUEPRINT is a bundled name (av, obm) or a path to a JSON file.

    \b
        notion-setup show obm --lang fr --client "Atelier Rose"
        notion-setup show av --format mermaid > av.mmd
        notion-setup show ./my.json --var hourly_rate=50 --without billing --json
    """
    if as_json and fmt not in ("tree", "json"):
        raise UsageError(_("--json and --format {format} cannot be combined").format(format=fmt))
    values = blueprint_variables(variables, vars_file)
    workspace = resolve(
        load_blueprint(blueprint),
        lang=lang or default_lang(),
        client=client,
        variables=values,
        only=only,
        without=without,
        today=today.date() if today else None,
    )
    if as_json or fmt == "json":
        echo(workspace_json(workspace))
    elif fmt == "mermaid":
        echo(mermaid_er(workspace))
    else:
        echo(render_tree(workspace))


@click.command("validate")
@click.argument("blueprints", nargs=-1, required=True, shell_complete=complete_blueprints)
@click.option("--quiet", "-q", is_flag=True, help="Print only the problems, not the ok lines.")
def validate_command(blueprints: tuple[str, ...], quiet: bool) -> None:
    """Check blueprints; exit 0 when all are valid, 2 with every problem listed.

    \b
        notion-setup validate ./my.json av
    """
    failures: list[NotionSetupError] = []
    for source in blueprints:
        try:
            bp = load_blueprint(source)
        except (BlueprintInvalid, BlueprintNotFound) as error:
            if len(blueprints) == 1:
                raise  # the error boundary prints it once
            failures.append(error)
            if not quiet:
                echo(_("error: {message}").format(message=error), err=True)
            continue
        if not quiet:
            echo(_("ok: {source} ({id})").format(source=source, id=bp.id))
    if failures:
        raise UsageError(
            _("{failed} of {total} blueprints are invalid").format(
                failed=len(failures), total=len(blueprints)
            )
        )


@click.command("init")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "source",
    required=True,
    shell_complete=complete_blueprints,
    help="The bundled blueprint to copy (av, obm).",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the path written.")
def init_command(file: Path, source: str, force: bool, quiet: bool) -> None:
    """Write a copy of a bundled blueprint to FILE, ready to adapt.

    \b
        notion-setup init my-va.json --from av
        notion-setup validate my-va.json
    """
    written = init_blueprint(file, source, force=force)
    echo(str(written))
    if not quiet:
        echo(
            _("next: edit it, then run `notion-setup validate {file}`").format(file=written),
            err=True,
        )


def register(cli: click.Group) -> None:
    """Add the blueprint commands to the ``notion-setup`` group."""
    for command in (blueprints_command, show_command, validate_command, init_command):
        cli.add_command(command)
