"""``notion-setup sandbox serve``: run the local Notion emulator over loopback HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import click

from notion_setup.messages import _
from notion_setup.sandbox import FaultPlan, FaultSpecError, RunningServer, Sandbox
from notion_setup.sandbox.server import run_until_stopped


def _faults(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        try:
            FaultPlan.parse(value)
        except FaultSpecError as err:
            raise click.BadParameter(str(err)) from err
    return value


@click.group("sandbox")
def sandbox() -> None:
    """A strict local emulator of the Notion API, for demos and tests."""


@sandbox.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port to listen on; 0 picks any free port.",
)
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite file keeping the workspace between runs (default: in memory).",
)
@click.option(
    "--latency-ms",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Latency added to every request.",
)
@click.option(
    "--rate-limit",
    type=click.IntRange(min=0),
    default=180,
    show_default=True,
    help="Requests per 60 s per token; 0 switches the limit off.",
)
@click.option(
    "--faults",
    callback=_faults,
    default=None,
    metavar="SPEC",
    help="Random faults, e.g. '503_committed:0.1,429:0.05'.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of random faults.")
@click.option(
    "--search-lag",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Seconds before new pages show up in search.",
)
@click.option(
    "--block-limit",
    type=click.IntRange(min=1),
    default=None,
    help="Emulate a Free workspace that refuses new blocks past N blocks.",
)
@click.option(
    "--plan",
    type=click.Choice(["free", "paid"]),
    default=None,
    help="The workspace's plan (default: as the state file says, else paid).",
)
@click.option(
    "--members",
    type=click.IntRange(min=1),
    default=None,
    help="People in the workspace; Free with 2 or more has the 1,000-block limit.",
)
@click.option(
    "--rate-window",
    type=click.Choice(["fixed", "sliding"]),
    default="fixed",
    show_default=True,
    help="fixed: N per 60 s window; sliding: at most N in any 60 s.",
)
@click.option("-q", "--quiet", is_flag=True, help="No status line on stderr.")
def serve_command(
    host: str,
    port: int,
    state: Path | None,
    latency_ms: int,
    rate_limit: int,
    faults: str | None,
    seed: int,
    search_lag: float,
    block_limit: int | None,
    plan: str | None,
    members: int | None,
    rate_window: str,
    quiet: bool,
) -> None:
    """Serve the emulator until Ctrl-C.

    The first line on stdout is one JSON object with base_url, token and root_page_id.

    \b
    Point notion-setup at it:
        export NOTION_BASE_URL=<base_url> NOTION_TOKEN=<token>

    A read-only web view of the workspace is served at <base_url>/ and at the URL
    of each object (/p/<id32>); the links notion-setup prints open there.
    """
    sb = Sandbox(
        state_path=state,
        rate_limit=rate_limit,
        latency_ms=latency_ms,
        faults=faults,
        seed=seed,
        search_lag_s=search_lag,
        log_requests=False,  # a server may run for days: keep no per-request history
        plan=plan,
        members=members,
        rate_window=rate_window,
    )
    sb.set_block_limit(block_limit)

    def ready(server: RunningServer) -> None:
        info = {"base_url": server.base_url, "token": sb.token, "root_page_id": sb.root_page_id}
        click.echo(json.dumps(info))
        if not quiet:
            click.echo(
                _("sandbox listening on {url} (Ctrl-C to stop)").format(url=server.base_url),
                err=True,
            )
            click.echo(_("web view of its workspace: {url}/").format(url=server.base_url), err=True)

    run_until_stopped(sb, host=host, port=port, ready=ready)
