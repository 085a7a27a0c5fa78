"""Text of ``clients`` and ``upgrade``: a table of the fleet, and each client's upgrade. Pure.

Every line is in the user's language (gettext); ``--json`` keeps stable English keys and codes.
"""

from __future__ import annotations

from collections.abc import Sequence

from notion_setup.fleet.clients import ClientInfo
from notion_setup.fleet.upgrade import UpgradePlan, UpgradeResult
from notion_setup.messages import N_, _, ngettext
from notion_setup.messages.vocabulary import kind_label
from notion_setup.model import MIGRATION_NOUNS, READ_ONLY_TYPES
from notion_setup.plan import wording
from notion_setup.report import change_line

COLUMNS = (
    N_("CLIENT"),
    N_("BLUEPRINT"),
    N_("VERSION"),
    N_("LANG"),
    N_("MODULES"),
    N_("LAST APPLY"),
    N_("STATUS"),
)


#: Up to this many modules are named in the table; more are counted (``--json`` names them all).
NAMED_MODULES = 3


def _modules_cell(modules: Sequence[str]) -> str:
    if not modules:
        return "-"
    if len(modules) <= NAMED_MODULES:
        return ",".join(modules)
    return ngettext("{n} module", "{n} modules", len(modules)).format(n=len(modules))


def clients_table(rows: Sequence[ClientInfo]) -> list[str]:
    """Aligned columns, one client per line, then a count."""
    heads = tuple(_(c) for c in COLUMNS)
    cells = [
        (
            r.client,
            r.source,
            r.version or "-",
            r.lang,
            _modules_cell(r.modules),
            (r.applied_at or "-").replace("T", " ").removesuffix("Z"),
            r.status_text,
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in [heads, *cells]) for i in range(len(heads) - 1)]

    def line(values: Sequence[str]) -> str:
        head = "  ".join(v.ljust(w) for v, w in zip(values[:-1], widths, strict=True))
        return f"{head}  {values[-1]}"

    out = [line(heads), *(line(c) for c in cells)]
    pending = sum(1 for r in rows if r.pending)
    skipped = sum(1 for r in rows if r.upgrade is not None and r.upgrade.skipped)
    out.append(
        ngettext(
            "{n} client, {pending} with changes pending, {skipped} skipped.",
            "{n} clients, {pending} with changes pending, {skipped} skipped.",
            len(rows),
        ).format(n=len(rows), pending=pending, skipped=skipped)
    )
    return out


def skipped_line(up: UpgradePlan) -> str:
    """``Skipped Acme: <reason>``."""
    return _("Skipped {client}: {reason}").format(client=up.client, reason=up.skipped)


def upgrade_lines(up: UpgradePlan) -> list[str]:
    """One client's upgrade: header, migration, moves, retypes, three-way drifts, plan lines."""
    if up.skipped:
        return [skipped_line(up)]
    lang = up.workspace.lang if up.workspace else "?"
    blueprint = up.workspace.blueprint if up.workspace else "?"
    versions = f"{up.from_version or '?'} -> {up.to_version or '?'}"
    lines = [f"{up.client}: {blueprint} {versions} ({lang})"]
    for kind, old, new in up.migration_lines:
        noun = kind_label(MIGRATION_NOUNS.get(kind, kind))
        if new is None:
            text = _("migration: {kind} {old} removed (held back without --allow-destructive)")
        else:
            text = _("migration: {kind} {old} -> {new} (same Notion object, values kept)")
        lines.append("  " + text.format(kind=noun, old=old, new=new))
    for move in up.moves:
        lines.append(
            "  "
            + _(
                "migration: option “{old}” -> “{new}” of {property}: its rows get the new "
                "option, then the old one goes"
            ).format(old=move.old, new=move.new, property=move.prop_name)
        )
    lines += ["  " + line for line in retype_lines(up)]
    for title in up.renames:
        lines.append(
            "  "
            + _("rename: {kind} {key}: “{old}” -> “{new}”").format(
                kind=kind_label(title.kind), key=title.key, old=title.live, new=title.new
            )
        )
    if up.drifts:
        lines.append(
            "  " + _("Changed by hand in what the blueprint owns (old blueprint | new | live):")
        )
        for drift in up.drifts:
            fate = _("overwritten") if drift.overwritten else _("kept")
            lines.append(
                f"    {kind_label(drift.kind)} {drift.key}: “{drift.old}” | “{drift.new}” | "
                f"“{drift.live}” ({fate})"
            )
    plan = up.plan
    if plan is not None:
        lines += [change_line(c) for c in plan.changes]
        if plan.held_back:
            lines.append(
                "  " + _("Held back (destructive; re-run with --allow-destructive to include):")
            )
            lines += ["  " + change_line(c) for c in plan.held_back]
        if plan.user_additions:
            lines.append(
                "  " + _("Added by hand, left alone: {n}").format(n=len(plan.user_additions))
            )
    lines += ["  " + _("note: {text}").format(text=n) for n in up.notes]
    if up.is_empty:
        lines.append("  " + _("No changes: already on the blueprint."))
    return lines


def retype_lines(up: UpgradePlan) -> list[str]:
    """One line per property whose type changes: whether Notion carries its values across."""
    out = []
    for retype in up.retypes:
        if not retype.carries and retype.old in READ_ONLY_TYPES:
            text = _(
                "type: property {key} {old} -> {new}: Notion computes its values, none are "
                "kept (held back without --allow-destructive)"
            )
        elif not retype.carries:
            text = _(
                "type: property {key} {old} -> {new}: Notion cannot carry its values across, "
                "they would be lost (held back without --allow-destructive)"
            )
        elif retype.new in ("select", "multi_select"):
            text = _(
                "type: property {key} {old} -> {new}: Notion carries its values across (each "
                "text becomes an option)"
            )
        else:
            text = _("type: property {key} {old} -> {new}: Notion carries its values across")
        old, new = wording.property_type(retype.old), wording.property_type(retype.new)
        out.append(text.format(key=retype.key, old=old, new=new))
    return out


def result_line(result: UpgradeResult) -> str:
    """``Acme: upgraded to 2.0.0 (12 writes, 4 rows moved)``."""
    up = result.upgrade
    if up.skipped:
        return skipped_line(up)
    writes = result.writes
    version = (
        _("version {version}").format(version=up.to_version)
        if up.to_version
        else _("the blueprint")
    )
    counts = ngettext("{n} write", "{n} writes", writes).format(n=writes)
    if result.rows_moved:
        counts += ", " + ngettext("{n} row moved", "{n} rows moved", result.rows_moved).format(
            n=result.rows_moved
        )
    if writes:
        text = _("{client}: upgraded to {version} ({counts})")
    else:
        text = _("{client}: already on {version} ({counts})")
    return text.format(client=up.client, version=version, counts=counts)
