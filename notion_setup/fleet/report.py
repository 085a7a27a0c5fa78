"""Text of ``clients`` and ``upgrade``: a table of the fleet, and each client's upgrade. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from notion_setup.fleet.clients import ClientInfo
from notion_setup.fleet.upgrade import UpgradePlan, UpgradeResult
from notion_setup.report import change_line

_NOUNS = {
    "databases": "database",
    "properties": "property",
    "options": "option",
    "views": "view",
    "pages": "page",
    "templates": "template",
}

COLUMNS = ("CLIENT", "BLUEPRINT", "VERSION", "LANG", "MODULES", "LAST APPLY", "STATUS")


def clients_table(rows: Sequence[ClientInfo]) -> list[str]:
    """Aligned columns, one client per line, then a count."""
    cells = [
        (
            r.client,
            r.source,
            r.version or "-",
            r.lang,
            ",".join(r.modules) or "-",
            (r.applied_at or "-").replace("T", " ").removesuffix("Z"),
            r.status,
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in [COLUMNS, *cells]) for i in range(len(COLUMNS) - 1)]

    def line(values: Sequence[str]) -> str:
        head = "  ".join(v.ljust(w) for v, w in zip(values[:-1], widths, strict=True))
        return f"{head}  {values[-1]}"

    out = [line(COLUMNS), *(line(c) for c in cells)]
    pending = sum(1 for r in rows if r.pending)
    skipped = sum(1 for r in rows if r.upgrade is not None and r.upgrade.skipped)
    out.append(f"{len(rows)} client(s), {pending} with changes pending, {skipped} skipped.")
    return out


def upgrade_lines(up: UpgradePlan) -> list[str]:
    """One client's upgrade: header, migration, moves, three-way drifts, plan lines."""
    if up.skipped:
        return [f"Skipped {up.client}: {up.skipped}"]
    lang = up.workspace.lang if up.workspace else "?"
    blueprint = up.workspace.blueprint if up.workspace else "?"
    versions = f"{up.from_version or '?'} -> {up.to_version or '?'}"
    lines = [f"{up.client}: {blueprint} {versions} ({lang})"]
    for kind, old, new in up.migration_lines:
        noun = _NOUNS.get(kind, kind)
        if new is None:
            lines.append(
                f"  migration: {noun} {old} removed (held back without --allow-destructive)"
            )
        else:
            lines.append(f"  migration: {noun} {old} -> {new} (same Notion object, values kept)")
    for move in up.moves:
        lines.append(
            f"  migration: option “{move.old}” -> “{move.new}” of {move.prop_name}: "
            "its rows get the new option, then the old one goes"
        )
    if up.drifts:
        lines.append("  Changed by hand in what the blueprint owns (old blueprint | new | live):")
        for drift in up.drifts:
            fate = "overwritten" if drift.overwritten else "kept"
            lines.append(
                f"    {drift.kind} {drift.key}: “{drift.old}” | “{drift.new}” | “{drift.live}”"
                f" ({fate})"
            )
    plan = up.plan
    if plan is not None:
        lines += [change_line(c) for c in plan.changes]
        if plan.held_back:
            lines.append("  Held back (destructive; re-run with --allow-destructive to include):")
            lines += ["  " + change_line(c) for c in plan.held_back]
        if plan.user_additions:
            lines.append(f"  Added by hand, left alone: {len(plan.user_additions)}")
    lines += [f"  note: {n}" for n in up.notes]
    if up.is_empty:
        lines.append("  No changes: already on the blueprint.")
    return lines


def result_line(result: UpgradeResult) -> str:
    """``Acme: upgraded to 2.0.0 (12 writes, 4 rows moved)``."""
    up = result.upgrade
    if up.skipped:
        return f"Skipped {up.client}: {up.skipped}"
    writes = result.writes
    moved = f", {result.rows_moved} row(s) moved" if result.rows_moved else ""
    verb = "upgraded to" if writes else "already on"
    return f"{up.client}: {verb} {up.to_version or 'the blueprint'} ({writes} writes{moved})"
