"""The ``preview`` command: a blueprint as one self-contained HTML page."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from notion_setup.commands._common import blueprint_options, blueprint_variables, default_lang
from notion_setup.commands.params import complete_blueprints
from notion_setup.messages import _
from notion_setup.preview import build_preview
from notion_setup.report import blocks_line


def default_out(blueprint: str, lang: str) -> Path:
    """``av`` -> ``av-preview-fr.html`` in the current folder; a path keeps only its stem."""
    return Path(f"{Path(blueprint).stem}-preview-{lang}.html")


@click.command("preview")
@click.argument("blueprint", shell_complete=complete_blueprints)
@blueprint_options
@click.option("--client", default="Client", show_default=True, help="The client's name.")
@click.option(
    "--out",
    "-o",
    metavar="FILE.html",
    help="Where to write the page; '-' for stdout (default: BLUEPRINT-preview-LANG.html).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Pretend today is this date (relative dates, calendars; reproducible previews).",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but the path written.")
def preview_command(
    blueprint: str,
    lang: str | None,
    variables: tuple[str, ...],
    vars_file: str | None,
    only: tuple[str, ...],
    without: tuple[str, ...],
    client: str,
    out: str | None,
    today: datetime | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Write an HTML page that shows the workspace a blueprint creates, as Notion would.

    The page tree, every database through its views (table, board, calendar, timeline,
    charts) with its starter rows, the template pages and a diagram of the relations. The file
    is self-contained: open it offline, mail it to a client.

    BLUEPRINT is a bundled name (av, obm) or a path to a JSON file.

    \b
        notion-setup preview av --lang fr --client "Atelier Rose"
        notion-setup preview obm --without billing -o obm.html
        notion-setup preview ./my.json --var hourly_rate=50 --out - > my.html
    """
    language = lang or default_lang()
    values = blueprint_variables(variables, vars_file)
    to_stdout = out == "-"
    target = None if to_stdout else Path(out) if out else default_out(blueprint, language)
    preview = build_preview(
        blueprint,
        lang=language,
        client=client,
        variables=values,
        only=only,
        without=without,
        today=today.date() if today else None,
        out=target,
    )
    if to_stdout:
        click.echo(preview.html, nl=False)
    elif as_json:
        click.echo(json.dumps(preview.summary(), ensure_ascii=False, indent=2))
    else:
        click.echo(str(preview.path))
    if not quiet and not as_json:
        where = "stdout" if to_stdout else str(preview.path)
        click.echo(
            _(
                "preview: {databases} databases, {views} views, {pages} pages, "
                "{templates} templates -> {where}"
            ).format(
                databases=preview.databases,
                views=preview.views,
                pages=preview.pages,
                templates=preview.templates,
                where=where,
            ),
            err=True,
        )
        click.echo(blocks_line(preview.blocks), err=True)


def register(cli: click.Group) -> None:
    """Add ``preview`` to the ``notion-setup`` group."""
    cli.add_command(preview_command)
