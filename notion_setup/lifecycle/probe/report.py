"""The probe's report as text: one line per check on stdout, the summary on stderr."""

from __future__ import annotations

from collections.abc import Callable

from notion_setup.lifecycle.probe.runner import Outcome, ProbeReport
from notion_setup.messages import _, current_language, ngettext

OK_MARK = "✓"
DIFF_MARK = "✗"


def outcome_line(outcome: Outcome, *, style: Callable[[str, str], str] | None = None) -> str:
    """``✓ id  description`` or ``✗ id  description: what: expected X, got Y; ...``."""
    mark = OK_MARK if outcome.ok else DIFF_MARK
    if style is not None:
        mark = style(mark, "green" if outcome.ok else "red")
    line = f"{mark} {outcome.check.id:<32} {_(outcome.check.description)}"
    if outcome.diffs:
        differences = "; ".join(
            _("{what}: expected {expected}, got {got}").format(
                what=d.what, expected=d.expected, got=d.got
            )
            for d in outcome.diffs
        )
        line += " — " + differences
    note = _note(outcome)
    return f"{line} ({note})" if note else line


def _note(outcome: Outcome) -> str:
    """What a check learnt, in words (the plan guess of ``workspace.limits``)."""
    size = outcome.facts.get("max_file_upload_size_in_bytes")
    if not isinstance(size, int):
        return ""
    if outcome.facts.get("plan_guess") == "free":
        text = _("upload limit {size} bytes: looks like a Free workspace, an UNCONFIRMED guess")
    else:
        text = _("upload limit {size} bytes: looks like a paid workspace, an UNCONFIRMED guess")
    # Thousands as each language writes them: 5,242,880 / 5 242 880 (narrow no-break space).
    digits = f"{size:,}".replace(",", "\u202f" if current_language() == "fr" else ",")
    return text.format(size=digits)


def probe_lines(
    report: ProbeReport, *, style: Callable[[str, str], str] | None = None
) -> list[str]:
    """The report's stdout: a header, then one line per check."""
    lines = [
        _("notion-setup probe of {target}, Notion-Version {version}").format(
            target=report.target, version=report.notion_version
        )
    ]
    lines += [outcome_line(o, style=style) for o in report.outcomes]
    return lines


def probe_summary(report: ProbeReport) -> list[str]:
    """The summary (stderr): how many checks differ, and where the scratch page is."""
    total, differ = len(report.outcomes), len(report.differing)
    lines: list[str] = []
    if report.stopped is not None:
        n = len(report.not_run)
        lines.append(
            ngettext(
                "The probe stopped, {n} check did not run: {error}",
                "The probe stopped, {n} checks did not run: {error}",
                n,
            ).format(n=n, error=report.stopped)
        )
    if differ == 0 and report.stopped is None:
        lines.append(
            ngettext(
                "The {n} check is as expected.", "All {n} checks are as expected.", total
            ).format(n=total)
        )
    elif differ:
        lines += [
            ngettext(
                "{differ} of {n} checks differs from what notion-setup expects.",
                "{differ} of {n} checks differ from what notion-setup expects.",
                differ,
            ).format(differ=differ, n=total),
            _(
                "Attach this report (notion-setup doctor --probe --json) to a bug report: "
                "it names no token and no content of yours."
            ),
        ]
    if report.scratch_trashed:
        lines.append(_("The scratch page was moved to the trash."))
    elif report.cleanup_error is not None:
        lines.append(
            _(
                "The scratch page {url} could not be moved to the trash ({error}): "
                "delete it by hand."
            ).format(url=report.scratch_url or report.scratch_id, error=report.cleanup_error)
        )
    elif report.scratch_id is not None:
        lines.append(
            _("The scratch page was kept: {url}").format(
                url=report.scratch_url or report.scratch_id
            )
        )
    return lines
