"""Shared set-up of the block-limit tests: sandboxes on the Free plan and a blueprint over 1,000."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from notion_setup.sandbox import Sandbox

FIXTURES = Path(__file__).parent / "fixtures"
#: core (required, 4 blocks with the root), handbook 501, archive 401, notes 151: 1,059 blocks.
BIG = FIXTURES / "big.json"


def free_state(path: Path, *, plan: str = "free", members: int = 2) -> Path:
    """A sandbox state file on ``plan`` with ``members`` people, for ``--sandbox`` runs."""
    with Sandbox(state_path=path, plan=plan, members=members, rate_limit=0):
        pass
    return path


def call(sb: Sandbox, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """One raw request to a sandbox."""
    headers = {"Authorization": f"Bearer {sb.token}", "Notion-Version": "2026-03-11"}
    outcome = sb.handle(method, path, headers, json.dumps(body).encode() if body else b"")
    return outcome.status, json.loads(outcome.body)


def fill_to(sb: Sandbox, total: int) -> None:
    """Create pages with paragraphs until ``total`` blocks exist (another user's content)."""
    while sb.blocks_created < total:
        missing = total - sb.blocks_created
        children = [
            {"paragraph": {"rich_text": [{"text": {"content": f"p{i}"}}]}}
            for i in range(min(missing - 1, 100))
        ]
        body = {"parent": {"page_id": sb.root_page_id}, "children": children}
        status, answer = call(sb, "POST", "/v1/pages", body)
        assert status == 200, answer
