"""What a check is and how it records what it saw: ``Check``, ``Expect``, ``Diff``, ``CHECKS``.

``CHECKS`` is filled, in report order, by the ``@check`` registrations of ``checks_api``,
``checks_schema`` and ``checks_views`` (``checks`` imports them in that order).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from notion_setup.errors import NotionSetupError
from notion_setup.lifecycle.probe.world import World

JSON = dict[str, Any]

HEX32 = "[0-9a-f]{32}"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
#: The forms recorded traffic shows (``tests/conformance/derive.py`` names them alike).
FORMS: dict[str, tuple[str, re.Pattern[str]]] = {
    "url_page": (
        "https://app.notion.com/p/<Title>-<id32>",
        re.compile(rf"^https://app\.notion\.com/p/[0-9A-Za-z-]+-{HEX32}$"),
    ),
    "url_id": (
        "https://app.notion.com/p/<id32>",
        re.compile(rf"^https://app\.notion\.com/p/{HEX32}$"),
    ),
    "url_view": (
        "https://app.notion.com/p/<database id32>?v=<view id32>",
        re.compile(rf"^https://app\.notion\.com/p/{HEX32}\?v={HEX32}$"),
    ),
    "time_ms_z": (
        "YYYY-MM-DDThh:mm:ss.000Z",
        re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"),
    ),
    "time_ms_offset": (
        "YYYY-MM-DDThh:mm:ss.mmm+00:00",
        re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$"),
    ),
    "uuid": ("<uuid>", UUID),
}


def show(value: Any) -> str:
    """A value as the report shows it: strings as they are, the rest as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), sort_keys=True)


@dataclass(frozen=True)
class Diff:
    """One difference: where, what the tool expects, what the API answered."""

    what: str
    expected: str
    got: str

    def to_json(self) -> JSON:
        """Machine-readable form."""
        return {"what": self.what, "expected": self.expected, "got": self.got}


@dataclass
class Expect:
    """Collects the differences of one check."""

    diffs: list[Diff] = field(default_factory=list)
    #: what the check learnt beyond as expected or not (``workspace.limits``: the plan guess).
    facts: dict[str, Any] = field(default_factory=dict)

    def equal(self, what: str, expected: Any, got: Any) -> bool:
        """Record a difference unless ``got == expected``."""
        if expected == got:
            return True
        self.diffs.append(Diff(what, show(expected), show(got)))
        return False

    def form(self, what: str, form: str, got: Any) -> bool:
        """Record a difference unless ``got`` is a string of the named form (``FORMS``)."""
        label, pattern = FORMS[form]
        if isinstance(got, str) and pattern.fullmatch(got):
            return True
        self.diffs.append(Diff(what, label, show(got) if got is not None else "null"))
        return False

    def refused(self, what: str, expected: str, error: NotionSetupError) -> None:
        """Record a request Notion refused where the tool expects it to pass."""
        self.diffs.append(Diff(what, expected, refusal(error)))


def refusal(error: NotionSetupError) -> str:
    """How a refusal reads in a difference: the gateway's message names the request, the
    status, Notion's code and its message."""
    return error.message


@dataclass(frozen=True)
class Check:
    """One behaviour the probe checks."""

    id: str
    #: one line, marked for translation (``N_``); shown translated.
    description: str
    #: the choice of ``docs/sandbox.md`` the check settles (English, for bug reports).
    settles: str
    run: Callable[[World, Expect], None]


CHECKS: list[Check] = []


def check(
    id: str, description: str, settles: str
) -> Callable[[Callable[[World, Expect], None]], Callable[[World, Expect], None]]:
    """Register a check (in the order of the report)."""

    def register(run: Callable[[World, Expect], None]) -> Callable[[World, Expect], None]:
        CHECKS.append(Check(id, description, settles, run))
        return run

    return register


def prop_of(schema_raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A property of a schema (or page) answer by name; empty when missing."""
    found = (schema_raw.get("properties") or {}).get(name)
    return found if isinstance(found, Mapping) else {}


def value_of(page_raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A property value of a page answer by name; empty when missing."""
    return prop_of(page_raw, name)
