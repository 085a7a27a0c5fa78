"""How the CLI connects a batch's lanes: real Notion per token variable, or the embedded sandbox."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from notion_setup.batch.lanes import Connect
from notion_setup.batch.manifest import ClientSpec
from notion_setup.batch.runner import by_token, one_lane
from notion_setup.connect import Connection, open_connection


def connector(
    *,
    sandbox: bool = False,
    base_url: str | None = None,
    rate_limit: int | None = None,
    notion_version: str | None = None,
    environ: Mapping[str, str] | None = None,
    on_retry: Callable[[str], None] | None = None,
) -> tuple[Connect, Callable[[ClientSpec], str]]:
    """The connect factory and lane key of a batch run from the command line.

    On Notion each token variable is one lane, connected with the token it holds at that moment.
    With ``sandbox`` every client runs on the one embedded sandbox (one lane), under its
    top-level page unless the manifest names a parent.

    Args:
        sandbox: use the embedded sandbox (state kept as for ``apply --sandbox``).
        base_url: API root; default ``$NOTION_BASE_URL`` or https://api.notion.com.
        rate_limit: requests per minute per token (default 180 on Notion; 0 = unpaced).
        notion_version: the API version to declare (default ``$NOTION_VERSION``, 2026-03-11).
        environ: where token variables are read (default ``os.environ``).
        on_retry: called with a line for each retry (``-v``).
    """

    def connect(spec: ClientSpec) -> Connection:
        return open_connection(
            sandbox=sandbox,
            token_env=spec.token_env,
            base_url=base_url,
            rate_limit=rate_limit,
            environ=environ,
            on_retry=on_retry,
            notion_version=notion_version,
            # The sandbox's workspace is written as one HTML file when the lane closes, and the
            # results link into it, as `apply --sandbox` does.
            web_view=sandbox,
        )

    return connect, (one_lane if sandbox else by_token)
