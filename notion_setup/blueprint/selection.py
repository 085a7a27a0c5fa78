"""Which modules a user keeps (``--only`` / ``--without``) and what falls with the others."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from notion_setup.blueprint.check_base import PROP_REF, effective_properties
from notion_setup.errors import UsageError


def _split(items: Sequence[str]) -> list[str]:
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def select_modules(
    modules: Mapping[str, Mapping[str, Any]], only: Sequence[str], without: Sequence[str]
) -> tuple[str, ...]:
    """The module keys kept, in blueprint order.

    Required modules (``"required": true``) are always kept.

    Raises:
        UsageError: both options given, an unknown module, or a required module dropped.
    """
    picked, dropped = _split(only), _split(without)
    if picked and dropped:
        raise UsageError("use --only or --without, not both")
    known = ", ".join(modules)
    for key in (*picked, *dropped):
        if key not in modules:
            raise UsageError(
                f"no module {key!r} in this blueprint (modules: {known})",
                hint="`notion-setup blueprints` lists each blueprint's modules",
            )
    for key in dropped:
        if modules[key].get("required"):
            raise UsageError(f"module {key!r} is required by this blueprint and cannot be dropped")
    if picked:
        return tuple(k for k in modules if k in picked or modules[k].get("required"))
    return tuple(k for k in modules if k not in dropped)


def kept_properties(
    doc: Mapping[str, Any], databases: set[str]
) -> dict[str, dict[str, dict[str, Any]]]:
    """Database key -> the properties that survive when only ``databases`` are kept.

    A relation to a dropped database goes with it, and so, in turn, do the synced side of a
    two-way relation, rollups over a dropped relation or property and formulas using a dropped
    property (repeated until nothing else falls).
    """
    everything = effective_properties(doc)
    kept = {key: dict(props) for key, props in everything.items() if key in databases}
    changed = True
    while changed:
        changed = False
        for props in kept.values():
            for key in list(props):
                if _depends_on_dropped(props[key], props, kept):
                    del props[key]
                    changed = True
    return kept


def _depends_on_dropped(
    prop: Mapping[str, Any],
    props: Mapping[str, Any],
    kept: Mapping[str, Mapping[str, Any]],
) -> bool:
    kind = prop["type"]
    if kind == "relation":
        if prop["target"] not in kept:
            return True
        source = prop.get("synced_from")
        return source is not None and source[1] not in kept.get(source[0], {})
    if kind == "rollup":
        relation = props.get(prop["relation"])
        if relation is None:
            return True
        return prop["property"] not in kept.get(relation["target"], {})
    if kind == "formula":
        expression = prop["expression"]
        texts = [expression] if isinstance(expression, str) else list(expression.values())
        return any(ref not in props for text in texts for ref in PROP_REF.findall(text))
    return False
