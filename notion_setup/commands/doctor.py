"""``doctor``: check the token, the API, the parent page and the capabilities; ``--probe``."""

from __future__ import annotations

import sys
from typing import Any

import click

from notion_setup.commands._common import echo, workspace_plan_option
from notion_setup.commands.lifecycle import DOCTOR_POLICY, _connect, _echo_json, _parent, _reporter
from notion_setup.commands.provision import connection_options
from notion_setup.errors import UsageError
from notion_setup.lifecycle.doctor import DoctorReport, run_doctor
from notion_setup.messages import N_, _
from notion_setup.notion import RetryPolicy
from notion_setup.notion.endpoints import as_api
from notion_setup.output import Reporter, use_color

# --- doctor ---------------------------------------------------------------------------------

_STATUS_COLORS = {"ok": "green", "fail": "red", "warn": "yellow", "skip": None}
#: The status column of ``doctor`` (at most four letters, so the columns stay aligned).
_STATUS_WORDS = {"ok": N_("ok"), "fail": N_("fail"), "warn": N_("warn"), "skip": N_("skip")}


def doctor_lines(report: DoctorReport, *, color: bool) -> list[str]:
    """One line per check, with the fix under each failure."""
    lines = []
    for check in report.checks:
        status = f"{_(_STATUS_WORDS[check.status]):<4}"
        shade = _STATUS_COLORS.get(check.status)
        if color and shade:
            status = click.style(status, fg=shade)
        lines.append(f"{status}  {check.name:<15} {check.detail}")
        if check.fix and check.status in ("fail", "warn"):
            lines.append("      " + _("fix: {fix}").format(fix=check.fix))
    verdict = (
        _("All checks passed.") if report.ok else _("Some checks failed: see the fixes above.")
    )
    lines.append(verdict)
    return lines


def _probe(options: dict[str, Any], reporter: Reporter) -> int:
    """``doctor --probe``: the live conformance suite (``lifecycle.probe``)."""
    from notion_setup.lifecycle.probe import probe_lines, probe_summary, run_probe

    policy = RetryPolicy(
        max_attempts=options["max_attempts"], max_total_s=options["max_retry_time"]
    )
    with _connect(options, reporter, policy, web_view=False) as conn:
        parent = _parent(options["parent"], conn)
        api = as_api(conn.gateway)
        color = use_color(sys.stdout)

        def style(text: str, shade: str) -> str:
            return click.style(text, fg=shade) if color else text

        reporter.status(
            _("Probing {target} under page {parent} (about a minute on Notion)…").format(
                target=conn.label, parent=parent
            )
        )
        report = run_probe(
            api, parent, target=conn.label, base_url=conn.gateway.base_url, keep=options["keep"]
        )
    reporter.finish()
    if options["as_json"]:
        _echo_json(report.to_json())
    else:
        echo("\n".join(probe_lines(report, style=style)))
    if not options["quiet"]:
        echo("\n".join(probe_summary(report)), err=True)
    return report.exit_code


@click.command()
@connection_options
@workspace_plan_option
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@click.option(
    "--probe",
    is_flag=True,
    help="Run the live conformance suite under a scratch page of --parent (trashed afterwards) "
    "and report each behaviour the tool relies on: as expected, or what differed.",
)
@click.option(
    "--keep", is_flag=True, help="With --probe: leave the scratch page in place (to look at it)."
)
def doctor(**options: Any) -> int:
    """Check the token, the API, access to the parent page and the integration's capabilities.

    Exits 0 when every check passes, else with the exit code of the first failure (2 no token,
    4 token or access refused, 5 workspace limit, 8 Notion unreachable). The capability checks
    create one probe page under --parent and move it to the trash at once.

    With --probe, runs the live conformance suite instead: exit 0 when every behaviour is as
    expected, 1 when some differ (see docs/sandbox.md, "The live probe").

    \b
    Examples:
        notion-setup doctor --parent 1f2e...
        notion-setup doctor --sandbox --json
        notion-setup doctor --probe --parent 1f2e... --json > probe.json
    """
    reporter = _reporter(options)
    if options["keep"] and not options["probe"]:
        raise UsageError(_("--keep goes with --probe"))
    if options["probe"]:
        return _probe(options, reporter)
    parent = options["parent"]  # already parsed by NOTION_ID
    report = run_doctor(
        lambda: _connect(options, reporter, DOCTOR_POLICY, web_view=False),
        parent,
        workspace_plan=options.get("workspace_plan"),
    )
    if options["as_json"]:
        _echo_json(report.to_json())
    else:
        echo("\n".join(doctor_lines(report, color=use_color(sys.stdout))))
    # Each failed check carries exit_code_for(its error): the first one is the run's code.
    return report.exit_code
