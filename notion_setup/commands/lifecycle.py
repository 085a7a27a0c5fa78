"""``destroy``, ``export``, ``new``, ``doctor``: parse options, call one library function, print."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from notion_setup.commands._common import (
    LANG_CHOICES,
    configure_logging,
    handle_errors,
)
from notion_setup.commands.provision import connection_options
from notion_setup.connect import Connection, open_connection
from notion_setup.errors import DestructiveChangesRefused, UsageError
from notion_setup.lifecycle.destroy import DestroyPlan, DestroyReport, execute_destroy, plan_destroy
from notion_setup.lifecycle.doctor import DoctorReport, run_doctor
from notion_setup.lifecycle.export import ExportResult, export_workspace
from notion_setup.lifecycle.new import NewPage, parse_sets
from notion_setup.lifecycle.workspace import open_client_workspace
from notion_setup.notion import RetryPolicy
from notion_setup.output import NullReporter, Reporter, StderrReporter, use_color

_HEX_ID = re.compile(
    r"([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})"
)


def page_id_argument(text: str) -> str:
    """A page id from an id or a Notion link (the 32 hex characters at its end).

    Raises:
        UsageError: no id in the text.
    """
    matches = _HEX_ID.findall(text.split("?")[0])
    if not matches:
        raise UsageError(
            f"{text!r} is not a Notion page id or link",
            hint="copy the page's link in Notion (••• → Copy link); its id is the 32 hex "
            "characters at the end",
        )
    raw = matches[-1].replace("-", "").lower()
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def _connect(
    options: dict[str, Any],
    reporter: Reporter,
    policy: RetryPolicy | None = None,
    *,
    web_view: bool = True,
) -> Connection:
    return open_connection(
        sandbox=options["sandbox"],
        token_env=options["token_env"],
        base_url=options["base_url"],
        rate_limit=options["rate_limit"],
        policy=policy,
        on_retry=lambda line: reporter.tick("retry", line),
        # The in-process sandbox rewrites its view file after destroy and new.
        web_view=web_view,
        lang=options.get("lang") or "en",
    )


#: doctor reports an unreachable API after a few seconds, not after the full retry budget.
DOCTOR_POLICY = RetryPolicy(max_attempts=3, max_total_s=15.0)


def _parent(parent: str | None, conn: Connection) -> str:
    if parent:
        return page_id_argument(parent)
    if conn.default_parent:
        return conn.default_parent
    raise UsageError(
        "no parent page: pass --parent PAGE_ID",
        hint="open the page in Notion, copy its link; the id is the 32 hex characters at its "
        "end. Share the page with your integration (••• → Connections).",
    )


def _reporter(options: dict[str, Any]) -> Reporter:
    configure_logging(options["verbose"])
    return NullReporter() if options["quiet"] else StderrReporter(verbose=options["verbose"] > 0)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# --- destroy --------------------------------------------------------------------------------


def destroy_listing(plan: DestroyPlan) -> list[str]:
    """The human listing of a destroy plan (shown before asking, on stderr)."""
    lines = [f'To move to the trash for client "{plan.client}" (root page "{plan.root_title}"):']
    for target in plan.targets:
        extra = ""
        if target.kind == "database":
            extra = f"  {target.rows} row(s)"
            if target.added_rows:
                extra += f", {target.added_rows} added by hand (trashed with it)"
        lines.append(f"  {target.kind.replace('_', ' '):<15} {target.name}{extra}")
    if plan.kept:
        lines.append("Kept, because it holds pages or databases notion-setup did not create:")
        lines += [f"  {t.kind.replace('_', ' '):<15} {t.name}" for t in plan.kept]
    if plan.foreign:
        lines.append("Left untouched (not created by notion-setup):")
        lines += [f"  {f.kind:<15} {f.title}  (in {f.parent_name})" for f in plan.foreign]
    if plan.gone:
        lines.append(f"Already in the trash or deleted: {len(plan.gone)} object(s)")
    return lines


def destroy_summary(report: DestroyReport) -> str:
    """The result line(s) printed on stdout."""
    plan = report.plan
    if not plan.found:
        return (
            f'Nothing to destroy: no workspace of client "{plan.client}" under page '
            f"{plan.parent_id} (clients there: {plan.other_clients})."
        )
    if not report.trashed:
        return f'Nothing left to trash for "{plan.client}"' + (
            f" ({len(plan.gone)} object(s) already in the trash)." if plan.gone else "."
        )
    lines = [
        f'Moved {len(report.trashed)} object(s) of "{plan.client}" to the trash '
        "(restore them from Notion's trash within 30 days if needed)."
    ]
    if plan.kept:
        lines.append(
            f"Kept {len(plan.kept)} page(s) holding {len(plan.foreign)} object(s) notion-setup "
            "did not create; move those away, then run destroy again to finish."
        )
    return "\n".join(lines)


def _confirm_destroy(yes: bool) -> Callable[[DestroyPlan], bool] | None:
    if yes:
        return lambda plan: True
    if not sys.stdin.isatty():
        return None
    return lambda plan: click.confirm(
        f"Move these {len(plan.targets)} object(s) to the trash?", default=False, err=True
    )


@click.command()
@click.option("--client", required=True, help="The client's name, as given to apply --client.")
@connection_options
@click.option("--yes", "-y", is_flag=True, help="Do not ask before trashing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def destroy(**options: Any) -> None:
    """Move to the trash everything notion-setup created for a client, and nothing else.

    Lists first; asks in a terminal, and without one needs --yes (else exits 7). Pages that hold
    pages you added are kept and listed. Safe to re-run.

    \b
    Examples:
        notion-setup destroy --sandbox --client "Demo" --yes
        notion-setup destroy --parent 1f2e... --client "Acme" --json --yes
    """
    reporter = _reporter(options)
    with _connect(options, reporter) as conn:
        parent = _parent(options["parent"], conn)
        reporter.status(f'Reading the workspace of "{options["client"]}" on {conn.label}…')
        plan = plan_destroy(conn.gateway, parent, options["client"])
        if plan.found and not plan.is_empty and not options["quiet"]:
            for line in destroy_listing(plan):
                click.echo(line, err=True)
        try:
            report = execute_destroy(
                conn.gateway, plan, confirm=_confirm_destroy(options["yes"]), reporter=reporter
            )
        except DestructiveChangesRefused:
            if options["as_json"]:
                _echo_json(DestroyReport(plan, applied=False).to_json())
            raise
    if options["as_json"]:
        _echo_json(report.to_json())
    else:
        click.echo(destroy_summary(report))


# --- export ---------------------------------------------------------------------------------


def export_summary(result: ExportResult, out: str | None) -> list[str]:
    """What was exported and what was left out."""
    counts = result.counts()
    what = ", ".join(f"{n} {k}" for k, n in counts.items())
    lines = [f"Exported blueprint {result.document['id']!r}" + (f" to {out}" if out else "")]
    lines.append(f"  {what}")
    if result.notes:
        lines.append(f"Not exported ({len(result.notes)}):")
        lines += [f"  {note}" for note in result.notes]
    return lines


@click.command(name="export")
@click.argument("page_id")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the blueprint to this file.")
@click.option(
    "--lang",
    type=click.Choice(LANG_CHOICES),
    default=None,
    help="Language the workspace is written in (default: its registry's, else en).",
)
@click.option("--no-rows", is_flag=True, help="Do not export rows as starter rows.")
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="At most this many rows per database.",
)
@connection_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@handle_errors
def export(**options: Any) -> None:
    """Write a blueprint that rebuilds the workspace under PAGE_ID (an id or a link).

    The blueprint goes to --out (or stdout); what the API cannot read or a blueprint cannot hold
    is listed on stderr (or in --json).

    \b
    Examples:
        notion-setup export 1f2e... --out acme.json
        notion-setup apply ./acme.json --parent 9a8b... --client "Acme"
    """
    reporter = _reporter(options)
    page_id = page_id_argument(options["page_id"])
    with _connect(options, reporter) as conn:
        reporter.status(f"Reading page {page_id} on {conn.label}…")
        result = export_workspace(
            conn.gateway,
            page_id,
            lang=options["lang"],
            rows=not options["no_rows"],
            max_rows=options["max_rows"],
            reporter=reporter,
        )
    text = json.dumps(result.document, ensure_ascii=False, indent=2) + "\n"
    out = options["out"]
    if out:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"{out}: cannot write the blueprint: {error.strerror}") from error
    if options["as_json"]:
        summary = {"out": out, **result.to_json()}
        if not out:
            summary["blueprint"] = result.document
        _echo_json(summary)
        return
    if not out:
        click.echo(text, nl=False)
    lines = export_summary(result, out)
    if out:
        click.echo("\n".join(lines))
    elif not options["quiet"]:
        click.echo("\n".join(lines), err=True)


# connection_options brings --parent, which export has no use for (PAGE_ID says where).
export.params = [p for p in export.params if p.name != "parent"]


# --- new ------------------------------------------------------------------------------------


def new_summary(page: NewPage, link: Callable[[str], str] | None = None) -> list[str]:
    """The result lines of ``new`` (``link``: where the page's URL opens, see Connection)."""
    url = link(page.url) if link is not None else page.url
    lines = [f"Created “{page.title}” in {page.database_title}: {url}"]
    lines += [f"  {name}: {value}" for name, value in page.values.items()]
    lines += [f"warning: {w}" for w in page.warnings]
    return lines


@click.command(name="new")
@click.argument("template")
@click.option("--client", required=True, help="The client whose workspace gets the page.")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="PROPERTY=VALUE",
    help="Set a property (key or name), repeatable: --set amount=450 --set due=+30d.",
)
@click.option(
    "--notion-template",
    metavar="NAME",
    default=None,
    help="Apply this database template made in the Notion app instead; TEMPLATE then names "
    "the database (or a blueprint template of it).",
)
@click.option(
    "--blueprint",
    metavar="NAME|PATH",
    default=None,
    help="Blueprint the workspace was made from (default: the one its registry names).",
)
@click.option(
    "--lang",
    type=click.Choice(LANG_CHOICES),
    default=None,
    help="Language of the workspace (default: its registry's).",
)
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="KEY=VALUE",
    help="Blueprint variable used by the template (repeatable).",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Seconds to wait for Notion to apply a --notion-template.",
)
@connection_options
@click.option("--json", "as_json", is_flag=True, help="Print the created page as JSON.")
@handle_errors
def new(**options: Any) -> None:
    """Create one page from a template in the client's workspace (an invoice, a report...).

    \b
    Examples:
        notion-setup new new_invoice --sandbox --client "Demo" --set amount=450
        notion-setup new invoices --client "Acme" --notion-template "Monthly invoice"
    """
    from notion_setup.blueprint import parse_var_assignments
    from notion_setup.lifecycle.new import new_from_blueprint, new_from_notion_template

    reporter = _reporter(options)
    sets = parse_sets(options["sets"])
    variables = parse_var_assignments(options["variables"])
    with _connect(options, reporter) as conn:
        parent = _parent(options["parent"], conn)
        workspace, registry = open_client_workspace(
            conn.gateway,
            parent,
            options["client"],
            blueprint=options["blueprint"],
            lang=options["lang"],
            variables=variables,
        )
        if options["notion_template"]:
            reporter.status(f"Applying the Notion template “{options['notion_template']}”…")
            page = new_from_notion_template(
                conn.gateway,
                workspace,
                registry,
                options["template"],
                options["notion_template"],
                sets=sets,
                timeout_s=options["wait"],
            )
        else:
            page = new_from_blueprint(
                conn.gateway, workspace, registry, options["template"], sets=sets
            )
    if options["as_json"]:
        _echo_json(page.to_json())
    else:
        click.echo("\n".join(new_summary(page, conn.link)))


