"""notion-setup batch: exit codes, progress on stderr, JSON lines and the JUnit report."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from notion_setup.cli import cli
from notion_setup.connect import web_view_file
from notion_setup.sandbox import Sandbox, serve

from .helpers import manifest, write_manifest

PROGRESS = re.compile(r"^\[(\d)/(\d)\] (ok|changes|FAILED|skipped) +(\S.*?)  (.+)$")
SUMMARY = re.compile(
    r"^(\d+) clients: (.+) in \d+\.\d s; (\d+) API calls, (\d+) writes, (\d+) retries, "
    r"(\d+) rate-limited \(429\)$"
)


@pytest.fixture
def three(tmp_path: Path) -> Path:
    clients: list[dict[str, Any]] = [
        {"name": "Acme", "lang": "fr"},
        {"name": "Globex", "token_env": "TOKEN_GLOBEX", "variables": {"hourly_rate": 60}},
        {"name": "Initech", "modules": ["core"]},
    ]
    return write_manifest(tmp_path, manifest(clients))


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["batch", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_sandbox_batch_applies_then_a_rerun_writes_nothing(three: Path) -> None:
    code, out, err = invoke(str(three), "--sandbox", "--jobs", "2")
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0] == "Applying 3 clients on the sandbox, 2 at a time"
    progress = [PROGRESS.match(line) for line in lines[1:]]
    assert all(progress) and len(progress) == 3
    assert sorted(m.group(4) for m in progress if m) == ["Acme", "Globex", "Initech"]
    assert {m.group(3) for m in progress if m} == {"ok"}
    summary = SUMMARY.match(out.strip())
    assert summary is not None and summary.group(2) == "3 ok"

    code, out, err = invoke(str(three), "--sandbox", "--json", "--plan")
    assert code == 0, err
    objects = [json.loads(line) for line in out.splitlines()]
    assert sorted(o["client"] for o in objects) == ["Acme", "Globex", "Initech"]
    assert {(o["status"], o["writes"], o["pending"], o["error"]) for o in objects} == {
        ("ok", 0, 0, None)
    }
    # On the sandbox each workspace links into the sandbox's web view, as `apply --sandbox` does
    # (on Notion, the URL Notion returns).
    view = web_view_file(Path(os.environ["NOTION_SETUP_SANDBOX_STATE"])).resolve().as_uri()
    assert all(o["root_url"].startswith(f"{view}#") for o in objects), objects
    assert Path(view.removeprefix("file://")).is_file()
    assert SUMMARY.match(err.splitlines()[-1])


def test_plan_on_a_new_workspace_exits_3(three: Path) -> None:
    code, out, err = invoke(str(three), "--sandbox", "--plan", "--quiet")
    assert code == 3, err
    assert err == ""
    summary = SUMMARY.match(out.strip())
    assert summary is not None and summary.group(2) == "0 ok, 3 with changes pending"
    assert summary.group(4) == "0"  # writes


def test_an_invalid_manifest_exits_2_and_names_every_problem(tmp_path: Path) -> None:
    clients = [{"name": "Acme", "lang": "es"}, {"name": "Beta", "lang": "en"}]
    path = write_manifest(tmp_path, {"format": 1, "clients": clients})
    code, out, err = invoke(str(path), "--sandbox")
    assert (code, out) == (2, "")
    assert err == (
        f"error: {path}: invalid manifest (3 problems)\n"
        f'  {path}: clients[0].blueprint: missing "blueprint": set it for this client or in '
        '"defaults" (a bundled name such as "av" or a path to a .json file)\n'
        f'  {path}: clients[0].lang: the string "es" is not allowed; use one of: en, fr\n'
        f'  {path}: clients[1].blueprint: missing "blueprint": set it for this client or in '
        '"defaults" (a bundled name such as "av" or a path to a .json file)\n'
    )


def test_unknown_variables_are_caught_before_any_request(tmp_path: Path) -> None:
    path = write_manifest(tmp_path, manifest([{"name": "Acme", "variables": {"hourly": 5}}]))
    code, _, err = invoke(str(path), "--sandbox")
    assert code == 2
    assert err.startswith(f"error: {path}: invalid manifest (1 problem)\n")
    assert f"  {path}: clients[0] (Acme): " in err and "hourly" in err


def test_on_notion_every_client_needs_a_parent(three: Path) -> None:
    code, _, err = invoke(str(three))
    assert code == 2
    assert err.count('missing "parent"') == 3


def test_missing_tokens_fail_their_clients_and_exit_6(tmp_path: Path) -> None:
    page = "1f2e3d4c5b6a79881f2e3d4c5b6a7988"
    path = write_manifest(
        tmp_path, manifest([{"name": "Acme"}, {"name": "Beta"}], parent=page, token_env="NO_SUCH")
    )
    report = tmp_path / "report.xml"
    code, out, err = invoke(str(path), "--report", str(report), "--jobs", "1")
    assert code == 6
    assert "[1/2] FAILED   Acme  no Notion token: $NO_SUCH is not set" in err
    assert err.splitlines()[-2] == "error: 2 of 2 client(s) failed (Acme, Beta)"
    assert err.splitlines()[-1].startswith("  fix: read each client's error above")
    assert out.startswith("2 clients: 0 ok, 2 failed (Acme, Beta) in ")
    suite = ET.parse(report).getroot()[0]
    assert (suite.get("tests"), suite.get("failures")) == ("2", "2")
    assert [case.get("name") for case in suite] == ["Acme", "Beta"]


def test_fail_fast_skips_the_rest(tmp_path: Path) -> None:
    page = "1f2e3d4c5b6a79881f2e3d4c5b6a7988"
    clients = [{"name": f"C{n}"} for n in range(3)]
    path = write_manifest(tmp_path, manifest(clients, parent=page, token_env="NO_SUCH"))
    code, out, _ = invoke(str(path), "--fail-fast", "--jobs", "1", "--json")
    assert code == 6
    assert [json.loads(line)["status"] for line in out.splitlines()] == [
        "failed",
        "skipped",
        "skipped",
    ]


def test_a_shard_runs_only_its_token_groups(tmp_path: Path) -> None:
    clients = [{"name": f"A{n}", "token_env": "TOKEN_A"} for n in range(3)]
    clients += [{"name": f"B{n}", "token_env": "TOKEN_B"} for n in range(2)]
    path = write_manifest(tmp_path, manifest(clients))
    seen = []
    for shard in ("1/2", "2/2"):
        code, out, err = invoke(str(path), "--sandbox", "--shard", shard, "--json")
        assert code == 0, err
        seen.append(sorted(json.loads(line)["client"] for line in out.splitlines()))
        assert err.splitlines()[0].startswith(f"Applying shard {shard} (")
    assert seen == [["A0", "A1", "A2"], ["B0", "B1"]]


def test_an_empty_shard_succeeds_with_an_empty_report(tmp_path: Path) -> None:
    path = write_manifest(tmp_path, manifest([{"name": "Acme"}, {"name": "Beta"}]))
    report = tmp_path / "report.xml"
    code, out, err = invoke(str(path), "--sandbox", "--shard", "2/2", "--report", str(report))
    assert code == 0, err
    assert err == "Applying shard 2/2 (0 of 2 clients) on the sandbox, 4 at a time\n"
    assert out.startswith("0 clients: 0 ok in ")
    assert ET.parse(report).getroot().get("tests") == "0"


def test_a_bad_shard_exits_2() -> None:
    code, _, err = invoke("whatever.json", "--shard", "3/2")
    assert code == 2
    assert err == (
        "error: --shard 3/2: the shard number must be between 1 and 2\n"
        "  fix: shards are numbered from 1: --shard 1/4 ... --shard 4/4\n"
    )


def test_over_http_with_tokens_from_the_environment(tmp_path: Path) -> None:
    box = Sandbox(rate_limit=0)
    clients = [{"name": "Acme"}, {"name": "Beta", "lang": "fr"}]
    path = write_manifest(
        tmp_path, manifest(clients, parent=box.root_page_id, token_env="AGENCY_TOKEN")
    )
    with serve(box) as server:
        env = {"AGENCY_TOKEN": box.token}
        code, out, err = invoke(str(path), "--base-url", server.base_url, "--json", env=env)
    assert code == 0, err
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["status"] for o in objects] == ["ok", "ok"]
    assert box.token not in out + err
    assert {r.path for r in box.request_log if r.method == "POST"} >= {"/v1/pages"}
