"""In-process httpx transport: requests reach the sandbox without a socket."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from notion_setup.sandbox.core import Sandbox


class SandboxTransport(httpx.BaseTransport):
    """Serves httpx requests from a ``Sandbox``.

    A dropped connection after a committed write raises ``httpx.RemoteProtocolError`` and a
    committed write that never answers raises ``httpx.ReadTimeout``, as a real client sees them.
    """

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        body = request.read()
        target = request.url.raw_path.decode("ascii")
        outcome = self.sandbox.handle(request.method, target, request.headers, body)
        if outcome.action == "drop":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if outcome.action == "timeout":
            raise httpx.ReadTimeout("The read operation timed out", request=request)
        return httpx.Response(
            outcome.status, headers=outcome.headers, content=outcome.body, request=request
        )
