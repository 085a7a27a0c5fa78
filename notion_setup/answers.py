"""The answers a workspace was built with, remembered in its registry (like Copier's answers file).

A run records which blueprint (id, where it came from, a hash of its content, its version), which
language, modules and variables made the workspace, with the tool's version and the time of the
last apply that wrote. Later runs take what the command line leaves out from here, so leaving out
``--lang`` on a French workspace keeps it French, and refuse what contradicts it (another language,
another blueprint) unless that is asked for on purpose.

Everything here is pure: ``reconcile`` turns (recorded answers, options given) into the options to
resolve with, or a ``UsageError`` saying what the workspace was built with.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from notion_setup.blueprint.loader import is_frozen_document
from notion_setup.errors import UsageError
from notion_setup.messages import N_, _, ngettext
from notion_setup.redact import TOKEN_PATTERN

#: Names of the languages, for messages ("was built in French"); translated when shown.
LANGUAGE_NAMES = {"en": N_("English"), "fr": N_("French")}


def language_name(lang: str) -> str:
    """``fr`` -> "French" (in French: "français"); an unknown code as it is."""
    known = LANGUAGE_NAMES.get(lang)
    return _(known) if known else lang


#: Variables every blueprint has; derived from the run, never recorded.
BUILT_IN_VARIABLES = frozenset({"client_name", "today"})


def tool_version() -> str:
    """The installed notion-setup version: the one read of the package metadata."""
    from notion_setup import __version__

    return __version__


#: Hashes of the documents hashed last, by identity: a loaded blueprint's document is one
#: read-only object shared by every load of the same file (``loader._frozen``), and a batch or a
#: fleet hashes it once a client. Each entry holds its document, so its id is not reused.
_HASHED: dict[int, tuple[Mapping[str, Any], str]] = {}
_HASHED_KEPT = 16


def content_hash(document: Mapping[str, Any]) -> str:
    """A stable hash of a blueprint document (``extends`` merged): sorted, compact JSON."""
    known = _HASHED.get(id(document))
    if known is not None and known[0] is document:
        return known[1]
    text = json.dumps(_plain(document), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    if is_frozen_document(document):  # read-only all the way down: its hash cannot change
        while len(_HASHED) >= _HASHED_KEPT:
            del _HASHED[next(iter(_HASHED))]
        _HASHED[id(document)] = (document, digest)
    return digest


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def is_secret(value: str) -> bool:
    """A value shaped like a Notion integration secret: never written into a workspace."""
    return bool(TOKEN_PATTERN.search(value))


@dataclass(frozen=True)
class Answers:
    """What a workspace was built with. Serialised inside the registry JSON (key ``answers``)."""

    blueprint: str  # blueprint id, e.g. "av"
    source: str  # the bundled name, or the file name the blueprint was loaded from
    blueprint_hash: str  # content_hash of the merged document
    lang: str
    blueprint_version: str | None = None
    modules: tuple[str, ...] = ()  # modules kept
    without: tuple[str, ...] = ()  # modules left out (replayed as --without)
    variables: Mapping[str, str] = field(default_factory=dict)  # given by the user, no secret
    tool_version: str = ""
    applied_at: str | None = None  # ISO 8601 UTC of the last apply that wrote something
    #: Example rows and sample owner details were provisioned (``--examples``; on for a sandbox).
    #: None in answers recorded before the switch existed: such a workspace had them.
    examples: bool | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain JSON, sorted where order carries no meaning (stable registry text)."""
        return {
            "blueprint": self.blueprint,
            "source": self.source,
            "hash": self.blueprint_hash,
            "version": self.blueprint_version,
            "lang": self.lang,
            "modules": list(self.modules),
            "without": sorted(self.without),
            "variables": dict(sorted(self.variables.items())),
            "tool_version": self.tool_version,
            "applied_at": self.applied_at,
            "examples": self.examples,
        }

    @classmethod
    def from_json(cls, data: Any) -> Answers | None:
        """Parse recorded answers; None when absent or not answers (edited by hand)."""
        if not isinstance(data, dict):
            return None
        blueprint, lang = data.get("blueprint"), data.get("lang")
        if not isinstance(blueprint, str) or not blueprint or lang not in LANGUAGE_NAMES:
            return None
        variables = data.get("variables")
        version = data.get("version")
        applied_at = data.get("applied_at")
        return cls(
            blueprint=blueprint,
            source=str(data.get("source") or blueprint),
            blueprint_hash=str(data.get("hash") or ""),
            lang=str(lang),
            blueprint_version=str(version) if version else None,
            modules=_strings(data.get("modules")),
            without=_strings(data.get("without")),
            variables={
                str(k): str(v)
                for k, v in (variables.items() if isinstance(variables, dict) else ())
                if not is_secret(str(v))
            },
            tool_version=str(data.get("tool_version") or ""),
            applied_at=str(applied_at) if applied_at else None,
            examples=examples if isinstance(examples := data.get("examples"), bool) else None,
        )

    def same_as(self, other: Answers) -> bool:
        """Equal apart from the time of the last apply."""
        return replace(self, applied_at=None) == replace(other, applied_at=None)

    def describe(self) -> str:
        """Short human form: ``av 1.0.0, French (fr), modules core, billing``."""
        version = f" {self.blueprint_version}" if self.blueprint_version else ""
        language = f"{language_name(self.lang)} ({self.lang})"
        modules = ""
        if self.modules:
            modules = ngettext(", module {modules}", ", modules {modules}", len(self.modules))
            modules = modules.format(modules=", ".join(self.modules))
        return f"{self.source}{version}, {language}{modules}"


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


