"""Click parameter types shared by every command: ids a user can paste, names, never a token.

A value that holds the token, or is shaped like a Notion secret, is refused by each of these
types with a usage error that does not repeat it (reliability notes F33): a user who pastes the
token in the wrong place must not see it echoed on a screen or in a CI log.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from notion_setup.messages import _
from notion_setup.notion import NOTION_VERSION, NOTION_VERSIONS
from notion_setup.notion_ids import ID_EXAMPLES, parse_notion_id
from notion_setup.redact import is_secret

#: The variable that holds the token when --token-env is not given.
DEFAULT_TOKEN_ENV = "NOTION_TOKEN"


#: A Click command function, as its decorators take and return it.
FC = TypeVar("FC", bound=Callable[..., Any])


def holds_secret(value: str, ctx: click.Context | None = None) -> bool:
    """True when ``value`` is, contains or looks like a Notion token.

    "A token" is a registered one, anything shaped like a Notion secret, or the value of the
    variable ``--token-env`` names (``NOTION_TOKEN`` by default) or of any variable whose name
    says it holds a token or a secret: the token may be in any of them when this runs, before
    the connection is opened.
    """
    if is_secret(value):
        return True
    names = {DEFAULT_TOKEN_ENV}
    if ctx is not None and isinstance(ctx.params.get("token_env"), str):
        names.add(ctx.params["token_env"])
    names.update(k for k in os.environ if "TOKEN" in k.upper() or "SECRET" in k.upper())
    # Short values (a "1" in some CI variable) would match everywhere: compare real tokens only.
    tokens = (os.environ.get(name, "").strip() for name in names)
    return any(len(token) >= 8 and token in value for token in tokens)


def _refuse_secret(param_type: click.ParamType[Any], value: str, param: Any, ctx: Any) -> None:
    if holds_secret(value, ctx):
        param_type.fail(
            _(
                "this looks like a Notion token (not repeated here): never pass the token on "
                "the command line; keep it in an environment variable"
            ),
            param,
            ctx,
        )


class _TextType(click.ParamType[str]):
    """A text parameter that is refused when it holds a token, before it is checked at all."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """Refuse secrets, then ``parse`` the text; what does not parse is a usage error."""
        text = str(value)
        _refuse_secret(self, text, param, ctx)
        parsed = self.parse(text)
        if parsed is None:
            self.fail(self.problem(text), param, ctx)
        return parsed

    def parse(self, text: str) -> str | None:
        """The value the command gets, or None when ``text`` is not one."""
        raise NotImplementedError

    def problem(self, text: str) -> str:
        """What is wrong with ``text``, and what a right value looks like."""
        raise NotImplementedError


class NotionIdType(_TextType):
    """A page or database id, its dashed form, or a link copied from Notion -> the dashed id."""

    name = "page_id"

    def parse(self, text: str) -> str | None:
        """The dashed id (``notion_ids.parse_notion_id``)."""
        return parse_notion_id(text)

    def problem(self, text: str) -> str:
        """Where the id is in a link, and the forms accepted."""
        return _(
            "{value!r} is not a Notion page id or link. Copy the page's link in Notion "
            "(••• → Copy link): its id is the 32 hex characters at its end. "
            "Accepted forms: {examples}"
        ).format(value=text, examples=", ".join(ID_EXAMPLES))


class EnvVarNameType(_TextType):
    """The NAME of an environment variable (``--token-env``), never the token itself."""

    name = "name"

    def parse(self, text: str) -> str | None:
        """The name, when it can be a variable's."""
        return text if text.isidentifier() else None

    def problem(self, text: str) -> str:
        """Not a variable name."""
        return _("{value!r} is not the name of an environment variable (e.g. NOTION_TOKEN)").format(
            value=text
        )


