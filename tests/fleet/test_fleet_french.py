"""The fleet speaks French to a French user: errors, the clients table, upgrade plans and results,
and the batch's warning, exactly as printed (``LANG=fr_FR.UTF-8``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_setup.cli import cli

from .conftest import V1

REPO = Path(__file__).resolve().parents[2]
AV_1 = REPO / "blueprints" / "history" / "av-1.0.0.json"
FRENCH = {"LANG": "fr_FR.UTF-8"}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(V1, tmp_path / "fleetbp.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _apply(runner: CliRunner, client: str, lang: str, blueprint: str = "fleetbp.json") -> None:
    args = ["apply", blueprint, "--sandbox", "--client", client, "--lang", lang, "-q"]
    done = runner.invoke(cli, args)
    assert done.exit_code == 0, done.output


def test_contradicting_the_recorded_answers_is_refused_in_french(here: Path) -> None:
    runner = CliRunner()
    _apply(runner, "Ana", "fr")
    _apply(runner, "Bob", "en")
    other = runner.invoke(cli, ["apply", "av", "--sandbox", "--client", "Ana"], env=FRENCH)
    assert other.exit_code == 2
    assert other.stderr.splitlines() == [
        "erreur : l'espace de « Ana » a été construit avec le blueprint fleetbp (fleetbp.json, "
        "français (fr), modules core, billing), pas av",
        '  correction : lancez `notion-setup apply fleetbp.json --client "Ana"` ; pour passer '
        'volontairement ce client à av, lancez `notion-setup upgrade --client "Ana" --to av`',
    ]
    relang = runner.invoke(
        cli, ["apply", "fleetbp.json", "--sandbox", "--client", "Bob", "--lang", "fr"]
    )
    assert relang.exit_code == 2
    assert relang.stderr.splitlines() == [
        "erreur : l'espace de « Bob » a été construit en anglais (fleetbp.json, anglais (en), "
        "modules core, billing) ; --lang fr le traduirait à moitié",
        "  correction : retirez --lang pour garder sa langue, ou ajoutez --relang pour renommer "
        "sur place en français ce que gère le blueprint",
    ]


def test_the_clients_table_and_its_errors_are_french(here: Path) -> None:
    runner = CliRunner()
    _apply(runner, "Ana", "fr")
    _apply(runner, "Bob", "en")
    table = runner.invoke(cli, ["clients", "--sandbox", "-q"], env=FRENCH)
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split() == [
        "CLIENT", "BLUEPRINT", "VERSION", "LANGUE", "MODULES", "DERNIÈRE", "APPLICATION", "ÉTAT"
    ]  # fmt: skip
    assert [line.split("  ")[0] for line in lines[1:3]] == ["Ana", "Bob"]
    assert all(line.endswith("  à jour") for line in lines[1:3])
    assert lines[3] == "2 clients, 0 avec des changements en attente, 0 ignoré(s)."
    fast = runner.invoke(cli, ["clients", "--sandbox", "--fast", "-q"], env=FRENCH)
    assert fast.stdout.splitlines()[1].endswith("  non vérifié (--fast)")
    as_json = runner.invoke(cli, ["clients", "--sandbox", "--json", "-q"], env=FRENCH)
    # --json keeps stable English codes: a CI gate reads them whatever the runner's locale
    assert [json.loads(x)["status"] for x in as_json.stdout.splitlines()] == ["up to date"] * 2
    neither = runner.invoke(cli, ["upgrade", "--sandbox", "-q"], env=FRENCH)
    assert neither.exit_code == 2
    assert neither.stderr.splitlines() == [
        "erreur : dites quels clients mettre à niveau : --client NOM ou --all (pas les deux)",
        "  correction : voyez-les d'abord avec `notion-setup clients --parent PAGE`",
    ]
    nobody = runner.invoke(
        cli, ["upgrade", "--sandbox", "--client", "Zed", "--plan", "-q"], env=FRENCH
    )
    assert nobody.exit_code == 2
    assert nobody.stderr.startswith("erreur : aucun espace du client « Zed » sous la page ")
    assert '(clients présents : "Ana", "Bob")' in nobody.stderr


def test_an_upgrade_is_planned_and_reported_in_french(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    _apply(runner, "Zoé", "fr", str(AV_1))
    plan = runner.invoke(cli, ["upgrade", "--sandbox", "--all", "--plan", "-q"], env=FRENCH)
    assert plan.exit_code == 3, plan.output
    lines = plan.stdout.splitlines()
    assert lines[:4] == [
        "Zoé: av 1.0.0 -> 2.0.0 (fr)",
        "  migration : propriété time_entries.rate -> time_entries.hourly_rate (même objet "
        "Notion, valeurs conservées)",
        "  migration : propriété invoices.quantity à supprimer (en attente de --allow-destructive)",
        "  migration : propriété invoices.unit_price à supprimer (en attente de "
        "--allow-destructive)",
    ]
    assert "  Retenu (destructif ; relancez avec --allow-destructive pour l'inclure) :" in lines
    assert (
        "  type : propriété invoices.subtotal formule -> agrégation : Notion calcule ses valeurs, "
        "aucune n'est conservée (retenu sans --allow-destructive)"
    ) in lines
    done = runner.invoke(cli, ["upgrade", "--sandbox", "--all", "--yes", "-q"], env=FRENCH)
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("Zoé : mis à niveau vers la version 2.0.0 (")
    again = runner.invoke(cli, ["upgrade", "--sandbox", "--all", "--yes", "-q"], env=FRENCH)
    assert again.stdout == "Zoé : déjà sur la version 2.0.0 (0 écriture)\n"


def test_batch_upgrade_warns_in_french_of_a_client_it_skipped(here: Path) -> None:
    runner = CliRunner()
    _apply(runner, "Gone", "en")
    (here / "fleetbp.json").unlink()
    plan = runner.invoke(cli, ["upgrade", "--sandbox", "--all", "--plan", "-q"], env=FRENCH)
    assert plan.stdout.startswith(
        "Gone ignoré : créé à partir du fichier de blueprint fleetbp.json (sha256:"
    )
    assert plan.stdout.rstrip().endswith(
        "introuvable ici : passez --to CHEMIN avec ce fichier (ou sa version plus récente)"
    )
    batch = runner.invoke(cli, ["batch", "--sandbox", "--upgrade", "-q"], env=FRENCH)
    assert batch.exit_code == 0, batch.output
    assert batch.stderr.splitlines()[-1] == (
        "attention : 1 client ignoré (Gone), non mis à niveau : --strict fait alors échouer "
        "l'exécution (code 6)"
    )
    strict = runner.invoke(cli, ["batch", "--sandbox", "--upgrade", "--strict", "-q"], env=FRENCH)
    assert strict.exit_code == 6
    assert "erreur : 1 client sur 1 ignoré (Gone)" in strict.stderr
    both = runner.invoke(cli, ["batch", "x.json", "--upgrade", "--sandbox"], env=FRENCH)
    assert both.exit_code == 2
    assert "erreur : donnez un MANIFEST, ou --upgrade avec --parent (pas les deux)" in both.stderr
