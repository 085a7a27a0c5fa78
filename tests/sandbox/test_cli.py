"""``notion-setup sandbox serve`` option errors (the serving path runs in test_persistence)."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from notion_setup.cli import cli


def test_bad_fault_spec_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "serve", "--faults", "418:0.5"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '--faults': unknown fault kind '418'; use one of: 429, 529, 500" in (
        result.stderr
    )


def test_port_in_use_names_the_fix() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["sandbox", "serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
        "  fix: pick another --port, or --port 0 for any free port\n"
    )


def test_bad_state_file(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    state.write_text("not a database" * 200)
    result = CliRunner().invoke(cli, ["sandbox", "serve", "--state", str(state)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {state}: cannot use this file as sandbox state (file is not a database)\n"
        "  fix: pass a new --state file, or delete this one to start an empty workspace\n"
    )


def test_help_describes_the_first_line() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "serve", "--help"])
    assert result.exit_code == 0
    assert "The first line on stdout is one JSON object with base_url, token and" in result.stdout
    for option in (
        "--host",
        "--port",
        "--state",
        "--latency-ms",
        "--rate-limit",
        "--faults",
        "--seed",
    ):
        assert option in result.stdout
