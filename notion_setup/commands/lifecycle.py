"""``destroy``, ``export``, ``new``: parse options, call one library function, print.

``doctor`` lives in ``commands.doctor``; it shares this module's connection helpers.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from notion_setup.commands._common import (
    configure_logging,
    echo,
    lang_option,
    speak_workspace_language,
)
from notion_setup.commands.params import NOTION_ID, complete_templates
from notion_setup.commands.provision import connection_options, parent_hint
from notion_setup.connect import Connection, open_connection
from notion_setup.errors import DestructiveChangesRefused, UsageError
from notion_setup.lifecycle.destroy import DestroyPlan, DestroyReport, execute_destroy, plan_destroy
from notion_setup.lifecycle.export import ExportResult, export_workspace
from notion_setup.lifecycle.new import NewPage, parse_sets
from notion_setup.lifecycle.workspace import client_root_id, open_client_workspace
from notion_setup.messages import _, current_language, ngettext
from notion_setup.messages.vocabulary import kind_label
from notion_setup.notion import RetryPolicy
from notion_setup.output import NullReporter, Reporter, StderrReporter


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
        lang=options.get("lang") or current_language(),
        notion_version=options.get("notion_version"),
    )


#: doctor reports an unreachable API after a few seconds, not after the full retry budget.
DOCTOR_POLICY = RetryPolicy(max_attempts=3, max_total_s=15.0)


def _parent(parent: str | None, conn: Connection) -> str:
    """--parent (already parsed by ``NOTION_ID``), else the sandbox's top-level page."""
    if parent:
        return parent
    if conn.default_parent:
        return conn.default_parent
    raise UsageError(_("no parent page: pass --parent PAGE_ID"), hint=parent_hint())


def _reporter(options: dict[str, Any]) -> Reporter:
    configure_logging(options["verbose"])
    return NullReporter() if options["quiet"] else StderrReporter(verbose=options["verbose"] > 0)


def _echo_json(data: Any) -> None:
    echo(json.dumps(data, ensure_ascii=False, indent=2))


# --- destroy --------------------------------------------------------------------------------


def destroy_listing(plan: DestroyPlan) -> list[str]:
    """The human listing of a destroy plan (shown before asking, on stderr)."""
    lines = [
        _('To move to the trash for client "{client}" (root page "{root}"):').format(
            client=plan.client, root=plan.root_title
        )
    ]
    for target in plan.targets:
        extra = ""
        if target.kind == "database":
            extra = "  " + ngettext("{n} row", "{n} rows", target.rows).format(n=target.rows)
            if target.added_rows:
                extra += _(", {n} added by hand (trashed with it)").format(n=target.added_rows)
        lines.append(f"  {kind_label(target.kind):<15} {target.name}{extra}")
    if plan.kept:
        lines.append(_("Kept, because it holds pages or databases notion-setup did not create:"))
        lines += [f"  {kind_label(t.kind):<15} {t.name}" for t in plan.kept]
    if plan.adopted:
        lines.append(_("Kept, because it was made by hand (only what notion-setup added goes):"))
        lines += [f"  {kind_label(t.kind):<15} {t.name}" for t in plan.adopted]
    if plan.foreign:
        lines.append(_("Left untouched (not created by notion-setup):"))
        lines += [
            "  "
            + _("{kind} {title}  (in {parent})").format(
                kind=f"{kind_label(f.kind):<15}", title=f.title, parent=f.parent_name
            )
            for f in plan.foreign
        ]
    if plan.gone:
        n = len(plan.gone)
        lines.append(
            ngettext(
                "Already in the trash or deleted: {n} object",
                "Already in the trash or deleted: {n} objects",
                n,
            ).format(n=n)
        )
    return lines


def destroy_summary(report: DestroyReport) -> str:
    """The result line(s) printed on stdout."""
    plan = report.plan
    if not plan.found:
        return _(
            'Nothing to destroy: no workspace of client "{client}" under page {parent} '
            "(clients there: {others})."
        ).format(client=plan.client, parent=plan.parent_id, others=plan.other_clients)
    if not report.trashed:
        if plan.gone:
            n = len(plan.gone)
            return ngettext(
                'Nothing left to trash for "{client}" ({n} object already in the trash).',
                'Nothing left to trash for "{client}" ({n} objects already in the trash).',
                n,
            ).format(client=plan.client, n=n)
        return _('Nothing left to trash for "{client}".').format(client=plan.client)
    n = len(report.trashed)
    lines = [
        ngettext(
            'Moved {n} object of "{client}" to the trash (restore it from Notion\'s trash '
            "within 30 days if needed).",
            'Moved {n} objects of "{client}" to the trash (restore them from Notion\'s trash '
            "within 30 days if needed).",
            n,
        ).format(n=n, client=plan.client)
    ]
    if plan.kept:
        lines.append(
            _(
                "Kept {kept} page(s) holding {foreign} object(s) notion-setup did not create; "
                "move those away, then run destroy again to finish."
            ).format(kept=len(plan.kept), foreign=len(plan.foreign))
        )
    return "\n".join(lines)


def _confirm_destroy(yes: bool) -> Callable[[DestroyPlan], bool] | None:
    if yes:
        return lambda plan: True
    if not sys.stdin.isatty():
        return None
    return lambda plan: click.confirm(
        ngettext(
            "Move this {n} object to the trash?",
            "Move these {n} objects to the trash?",
            len(plan.targets),
        ).format(n=len(plan.targets)),
        default=False,
        err=True,
    )


