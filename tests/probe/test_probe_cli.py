"""``notion-setup doctor --probe``: the report on stdout, the summary on stderr, in English and
French; ``--json`` for a bug report; exit 1 when the API differs from what the tool expects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from click.testing import CliRunner, Result

from notion_setup.cli import cli
from notion_setup.lifecycle.probe import CHECKS
from notion_setup.sandbox import Sandbox, serve
from notion_setup.sandbox.core import Sandbox as CoreSandbox

from .conftest import Rewriting, api_on, drop_status_groups, is_data_source_read


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def _top(state: Path) -> str:
    """The sandbox's top-level page (made on first use of the state file)."""
    box = Sandbox(state_path=state, rate_limit=0)
    top = box.root_page_id
    box.close()
    return top


def test_the_probe_passes_on_the_sandbox_with_one_line_per_check(state: Path) -> None:
    top = _top(state)

    result = _run("doctor", "--probe", "--sandbox")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"notion-setup probe of sandbox ({state}), Notion-Version 2026-03-11"
    assert lines[1:4] == [
        "✓ api.request_id                   every answer carries a request_id",
        "✓ workspace.limits                 users/me shows the workspace's upload limit (how the "
        "tool guesses a Free plan) (upload limit 5,368,709,120 bytes: looks like a paid "
        "workspace, an UNCONFIRMED guess)",
        "✓ errors.not_found                 an unknown id answers 404 object_not_found, never 403",
    ]
    assert lines[-1] == (
        "✓ markdown.round_trip              a Markdown body sent as blocks reads back as the same "
        "Markdown"
    )
    assert [line.split()[1] for line in lines[1:]] == [c.id for c in CHECKS]
    assert result.stderr == (
        f"Probing sandbox ({state}) under page {top} (about a minute on Notion)…\n"
        "All 31 checks are as expected.\n"
        "The scratch page was moved to the trash.\n"
    )


def test_the_probe_speaks_french(state: Path) -> None:
    top = _top(state)

    result = _run("doctor", "--probe", "--sandbox", env={"LANG": "fr_FR.UTF-8"})

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (f"Sonde notion-setup de bac à sable ({state}), Notion-Version 2026-03-11")
    assert lines[2].endswith(
        "(limite d'envoi 5\u202f368\u202f709\u202f120 octets : ressemble à un espace payant, "
        "supposition NON CONFIRMÉE)"
    )
    assert lines[8] == (
        "✓ status.groups_as_sent            les options de statut restent dans le groupe où "
        "elles ont été créées"
    )
    assert result.stderr == (
        f"Sondage de bac à sable ({state}) sous la page {top} (environ une minute sur Notion)…\n"
        "Les 31 vérifications sont conformes.\n"
        "La page de brouillon a été mise à la corbeille.\n"
    )


def test_json_names_versions_base_url_and_each_check_but_never_the_token(state: Path) -> None:
    _top(state)

    result = _run("doctor", "--probe", "--sandbox", "--json", "--quiet")

    assert (result.exit_code, result.stderr) == (0, "")
    report = json.loads(result.stdout)
    token = Sandbox(state_path=state, rate_limit=0).token
    assert token not in result.stdout
    assert sorted(report) == [
        "base_url",
        "checks",
        "exit_code",
        "not_run",
        "notion_version",
        "ok",
        "scratch_page",
        "stopped",
        "target",
        "tool_version",
    ]
    assert (report["stopped"], report["not_run"]) == (None, [])
    assert (report["ok"], report["notion_version"], report["base_url"]) == (
        True,
        "2026-03-11",
        "http://sandbox.invalid",
    )
    assert report["scratch_page"]["trashed"] is True
    assert [c["id"] for c in report["checks"]] == [c.id for c in CHECKS]
    assert report["checks"][7] == {
        "id": "status.groups_as_sent",
        "description": "status options stay in the group they were created in",
        "settles": "status options carry `group` on create (not in the SDK's types) and keep it",
        "ok": True,
        "differences": [],
        "facts": {},
    }


