"""Resolve a blueprint for a client with the answers its workspace recorded.

``plan``, ``apply`` and ``upgrade`` call ``resolve_with_answers``: it finds the client's registry
under the parent (by the registry's client name, never by search), takes what the command line
leaves out from the recorded answers and refuses what contradicts them (``answers.reconcile``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from notion_setup.answers import Answers, Choice, reconcile, record
from notion_setup.blueprint import Blueprint, bundled_dir, resolve
from notion_setup.blueprint.resolver import root_title
from notion_setup.errors import NotionSetupError
from notion_setup.model import Workspace
from notion_setup.notion.endpoints import NotionAPI
from notion_setup.notion.transport import Transport
from notion_setup.observe import list_children, read_registry
from notion_setup.registry import Registry


def source_name(bp: Blueprint, given: str) -> str:
    """How answers name a blueprint: its bundled name, else its file's name.

    Paths differ per machine: a CI runner checks the repository out elsewhere.
    """
    try:
        if bp.source.resolve().parent == bundled_dir().resolve():
            return bp.source.stem
    except OSError:
        pass
    return bp.source.name or given


def find_registry(
    reader: Transport | NotionAPI, parent_id: str, client: str, likely_titles: Sequence[str] = ()
) -> Registry | None:
    """The registry of ``client`` under ``parent_id``, or None (a new client or no registry yet).

    Pages titled like the client's root come first, so the common case costs three reads.
    """
    pages = [c for c in list_children(reader, parent_id) if c.type == "child_page"]
    pages.sort(key=lambda c: c.title not in likely_titles)
    wanted = client.strip()
    for page in pages:
        found = read_registry(reader, list_children(reader, page.id))
        if found is not None and found[0].client == wanted:
            return found[0]
    return None


def root_titles(bp: Blueprint, client: str) -> tuple[str, ...]:
    """The root page's title in each language (to look at the likely page first)."""
    titles = []
    for lang in ("en", "fr"):
        try:
            titles.append(root_title(bp, lang=lang, client=client))
        except NotionSetupError:  # a variable without default: the scan just reads every page
            continue
    return tuple(titles)


@dataclass(frozen=True)
class Resolved:
    """A blueprint resolved for a client, with the answers to record and those recorded before."""

    workspace: Workspace
    answers: Answers
    recorded: Answers | None
    choice: Choice
    registry: Registry | None


def resolve_with_answers(
    reader: Transport | NotionAPI,
    parent_id: str,
    bp: Blueprint,
    *,
    given: str,
    client: str,
    lang: str | None,
    default_lang: str,
    variables: Mapping[str, str],
    only: Sequence[str] = (),
    without: Sequence[str] = (),
    relang: bool = False,
    other_blueprint: bool = False,
    command: str = "apply",
    registry: Registry | None = None,
    examples: bool | None = None,
    sandbox: bool = False,
) -> Resolved:
    """Find the recorded answers, reconcile the options with them and resolve the blueprint.

    Args:
        given: the blueprint as named on the command line.
        registry: the client's registry when the caller read it already (upgrades).
        examples: ``--examples``/``--no-examples``; None takes the recorded choice, else
            ``sandbox``: example rows and the owner's sample name and email are for trying the
            tool, never for a real client's workspace unless asked for.
        sandbox: the run talks to a sandbox (in-process or served on loopback).

    Raises:
        UsageError: the options contradict the recorded answers (see ``answers.reconcile``).
        VariableError: a variable is missing or invalid.
    """
    if registry is None:
        registry = find_registry(reader, parent_id, client, root_titles(bp, client))
    recorded = registry.answers if registry is not None else None
    if recorded is None and registry is not None and registry.blueprint:
        # A registry from before answers existed still names its blueprint and language.
        recorded = Answers(
            blueprint=registry.blueprint,
            source=registry.blueprint,
            blueprint_hash="",
            lang=registry.lang if registry.lang in ("en", "fr") else default_lang,
        )
    choice = reconcile(
        recorded,
        client=client,
        blueprint_id=bp.id,
        blueprint_source=given,
        lang=lang,
        default_lang=default_lang,
        variables=variables,
        only=only,
        without=without,
        module_keys=bp.module_keys,
        declared_variables=tuple(bp.variables),
        relang=relang,
        other_blueprint=other_blueprint,
        command=command,
    )
    if examples is None:
        if recorded is not None:
            # Answers recorded before the switch existed: that workspace got its examples.
            examples = True if recorded.examples is None else recorded.examples
        else:
            examples = sandbox
    workspace = resolve(
        bp,
        lang=choice.lang,
        client=client,
        variables=choice.variables,
        only=choice.only,
        without=choice.without,
        samples=examples,
    )
    if not examples:
        workspace = workspace.without_examples()
    answers = record(
        blueprint_id=bp.id,
        source=source_name(bp, given),
        document=bp.document,
        lang=workspace.lang,
        kept_modules=[m.key for m in workspace.modules],
        module_keys=bp.module_keys,
        variables=choice.variables,
        examples=examples,
    )
    return Resolved(workspace, answers, registry.answers if registry else None, choice, registry)