class BaseUrlType(_TextType):
    """An http(s) API root (``--base-url``, ``NOTION_BASE_URL``), never holding a token."""

    name = "url"

    def parse(self, text: str) -> str | None:
        """The URL without its trailing slashes, when it is http(s)."""
        return text.rstrip("/") if text.startswith(("http://", "https://")) else None

    def problem(self, text: str) -> str:
        """Not an http(s) URL."""
        return _("{value!r} is not an http(s) URL, e.g. https://api.notion.com").format(value=text)


class NotionVersionType(click.ParamType[str]):
    """A Notion API version the tool speaks (``--notion-version``, ``NOTION_VERSION``)."""

    name = "version"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """Refuse a version the tool does not speak, listing the ones it does."""
        text = str(value).strip()
        if text not in NOTION_VERSIONS:
            self.fail(
                _(
                    "{value!r} is not a Notion API version notion-setup speaks: use {versions} "
                    "(default {default})"
                ).format(value=text, versions=", ".join(NOTION_VERSIONS), default=NOTION_VERSION),
                param,
                ctx,
            )
        return text

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        """The versions the tool speaks."""
        return [CompletionItem(v) for v in NOTION_VERSIONS if v.startswith(incomplete)]


def complete_blueprints(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Bundled blueprint names (``av``, ``obm``), then files for a path."""
    from notion_setup.blueprint import bundled_blueprints

    names = [b.name for b in bundled_blueprints() if b.name.startswith(incomplete)]
    if names:
        return [CompletionItem(name) for name in names]
    return [CompletionItem(incomplete, type="file")]


def _blueprint_in(ctx: click.Context) -> Any:
    """The blueprint named on the command line so far (or av), for completing what is in it."""
    from notion_setup.blueprint import load_blueprint

    name = ctx.params.get("blueprint")
    if not name:
        # While an option's value is being completed, Click's resilient parse stops at that
        # option and leaves BLUEPRINT unset; bash, zsh and fish all pass the words in
        # COMP_WORDS: the blueprint is the first word after the command that is not an option.
        words = os.environ.get("COMP_WORDS", "").split()
        positional = [w for w in words[2:] if not w.startswith("-")]
        name = positional[0] if positional else "av"
    try:
        return load_blueprint(str(name))
    except Exception:  # completion never fails the shell; it offers nothing
        return None


def complete_modules(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Module keys of the blueprint given so far (``--only``, ``--without``)."""
    bp = _blueprint_in(ctx)
    keys = list(bp.module_keys) if bp is not None else []
    head, _sep, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    return [CompletionItem(prefix + k) for k in keys if k.startswith(last)]


def complete_templates(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Template keys of the bundled blueprints (``new TEMPLATE``)."""
    from notion_setup.blueprint import bundled_blueprints, load_blueprint

    keys: set[str] = set()
    sources = [ctx.params["blueprint"]] if ctx.params.get("blueprint") else None
    for source in sources or [b.name for b in bundled_blueprints()]:
        try:
            keys.update(load_blueprint(str(source)).document.get("templates") or {})
        except Exception:
            continue
    return [CompletionItem(k) for k in sorted(keys) if k.startswith(incomplete)]


NOTION_ID = NotionIdType()
ENV_VAR_NAME = EnvVarNameType()
BASE_URL = BaseUrlType()
NOTION_VERSION_PARAM = NotionVersionType()


def wait_option(
    help: str = "When another run holds the workspace, wait this long for it to finish, then "
    "go on (exit 9 if it still holds it).",
) -> Callable[[FC], FC]:
    """``--wait SECONDS``: how long to wait for another run's lease (``apply``, ``upgrade``,
    ``batch``).
    """
    return click.option(
        "--wait",
        "wait",
        type=click.FloatRange(min=0),
        default=0.0,
        show_default=True,
        metavar="SECONDS",
        help=help,
    )


def option_group(*decorators: Callable[[Any], Any]) -> Callable[[FC], FC]:
    """Several Click decorators as one, listed in ``--help`` in the order given.

    Click lists a command's options from the top decorator down; a group applied as one
    decorator keeps that order, so commands sharing options also share how they read.
    """

    def decorate(func: FC) -> FC:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return decorate
