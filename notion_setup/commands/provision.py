"""``plan`` and ``apply``: parse options, call ``provision.apply_workspace``, print the report."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from notion_setup.blocklimit import checker, selection_of
from notion_setup.commands._common import (
    blueprint_options,
    configure_logging,
    default_lang,
    echo,
    notion_version_option,
    speak_workspace_language,
    workspace_plan_option,
)
from notion_setup.commands.params import (
    BASE_URL,
    ENV_VAR_NAME,
    NOTION_ID,
    complete_blueprints,
    option_group,
    wait_option,
)
from notion_setup.connect import TOKEN_ENV, Connection, open_connection
from notion_setup.errors import ExitCode, UsageError, VariableError
from notion_setup.lease import LeaseOptions
from notion_setup.messages import _, current_language
from notion_setup.notion import RetryPolicy
from notion_setup.output import NullReporter, StderrReporter
from notion_setup.plan import Change
from notion_setup.provision import apply_workspace
from notion_setup.report import apply_text, change_line, plan_text

if TYPE_CHECKING:
    from notion_setup.fleet.answering import Resolved


def parent_hint() -> str:
    """How to find a parent page's id."""
    return _(
        "open the page in Notion, copy its link; the id is the 32 hex characters at its end. "
        "Share the page with your integration (••• → Connections)."
    )


def interactive() -> bool:
    """Whether a person at a terminal can answer a question (stdin is a terminal)."""
    return sys.stdin.isatty()


def ask_variables(
    declared: Mapping[str, Mapping[str, Any]], names: Sequence[str]
) -> dict[str, str]:
    """Ask for each variable in ``names`` on the terminal, by its label in the run's language."""
    answers: dict[str, str] = {}
    for name in names:
        label = declared.get(name, {}).get("label")
        text = label.get(current_language()) if isinstance(label, Mapping) else None
        answers[name] = click.prompt(f"{text or name} ({name})", err=True)
    return answers


#: Where to connect: --sandbox, --token-env, --base-url, --notion-version, --parent...
connection_options = option_group(
    notion_version_option,
    click.option(
        "--parent",
        metavar="PAGE_ID",
        type=NOTION_ID,
        default=None,
        help="Page under which the client's workspace lives (shared with the integration). "
        "Default with --sandbox: the sandbox's top-level page.",
    ),
    click.option(
        "--sandbox",
        is_flag=True,
        help="Use the embedded sandbox (no token, no network); its state is kept in "
        "$NOTION_SETUP_SANDBOX_STATE or ~/.local/state/notion-setup/sandbox.sqlite.",
    ),
    click.option(
        "--token-env",
        type=ENV_VAR_NAME,
        default=TOKEN_ENV,
        show_default=True,
        metavar="NAME",
        help="Environment variable that holds the Notion token (never pass the token itself).",
    ),
    click.option(
        "--base-url",
        envvar="NOTION_BASE_URL",
        type=BASE_URL,
        default=None,
        help="Notion API root (env NOTION_BASE_URL), e.g. a sandbox started with "
        "`notion-setup sandbox serve`.",
    ),
    click.option(
        "--rate-limit",
        type=click.IntRange(min=0),
        default=None,
        help="Requests per minute this connection may send (default 180; 0 = unpaced).",
    ),
    click.option(
        "--max-attempts",
        type=click.IntRange(1, 50),
        default=6,
        show_default=True,
        help="Attempts per request, the first included (retries on 429, 5xx, network errors).",
    ),
    click.option(
        "--max-retry-time",
        type=click.FloatRange(min=0),
        default=300.0,
        show_default=True,
        metavar="SECONDS",
        help="Give up retrying a request after this long.",
    ),
    click.option("-v", "--verbose", count=True, help="Show each request and retry (-vv: more)."),
    click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="No progress on stderr; apply prints no summary either.",
    ),
)


#: What a workspace remembers, changed on purpose: --relang, --examples/--no-examples.
answer_options = option_group(
    click.option(
        "--relang",
        is_flag=True,
        help="Change the language of an existing workspace on purpose: what the blueprint "
        "owns is renamed in place (with --lang).",
    ),
    click.option(
        "--examples/--no-examples",
        default=None,
        help="Add the example rows and the owner's sample name and email (made-up data for "
        "trying the tool). Default: on for a sandbox, off for a real workspace, then what the "
        "workspace was built with.",
    ),
)


