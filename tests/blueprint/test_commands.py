"""The blueprints, show, validate and init commands, through Click's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_setup.blueprint import bundled_dir
from notion_setup.cli import cli

from .conftest import INVALID, STUDIO, STUDIO_PLUS

SHOW = ["show", str(STUDIO), "--client", "Acme", "--today", "2026-01-31"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_valid_files_prints_ok_lines() -> None:
    code, out, err = run("validate", str(STUDIO), str(STUDIO_PLUS))
    assert (code, err) == (0, "")
    assert out == f"ok: {STUDIO} (studio)\nok: {STUDIO_PLUS} (studio_plus)\n"


def test_validate_several_files_reports_each_and_a_summary() -> None:
    bad = INVALID / "unknown_module.json"
    code, out, err = run("validate", str(STUDIO), str(bad))
    assert code == 2
    assert out == f"ok: {STUDIO} (studio)\n"
    assert err.endswith("error: 1 of 2 blueprints are invalid\n")
    assert f'{bad}: databases.tasks.module: no module "billing"' in err


def test_validate_unknown_bundled_name() -> None:
    code, out, err = run("validate", "nope")
    assert (code, out) == (2, "")
    assert err.startswith("error: no bundled blueprint named 'nope' (bundled: ")
    assert "Traceback" not in err


def test_show_tree_in_french() -> None:
    code, out, err = run(*SHOW, "--lang", "fr")
    assert (code, err) == (0, "")
    assert out.startswith("🗂️ Espace Acme\n├── Modules\n│   ├── Socle : Clients et tâches.\n")
    assert '│       │   ├── Total TTC  [formule = prop("Montant") * (1 + 20 / 100)]\n' in out
    assert "[relation → Clients (dans les deux sens : Factures)]" in out
    assert "Par statut  [tableau kanban, par Statut]" in out
    assert "Facturé  [agrégation somme(Factures → Montant)]" in out


def test_show_json_is_the_resolved_model() -> None:
    code, out, _ = run(*SHOW, "--json", "--without", "billing")
    assert code == 0
    data = json.loads(out)
    assert list(data) == [
        "blueprint", "lang", "client", "title", "icon", "body", "modules", "databases", "pages",
        "templates", "templates_page_title", "variables", "version", "migrations",
        "sampled_variables",
    ]  # fmt: skip
    assert [db["key"] for db in data["databases"]] == ["clients", "tasks"]
    assert data["databases"][1]["rows"][0]["values"]["client"] == ["acme"]


def test_show_vars_file_and_var(tmp_path: Path) -> None:
    vars_file = tmp_path / "vars.json"
    vars_file.write_text('{"hourly_rate": 60, "currency": "USD"}', encoding="utf-8")
    code, out, _ = run(*SHOW, "--json", "--vars-file", str(vars_file), "--var", "hourly_rate=70")
    assert code == 0
    data = json.loads(out)
    assert data["variables"]["hourly_rate"] == "70"
    assert data["variables"]["currency"] == "USD"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--var", "nope=1"], "error: unknown variable 'nope' (this blueprint declares: "
         "currency, hourly_rate, owner_email, package_hours, start_date, vat_rate)\n"
         "  fix: check the spelling; `notion-setup show BLUEPRINT --json` lists the variables\n"),
        (["--var", "hourly_rate"], "error: --var 'hourly_rate': expected key=value\n"
         "  fix: e.g. --var hourly_rate=50\n"),
        (["--without", "core"], "error: module 'core' is required by this blueprint and "
         "cannot be dropped\n"),
        (["--json", "--format", "mermaid"], "error: --json and --format mermaid cannot be "
         "combined\n"),
    ],
)  # fmt: skip
def test_show_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, out, err = run(*SHOW, *args)
    assert (code, out, err) == (2, "", message)


def test_show_vars_file_errors_name_the_file(tmp_path: Path) -> None:
    vars_file = tmp_path / "vars.json"
    vars_file.write_text('{"hourly_rate": 60,}', encoding="utf-8")
    code, _, err = run(*SHOW, "--vars-file", str(vars_file))
    assert code == 2
    assert err == (
        f"error: {vars_file}: line 1, column 20: invalid JSON: "
        "Expecting property name enclosed in double quotes\n"
    )


# A small grammar for the part of Mermaid's erDiagram syntax that mermaid_er writes.
_ENTITY = re.compile(r'^    [a-z][a-z0-9_]*\["[^"]*"\] \{$')
_ATTRIBUTE = re.compile(r'^        [a-z_]+ [a-z][a-z0-9_]* "[^"]*"$')
_RELATION = re.compile(r'^    [a-z][a-z0-9_]* \}o--o\{ [a-z][a-z0-9_]* : "[^"]*"$')


def test_show_mermaid_draws_databases_and_relations() -> None:
    code, out, _ = run(*SHOW, "--format", "mermaid", "--lang", "fr")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "erDiagram"
    for line in lines[1:]:
        assert (
            _ENTITY.match(line)
            or _ATTRIBUTE.match(line)
            or _RELATION.match(line)
            or line == "    }"
        ), line
    assert '    invoices }o--o{ clients : "Client / Factures"' in lines
    assert '    tasks }o--o{ clients : "Client"' in lines
    assert sum(1 for line in lines if "}o--o{" in line) == 2  # synced sides are not drawn twice


def test_init_copies_a_blueprint_with_schema_and_own_id(tmp_path: Path) -> None:
    target = tmp_path / "My Studio.json"
    code, out, err = run("init", str(target), "--from", str(STUDIO_PLUS))
    assert (code, out) == (0, f"{target}\n")
    assert err == f"next: edit it, then run `notion-setup validate {target}`\n"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert list(data)[:4] == ["$schema", "format", "id", "extends"]
    assert data["id"] == "my_studio"
    # A stable reference: a copy beside the file, never a path into site-packages.
    assert data["$schema"] == "./notion-setup.schema.json"
    copy = target.parent / "notion-setup.schema.json"
    assert copy.read_bytes() == (bundled_dir() / "schema.json").read_bytes()
    # The parent is named by path in the fixture; the copy points at it from its new home.
    assert data["extends"] == "studio"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    target.write_text("{}", encoding="utf-8")
    code, _, err = run("init", str(target), "--from", str(STUDIO))
    assert code == 2
    assert err == f"error: {target} already exists\n  fix: choose another name or pass --force\n"


def test_every_command_has_help() -> None:
    for name in ("blueprints", "show", "validate", "init"):
        code, out, _ = run(name, "--help")
        assert code == 0
        assert out.startswith(f"Usage: cli {name}")


def test_the_bundled_blueprints_are_valid() -> None:
    code, out, err = run("validate", "av", "obm")
    assert (code, out, err) == (0, "ok: av (av)\nok: obm (obm)\n", "")


def test_bundled_list_names_each_blueprint_and_its_modules() -> None:
    code, out, _ = run("blueprints", "--lang", "fr")
    assert code == 0
    blocks = out.strip().split("\n\n")
    assert [block.split()[0] for block in blocks] == ["av", "obm"]
    assert all("\n  Modules : core (" in block for block in blocks)


def test_show_obm_in_french_uses_french_labels() -> None:
    code, out, err = run("show", "obm", "--lang", "fr", "--client", "Atelier Rose")
    assert (code, err) == (0, "")
    for english in ("Databases", "Templates", "properties", "views", "starter row", "two-way",
                    "synced with", "[title", "[number", "[select"):  # fmt: skip
        assert english not in out


def test_show_av_mermaid_renders() -> None:
    code, out, _ = run("show", "av", "--format", "mermaid")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "erDiagram"
    for line in lines[1:]:
        assert (
            _ENTITY.match(line)
            or _ATTRIBUTE.match(line)
            or _RELATION.match(line)
            or line == "    }"
        ), line