# --- doctor ---------------------------------------------------------------------------------

_STATUS_COLORS = {"ok": "green", "fail": "red", "warn": "yellow", "skip": None}


def doctor_lines(report: DoctorReport, *, color: bool) -> list[str]:
    """One line per check, with the fix under each failure."""
    lines = []
    for check in report.checks:
        status = f"{check.status:<4}"
        shade = _STATUS_COLORS.get(check.status)
        if color and shade:
            status = click.style(status, fg=shade)
        lines.append(f"{status}  {check.name:<15} {check.detail}")
        if check.fix and check.status in ("fail", "warn"):
            lines.append(f"      fix: {check.fix}")
    verdict = "All checks passed." if report.ok else "Some checks failed: see the fixes above."
    lines.append(verdict)
    return lines


@click.command()
@connection_options
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@handle_errors
def doctor(**options: Any) -> None:
    """Check the token, the API, access to the parent page and the integration's capabilities.

    Exits 0 when every check passes, else with the exit code of the first failure (2 no token,
    4 token or access refused, 5 workspace limit, 8 Notion unreachable). The capability checks
    create one probe page under --parent and move it to the trash at once.

    \b
    Examples:
        notion-setup doctor --parent 1f2e...
        notion-setup doctor --sandbox --json
    """
    reporter = _reporter(options)
    parent = page_id_argument(options["parent"]) if options["parent"] else None
    report = run_doctor(lambda: _connect(options, reporter, DOCTOR_POLICY, web_view=False), parent)
    if options["as_json"]:
        _echo_json(report.to_json())
    else:
        click.echo("\n".join(doctor_lines(report, color=use_color(sys.stdout))))
    if report.exit_code:
        sys.exit(report.exit_code)


def register(cli: click.Group) -> None:
    """Add the lifecycle commands to the group."""
    for command in (destroy, export, new, doctor):
        cli.add_command(command)
