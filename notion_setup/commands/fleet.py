"""``clients`` and ``upgrade``: see the fleet under a parent page, upgrade it to a new blueprint."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import click

from notion_setup.commands._common import configure_logging
from notion_setup.commands.params import wait_option
from notion_setup.commands.provision import _confirm, connection_options
from notion_setup.connect import Connection, open_connection
from notion_setup.errors import ExitCode, UsageError
from notion_setup.messages import _
from notion_setup.notion import RetryPolicy
from notion_setup.output import NullReporter, Reporter, StderrReporter


def _reporter(options: dict[str, Any]) -> Reporter:
    configure_logging(options["verbose"])
    return NullReporter() if options["quiet"] else StderrReporter(verbose=options["verbose"] > 0)


def _connect(options: dict[str, Any], reporter: Reporter) -> Connection:
    return open_connection(
        sandbox=options["sandbox"],
        token_env=options["token_env"],
        base_url=options["base_url"],
        rate_limit=options["rate_limit"],
        policy=RetryPolicy(
            max_attempts=options["max_attempts"], max_total_s=options["max_retry_time"]
        ),
        on_retry=lambda line: reporter.tick("retry", line),
        notion_version=options.get("notion_version"),
    )


def _parent(parent: str | None, conn: Connection) -> str:
    if parent:  # already parsed by the NOTION_ID type of --parent
        return parent
    if conn.default_parent:
        return conn.default_parent
    raise UsageError(
        _("no parent page: pass --parent PAGE_ID"),
        hint=_("the page that holds your clients' workspaces; copy its link in Notion"),
    )


def _target(to: str | None) -> Any:
    if not to:
        return None
    from notion_setup.blueprint import load_blueprint

    return load_blueprint(to)


@click.command()
@connection_options
@click.option("--fast", is_flag=True, help="Read the registries only (no plan per client).")
@click.option("--to", metavar="BLUEPRINT", default=None, help="Compare with this blueprint.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per client, one a line.")
def clients(**options: Any) -> int | None:
    """List every client workspace under --parent: blueprint, version, language, modules, last
    apply and whether changes are pending.

    Exits 0, or 3 when some client has changes pending (a CI gate).

    \b
    Examples (on the embedded sandbox; with a token, --parent PAGE_ID instead):
        notion-setup clients --sandbox
        notion-setup clients --sandbox --fast --json
    """
    from notion_setup.fleet.clients import list_clients
    from notion_setup.fleet.report import clients_table

    reporter = _reporter(options)
    target = _target(options["to"])
    with _connect(options, reporter) as conn:
        parent = _parent(options["parent"], conn)
        reporter.status(
            _("Reading the clients under {parent} on {where}…").format(
                parent=parent, where=conn.label
            )
        )
        rows = []
        for info in list_clients(conn.gateway, parent, fast=options["fast"], to=target):
            rows.append(info)
            if options["as_json"]:
                click.echo(json.dumps(info.to_json(), ensure_ascii=False))
    reporter.finish()
    if not options["as_json"]:
        click.echo("\n".join(clients_table(rows)))
    if any(r.pending for r in rows):
        return int(ExitCode.CHANGES_PENDING)
    return None


@click.command()
@connection_options
@click.option("--client", "client_name", default=None, help="Upgrade this client.")
@click.option("--all", "every", is_flag=True, help="Upgrade every client under --parent.")
@click.option(
    "--to",
    metavar="BLUEPRINT",
    default=None,
    help="The blueprint to upgrade to (bundled name or file); default: each client's own.",
)
@click.option("--plan", "plan_only", is_flag=True, help="Only show what the upgrade would do.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask before upgrading.")
@click.option("--allow-destructive", is_flag=True, help="Also remove what the new version dropped.")
@wait_option()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per client, one a line.")
def upgrade(**options: Any) -> int | None:
    """Upgrade client workspaces to a newer version of their blueprint, from their recorded
    answers: renamed keys keep their Notion objects and values, user additions stay.

    Exits 0 when done (or nothing to do), 3 with --plan when changes are pending, 7 when
    destructive changes wait for --allow-destructive.

    \b
    Examples (on the embedded sandbox; with a token, --parent PAGE_ID instead):
        notion-setup upgrade --sandbox --all --plan
        notion-setup upgrade --sandbox --client "Acme" --yes
    """
    from notion_setup.fleet.report import result_line, upgrade_lines
    from notion_setup.fleet.upgrade import apply_upgrade, plan_upgrade
    from notion_setup.lease import LeaseOptions
    from notion_setup.lifecycle.locate import client_roots, require_client
    from notion_setup.observe import RootCache

    if bool(options["client_name"]) == bool(options["every"]):
        raise UsageError(
            _("say which clients to upgrade: --client NAME or --all (not both)"),
            hint=_("see them first with `notion-setup clients --parent PAGE`"),
        )
    plan_only = options["plan_only"]
    if not plan_only and not options["yes"] and not sys.stdin.isatty():
        raise UsageError(
            _("upgrade writes to every client it names: pass --yes (or --plan to look first)"),
            hint=_("`notion-setup upgrade ... --plan` shows each client's upgrade without writing"),
        )
    reporter = _reporter(options)
    target = _target(options["to"])
    pending = False
    with _connect(options, reporter) as conn:
        parent = _parent(options["parent"], conn)
        cache = RootCache()
        roots = client_roots(conn.gateway, parent, cache)
        if options["client_name"]:
            roots = [require_client(roots, options["client_name"], parent)]
        plans = []
        for root in roots:
            reporter.status(
                _("Planning the upgrade of {client}…").format(client=root.registry.client)
            )
            plans.append(
                plan_upgrade(
                    conn.gateway,
                    parent,
                    root,
                    to=target,
                    allow_destructive=options["allow_destructive"],
                    cache=cache,
                    switch=bool(options["client_name"]) and target is not None,
                )
            )
        if options["client_name"] and plans[0].skipped:
            raise UsageError(
                _("cannot upgrade {client}: {reason}").format(
                    client=plans[0].client, reason=plans[0].skipped
                )
            )
        pending = any(not p.is_empty for p in plans)
        if plan_only:
            _show_plans(plans, options["as_json"], upgrade_lines)
        else:
            if not options["yes"] and pending:
                _show_plans(plans, False, upgrade_lines, err=True)
                if not click.confirm(_("Upgrade these clients?"), default=False, err=True):
                    raise UsageError(_("upgrade cancelled; nothing was written"))
            for up in plans:
                result = apply_upgrade(
                    conn.gateway,
                    parent,
                    up,
                    allow_destructive=options["allow_destructive"],
                    confirm=_confirm(options["yes"]),
                    reporter=reporter,
                    cache=cache,
                    lease=LeaseOptions(wait_s=options["wait"]),
                )
                if options["as_json"]:
                    data = up.to_json()
                    data.update(writes=result.writes, rows_moved=result.rows_moved)
                    click.echo(json.dumps(data, ensure_ascii=False))
                else:
                    click.echo(result_line(result))
    reporter.finish()
    if plan_only and pending:
        return int(ExitCode.CHANGES_PENDING)
    return None


def _show_plans(plans: Sequence[Any], as_json: bool, render: Any, *, err: bool = False) -> None:
    for up in plans:
        if as_json:
            click.echo(json.dumps(up.to_json(), ensure_ascii=False))
        else:
            click.echo("\n".join(render(up)), err=err)


def register(cli: click.Group) -> None:
    """Add the fleet commands to the group."""
    cli.add_command(clients)
    cli.add_command(upgrade)
