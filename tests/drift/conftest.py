"""A user's hands on the CLI's sandbox: edits made in Notion between two runs of the tool."""

from __future__ import annotations

import os
from typing import Any

import pytest
from click.testing import CliRunner, Result

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.cli import cli
from notion_setup.connect import UNPACED_BUDGET
from notion_setup.notion import NotionGateway
from notion_setup.notion.results import plain_text
from notion_setup.observe import find_root
from notion_setup.pacer import Pacer
from notion_setup.registry import Registry
from notion_setup.sandbox import Sandbox

from ..conftest import Prebuilt

CLIENT = "Drift"
ARGS = ["--sandbox", "--client", CLIENT, "--lang", "en"]


class Hands:
    """Requests a user's edits in the Notion app would make, on the CLI's sandbox state.

    Each request opens the state file afresh (the CLI's runs write it in between).
    """

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        client: str = CLIENT,
        lang: str = "en",
    ) -> Any:
        box = Sandbox(state_path=os.environ["NOTION_SETUP_SANDBOX_STATE"], rate_limit=0)
        # A pacer of its own: the shared one of the sandbox's token would be made here first, at
        # the default 180 a minute, and then pace the CLI's unpaced sandbox runs too (F31's test
        # spent two minutes in it).
        gateway = NotionGateway(
            token=box.token,
            base_url="http://sandbox.invalid",
            transport=box.transport(),
            pacer=Pacer(UNPACED_BUDGET),
        )
        try:
            if method == "GET":
                return gateway.read("GET", path)
            if method == "ROOT":
                workspace = resolve(load_blueprint("av"), lang=lang, client=client)
                return find_root(gateway, box.root_page_id, workspace)
            return gateway.write(method, path, body=body, idempotent=method != "POST")
        finally:
            gateway.close()
            box.close()

    def registry(self) -> Registry:
        found = self._call("ROOT", "")
        assert found is not None and found[1] is not None
        registry: Registry = found[1]
        return registry

    def registry_of(self, client: str, lang: str) -> Registry:
        found = self._call("ROOT", "", client=client, lang=lang)
        assert found is not None and found[1] is not None
        registry: Registry = found[1]
        return registry

    def root_id(self) -> str:
        return str(self._call("ROOT", "")[0])

    def id(self, key: str) -> str:
        value = self.registry().get(key)
        return str(value["id"] if isinstance(value, dict) else value)

    def ds(self, db_key: str) -> str:
        return str(self.registry().get(f"db:{db_key}")["ds"])

    def patch(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = self._call("PATCH", path, body)
        return answer

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = self._call("POST", path, body)
        return answer

    def read(self, path: str) -> dict[str, Any]:
        answer: dict[str, Any] = self._call("GET", path)
        return answer

    def write_note(self, page_id: str, text: str) -> None:
        """A paragraph the user types at the end of a page."""
        rich = [{"type": "text", "text": {"content": text}}]
        self.patch(
            f"blocks/{page_id}/children",
            {"children": [{"type": "paragraph", "paragraph": {"rich_text": rich}}]},
        )

    def texts(self, page_id: str) -> list[str]:
        """The plain text of each text block of a page."""
        return [
            plain_text(b[b["type"]].get("rich_text", []))
            for b in self.read(f"blocks/{page_id}/children")["results"]
            if "rich_text" in b.get(b["type"], {})
        ]


@pytest.fixture
def hands() -> Hands:
    """A user editing the CLI's sandbox between runs."""
    return Hands()


def run(*args: str) -> Result:
    """One CLI run on the av blueprint for the drift client."""
    return CliRunner().invoke(cli, [args[0], "av", *ARGS, *args[1:]])


@pytest.fixture
def built(hands: Hands, prebuilt: Prebuilt) -> Hands:
    """The av workspace of the drift client, as a first ``apply`` leaves it (built once)."""
    prebuilt.restore(("apply", "av", *ARGS, "-q"))
    return hands
