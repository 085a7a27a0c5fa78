"""``notion-setup preview``: exit codes, stdout/stderr, the file it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_setup.blueprint.source import bundled_names
from notion_setup.cli import cli

from .htmlcheck import check

STUDIO = Path(__file__).parent.parent / "fixtures" / "blueprints" / "valid" / "studio.json"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NOTION_SETUP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_writes_the_file_prints_its_path_and_reports_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "studio.html"
    result = CliRunner().invoke(
        cli,
        ["preview", str(STUDIO), "--lang", "fr", "--client", "Acme", "--today", "2026-03-02",
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out}\n"
    assert result.stderr == (
        f"aperçu : 3 bases, 12 vues, 2 pages, 2 modèles -> {out}\n"
        "Blocs ajoutés : 28 (un espace Free à plusieurs membres en accepte 1 000 au total)\n"
    )
    html = out.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert check(html).errors == []


def test_default_file_name_comes_from_the_blueprint_and_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["preview", str(STUDIO), "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "studio-preview-en.html\n"
    assert result.stderr == ""
    assert (tmp_path / "studio-preview-en.html").is_file()


def test_out_dash_writes_the_html_to_stdout() -> None:
    result = CliRunner().invoke(cli, ["preview", str(STUDIO), "--out", "-", "-q"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>\n")
    assert result.stdout.endswith("</html>\n")
    assert result.stderr == ""


def test_json_summary(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    result = CliRunner().invoke(
        cli, ["preview", str(STUDIO), "--json", "--out", str(out), "--without", "billing"]
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary == {
        "blueprint": "studio",
        "lang": "en",
        "path": str(out),
        "bytes": len(out.read_bytes()),
        "databases": 2,
        "views": 9,
        "pages": 2,
        "templates": 1,
        "rows": 4,
        "blocks": 22,
    }
    assert result.stderr == ""


def test_variables_reach_the_page(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    result = CliRunner().invoke(
        cli, ["preview", str(STUDIO), "--client", "Zed & Co", "-q", "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert "Zed &amp; Co" in out.read_text(encoding="utf-8")


def test_unknown_blueprint_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["preview", "no-such-blueprint"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "no-such-blueprint" in result.stderr


def test_bad_var_is_a_usage_error_naming_the_fix() -> None:
    result = CliRunner().invoke(cli, ["preview", str(STUDIO), "--var", "oops"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --var 'oops': expected key=value\n  fix: e.g. --var hourly_rate=50\n"
    )


def test_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "missing-folder" / "p.html"
    result = CliRunner().invoke(cli, ["preview", str(STUDIO), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {out}: cannot write the preview: No such file or directory\n"
        "  fix: pass --out with a path in a folder you can write to\n"
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_blueprint_previews_completely(name: str, lang: str, tmp_path: Path) -> None:
    from notion_setup.blueprint import load_blueprint, resolve

    out = tmp_path / f"{name}.html"
    result = CliRunner().invoke(
        cli, ["preview", name, "--lang", lang, "--today", "2026-03-04", "-q", "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    parsed = check(out.read_text(encoding="utf-8"))
    assert parsed.errors == [] and parsed.stack == []
    ids = set(parsed.ids)
    workspace = resolve(load_blueprint(name), lang=lang, client="Client")
    for db in workspace.databases:
        assert {f"db-{db.key}"} | {f"db-{db.key}-view-{v.key}" for v in db.views} <= ids
    assert {f"page-{p.key}" for p in workspace.pages} <= ids
    assert {f"template-{t.key}" for t in workspace.templates} <= ids