class GroupsDropping(CoreSandbox):
    """A sandbox whose data source answers lost their status groups (a Notion that differs)."""

    def transport(self) -> httpx.BaseTransport:
        return Rewriting(super().transport(), is_data_source_read, drop_status_groups)


def test_a_difference_exits_1_and_names_what_was_expected_and_what_came(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _top(state)
    monkeypatch.setattr("notion_setup.sandbox.Sandbox", GroupsDropping)

    result = _run("doctor", "--probe", "--sandbox", "--keep")

    assert result.exit_code == 1
    wrong = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    assert wrong == [
        "✗ status.groups_as_sent            status options stay in the group they were created in"
        " — Stage: Backlog: expected To-do, got []; Stage: Doing: expected In progress, got []; "
        "Stage: Blocked: expected In progress, got []; Stage: Shipped: expected Complete, got []",
        "✗ status.added_to_do               a status option added later goes to the To-do group"
        " — Stage: Backlog: expected To-do, got []; Stage: Doing: expected In progress, got []; "
        "Stage: Blocked: expected In progress, got []; Stage: Shipped: expected Complete, got []; "
        "Stage: Review: expected To-do, got []",
    ]
    summary = result.stderr.splitlines()[1:]
    assert summary[:2] == [
        "2 of 31 checks differ from what notion-setup expects.",
        "Attach this report (notion-setup doctor --probe --json) to a bug report: it names no "
        "token and no content of yours.",
    ]
    assert summary[2].startswith("The scratch page was kept: https://app.notion.com/p/notion-")


def test_keep_without_probe_is_a_usage_error() -> None:
    result = _run("doctor", "--sandbox", "--keep")

    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: --keep goes with --probe"


def test_without_a_token_the_probe_stops_before_anything_is_made() -> None:
    result = _run("doctor", "--probe", "--parent", "1f2e3d4c5b6a79880f1e2d3c4b5a6978")

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == "error: no Notion token: $NOTION_TOKEN is not set"


class Interrupting(httpx.BaseTransport):
    """Ctrl-C arrives while the probe creates its first view; remembers the pages made."""

    pages: ClassVar[list[str]] = []

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == "/v1/views":
            raise KeyboardInterrupt
        response = self.inner.handle_request(request)
        if request.method == "POST" and request.url.path == "/v1/pages":
            response.read()
            self.pages.append(json.loads(response.content)["id"])
        return response


class InterruptedSandbox(CoreSandbox):
    """A sandbox whose first view create is interrupted by Ctrl-C."""

    def transport(self) -> httpx.BaseTransport:
        return Interrupting(super().transport())


def test_F13_ctrl_c_exits_130_and_the_scratch_page_is_in_the_trash(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _top(state)
    Interrupting.pages.clear()
    monkeypatch.setattr("notion_setup.sandbox.Sandbox", InterruptedSandbox)

    result = _run("doctor", "--probe", "--sandbox")

    assert result.exit_code == 130
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "interrupted: the workspace is resumable; run the same command again."
    )
    scratch = Interrupting.pages[0]  # the first page made is the scratch page
    box = CoreSandbox(state_path=state, rate_limit=0)
    page = api_on(box).pages.retrieve(scratch)
    box.close()
    assert (page.title.startswith("notion-setup probe "), page.in_trash) == (True, True)


def test_the_probe_runs_against_any_base_url_such_as_a_served_sandbox(tmp_path: Path) -> None:
    box = CoreSandbox(state_path=tmp_path / "served.sqlite", rate_limit=0)
    with serve(box, host="127.0.0.1", port=0) as server:
        env = {"NOTION_BASE_URL": server.base_url, "NOTION_TOKEN": box.token}
        result = _run("doctor", "--probe", "--parent", box.root_page_id, "--json", env=env)
    box.close()

    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["ok"], report["base_url"], report["target"]) == (
        True,
        server.base_url,
        f"Notion ({server.base_url})",
    )
    assert box.token not in result.stdout + result.stderr
