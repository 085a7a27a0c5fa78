"""Messages follow the language the client's workspace was built in, then --lang, then the locale.

A French workspace re-run without ``--lang`` under ``LANG=C`` speaks French from the moment its
recorded answers are read; what is printed before that follows ``--lang`` or the locale.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from notion_setup.cli import cli
from notion_setup.messages import current_language

from ..conftest import Prebuilt

MINI = str(Path(__file__).resolve().parents[1] / "lifecycle" / "fixtures" / "mini.json")


def run(*args: str, lang: str = "C.UTF-8") -> Result:
    return CliRunner().invoke(cli, list(args), env={"LANG": lang})


@pytest.fixture
def french_workspace() -> None:
    """The client X's workspace, built in French from the mini blueprint."""
    result = run("apply", MINI, "--sandbox", "--client", "X", "--lang", "fr", "-q")
    assert result.exit_code == 0, result.output


def test_av_applied_in_french_then_planned_under_lang_c_prints_french(prebuilt: Prebuilt) -> None:
    prebuilt.restore(("apply", "av", "--sandbox", "--client", "X", "--lang", "fr", "-q"))
    result = run("plan", "av", "--sandbox", "--client", "X")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Plan pour X (av, fr) :\n")
    assert "Aucun changement : l'espace correspond au blueprint" in result.stdout
    assert "Appels à l'API : " in result.stdout
    # The answers are read before the first status line: every line is French.
    assert result.stderr.splitlines()[0].startswith(
        "Planification du blueprint av pour X sur le bac à sable ("
    )
    assert current_language() == "en"  # the process's language is left as it was found


@pytest.mark.usefixtures("french_workspace")
def test_apply_again_without_lang_speaks_the_workspaces_french() -> None:
    result = run("apply", MINI, "--sandbox", "--client", "X")
    assert result.exit_code == 0, result.output
    assert "Aucun changement : l'espace correspond déjà au blueprint (0 écriture)." in result.stdout
    assert "Application du blueprint" in result.stderr
    assert "Applying" not in result.stderr


def test_an_english_workspace_speaks_english_under_a_french_locale() -> None:
    assert run("apply", MINI, "--sandbox", "--client", "E", "--lang", "en", "-q").exit_code == 0
    result = run("plan", MINI, "--sandbox", "--client", "E", lang="fr_FR.UTF-8")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Plan for E (mini, en):\n")
    assert result.stderr.splitlines()[0].startswith("Planning ")


def test_a_new_workspace_follows_the_locale() -> None:
    result = run("plan", MINI, "--sandbox", "--client", "N", lang="fr_FR.UTF-8")
    assert result.exit_code == 3, result.output
    assert result.stdout.startswith("Plan pour N (mini, fr) :\n")


@pytest.mark.usefixtures("french_workspace")
def test_new_on_a_french_workspace_speaks_french_under_lang_c() -> None:
    result = run("new", "monthly_invoice", "--sandbox", "--client", "X", "--blueprint", MINI)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("« Facture ")
    assert " » créée dans Factures : " in result.stdout.splitlines()[0]


@pytest.mark.usefixtures("french_workspace")
def test_destroy_of_a_french_workspace_speaks_french_under_lang_c() -> None:
    result = run("destroy", "--sandbox", "--client", "X", "--yes")
    assert result.exit_code == 0, result.output
    # Read before the registry: the locale's English; after it, French.
    lines = result.stderr.splitlines()
    assert lines[0].startswith('Reading the workspace of "X" on sandbox (')
    assert lines[1] == "À mettre à la corbeille pour le client « X » (page racine « Espace X ») :"
    assert "[2/8] corbeille vue liée Impayées" in lines
    assert "[8/8] corbeille racine Espace X" in lines
    assert result.stdout.startswith("8 objets de « X » mis à la corbeille")


@pytest.mark.usefixtures("french_workspace")
def test_export_of_a_french_workspace_speaks_french_under_lang_c(tmp_path: Path) -> None:
    listed = run("plan", MINI, "--sandbox", "--client", "X", "--json")
    root = __import__("json").loads(listed.stdout)["root_url"].rsplit("-", 1)[-1][-32:]
    out = tmp_path / "x.json"
    result = run("export", root, "--sandbox", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0].startswith("Reading page ")
    assert "[*] lecture   page Accueil" in result.stderr.splitlines()
    assert "[*] lecture   base Clients" in result.stderr.splitlines()
    assert result.stdout.startswith("Blueprint 'espace_x' exporté dans ")


def test_doctor_speaks_french_under_a_french_locale() -> None:
    result = run("doctor", "--sandbox", lang="fr_FR.UTF-8")
    assert result.exit_code == 0, result.output
    lines = [line.split(None, 2) for line in result.stdout.splitlines()[:-1]]
    assert [(status, name) for status, name, _detail in lines] == [
        ("ok", "connection"),
        ("ok", "api"),
        ("ok", "token"),
        ("ok", "parent"),
        ("ok", "read_content"),
        ("ok", "insert_content"),
        ("ok", "update_content"),
        ("ok", "limits"),
    ]
    details = [detail for _status, _name, detail in lines]
    assert details[0].startswith("le bac à sable (")
    assert details[1].startswith("a répondu en ")
    assert details[2] == (
        "valide : intégration « Sandbox » de l'espace de travail « Sandbox workspace » "
        "(propriétaire : workspace)"
    )
    assert details[4:7] == [
        "peut lire le contenu de la page",
        "a créé une page sonde",
        "peut modifier des pages (page sonde mise à la corbeille)",
    ]
    assert details[7].startswith("forfait : ")
    assert result.stdout.splitlines()[-1] == "Toutes les vérifications sont passées."
