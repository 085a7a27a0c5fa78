"""Open a connection to Notion or to the embedded sandbox, from command-line settings.

The token is read from an environment variable (``NOTION_TOKEN`` or the one ``--token-env``
names) at call time; it is never accepted on the command line, never printed and never stored.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from notion_setup.errors import TokenMissing, UsageError
from notion_setup.messages import _
from notion_setup.notion import NOTION_VERSION, NOTION_VERSIONS, NotionGateway, RetryPolicy
from notion_setup.notion.transport import ClosesOnExit

TOKEN_ENV = "NOTION_TOKEN"
BASE_URL_ENV = "NOTION_BASE_URL"
SANDBOX_STATE_ENV = "NOTION_SETUP_SANDBOX_STATE"
#: The API version to declare when ``notion_version`` is not given (``--notion-version``).
VERSION_ENV = "NOTION_VERSION"
#: Budget used when pacing is switched off (the sandbox without a rate limit).
UNPACED_BUDGET = 1_000_000
_ID32_END = re.compile(r"[0-9a-fA-F]{32}$")

logger = logging.getLogger(__name__)


def web_view_file(state: Path) -> Path:
    """The HTML view the in-process sandbox writes beside its state file (``sandbox.html``)."""
    return state.with_suffix(".html")


def is_loopback(url: str) -> bool:
    """Whether an API root is on this machine: notion-setup takes it for a sandbox server.

    Notion is never on loopback; ``notion-setup sandbox serve`` always is (it binds 127.0.0.1
    unless told otherwise), and it serves its web view at ``/p/...`` beside the API.
    """
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sandbox_link(url: str, web_view: str) -> str:
    """Where a URL the sandbox returned opens: its web view, served or written to a file.

    ``web_view`` is a served sandbox's origin (``http://127.0.0.1:8765``): the URL keeps its
    last path segment (``<Title>-<id32>``) and its ``?v=<view32>`` under ``/p/``, so it maps by
    replacing the origin. Or it is the file the in-process sandbox wrote
    (``file:///.../sandbox.html``): the URL becomes that file's anchor ``#<id32>`` (the view's
    id32 when the URL names a view). A URL without a Notion id is returned unchanged.
    """
    parts = urlsplit(url)
    segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
    found = _ID32_END.search(segment.replace("-", "")[-32:]) if segment else None
    if found is None:
        return url
    view = (parse_qs(parts.query).get("v") or [""])[-1]
    view = view if _ID32_END.fullmatch(view.replace("-", "")) else ""
    if web_view.startswith("file:"):
        return f"{web_view}#{(view or found.group(0)).replace('-', '').lower()}"
    query = f"?v={view}" if view else ""
    return f"{web_view.rstrip('/')}/p/{segment}{query}"


def default_sandbox_state(environ: Mapping[str, str] | None = None) -> Path:
    """Where ``--sandbox`` keeps its workspace between runs.

    ``$NOTION_SETUP_SANDBOX_STATE`` if set, else ``$XDG_STATE_HOME/notion-setup/sandbox.sqlite``
    (``~/.local/state/...``).
    """
    env = os.environ if environ is None else environ
    if env.get(SANDBOX_STATE_ENV):
        return Path(env[SANDBOX_STATE_ENV])
    base = Path(env.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "notion-setup" / "sandbox.sqlite"


@dataclass
class Connection(ClosesOnExit):
    """A ready gateway plus what the commands need to know about where it points."""

    gateway: NotionGateway
    label: str  # "Notion (https://api.notion.com)" or "sandbox (<file>)"
    default_parent: str | None  # the sandbox's top-level page; None for real Notion
    #: Where the user looks at a sandbox's workspace: a served sandbox's origin, or the
    #: ``file://`` URL of the view the in-process sandbox writes; None on real Notion.
    web_view: str | None = None
    #: Run once when the connection closes (the in-process sandbox writes its view file).
    on_close: Callable[[], None] | None = None
    #: The in-process sandbox's state file (``label`` names it); None otherwise.
    sandbox_state: str | None = None

    def speak(self, lang: str) -> None:
        """Word what comes next in ``lang``: the gateway's errors and retry lines, ``label``,
        the sandbox's view file (the workspace's recorded language was just read).
        """
        self.gateway.lang = lang
        if self.sandbox_state is not None:
            self.label = _("sandbox ({state})").format(state=self.sandbox_state)

    def link(self, url: str) -> str:
        """Where a URL Notion returned opens for the user.

        Itself on real Notion; the web view's page (or the view file's anchor) for an object
        of a sandbox.
        """
        return url if self.web_view is None else sandbox_link(url, self.web_view)

    def close(self) -> None:
        """Write the sandbox's view file if this connection keeps one; release the client."""
        try:
            if self.on_close is not None:
                self.on_close()
                self.on_close = None
        finally:
            self.gateway.close()


