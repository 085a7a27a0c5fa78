"""``--notion-version`` / ``NOTION_VERSION`` on every command that talks to Notion (issue 11).

2026-03-11 stays the default; 2026-12-01 is accepted; anything else is a usage error (exit 2)
that lists the versions the tool speaks, in English and in French.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from notion_setup import connect
from notion_setup.cli import cli
from notion_setup.notion import NotionGateway

OLD, NEW = "2026-03-11", "2026-12-01"

#: Each command that opens a connection, with the arguments it needs to get that far.
COMMANDS: dict[str, list[str]] = {
    "plan": ["plan", "av", "--client", "Acme", "--only", "core"],
    "apply": ["apply", "av", "--client", "Acme", "--only", "core"],
    "destroy": ["destroy", "--client", "Acme"],
    "export": ["export", "0123456789abcdef0123456789abcdef"],
    "new": ["new", "task", "--client", "Acme"],
    "doctor": ["doctor"],
    "clients": ["clients"],
    "upgrade": ["upgrade", "--client", "Acme", "--plan"],
    "batch": ["batch", "MANIFEST"],
}


class Declared:
    """Records the Notion-Version of every gateway the tool opens."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.versions: list[str] = []
        record = self.versions

        class Recording(NotionGateway):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                record.append(self.notion_version)

        monkeypatch.setattr(connect, "NotionGateway", Recording)


@pytest.fixture
def declared(monkeypatch: pytest.MonkeyPatch) -> Declared:
    return Declared(monkeypatch)


def _args(name: str, tmp_path: Path) -> list[str]:
    args = [
        tmp_path.joinpath("clients.json").as_posix() if a == "MANIFEST" else a
        for a in COMMANDS[name]
    ]
    if name == "batch":
        manifest = {
            "format": 1,
            "defaults": {"blueprint": "av", "lang": "en"},
            "clients": [{"name": "Acme", "modules": ["core"]}],
        }
        tmp_path.joinpath("clients.json").write_text(json.dumps(manifest), encoding="utf-8")
    return [*args, "--sandbox"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_declares_the_version_given_by_option(
    name: str, declared: Declared, tmp_path: Path
) -> None:
    CliRunner().invoke(cli, [*_args(name, tmp_path), "--notion-version", NEW])
    assert declared.versions and set(declared.versions) == {NEW}


@pytest.mark.parametrize("name", ["plan", "doctor", "batch"])
def test_every_command_declares_the_version_given_by_environment(
    name: str, declared: Declared, tmp_path: Path
) -> None:
    CliRunner().invoke(cli, _args(name, tmp_path), env={"NOTION_VERSION": NEW})
    assert declared.versions and set(declared.versions) == {NEW}


@pytest.mark.parametrize("name", ["plan", "doctor", "batch"])
def test_without_option_or_environment_the_version_is_2026_03_11(
    name: str, declared: Declared, tmp_path: Path
) -> None:
    CliRunner().invoke(cli, _args(name, tmp_path))
    assert declared.versions and set(declared.versions) == {OLD}


def test_the_option_wins_over_the_environment(declared: Declared, tmp_path: Path) -> None:
    args = [*_args("doctor", tmp_path), "--notion-version", OLD]
    CliRunner().invoke(cli, args, env={"NOTION_VERSION": NEW})
    assert declared.versions == [OLD]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_an_unknown_version_is_a_usage_error_before_any_connection(
    name: str, declared: Declared, tmp_path: Path
) -> None:
    result = CliRunner().invoke(cli, [*_args(name, tmp_path), "--notion-version", "2025-09-03"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--notion-version': '2025-09-03' is not a Notion API version "
        "notion-setup speaks: use 2026-03-11, 2026-12-01 (default 2026-03-11)"
    )
    assert declared.versions == []


def test_an_unknown_version_in_the_environment_is_refused_in_french(
    declared: Declared, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli, _args("plan", tmp_path), env={"NOTION_VERSION": "2027-01-01", "LANG": "fr_FR.UTF-8"}
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Erreur : Valeur invalide pour '--notion-version' : notion-setup ne parle pas la "
        "version '2027-01-01' de l'API Notion : utilisez 2026-03-11, 2026-12-01 "
        "(par défaut 2026-03-11)"
    )
    assert declared.versions == []


def test_the_library_reads_notion_version_from_its_environment(tmp_path: Path) -> None:
    with connect.open_connection(
        sandbox=True, sandbox_state=tmp_path / "s.sqlite", environ={"NOTION_VERSION": NEW}
    ) as conn:
        assert conn.gateway.notion_version == NEW


def test_help_names_the_option_and_its_default() -> None:
    result = CliRunner().invoke(cli, ["apply", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert (
        "Notion API version to declare (env NOTION_VERSION): 2026-03-11 (default) or 2026-12-01."
        in " ".join(result.stdout.split())
    )
