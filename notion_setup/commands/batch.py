"""``batch``: parse options, call ``batch.run_manifest``, stream results, set the exit code."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

import click

from notion_setup.batch import (
    ClientResult,
    JsonLinesSink,
    JUnitWriter,
    ProgressSink,
    parse_shard,
    raise_for_outcome,
    run_manifest,
)
from notion_setup.commands._common import configure_logging, echo, notion_version_option
from notion_setup.commands.params import BASE_URL, wait_option
from notion_setup.errors import ExitCode, UsageError
from notion_setup.messages import _, ngettext
from notion_setup.notion_ids import parse_notion_id


@click.command()
@click.argument("manifest", metavar="[MANIFEST]", required=False)
@click.option(
    "--upgrade",
    is_flag=True,
    help="Upgrade every client under --parent to its newer blueprint (no manifest needed).",
)
@click.option("--parent", metavar="PAGE_ID", default=None, help="With --upgrade: the parent page.")
@click.option("--to", metavar="BLUEPRINT", default=None, help="With --upgrade: the blueprint.")
@click.option(
    "--allow-destructive", is_flag=True, help="With --upgrade: also remove what it dropped."
)
@click.option(
    "--strict",
    is_flag=True,
    help="With --upgrade: a client skipped (its blueprint file not at hand) fails the run "
    "(exit 6); without it, skips alone exit 0 with a warning.",
)
@click.option(
    "--token-env",
    default="NOTION_TOKEN",
    show_default=True,
    metavar="NAME",
    help="With --upgrade: the variable holding the token.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Clients at once. Clients with different tokens run side by side; clients that share "
    "a token share its request budget.",
)
@click.option(
    "--shard",
    metavar="I/N",
    default=None,
    help="Run only shard I of N (numbered from 1), for a CI matrix. Clients that share a token "
    "stay in one shard.",
)
@click.option(
    "--plan", is_flag=True, help="Only plan: write nothing; exit 3 if changes are pending."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per client on stdout.")
@click.option(
    "--report",
    metavar="FILE.xml",
    default=None,
    help="Write a JUnit XML report (one test case per client) for CI dashboards.",
)
@click.option("--fail-fast", is_flag=True, help="Stop at the first client that fails.")
@wait_option(
    "When another run holds a client's workspace, wait this long for it to finish, then "
    "go on (that client fails with exit 9 if it still holds it)."
)
@click.option(
    "--sandbox",
    is_flag=True,
    help="Try the manifest on the embedded sandbox: every client under its top-level page, "
    "no token needed.",
)
@click.option(
    "--base-url",
    envvar="NOTION_BASE_URL",
    type=BASE_URL,
    default=None,
    help="Notion API root (env NOTION_BASE_URL).",
)
@click.option(
    "--rate-limit",
    type=click.IntRange(min=0),
    default=None,
    help="Requests per minute per token (default 180; 600 on Business and Enterprise; "
    "0 = unpaced).",
)
@notion_version_option
@click.option("-v", "--verbose", count=True, help="Log retries (-vv: every request).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (and --json lines).")
def batch(
    manifest: str | None,
    upgrade: bool,
    parent: str | None,
    to: str | None,
    allow_destructive: bool,
    strict: bool,
    token_env: str,
    jobs: int,
    shard: str | None,
    plan: bool,
    as_json: bool,
    report: str | None,
    fail_fast: bool,
    wait: float,
    sandbox: bool,
    base_url: str | None,
    rate_limit: int | None,
    notion_version: str | None,
    verbose: int,
    quiet: bool,
) -> int:
    """Plan or apply the workspaces of every client listed in MANIFEST (JSON or CSV).

    Each client names the environment variable that holds its token (tokens never go in the
    manifest). Exit codes: 0 all succeeded, 6 some failed, 3 with --plan when changes are
    pending, 2 invalid manifest. With --upgrade, a client that cannot be upgraded (its
    blueprint file is not at hand) is skipped: skips alone exit 0 with a warning line on
    stderr, or 6 with --strict. Safe to re-run: clients already done make no writes.

    \b
    Examples:
        notion-setup batch clients.json --sandbox
        notion-setup batch clients.json --jobs 4 --report report.xml
        notion-setup batch clients.json --shard 2/4 --json > results.jsonl
        notion-setup batch clients.csv --plan
    """
    configure_logging(verbose)
    chosen = parse_shard(shard) if shard else None
    writer = JUnitWriter(report) if report else None
    sinks: list[Callable[[ClientResult], None]] = []
    if as_json:
        sinks.append(JsonLinesSink(sys.stdout))
    if writer is not None:
        sinks.append(writer)

    def start(count: int, total: int) -> None:
        if not quiet:
            where = _("the sandbox") if sandbox else "Notion"
            scope = (
                _("shard {shard} ({count} of {total} clients)").format(
                    shard=chosen, count=count, total=total
                )
                if chosen
                else ngettext("{n} client", "{n} clients", count).format(n=count)
            )
            line = (
                _("Planning {scope} on {where}, {jobs} at a time")
                if plan
                else _("Applying {scope} on {where}, {jobs} at a time")
            )
            echo(line.format(scope=scope, where=where, jobs=jobs), err=True)
            sinks.insert(0, ProgressSink(sys.stderr, count))

    def emit(result: ClientResult) -> None:
        for sink in sinks:
            sink(result)

    stop = threading.Event()
    previous: Any = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if upgrade == bool(manifest):
        raise UsageError(
            _("give a MANIFEST, or --upgrade with --parent (not both)"),
            hint=_("`notion-setup batch --parent PAGE --upgrade` upgrades every client under PAGE"),
        )
    skips = None
    try:
        if upgrade:
            from notion_setup.fleet.batch import SkippedClients

            skips = SkippedClients()
            sinks.append(skips)
            summary = _upgrade_all(
                parent,
                to,
                allow_destructive,
                token_env,
                chosen,
                plan,
                sandbox,
                base_url,
                rate_limit,
                emit,
                notion_version,
            )
        else:
            summary = run_manifest(
                str(manifest),
                shard=chosen,
                jobs=jobs,
                plan=plan,
                fail_fast=fail_fast,
                wait_s=wait,
                sandbox=sandbox,
                base_url=base_url,
                rate_limit=rate_limit,
                notion_version=notion_version,
                on_start=start,
                on_result=emit,
                stop=stop,
            )
    except BaseException:
        if writer is not None:
            writer.discard()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    if writer is not None:
        writer.close(summary.elapsed_s)
    line = summary.text(plan=plan)
    if not (as_json and quiet):  # the tally is the batch's answer; with --json it is status
        echo(line, err=as_json)
    if skips is None:
        raise_for_outcome(summary)
    else:
        warning = skips.outcome(summary, strict=strict)
        if warning:
            echo(warning, err=True)
    if plan and summary.changes:
        return int(ExitCode.CHANGES_PENDING)
    return int(ExitCode.OK)


def _upgrade_all(
    parent: str | None,
    to: str | None,
    allow_destructive: bool,
    token_env: str,
    chosen: Any,
    plan: bool,
    sandbox: bool,
    base_url: str | None,
    rate_limit: int | None,
    emit: Callable[[ClientResult], None],
    notion_version: str | None = None,
) -> Any:
    from notion_setup.blueprint import load_blueprint
    from notion_setup.connect import open_connection
    from notion_setup.fleet.batch import run_fleet_upgrade

    target = load_blueprint(to) if to else None
    with open_connection(
        sandbox=sandbox,
        token_env=token_env,
        base_url=base_url,
        rate_limit=rate_limit,
        notion_version=notion_version,
    ) as conn:
        parent_id = parse_notion_id(parent) if parent else conn.default_parent
        if parent and parent_id is None:
            raise UsageError(_("{value!r} is not a Notion page id or link").format(value=parent))
        if not parent_id:
            raise UsageError(
                _("--upgrade needs --parent PAGE_ID (the page that holds the clients)")
            )
        return run_fleet_upgrade(
            conn.gateway,
            parent_id,
            token_env=token_env,
            shard=chosen,
            plan=plan,
            to=target,
            allow_destructive=allow_destructive,
            on_result=emit,
        )


def register(cli: click.Group) -> None:
    """Add the ``batch`` command to the group."""
    cli.add_command(batch)
