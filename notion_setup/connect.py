"""Open a connection to Notion or to the embedded sandbox, from command-line settings.

The token is read from an environment variable (``NOTION_TOKEN`` or the one ``--token-env``
names) at call time; it is never accepted on the command line, never printed and never stored.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from notion_setup.errors import TokenMissing, UsageError
from notion_setup.notion import NOTION_VERSION, NOTION_VERSIONS, NotionGateway, RetryPolicy
from notion_setup.notion_messages import message

TOKEN_ENV = "NOTION_TOKEN"
BASE_URL_ENV = "NOTION_BASE_URL"
SANDBOX_STATE_ENV = "NOTION_SETUP_SANDBOX_STATE"
#: Budget used when pacing is switched off (the sandbox without a rate limit).
UNPACED_BUDGET = 1_000_000


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
class Connection:
    """A ready gateway plus what the commands need to know about where it points."""

    gateway: NotionGateway
    label: str  # "Notion (https://api.notion.com)" or "sandbox (<file>)"
    default_parent: str | None  # the sandbox's top-level page; None for real Notion

    def close(self) -> None:
        """Release the HTTP client."""
        self.gateway.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


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
        lang: language of the gateway's error messages and hints ("en" or "fr").
        notion_version: the API version to declare (default 2026-03-11; 2026-12-01 accepted).

    Raises:
        TokenMissing: no token in the named variable (real Notion only).
        UsageError: a Notion version the tool does not speak.
    """
    env = os.environ if environ is None else environ
    policy = policy or RetryPolicy()
    version = notion_version or NOTION_VERSION
    if version not in NOTION_VERSIONS:
        raise UsageError(
            message(lang, "version_unknown", version=version),
            hint=message(lang, "version_unknown_fix", versions=" / ".join(NOTION_VERSIONS)),
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
        return Connection(gateway, f"sandbox ({state})", box.root_page_id)

    if not token_env.isidentifier():
        raise UsageError(f"--token-env must name an environment variable, got {token_env!r}")
    token = env.get(token_env, "").strip()
    if not token:
        raise TokenMissing(
            f"no Notion token: ${token_env} is not set",
            hint=f"create an internal integration at https://www.notion.so/profile/integrations, "
            f"copy its secret, then `export {token_env}=...` (or try --sandbox without a token)",
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
    return Connection(gateway, f"Notion ({gateway.base_url})", None)
