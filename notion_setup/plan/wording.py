"""The details a plan line carries, in the user's language ("in Invoices; relation").

The planner stays pure: these functions only pick words. Property and view types use Notion's own
names in the current language (``messages.notion_terms``), as the Notion app shows them.
"""

from __future__ import annotations

from notion_setup.messages import _, current_language, ngettext
from notion_setup.messages import notion_terms as terms


def property_type(kind: str) -> str:
    """``rollup`` -> "rollup" / "agrégation", as written inside a sentence."""
    return terms.lower(terms.property_type(current_language(), kind))


def view_type(kind: str) -> str:
    """``board`` -> "board" / "tableau kanban"."""
    return terms.lower(terms.view_type(current_language(), kind))


def property_count(count: int) -> str:
    return ngettext("{count} property", "{count} properties", count).format(count=count)


def in_database(title: str, detail: str | None) -> str:
    if detail:
        return _("in {database}; {detail}").format(database=title, detail=detail)
    return _("in {database}").format(database=title)


def on_page(title: str) -> str:
    return _("on {page}").format(page=title)


def title_was(title: str) -> str:
    return _("title was {title!r}").format(title=title)


def renamed_from(name: str) -> str:
    return _("renamed from {name!r}").format(name=name)


def retyped(old: str, new: str) -> str:
    return _("{old} -> {new}").format(old=property_type(old), new=property_type(new))


def option_of(name: str) -> str:
    return _("option of {property}").format(property=name)


def added_by_hand() -> str:
    return _("added by hand")


def added_by_hand_left_alone() -> str:
    return _("added by hand, left alone")


def views_added_by_hand(count: int) -> str:
    return ngettext("{count} view added by hand", "{count} views added by hand", count).format(
        count=count
    )


def target_created_again() -> str:
    return _("its target database is created again")


def default_view_replaced() -> str:
    return _("Notion's default view, replaced by the blueprint's views")


def in_the_trash() -> str:
    return _("in the trash; restored from it")


def named_in_notion(name: str) -> str:
    return _("named '{name}' in Notion").format(name=name)


def renamed_back(name: str) -> str:
    return _("named '{name}' in Notion; renamed back").format(name=name)


def view_changed(aspect: str) -> str:
    """What a user changed in a view (``plan.view_diff.ASPECTS`` but the name)."""
    if aspect == "filter":
        return _("filter changed")
    if aspect == "sorts":
        return _("sorts changed")
    return _("columns or layout changed")


def joined(parts: list[str]) -> str:
    """Several details of one line ("renamed; filter changed")."""
    out = parts[0]
    for piece in parts[1:]:
        out = _("{a}; {b}").format(a=out, b=piece)
    return out


def row_removed_by_hand(database: str) -> str:
    return _(
        "starter row removed by hand from {database}; `apply --restore-rows` brings it back"
    ).format(database=database)


def row_restored() -> str:
    return _("removed by hand; restored")
