"""Words the tool prints for kinds of objects and for what a run does to them, translated."""

from __future__ import annotations

from notion_setup.messages.catalog import N_, _

#: Kinds of objects in plans, progress lines and listings (``Change.kind``, destroy targets).
KINDS = {
    "root": N_("root"),
    "page": N_("page"),
    "database": N_("database"),
    "data_source": N_("data source"),
    "property": N_("property"),
    "option": N_("option"),
    "view": N_("view"),
    "linked_view": N_("linked view"),
    "templates_page": N_("templates page"),
    "template": N_("template"),
    "row": N_("row"),
    "relation": N_("relation"),
    "registry": N_("registry"),
    "schema": N_("schema"),
    "workspace": N_("workspace"),
    "block": N_("block"),
}

#: What a run does (``Change.verb`` and progress ticks).
VERBS = {
    "create": N_("create"),
    "update": N_("update"),
    "remove": N_("remove"),
    "retype": N_("retype"),
    "skip": N_("skip"),
    "unchanged": N_("unchanged"),
    "retry": N_("retry"),
    "trash": N_("trash"),
    "adopt": N_("adopt"),
    "read": N_("read"),
}


def kind_label(kind: str) -> str:
    """``linked_view`` -> "linked view" (French: "vue liée"); unknown kinds as written."""
    known = KINDS.get(kind)
    return _(known) if known else kind.replace("_", " ")


def verb_label(verb: str) -> str:
    """``create`` -> "create" (French: "création")."""
    known = VERBS.get(verb)
    return _(known) if known else verb
