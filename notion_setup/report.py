"""Render plans and run reports as text for stdout (the CLI prints; this module only formats)."""

from __future__ import annotations

from collections.abc import Callable

from notion_setup.messages import _, ngettext, seconds
from notion_setup.messages.vocabulary import kind_label, verb_label
from notion_setup.plan import Change
from notion_setup.provision import RunReport


def _same(url: str) -> str:
    return url


_SYMBOLS = {
    "create": "+",
    "update": "~",
    "remove": "-",
    "retype": "!",
    "skip": "·",
    "unchanged": "=",
}


def change_line(change: Change) -> str:
    """``+ create   database       Invoices  (12 properties)``."""
    detail = f"  ({change.detail})" if change.detail else ""
    verb, kind = verb_label(change.verb), kind_label(change.kind)
    return f"  {_SYMBOLS[change.verb]} {verb:<8} {kind:<14} {change.name}{detail}"


def blocks_line(blocks: int) -> str:
    """``Blocks added: 357 (...)``: what a Free workspace's block limit meets."""
    return _(
        "Blocks added: {n} (a Free workspace with more than one member holds 1,000 in all)"
    ).format(n=blocks)


def plan_text(report: RunReport, *, link: Callable[[str], str] = _same) -> str:
    """The plan: every change, then what is held back, skipped or added by users.

    ``link`` turns a Notion URL into where it opens (``Connection.link``: a sandbox's view).
    """
    plan = report.plan
    lines = [
        _("Plan for {client} ({blueprint}, {lang}):").format(
            client=report.client, blueprint=report.blueprint, lang=report.lang
        )
    ]
    if report.root_url:
        lines.append("  " + _("workspace: {url}").format(url=link(report.root_url)))
    lines += [change_line(c) for c in plan.changes]
    if plan.held_back:
        lines.append(_("Held back (destructive; re-run with --allow-destructive to include):"))
        lines += [change_line(c) for c in plan.held_back]
    if plan.skipped:
        lines.append(_("Left alone:"))
        lines += [change_line(c) for c in plan.skipped]
    if plan.user_additions:
        lines.append(_("Added by hand in Notion (not part of the blueprint, left alone):"))
        lines += [change_line(c) for c in plan.user_additions]
    counts = plan.counts()
    if plan.is_empty and plan.held_back:
        lines.append(_held_back_verdict(len(plan.held_back)))
    elif plan.is_empty:
        lines.append(
            _("No changes: the workspace matches the blueprint ({n} unchanged).").format(
                n=counts["unchanged"]
            )
        )
    else:
        lines.append(
            _(
                "Plan: {create} to create, {update} to update, {remove} to remove or retype, "
                "{unchanged} unchanged. Run `notion-setup apply` with the same options."
            ).format(
                create=counts["create"],
                update=counts["update"],
                remove=counts["remove"] + counts["retype"],
                unchanged=counts["unchanged"],
            )
        )
    lines.append(blocks_line(report.blocks_added))
    lines.append(_("API calls: {n} (reads only).").format(n=report.api_calls))
    return "\n".join(lines)


def _held_back_verdict(n: int) -> str:
    return ngettext(
        "{n} destructive change held back: review it with `notion-setup plan "
        "--allow-destructive`, then run apply with --allow-destructive --yes.",
        "{n} destructive changes held back: review them with `notion-setup plan "
        "--allow-destructive`, then run apply with --allow-destructive --yes.",
        n,
    ).format(n=n)


def apply_text(
    report: RunReport, *, link: Callable[[str], str] = _same, open_hint: bool = False
) -> str:
    """The summary after apply: the workspace tree with URLs, counts, calls, time.

    ``link`` turns a Notion URL into where it opens (``Connection.link``); ``open_hint`` ends
    the summary with the line naming where to look at the workspace (sandboxes only).
    """
    root_link = link(report.root_url) if report.root_url else None
    lines = [f"{report.client}: {root_link or _('(no workspace)')}"]
    children: dict[str | None, list[str]] = {}
    for obj in report.objects:
        icon = {"database": "▦", "page": "▤", "templates_page": "▤", "template": "▢"}.get(
            obj.kind, "•"
        )
        children.setdefault(obj.parent, []).append(f"{icon} {obj.name}  {link(obj.url)}")
    keys = {o.key: o for o in report.objects}

    def walk(parent: str | None, depth: int) -> None:
        for entry, obj in zip(
            children.get(parent, []), [o for o in report.objects if o.parent == parent], strict=True
        ):
            lines.append("  " * (depth + 1) + entry)
            if obj.key in keys:
                walk(obj.key, depth + 1)

    walk(None, 0)
    if report.writes == 0 and report.created == 0 and report.updated == 0:
        verdict = (
            _("Nothing else to change (0 writes).")
            if report.plan.held_back
            else _("No changes: the workspace already matches the blueprint (0 writes).")
        )
    else:
        verdict = _(
            "Done: {created} created, {updated} updated, {removed} removed, {unchanged} unchanged."
        ).format(
            created=report.created,
            updated=report.updated,
            removed=report.removed,
            unchanged=report.unchanged,
        )
    lines.append(verdict)
    plan = report.plan
    if plan.held_back:
        lines.append(_("Held back (destructive, not applied):"))
        lines += [change_line(c) for c in plan.held_back]
        lines.append(_held_back_verdict(len(plan.held_back)))
    notes = [c for c in plan.skipped if c.kind == "row"]
    if notes:
        lines.append(_("Left alone:"))
        lines += [change_line(c) for c in notes]
    lines.append(
        ngettext(
            "API calls: {calls} ({writes} write), retries: {retries}, elapsed: {elapsed} s",
            "API calls: {calls} ({writes} writes), retries: {retries}, elapsed: {elapsed} s",
            report.writes,
        ).format(
            calls=report.api_calls,
            writes=report.writes,
            retries=report.retries,
            elapsed=seconds(report.elapsed_s),
        )
    )
    if open_hint and root_link:
        lines.append(_("Open the workspace: {link}").format(link=root_link))
    return "\n".join(lines)