#: How to meet another run on the same workspace: --wait SECONDS, --break-lease.
lease_options = option_group(
    wait_option(),
    click.option(
        "--break-lease",
        is_flag=True,
        help="Remove the lease of a run that is gone (killed on another machine) and go on.",
    ),
)


#: What plan and apply both take: the blueprint, the client, how to resolve the blueprint,
#: where the workspace is, what it remembers, and --restore-rows.
workspace_options = option_group(
    click.argument("blueprint", shell_complete=complete_blueprints),
    click.option(
        "--client",
        required=True,
        help="The client's name (used in titles and to find the workspace again).",
    ),
    blueprint_options,
    connection_options,
    answer_options,
    click.option(
        "--restore-rows",
        is_flag=True,
        help="Bring back the starter rows deleted by hand (from the trash, else created again).",
    ),
)


def _confirm(yes: bool) -> Callable[[Sequence[Change]], bool] | None:
    if yes:
        return lambda changes: True
    if not sys.stdin.isatty():
        return None  # no terminal and no --yes: refuse destructive changes

    def ask(changes: Sequence[Change]) -> bool:
        echo(_("These changes may lose data:"), err=True)
        for change in changes:
            echo(change_line(change), err=True)
        return click.confirm(_("Apply them?"), default=False, err=True)

    return ask


def with_links(data: dict[str, Any], conn: Connection) -> dict[str, Any]:
    """The JSON report plus where each object opens: ``url`` stays Notion's, ``link`` is the
    sandbox's web view (equal to ``url`` on real Notion); ``web_view`` names the view itself.
    """
    root = data.get("root_url")
    data["root_link"] = conn.link(root) if root else None
    data["web_view"] = conn.web_view
    for obj in data.get("objects", []):
        obj["link"] = conn.link(obj["url"]) if obj.get("url") else None
    return data


