"""Formulas and rollups of a schema: references checked and rewritten once every property exists.

A formula's ``prop("Name")`` references become ``{{notion:block_property:<id>:...}}`` tokens, as
Notion returns them; a rollup's relation and rolled-up property are resolved to ids.
"""

from __future__ import annotations

import re
from typing import Any

from notion_setup.sandbox.check import Json
from notion_setup.sandbox.errors import invalid, missing
from notion_setup.sandbox.vocabulary import ZERO_SPACE

_TOKEN = re.compile(r"\{\{notion:block_property:([^:}]+):[^}]*\}\}")
_PROP = re.compile(r'prop\(\s*"((?:[^"\\]|\\.)*)"\s*\)')


class ComputedProperties:
    """Formula and rollup resolution, mixed into ``SchemaEditor`` (which provides the state)."""

    ds: Json
    bot_id: str
    lookup: Any

    def find(self, ref: str, ds: Json | None = None) -> Json | None:  # pragma: no cover
        raise NotImplementedError

    def _formula(self, prop: Json, path: str) -> None:
        expression: str = prop["config"]["expression"]
        depth = 0
        in_string = False
        for ch in expression:
            if ch == '"':
                in_string = not in_string
            elif not in_string and ch == "(":
                depth += 1
            elif not in_string and ch == ")":
                depth -= 1
                if depth < 0:
                    break
        if depth != 0 or in_string or not expression.strip():
            raise invalid(
                f"Formula of property {prop['name']} could not be parsed: `{expression}` "
                "(check parentheses and quotes)."
            )

        def by_name(match: re.Match[str]) -> str:
            ref = match.group(1).replace('\\"', '"')
            target = self.find(ref)
            if target is None:
                raise invalid(
                    f'Formula of property {prop["name"]} references property "{ref}", which '
                    "does not exist in this data source."
                )
            return self.token(target)

        def by_token(match: re.Match[str]) -> str:
            ref = match.group(1)
            target = self.find(ref)
            if target is None:
                raise invalid(
                    f"Formula of property {prop['name']} references property id `{ref}`, which "
                    "does not exist in this data source."
                )
            return self.token(target)

        rewritten = _PROP.sub(by_name, expression)
        rewritten = _TOKEN.sub(by_token, rewritten)
        if self.token(prop) in rewritten:
            raise invalid(f"Formula of property {prop['name']} cannot reference itself.")
        prop["config"] = {"expression": rewritten}

    def token(self, prop: Json) -> str:
        """The reference token Notion writes into formula expressions for a property."""
        return f"{{{{notion:block_property:{prop['id']}:{ZERO_SPACE}:{self.bot_id}}}}}"

    def _rollup(self, prop: Json, path: str) -> None:
        req: Json = prop["config"]["_request"]
        rel_ref = req.get("relation_property_id", req.get("relation_property_name"))
        if rel_ref is None:
            raise missing(f"{path}.rollup.relation_property_name")
        rel = self.find(str(rel_ref))
        if rel is None or rel["type"] != "relation":
            raise invalid(
                f"Rollup property {prop['name']}: relation property `{rel_ref}` does not exist "
                "in this data source or is not a relation."
            )
        target = (
            self.ds
            if rel["config"]["data_source_id"] == self.ds["id"]
            else self.lookup(rel["config"]["data_source_id"])
        )
        roll_ref = req.get("rollup_property_id", req.get("rollup_property_name"))
        if roll_ref is None:
            raise missing(f"{path}.rollup.rollup_property_name")
        rolled = self.find(str(roll_ref), target) if target else None
        if rolled is None:
            raise invalid(
                f"Rollup property {prop['name']}: property `{roll_ref}` does not exist in the "
                "related data source."
            )
        prop["config"] = {
            "function": prop["config"]["function"],
            "relation_property_id": rel["id"],
            "rollup_property_id": rolled["id"],
        }

    # -- two-way relations -----------------------------------------------------------------
