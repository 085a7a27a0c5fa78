"""Render plans and run reports as text for stdout (the CLI prints; this module only formats)."""

from __future__ import annotations

from collections.abc import Callable

from notion_setup.plan import Change
from notion_setup.provision import RunReport

#: The last line of apply's summary on a sandbox: where to look at what was made.
_OPEN_WORKSPACE = {"en": "Open the workspace: {link}", "fr": "Ouvrir l'espace : {link}"}


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
    """``+ database  Invoices  (12 properties)``."""
    detail = f"  ({change.detail})" if change.detail else ""
    kind = change.kind.replace("_", " ")
    return f"  {_SYMBOLS[change.verb]} {change.verb:<8} {kind:<14} {change.name}{detail}"


def plan_text(report: RunReport, *, link: Callable[[str], str] = _same) -> str:
    """The plan: every change, then what is held back, skipped or added by users.

    ``link`` turns a Notion URL into where it opens (``Connection.link``: a sandbox's view).
    """
    plan = report.plan
    lines = [f"Plan for {report.client} ({report.blueprint}, {report.lang}):"]
    if report.root_url:
        lines.append(f"  workspace: {link(report.root_url)}")
    lines += [change_line(c) for c in plan.changes]
    if plan.held_back:
        lines.append("Held back (destructive; re-run with --allow-destructive to include):")
        lines += [change_line(c) for c in plan.held_back]
    if plan.skipped:
        lines.append("Left alone:")
        lines += [change_line(c) for c in plan.skipped]
    if plan.user_additions:
        lines.append("Added by hand in Notion (not part of the blueprint, left alone):")
        lines += [change_line(c) for c in plan.user_additions]
    counts = plan.counts()
    if plan.is_empty:
        lines.append(
            f"No changes: the workspace matches the blueprint ({counts['unchanged']} unchanged)."
        )
    else:
        lines.append(
            f"Plan: {counts['create']} to create, {counts['update']} to update, "
            f"{counts['remove'] + counts['retype']} to remove or retype, "
            f"{counts['unchanged']} unchanged. Run `notion-setup apply` with the same options."
        )
    lines.append(f"API calls: {report.api_calls} (reads only).")
    return "\n".join(lines)


def apply_text(
    report: RunReport, *, link: Callable[[str], str] = _same, open_hint: bool = False
) -> str:
    """The summary after apply: the workspace tree with URLs, counts, calls, time.

    ``link`` turns a Notion URL into where it opens (``Connection.link``); ``open_hint`` ends
    the summary with the line naming where to look at the workspace (sandboxes only).
    """
    root_link = link(report.root_url) if report.root_url else None
    lines = [f"{report.client}: {root_link or '(no workspace)'}"]
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
        verdict = "No changes: the workspace already matches the blueprint (0 writes)."
    else:
        verdict = f"Created {report.created}, updated {report.updated}, removed {report.removed}"
        verdict += f", unchanged {report.unchanged}."
    lines.append(verdict)
    lines.append(
        f"API calls: {report.api_calls} ({report.writes} writes), retries: {report.retries}, "
        f"elapsed: {report.elapsed_s:.1f} s"
    )
    if open_hint and root_link:
        lines.append(_OPEN_WORKSPACE.get(report.lang, _OPEN_WORKSPACE["en"]).format(link=root_link))
    return "\n".join(lines)
