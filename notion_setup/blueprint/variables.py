"""Blueprint variables (``{{client_name}}``, ``{{currency}}``): declared, given, checked, used."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from notion_setup.blueprint.dates import is_relative, parse_iso, shift
from notion_setup.errors import VariableError
from notion_setup.messages import _, ngettext

#: Set by notion-setup itself: ``client_name`` from ``--client``, ``today`` from the clock.
BUILTIN = ("client_name", "today")
#: Placeholders left in template titles and bodies for ``notion-setup new`` to fill in.
LATE = ("date", "month", "year")

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
_ANY_BRACES = re.compile(r"\{\{(.*?)\}\}")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

#: ``format: "currency"`` -> Notion's number format for the ``currency`` variable.
CURRENCY_FORMATS = {
    "EUR": "euro",
    "USD": "dollar",
    "GBP": "pound",
    "CHF": "franc",
    "CAD": "canadian_dollar",
}


def placeholders(text: str) -> list[str]:
    """Names of the ``{{placeholders}}`` in ``text``, in order."""
    return PLACEHOLDER.findall(text)


def malformed_placeholders(text: str) -> list[str]:
    """``{{...}}`` sequences that are not valid placeholders (e.g. ``{{Client}}``)."""
    return [
        f"{{{{{inner}}}}}"
        for inner in _ANY_BRACES.findall(text)
        if not re.fullmatch(r"\s*[a-z][a-z0-9_]*\s*", inner)
    ]


def substitute(text: str, values: Mapping[str, str], *, keep: Iterable[str] = ()) -> str:
    """Replace every placeholder by its value; names in ``keep`` stay as they are.

    Raises:
        VariableError: a placeholder names no variable (the loader reports these earlier).
    """
    kept = set(keep)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in kept:
            return match.group(0)
        if name not in values:
            raise VariableError(
                _("unknown variable {placeholder} in {text!r}").format(
                    placeholder=f"{{{{{name}}}}}", text=text
                )
            )
        return values[name]

    return PLACEHOLDER.sub(replace, text)


def check_value(name: str, spec: Mapping[str, Any], raw: str, *, today: date) -> str:
    """Check one value against its declaration and return it normalised.

    Dates become ``YYYY-MM-DD`` (``today`` and offsets such as ``+7d`` count from today).

    Raises:
        VariableError: the value does not fit the variable's type or list of choices.
    """
    kind = spec.get("type", "string")
    value = raw.strip()
    choices = spec.get("enum")
    if choices is not None and value not in choices:
        raise VariableError(
            _("variable {name}: {value!r} is not one of {choices}").format(
                name=name, value=value, choices=", ".join(choices)
            ),
            hint=_("pass --var {name}={value}").format(name=name, value=choices[0]),
        )
    if kind in ("number", "integer"):
        try:
            number = int(value) if kind == "integer" else float(value)
        except ValueError:
            number = None
        if number is None or (isinstance(number, float) and not math.isfinite(number)):
            wrong = (
                _("variable {name}: {value!r} is not a whole number")
                if kind == "integer"
                else _("variable {name}: {value!r} is not a number")
            )
            raise VariableError(
                wrong.format(name=name, value=value),
                hint=_("pass --var {name}=45 (a dot for decimals: 20.5)").format(name=name),
            )
        return value
    if kind == "date":
        if value == "today":
            return today.isoformat()
        if is_relative(value):
            try:
                return shift(today, value).isoformat()
            except ValueError as err:
                raise VariableError(
                    _("variable {name}: {reason}").format(name=name, reason=err)
                ) from err
        parsed = parse_iso(value)
        if parsed is None:
            raise VariableError(
                _("variable {name}: {value!r} is not a date").format(name=name, value=value),
                hint=_("pass --var {name}=2026-01-31, today, or an offset such as +7d").format(
                    name=name
                ),
            )
        return parsed.isoformat()
    if kind == "email" and not _EMAIL.match(value):
        raise VariableError(
            _("variable {name}: {value!r} is not an email address").format(name=name, value=value),
            hint=_("pass --var {name}=name@example.com").format(name=name),
        )
    if kind == "url" and not value.startswith(("https://", "http://")):
        raise VariableError(
            _("variable {name}: {value!r} is not a web address").format(name=name, value=value),
            hint=_("pass --var {name}=https://example.com").format(name=name),
        )
    return raw


def resolve_variables(
    declared: Mapping[str, Mapping[str, Any]],
    given: Mapping[str, str],
    *,
    client: str,
    today: date,
    samples: bool = False,
) -> dict[str, str]:
    """The final value of every variable: given > default (> sample, with ``samples``).

    ``samples`` is for the sandbox and demos: a variable with a made-up ``sample`` and no
    default then takes the sample instead of being missing.

    Raises:
        VariableError: a variable is unknown, set twice through a built-in, missing, or invalid.
    """
    for name in given:
        if name == "client_name":
            raise VariableError(
                _("client_name is set by --client, not by --var"),
                hint=_('pass --client "Acme"'),
            )
        if name == "today":
            raise VariableError(_("today is the current date and cannot be set"))
        if name not in declared:
            known = ", ".join(sorted(declared)) or _("none")
            raise VariableError(
                _("unknown variable {name!r} (this blueprint declares: {known})").format(
                    name=name, known=known
                ),
                hint=_(
                    "check the spelling; `notion-setup show BLUEPRINT --json` lists the variables"
                ),
            )
    values = {"client_name": client, "today": today.isoformat()}
    missing = []
    for name, spec in declared.items():
        if name in given:
            raw = given[name]
        elif "default" in spec:
            raw = variable_text(spec["default"])
        elif samples and "sample" in spec:
            raw = variable_text(spec["sample"])
        else:
            missing.append(name)
            continue
        values[name] = check_value(name, spec, raw, today=today)
    if missing:
        flags = " ".join(f"--var {name}=..." for name in missing)
        raise VariableError(
            ngettext(
                "missing value for the variable {names}, which has no default",
                "missing values for the variables {names}, which have no default",
                len(missing),
            ).format(names=", ".join(missing)),
            hint=_("pass {flags} or put them in --vars-file").format(flags=flags),
            missing=tuple(missing),
        )
    return values


def variable_text(value: Any) -> str:
    """A JSON value as the text a variable holds: ``true``, ``50`` for 50.0, else ``str``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_var_assignments(items: Iterable[str]) -> dict[str, str]:
    """Turn ``--var key=value`` options into a mapping (a later key wins).

    Raises:
        VariableError: an item has no ``=`` or an empty key.
    """
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise VariableError(
                _("--var {item!r}: expected key=value").format(item=item),
                hint=_("e.g. --var hourly_rate=50"),
            )
        out[key.strip()] = value
    return out


def load_vars_file(path: str | Path) -> dict[str, str]:
    """Read variables from a JSON object file (``{"hourly_rate": 50, "currency": "CHF"}``).

    Raises:
        VariableError: the file is missing, not JSON, or not an object of plain values.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as err:
        raise VariableError(
            _("{file}: cannot read the variables file: {reason}").format(
                file=file, reason=err.strerror
            )
        ) from err
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise VariableError(
            _("{file}: line {line}, column {column}: invalid JSON: {reason}").format(
                file=file, line=err.lineno, column=err.colno, reason=err.msg
            )
        ) from err
    if not isinstance(data, dict):
        raise VariableError(
            _("{file}: expected a JSON object such as {example}").format(
                file=file, example='{"hourly_rate": 50}'
            ),
        )
    out = {}
    for key, value in data.items():
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise VariableError(
                _("{file}: {key}: expected a string or a number").format(file=file, key=key)
            )
        out[key] = variable_text(value)
    return out
