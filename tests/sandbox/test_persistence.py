"""``--state FILE``: separate processes and re-runs see the same workspace."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from notion_setup.errors import UsageError
from notion_setup.sandbox import Sandbox
from tests.sandbox.conftest import ClientFactory
from tests.sandbox.helpers import api_error, make_db, para, text


def test_two_sandboxes_on_one_file_share_the_workspace(
    tmp_path: Path, make_client: ClientFactory
) -> None:
    state = tmp_path / "ws.sqlite"
    first = Sandbox(state_path=state, rate_limit=0)
    api = make_client(first)
    db, ds_id = make_db(api, first.root_page_id, "Clients", {"Amount": {"number": {}}})
    row = api.pages.create(
        parent={"data_source_id": ds_id},
        properties={"Name": {"title": text("Acme")}, "Amount": {"number": 3}},
    )
    api.blocks.children.append(first.root_page_id, children=[para("after the database")])
    api_error(
        lambda: api.data_sources.update(
            ds_id, properties={"Amount": None, "X": {"formula": {"expression": 'prop("Nope")'}}}
        )
    )  # a failed request leaves nothing behind
    identity = (first.token, first.root_page_id, first.bot_id, first.blocks_created)
    first.close()

    second = Sandbox(state_path=state, rate_limit=0)
    assert (second.token, second.root_page_id, second.bot_id, second.blocks_created) == identity
    api2 = make_client(second)
    assert list(api2.data_sources.retrieve(ds_id)["properties"]) == ["Name", "Amount"]
    assert api2.pages.retrieve(row["id"])["properties"]["Amount"]["number"] == 3
    listed = api2.blocks.children.list(second.root_page_id)["results"]
    assert [b["type"] for b in listed] == ["child_database", "paragraph"]
    assert listed[0]["id"] == db["id"]
    assert len(api2.views.list(database_id=db["id"])["results"]) == 1
    second.close()


def test_a_file_that_is_not_sandbox_state_is_a_usage_error(tmp_path: Path) -> None:
    state = tmp_path / "notes.txt"
    state.write_text("hello, this is not SQLite" * 100)
    with pytest.raises(UsageError) as info:
        Sandbox(state_path=state)
    assert str(info.value) == (
        f"{state}: cannot use this file as sandbox state (file is not a database)\n"
        "  fix: pass a new --state file, or delete this one to start an empty workspace"
    )


def _serve(state: Path, *extra: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "notion_setup",
            "sandbox",
            "serve",
            "--state",
            str(state),
            "--quiet",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    return process, json.loads(line)


def test_server_process_then_in_process_use(tmp_path: Path, make_client: ClientFactory) -> None:
    state = tmp_path / "ws.sqlite"
    process, info = _serve(state)
    try:
        assert set(info) == {"base_url", "token", "root_page_id"}
        assert info["base_url"].startswith("http://127.0.0.1:")
        headers = {"Authorization": f"Bearer {info['token']}", "Notion-Version": "2026-03-11"}
        with httpx.Client(base_url=info["base_url"], headers=headers, timeout=10) as http:
            created = http.post(
                "/v1/pages",
                json={
                    "parent": {"page_id": info["root_page_id"]},
                    "properties": {"title": {"title": text("From the server")}},
                },
            )
            assert created.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    assert stderr == ""
    sb = Sandbox(state_path=state, rate_limit=0)
    assert (sb.token, sb.root_page_id) == (info["token"], info["root_page_id"])
    page = make_client(sb).pages.retrieve(created.json()["id"])
    assert page["properties"]["title"]["title"][0]["plain_text"] == "From the server"
    sb.close()


def test_serve_a_free_workspace_with_two_members(tmp_path: Path) -> None:
    state = tmp_path / "free.sqlite"
    process, info = _serve(state, "--plan", "free", "--members", "2", "--rate-window", "sliding")
    try:
        headers = {"Authorization": f"Bearer {info['token']}", "Notion-Version": "2026-03-11"}
        with httpx.Client(base_url=info["base_url"], headers=headers, timeout=10) as http:
            users = http.get("/v1/users").json()["results"]
            me = http.get("/v1/users/me").json()
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    assert [u["type"] for u in users] == ["person", "person", "bot"]
    assert me["bot"]["workspace_limits"]["max_file_upload_size_in_bytes"] == 5 * 1024 * 1024
    with Sandbox(state_path=state, rate_limit=0) as sb:  # the plan lives in the state file
        assert (sb.plan, sb.members) == ("free", 2)