def open_connection(
    *,
    sandbox: bool = False,
    token_env: str = TOKEN_ENV,
    base_url: str | None = None,
    rate_limit: int | None = None,
    timeout_s: float = 60.0,
    policy: RetryPolicy | None = None,
    on_retry: Callable[[str], None] | None = None,
    environ: Mapping[str, str] | None = None,
    sandbox_state: Path | None = None,
    lang: str = "en",
    notion_version: str | None = None,
    web_view: bool = False,
) -> Connection:
    """Open a gateway to real Notion or to the embedded sandbox.

    Args:
        sandbox: use the in-process sandbox (no token, no network), state kept in a file.
        token_env: name of the environment variable holding the token.
        base_url: API root; default ``$NOTION_BASE_URL`` or https://api.notion.com.
        rate_limit: requests per minute for the pacer; default 180 on Notion, unpaced on the
            sandbox (which then also enforces no limit). 0 switches pacing off.
        timeout_s: per-request timeout.
        policy: retry bounds.
        on_retry: called with a line for each retry (``-v``).
        environ: environment to read (tests pass their own).
        sandbox_state: the sandbox's state file (default ``default_sandbox_state()``).
        lang: language of the gateway's error messages and hints ("en" or "fr"), and of the
            sandbox's web view.
        web_view: with ``sandbox``, write the workspace as one HTML file beside the state file
            when the connection closes (``web_view_file``), and link objects into it.
        notion_version: the API version to declare (default ``$NOTION_VERSION``, else
            2026-03-11; 2026-12-01 accepted).

    Raises:
        TokenMissing: no token in the named variable (real Notion only).
        UsageError: a Notion version the tool does not speak.
    """
    env = os.environ if environ is None else environ
    policy = policy or RetryPolicy()
    version = (notion_version or env.get(VERSION_ENV, "").strip() or NOTION_VERSION).strip()
    if version not in NOTION_VERSIONS:
        raise UsageError(
            _("Notion API version {version!r} is not one notion-setup speaks", lang).format(
                version=version
            ),
            hint=_("use {versions} (--notion-version or NOTION_VERSION)", lang).format(
                versions=" / ".join(NOTION_VERSIONS)
            ),
        )
    if sandbox:
        from notion_setup.sandbox import Sandbox

        state = sandbox_state or default_sandbox_state(env)
        state.parent.mkdir(parents=True, exist_ok=True)
        limit = rate_limit or 0
        box = Sandbox(state_path=state, rate_limit=limit)
        gateway = NotionGateway(
            token=box.token,
            base_url="http://sandbox.invalid",
            transport=box.transport(),
            budget_per_minute=limit or UNPACED_BUDGET,
            policy=policy,
            timeout_s=timeout_s,
            on_retry=on_retry,
            lang=lang,
            notion_version=version,
        )
        if not web_view:
            return Connection(
                gateway,
                _("sandbox ({state})").format(state=state),
                box.root_page_id,
                sandbox_state=str(state),
            )
        view_path = web_view_file(state).resolve()

        def write_view() -> None:
            from notion_setup.sandbox.webview import write_file

            try:
                write_file(box, view_path, lang=gateway.lang)
            except OSError as err:  # the run itself succeeded: say so, do not fail it
                logger.warning("could not write the sandbox's view %s: %s", view_path, err)

        return Connection(
            gateway,
            _("sandbox ({state})").format(state=state),
            box.root_page_id,
            web_view=view_path.as_uri(),
            on_close=write_view,
            sandbox_state=str(state),
        )

    if not token_env.isidentifier():
        # Never repeat the value: it may be the token itself (F33).
        raise UsageError(_("--token-env must name an environment variable"))
    token = env.get(token_env, "").strip()
    if not token:
        raise TokenMissing(
            _("no Notion token: ${env} is not set").format(env=token_env),
            hint=_(
                "create an internal integration at https://www.notion.so/profile/integrations, "
                "copy its secret, then `export {env}=...` (or try --sandbox without a token)"
            ).format(env=token_env),
        )
    url = base_url or env.get(BASE_URL_ENV) or None
    budget = UNPACED_BUDGET if rate_limit == 0 else (rate_limit or 180)
    gateway = NotionGateway(
        token=token,
        base_url=url,
        budget_per_minute=budget,
        policy=policy,
        timeout_s=timeout_s,
        on_retry=on_retry,
        token_env=token_env,
        lang=lang,
        notion_version=version,
    )
    served = gateway.base_url.rstrip("/") if is_loopback(gateway.base_url) else None
    return Connection(gateway, f"Notion ({gateway.base_url})", None, web_view=served)
