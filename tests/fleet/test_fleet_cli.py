"""clients, upgrade and batch --upgrade from the command line, on the embedded sandbox."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_setup.cli import cli

from .conftest import V1, V2


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding version 1 as fleetbp.json, like a freelancer's repository."""
    shutil.copy(V1, tmp_path / "fleetbp.json")
    (tmp_path / "history").mkdir()
    shutil.copy(V1, tmp_path / "history" / "fleetbp-1.0.0.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_clients_lists_each_client_and_upgrade_needs_a_choice(here: Path) -> None:
    runner = CliRunner()
    for name, lang in (("Ana", "fr"), ("Bob", "en")):
        done = runner.invoke(
            cli, ["apply", "fleetbp.json", "--sandbox", "--client", name, "--lang", lang, "-q"]
        )
        assert done.exit_code == 0, done.output
    listed = runner.invoke(cli, ["clients", "--sandbox", "--json", "-q"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["client"], r["lang"], r["source"], r["status"]) for r in rows] == [
        ("Ana", "fr", "fleetbp.json", "up to date"),
        ("Bob", "en", "fleetbp.json", "up to date"),
    ]
    table = runner.invoke(cli, ["clients", "--sandbox", "--fast", "-q"])
    assert table.exit_code == 0
    assert table.stdout.splitlines()[-1] == "2 clients, 0 with changes pending, 0 skipped."
    neither = runner.invoke(cli, ["upgrade", "--sandbox", "-q"])
    assert neither.exit_code == 2
    assert "say which clients to upgrade: --client NAME or --all" in neither.stderr


def test_a_client_whose_blueprint_file_is_gone_is_listed_and_skipped(here: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["apply", "fleetbp.json", "--sandbox", "--client", "Gone", "--lang", "en", "-q"]
        ).exit_code
        == 0
    )
    (here / "fleetbp.json").unlink()
    listed = runner.invoke(cli, ["clients", "--sandbox", "-q"])
    assert listed.exit_code == 0, listed.output
    assert "skipped: made from blueprint file fleetbp.json (sha256:" in listed.stdout
    plan = runner.invoke(cli, ["upgrade", "--sandbox", "--all", "--plan", "-q"])
    assert plan.exit_code == 0
    assert plan.stdout.startswith("Skipped Gone: made from blueprint file fleetbp.json (sha256:")
    assert "which is not at hand: pass --to PATH" in plan.stdout
    batch = runner.invoke(cli, ["batch", "--sandbox", "--upgrade", "--plan", "--json", "-q"])
    assert batch.exit_code == 0, batch.output  # skipped is not failed: a warning, exit 0
    (line,) = [json.loads(x) for x in batch.stdout.splitlines()]
    assert (line["client"], line["status"]) == ("Gone", "skipped")
    assert "made from blueprint file fleetbp.json" in line["error"]["message"]
    assert "failed" not in batch.stderr
    assert batch.stderr.splitlines()[-1] == (
        "warning: 1 client skipped (Gone), not upgraded: --strict makes that fail the run (exit 6)"
    )
    table = runner.invoke(cli, ["batch", "--sandbox", "--upgrade", "-q"])
    assert table.exit_code == 0, table.output
    assert table.stdout.startswith("1 client: 0 ok, 1 skipped in ")
    strict = runner.invoke(cli, ["batch", "--sandbox", "--upgrade", "--strict", "-q"])
    assert strict.exit_code == 6, strict.output  # a CI job that must upgrade every client
    assert "error: 1 of 1 client skipped (Gone)" in strict.stderr
    assert "pass --to PATH with each skipped client's blueprint file" in strict.stderr


def test_upgrade_and_batch_upgrade_take_a_new_version_file(here: Path) -> None:
    runner = CliRunner()
    for name in ("Ana", "Bob", "Cleo"):
        assert (
            runner.invoke(
                cli, ["apply", "fleetbp.json", "--sandbox", "--client", name, "--lang", "en", "-q"]
            ).exit_code
            == 0
        )
    shutil.copy(V2, here / "fleetbp.json")  # the freelancer edits her blueprint
    plan = runner.invoke(cli, ["upgrade", "--sandbox", "--all", "--plan", "-q"])
    assert plan.exit_code == 3, plan.output
    assert "Ana: fleetbp ? -> ? (en)" in plan.stdout
    done = runner.invoke(cli, ["upgrade", "--sandbox", "--client", "Ana", "--yes", "-q"])
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("Ana: upgraded to the blueprint (")
    shard = runner.invoke(
        cli,
        [
            "batch",
            "--sandbox",
            "--upgrade",
            "--shard",
            "2/2",
            "--json",
            "-q",
            "--report",
            str(here / "junit.xml"),
        ],
    )
    assert shard.exit_code == 0, shard.output
    assert [json.loads(x)["client"] for x in shard.stdout.splitlines()] == ["Bob"]
    assert 'name="Bob"' in (here / "junit.xml").read_text()
    rest = runner.invoke(cli, ["batch", "--sandbox", "--upgrade", "--json", "-q"])
    results = {json.loads(x)["client"]: json.loads(x) for x in rest.stdout.splitlines()}
    assert results["Cleo"]["writes"] > 0 and results["Ana"]["writes"] == 0
    assert results["Bob"]["writes"] == 0
    clean = runner.invoke(cli, ["upgrade", "--sandbox", "--all", "--plan", "-q"])
    assert clean.exit_code == 0, clean.output
