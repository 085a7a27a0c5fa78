"""The tool speaks English and French: complete catalogues, the right language, no English left."""

from __future__ import annotations

import gettext
import io
import re
import string
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_setup.blueprint import load_blueprint
from notion_setup.cli import cli
from notion_setup.messages import (
    DOMAIN,
    LOCALE_DIR,
    _,
    current_language,
    language_from_environment,
    maintain,
    use_language,
)
from notion_setup.plan import DEFAULT_VIEW_NAME


@pytest.fixture(scope="module")
def messages() -> dict[str, str | None]:
    """Every message the program can show (extracted once a module: it reads every source)."""
    return maintain.collect()


def fields(text: str) -> set[str]:
    """The ``{placeholders}`` (and ``%(name)s``) of a message."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return names | set(re.findall(r"%\((\w+)\)", text))


@pytest.fixture(scope="module")
def french() -> dict[object, object]:
    catalog = maintain.read("fr")
    return {m.id: m.string for m in catalog if m.id}


def test_every_message_has_a_french_translation(
    french: dict[object, object], messages: dict[str, str | None]
) -> None:
    missing = []
    for msgid, plural in messages.items():
        key: object = (msgid, plural) if plural else msgid
        found = french.get(key)
        if not found or (isinstance(found, tuple) and not all(found)):
            missing.append(msgid)
    assert missing == [], "run `make messages` and translate these in locale/fr"


def test_every_message_is_in_the_english_catalogue(messages: dict[str, str | None]) -> None:
    english = {m.id for m in maintain.read("en") if m.id}
    keys = {(msgid, plural) if plural else msgid for msgid, plural in messages.items()}
    assert keys - english == set()


def test_translations_keep_every_placeholder(french: dict[object, object]) -> None:
    wrong = []
    for key, text in french.items():
        ids = key if isinstance(key, tuple) else (key,)
        texts = text if isinstance(text, tuple) else (text,)
        wanted = set().union(*(fields(str(i)) for i in ids))
        for translated in texts:
            # A singular form may leave out the count ("une ligne"); it may not invent one.
            if not fields(str(translated)) <= wanted or (
                len(ids) == 1 and fields(str(translated)) != wanted
            ):
                wrong.append((key, translated))
    assert wrong == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_compiled_catalogue_is_the_po_file(lang: str) -> None:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    fresh_bytes = maintain.compiled(maintain.read(lang))
    fresh = gettext.GNUTranslations(io.BytesIO(fresh_bytes))
    assert shipped._catalog == fresh._catalog, "run `make messages` to recompile"  # type: ignore[attr-defined]


def test_the_wheel_ships_the_compiled_catalogues() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert '"locale/*/LC_MESSAGES/*.mo"' in pyproject


# --- which language -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_CA"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LC_MESSAGES": "fr_BE", "LANG": "en_GB"}, "fr"),
        ({"LANGUAGE": "de:fr", "LANG": "en_US"}, "fr"),
        ({"LANGUAGE": "en", "LC_ALL": "fr_FR"}, "en"),
        ({"NOTION_SETUP_LANG": "fr", "LANG": "en_US"}, "fr"),
        ({}, "en"),
    ],
)
def test_the_environment_chooses_the_language(environ: dict[str, str], lang: str) -> None:
    assert language_from_environment(environ) == lang


def test_lang_wins_over_the_environment_and_the_recorded_language_wins_over_lang() -> None:
    result = CliRunner().invoke(cli, ["plan", "av", "--sandbox", "--client", "L", "--lang", "en"],
                                env={"LANG": "fr_FR.UTF-8"})  # fmt: skip
    assert result.stdout.startswith("Plan for L (av, en):")
    try:
        use_language("en")
        assert _("Left alone:") == "Left alone:"
        use_language("fr")  # what the registry does with the workspace's recorded language
        assert _("Left alone:") == "Laissé tel quel :"
        assert current_language() == "fr"
    finally:
        use_language("en")


def test_a_run_leaves_the_process_language_as_it_found_it() -> None:
    CliRunner().invoke(cli, ["blueprints", "--lang", "fr"])
    assert current_language() == "en"


def test_clicks_own_usage_errors_are_french() -> None:
    result = CliRunner().invoke(cli, ["apply", "av", "--sandbox", "--lang", "fr"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "Utilisation : cli apply [OPTIONS] BLUEPRINT"
    assert "Erreur : Option manquante '--client'." in result.stderr


def test_help_is_french_under_a_french_locale() -> None:
    result = CliRunner().invoke(cli, ["apply", "--help"], env={"LANG": "fr_FR.UTF-8"})
    assert "Crée ou complète l'espace du client" in result.stdout
    assert "Afficher ce message et quitter." in result.stdout
    again = CliRunner().invoke(cli, ["apply", "--help"], env={"LANG": "en_US.UTF-8"})
    assert "Create or complete the client's workspace" in again.stdout


# --- apply obm --lang fr prints no English word of the tool's own ----------------------------

WORD = re.compile(r"[A-Za-zÀ-ÿ']+")


def words(text: str) -> set[str]:
    text = re.sub(r"https?://\S+|/\S+|\{[^}]*\}|`[^`]*`|--?[\w-]+|\$\w+", " ", text)
    return {w.lower().strip("'") for w in WORD.findall(text) if len(w) > 2}


def english_only_words(french: dict[object, object], messages: dict[str, str | None]) -> set[str]:
    english: set[str] = set()
    for msgid, plural in messages.items():
        english |= words(msgid) | words(plural or "")
    translated: set[str] = set()
    for text in french.values():
        for item in text if isinstance(text, tuple) else (text,):
            translated |= words(str(item))
    return english - translated


def blueprint_words(name: str, lang: str) -> set[str]:
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, Mapping):
            if set(value) == {"en", "fr"}:
                found.update(words(str(value[lang])))
                return
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(load_blueprint(name).document)
    return found


def test_apply_obm_in_french_prints_no_english_word_of_the_tool(
    french: dict[object, object], messages: dict[str, str | None]
) -> None:
    result = CliRunner().invoke(
        cli, ["apply", "obm", "--sandbox", "--client", "Cabinet Dupont", "--lang", "fr"]
    )
    assert result.exit_code == 0, result.output
    # Notion names a new database's first view "Default view"; the tool renames it and says so.
    notion_own = {"default", "view"} & words(DEFAULT_VIEW_NAME)
    shown = words(result.stdout + result.stderr) - blueprint_words("obm", "fr") - notion_own
    english = english_only_words(french, messages)
    assert len(english) > 100  # the check has words to look for
    assert shown & english == set()
    summary = result.stdout.splitlines()[-3:]
    assert summary[0] == "Terminé : 332 créés, 1 mis à jour, 0 supprimés, 0 inchangés."
    assert summary[1].startswith("Appels à l'API : 375 (339 écritures), nouvelles tentatives : 0")
    assert summary[2].startswith("Ouvrir l'espace : file://")
    progress = result.stderr.splitlines()
    assert progress[0].startswith(
        "Application du blueprint obm pour Cabinet Dupont sur le bac à sable ("
    )
    assert progress[1] == "Lecture de l'espace de « Cabinet Dupont »…"
    assert progress[2] == "[  1/339] création  racine Cabinet Dupont – Pilotage de l'activité"
    assert "{{" not in result.stdout + result.stderr