@dataclass(frozen=True)
class Choice:
    """The options to resolve the blueprint with, the recorded answers taken into account."""

    lang: str
    variables: Mapping[str, str]
    only: tuple[str, ...]
    without: tuple[str, ...]
    #: The recorded language differs and ``--relang`` asked for it: rename in place.
    relang_from: str | None = None


def reconcile(
    recorded: Answers | None,
    *,
    client: str,
    blueprint_id: str,
    blueprint_source: str,
    lang: str | None,
    default_lang: str,
    variables: Mapping[str, str],
    only: Sequence[str],
    without: Sequence[str],
    module_keys: Sequence[str],
    declared_variables: Sequence[str],
    relang: bool = False,
    other_blueprint: bool = False,
    command: str = "apply",
) -> Choice:
    """Fill the options left out from the recorded answers; refuse what contradicts them.

    Args:
        recorded: the workspace's answers, None for a new workspace or an old registry.
        client: the client's name (for messages).
        blueprint_id: the id of the blueprint named on the command line.
        blueprint_source: how it was named (for the suggested command).
        lang: ``--lang`` as given (None = left out).
        default_lang: the language of a new workspace when ``--lang`` is left out.
        variables: ``--var``/``--vars-file`` as given; they win over the recorded ones.
        only: ``--only`` as given; with ``without`` replaces the recorded module choice.
        without: ``--without`` as given.
        module_keys: the blueprint's modules (recorded ones it no longer has are left out).
        declared_variables: the blueprint's variables (recorded ones it no longer has are left out).
        relang: ``--relang``: another language on purpose (renamed in place).
        other_blueprint: another blueprint on purpose (``upgrade --to``).
        command: the command, for the suggested fix.

    Raises:
        UsageError: another blueprint or another language than the workspace was built with.
    """
    if recorded is None:
        return Choice(
            lang=lang or default_lang,
            variables=dict(variables),
            only=tuple(only),
            without=tuple(without),
        )
    if recorded.blueprint != blueprint_id and not other_blueprint:
        raise UsageError(
            _(
                'the workspace of "{client}" was built with blueprint {blueprint} ({answers}), '
                "not {given}"
            ).format(
                client=client,
                blueprint=recorded.blueprint,
                answers=recorded.describe(),
                given=blueprint_id,
            ),
            hint=_(
                'run `notion-setup {command} {source} --client "{client}"`; to move this client '
                'to {given} on purpose, run `notion-setup upgrade --client "{client}" --to '
                "{file}`"
            ).format(
                command=command,
                source=recorded.source,
                client=client,
                given=blueprint_id,
                file=blueprint_source,
            ),
        )
    relang_from: str | None = None
    if lang is not None and lang != recorded.lang:
        if not relang:
            raise UsageError(
                _(
                    'the workspace of "{client}" was built in {language} ({answers}); '
                    "--lang {lang} would half-translate it"
                ).format(
                    client=client,
                    language=language_name(recorded.lang),
                    answers=recorded.describe(),
                    lang=lang,
                ),
                hint=_(
                    "leave out --lang to keep its language, or add --relang to rename in place "
                    "what the blueprint owns into {language}"
                ).format(language=language_name(lang)),
            )
        relang_from = recorded.lang
    kept_vars = {k: v for k, v in recorded.variables.items() if k in declared_variables}
    kept_vars.update(variables)
    if only or without:
        chosen_only, chosen_without = tuple(only), tuple(without)
    else:
        chosen_only = ()
        chosen_without = tuple(m for m in recorded.without if m in module_keys)
    return Choice(
        lang=lang or recorded.lang,
        variables=kept_vars,
        only=chosen_only,
        without=chosen_without,
        relang_from=relang_from,
    )


def record(
    *,
    blueprint_id: str,
    source: str,
    document: Mapping[str, Any],
    lang: str,
    kept_modules: Sequence[str],
    module_keys: Sequence[str],
    variables: Mapping[str, str],
    examples: bool | None = None,
) -> Answers:
    """The answers of this run (``applied_at`` is set when the apply writes; see ``stamped``)."""
    version = document.get("version")
    return Answers(
        blueprint=blueprint_id,
        source=source,
        blueprint_hash=content_hash(document),
        blueprint_version=str(version) if version else None,
        lang=lang,
        modules=tuple(kept_modules),
        without=tuple(m for m in module_keys if m not in kept_modules),
        variables={
            k: str(v)
            for k, v in sorted(variables.items())
            if k not in BUILT_IN_VARIABLES and not is_secret(str(v))
        },
        tool_version=tool_version(),
        examples=examples,
    )


def stamped(
    new: Answers, recorded: Answers | None, *, wrote: bool, now: datetime | None = None
) -> Answers:
    """The answers to save: the time moves only when this apply wrote something.

    An apply with nothing to do must write nothing, so unchanged answers keep their old time.
    """
    if recorded is not None and not wrote and new.same_as(recorded):
        return replace(new, applied_at=recorded.applied_at)
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    return replace(new, applied_at=moment.isoformat().replace("+00:00", "Z"))