@click.command()
@click.option("--client", required=True, help="The client's name, as given to apply --client.")
@connection_options
@click.option("--yes", "-y", is_flag=True, help="Do not ask before trashing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
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
        reporter.status(
            _('Reading the workspace of "{client}" on {where}…').format(
                client=options["client"], where=conn.label
            )
        )
        plan = plan_destroy(conn.gateway, parent, options["client"])
        speak_workspace_language(plan.lang, conn)
        if plan.found and not plan.is_empty and not options["quiet"]:
            for line in destroy_listing(plan):
                echo(line, err=True)
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
        echo(destroy_summary(report))


# --- export ---------------------------------------------------------------------------------


#: How export names what it wrote (``ExportResult.counts`` keys).
_COUNT_NOUNS: dict[str, Callable[[int], str]] = {
    "databases": lambda n: ngettext("{n} database", "{n} databases", n),
    "properties": lambda n: ngettext("{n} property", "{n} properties", n),
    "views": lambda n: ngettext("{n} view", "{n} views", n),
    "rows": lambda n: ngettext("{n} row", "{n} rows", n),
    "pages": lambda n: ngettext("{n} page", "{n} pages", n),
    "templates": lambda n: ngettext("{n} template", "{n} templates", n),
}


def _count(key: str, n: int) -> str:
    form = _COUNT_NOUNS.get(key)
    return form(n).format(n=n) if form else f"{n} {key}"


def export_summary(result: ExportResult, out: str | None) -> list[str]:
    """What was exported and what was left out."""
    what = ", ".join(_count(k, n) for k, n in result.counts().items())
    blueprint_id = result.document["id"]
    head = (
        _("Exported blueprint {id!r} to {out}").format(id=blueprint_id, out=out)
        if out
        else _("Exported blueprint {id!r}").format(id=blueprint_id)
    )
    lines = [head, f"  {what}"]
    if result.notes:
        lines.append(_("Not exported ({n}):").format(n=len(result.notes)))
        lines += [f"  {note}" for note in result.notes]
    return lines


@click.command(name="export")
@click.argument("page_id", type=NOTION_ID, required=False)
@click.option(
    "--client",
    help="Export this client's workspace, found under --parent (instead of PAGE_ID).",
)
@click.option("--out", type=click.Path(dir_okay=False), help="Write the blueprint to this file.")
@lang_option("Language the workspace is written in (default: its registry's, else en).")
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
def export(**options: Any) -> None:
    """Write a blueprint that rebuilds the workspace under PAGE_ID (an id or a link), or the
    workspace of --client under --parent.

    The blueprint goes to --out (or stdout); what the API cannot read or a blueprint cannot hold
    is listed on stderr (or in --json).

    \b
    Examples:
        notion-setup export 1f2e... --out acme.json
        notion-setup export --sandbox --client "Demo" --out demo.json
        notion-setup apply ./acme.json --parent 9a8b... --client "Globex"
    """
    reporter = _reporter(options)
    page_id, client = options["page_id"], options["client"]
    if (page_id is None) == (client is None):
        raise UsageError(
            _("say what to export: a PAGE_ID, or --client NAME (not both)"),
            hint=_('for example `notion-setup export --client "Acme" --parent PAGE_ID`'),
        )
    with _connect(options, reporter) as conn:
        if client is not None:
            page_id = client_root_id(conn.gateway, _parent(options["parent"], conn), client)
        reporter.status(_("Reading page {page} on {where}…").format(page=page_id, where=conn.label))
        result = export_workspace(
            conn.gateway,
            page_id,
            lang=options["lang"],
            rows=not options["no_rows"],
            max_rows=options["max_rows"],
            reporter=reporter,
            # --lang names the workspace's language; left out, the registry's is spoken.
            on_language=None if options["lang"] else speak_workspace_language,
        )
    text = json.dumps(result.document, ensure_ascii=False, indent=2) + "\n"
    out = options["out"]
    if out:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageError(
                _("{out}: cannot write the blueprint: {reason}").format(
                    out=out, reason=error.strerror
                )
            ) from error
    if options["as_json"]:
        summary = {"out": out, **result.to_json()}
        if not out:
            summary["blueprint"] = result.document
        _echo_json(summary)
        return
    if not out:
        echo(text, nl=False)
    lines = export_summary(result, out)
    if out:
        echo("\n".join(lines))
    elif not options["quiet"]:
        echo("\n".join(lines), err=True)


# --- new ------------------------------------------------------------------------------------


def new_summary(page: NewPage, link: Callable[[str], str] | None = None) -> list[str]:
    """The result lines of ``new`` (``link``: where the page's URL opens, see Connection)."""
    url = link(page.url) if link is not None else page.url
    lines = [
        _("Created “{title}” in {database}: {url}").format(
            title=page.title, database=page.database_title, url=url
        )
    ]
    lines += [
        "  " + _("{name}: {value}").format(name=name, value=value)
        for name, value in page.values.items()
    ]
    lines += [_("warning: {message}").format(message=w) for w in page.warnings]
    return lines


@click.command(name="new")
@click.argument("template", shell_complete=complete_templates)
@click.option("--client", required=True, help="The client whose workspace gets the page.")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="PROPERTY=VALUE",
    help="Set a property (key or name), repeatable: --set due=+45d.",
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
@lang_option("Language of the workspace (default: its registry's).")
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
def new(**options: Any) -> None:
    """Create one page from a template in the client's workspace (an invoice, a report...).

    \b
    Examples:
        notion-setup new new_invoice --sandbox --client "Demo" --set due=+45d
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
        speak_workspace_language(workspace.lang, conn)
        if options["notion_template"]:
            reporter.status(
                _("Applying the Notion template “{name}”…").format(name=options["notion_template"])
            )
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
        echo("\n".join(new_summary(page, conn.link)))


def register(cli: click.Group) -> None:
    """Add the lifecycle commands to the group."""
    from notion_setup.commands.doctor import doctor

    for command in (destroy, export, new, doctor):
        cli.add_command(command)