def _run(
    *,
    dry_run: bool,
    blueprint: str,
    client: str,
    parent: str | None,
    sandbox: bool,
    token_env: str,
    base_url: str | None,
    rate_limit: int | None,
    max_attempts: int,
    max_retry_time: float,
    verbose: int,
    quiet: bool,
    as_json: bool,
    allow_destructive: bool,
    yes: bool = False,
    jobs: int = 1,
    relang: bool = False,
    examples: bool | None = None,
    wait: float = 0.0,
    break_lease: bool = False,
    notion_version: str | None = None,
    workspace_plan: str | None = None,
    restore_rows: bool = False,
    fast: bool = False,
    **resolve_options: Any,
) -> int:
    configure_logging(verbose)
    from notion_setup.blueprint import load_blueprint, load_vars_file, parse_var_assignments
    from notion_setup.fleet.answering import resolve_with_answers
    from notion_setup.fleet.relang import relang_hooks

    bp = load_blueprint(blueprint)  # a broken blueprint fails before any connection
    given_vars: dict[str, str] = {}
    if resolve_options["vars_file"]:
        given_vars.update(load_vars_file(resolve_options["vars_file"]))
    given_vars.update(parse_var_assignments(resolve_options["variables"]))
    lang: str | None = resolve_options["lang"]
    reporter = NullReporter() if quiet else StderrReporter(verbose=verbose > 0)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        with open_connection(
            sandbox=sandbox,
            token_env=token_env,
            base_url=base_url,
            rate_limit=rate_limit,
            policy=RetryPolicy(max_attempts=max_attempts, max_total_s=max_retry_time),
            lang=lang or default_lang(),
            on_retry=lambda line: reporter.tick("retry", line),
            web_view=True,
            notion_version=notion_version,
        ) as conn:
            parent_id = parent or conn.default_parent
            if not parent_id:
                raise UsageError(_("no parent page: pass --parent PAGE_ID"), hint=parent_hint())

            def resolved_with(variables: dict[str, str]) -> Resolved:
                return resolve_with_answers(
                    conn.gateway,
                    parent_id,
                    bp,
                    given=blueprint,
                    client=client,
                    lang=lang,
                    default_lang=default_lang(),
                    variables=variables,
                    only=resolve_options["only"],
                    without=resolve_options["without"],
                    relang=relang,
                    command="plan" if dry_run else "apply",
                    examples=examples,
                    sandbox=conn.web_view is not None,
                )

            try:
                resolved = resolved_with(given_vars)
            except VariableError as error:
                # The owner's name and email have no made-up default on a real workspace: a
                # person at a terminal is asked; CI gets the usage error and its fix.
                if not error.missing or not interactive():
                    raise
                given_vars.update(ask_variables(bp.variables, error.missing))
                resolved = resolved_with(given_vars)
            workspace = resolved.workspace
            speak_workspace_language(workspace.lang, conn)
            if not quiet:
                line = (
                    _("Planning {blueprint} for {client} on {where}")
                    if dry_run
                    else _("Applying {blueprint} for {client} on {where}")
                )
                echo(line.format(blueprint=blueprint, client=client, where=conn.label), err=True)
            report = apply_workspace(
                conn.gateway,
                workspace,
                parent_id,
                allow_destructive=allow_destructive,
                confirm=_confirm(yes),
                jobs=jobs,
                reporter=reporter,
                stop=stop,
                dry_run=dry_run,
                answers=resolved.answers,
                lease=LeaseOptions(wait_s=wait, break_lease=break_lease),
                check_blocks=checker(
                    conn.gateway,
                    workspace,
                    selection_of(bp, workspace, only_given=bool(resolve_options["only"])),
                    override=workspace_plan,
                ),
                restore_rows=restore_rows,
                fast=fast,
                **relang_hooks(conn.gateway, bp, resolved, reporter=reporter),
            )
    finally:
        reporter.finish()
        signal.signal(signal.SIGTERM, previous)
    if as_json:
        echo(json.dumps(with_links(report.to_json(), conn), ensure_ascii=False, indent=2))
    elif dry_run:
        echo(plan_text(report, link=conn.link))
    elif not quiet:  # -q: apply prints no summary either
        echo(apply_text(report, link=conn.link, open_hint=conn.web_view is not None))
    if fast and not quiet:
        echo(
            _(
                "Fast plan: views and starter rows changed by hand were not read; "
                "`plan` without --fast checks them."
            ),
            err=True,
        )
    if report.plan.held_back:
        # Plan and apply agree: what was held back is still to do (apply did all the rest).
        return int(ExitCode.DESTRUCTIVE_REFUSED)
    if dry_run and not report.plan.is_empty:
        return int(ExitCode.CHANGES_PENDING)
    return int(ExitCode.OK)


@click.command()
@workspace_options
@click.option("--allow-destructive", is_flag=True, help="Also list removals and retypes.")
@click.option(
    "--fast",
    is_flag=True,
    help="Skip reading each view and the starter rows (about 2 calls a database instead of "
    "7): views and rows changed by hand go unseen.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def plan(**options: Any) -> int:
    """Show what `apply` would change in the client's workspace, without writing.

    Exits 0 when nothing would change, 3 when changes are pending (for CI gates) and 7 when
    destructive changes are held back (add --allow-destructive).

    \b
    Examples:
        notion-setup plan av --sandbox --client "Acme"
        notion-setup plan obm --parent 1f2e... --client "Atelier Lune" --lang fr --json
        notion-setup plan av --sandbox --client "Acme" --fast
    """
    return _run(dry_run=True, **options)


@click.command()
@workspace_options
@click.option(
    "--allow-destructive", is_flag=True, help="Also remove or retype what the blueprint dropped."
)
@workspace_plan_option
@click.option("--yes", "-y", is_flag=True, help="Do not ask before destructive changes.")
@lease_options
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Steps at once, each as soon as what it needs exists (one write per parent at a time).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def apply(**options: Any) -> int:
    """Create or complete the client's workspace from a blueprint; safe to re-run.

    \b
    Examples:
        notion-setup apply av --sandbox --client "Demo"
        NOTION_TOKEN=... notion-setup apply obm --parent 1f2e... --client "Atelier Lune" --lang fr
    """
    return _run(dry_run=False, **options)


def register(cli: click.Group) -> None:
    """Add the provisioning commands to the group."""
    cli.add_command(plan)
    cli.add_command(apply)
