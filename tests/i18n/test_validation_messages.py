"""Blueprint problems in the user's language: ``file: path: message``, exact, English and French.

Schema problems (jsonschema's validators mapped to our own sentences) and semantic checks
(``blueprint/checks.py``) both speak French under ``LANG=fr_FR.UTF-8``; the JSON path stays.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_setup.cli import cli

INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "blueprints" / "invalid"

#: fixture -> (the problem in English, the problem in French), file prefix left out.
CASES = {
    # jsonschema: required
    "board_without_group_by": (
        'databases.tasks.views[1]: missing required key "group_by"',
        "databases.tasks.views[1]: la clé obligatoire « group_by » manque",
    ),
    # jsonschema: required, on a localised text
    "missing_translation": (
        'databases.tasks.properties.hours.name: missing the French text "fr" '
        "(every text needs en and fr)",
        "databases.tasks.properties.hours.name: le texte français « fr » manque "
        "(chaque texte demande en et fr)",
    ),
    # jsonschema: pattern (keys)
    "bad_key": (
        'databases: "Notes" is not a valid key: use lowercase letters, digits and _, '
        "starting with a letter",
        "databases: « Notes » n'est pas une clé valide : utilisez des minuscules, des chiffres "
        "et _, en commençant par une lettre",
    ),
    # jsonschema: pattern (versions)
    "bad_version": (
        'version: "2.0" is not a version: write MAJOR.MINOR.PATCH, such as 2.0.0',
        "version: « 2.0 » n'est pas une version : écrivez MAJEURE.MINEURE.CORRECTIF, "
        "par exemple 2.0.0",
    ),
    # jsonschema: maxLength
    "description_too_long": (
        "databases.tasks.properties.hours.description.en: too long: 281 characters, "
        "at most 280 allowed",
        "databases.tasks.properties.hours.description.en: trop long : 281 caractères, 280 au plus",
    ),
    # checks.py: property types
    "calendar_on_number": (
        'databases.tasks.views[1].date_property: "hours" is a number property; calendar views '
        "need a date property (date, created or edited time)",
        "databases.tasks.views[1].date_property: « hours » est une propriété number ; les vues "
        "calendar demandent une propriété date (date, date de création ou de modification)",
    ),
    # checks.py: names unique per language
    "duplicate_property_name": (
        'databases.tasks.properties.due.name.en: property name "Due" (en) is already used by '
        "databases.tasks.properties.hours; Notion needs them distinct",
        "databases.tasks.properties.due.name.en: nom de propriété « Due » (en) déjà utilisé par "
        "databases.tasks.properties.hours ; Notion les veut distincts",
    ),
    # checks.py: filters
    "filter_unknown_option": (
        'databases.tasks.views[0].filter.status.equals: no option "done" in tasks.state '
        "(options: todo)",
        "databases.tasks.views[0].filter.status.equals: pas d'option « done » dans tasks.state "
        "(options : todo)",
    ),
    # checks.py: starter rows
    "row_bad_date": (
        'databases.tasks.rows[0].values.due: "next week" is not a date: write "2026-01-31", '
        '"+30d", "-1w", "+2m" or "{{start_date}}"',
        "databases.tasks.rows[0].values.due: « next week » n'est pas une date : écrivez "
        "« 2026-01-31 », « +30d », « -1w », « +2m » ou « {{start_date}} »",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_names_the_problem_in_english(name: str) -> None:
    path = INVALID / f"{name}.json"
    result = CliRunner().invoke(cli, ["validate", str(path)], env={"LANG": "C.UTF-8"})
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}: invalid blueprint (1 problem)\n  {path}: {CASES[name][0]}\n"
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_names_the_problem_in_french(name: str) -> None:
    path = INVALID / f"{name}.json"
    result = CliRunner().invoke(cli, ["validate", str(path)], env={"LANG": "fr_FR.UTF-8"})
    assert result.exit_code == 2
    assert result.stderr == (
        f"erreur : {path}: blueprint invalide (1 problème)\n  {path}: {CASES[name][1]}\n"
    )


def test_apply_under_lang_fr_reports_a_broken_blueprint_in_french() -> None:
    path = INVALID / "bad_version.json"
    result = CliRunner().invoke(
        cli, ["apply", str(path), "--sandbox", "--client", "X", "--lang", "fr"]
    )
    assert result.exit_code == 2
    assert f"{path}: version: « 2.0 » n'est pas une version" in result.stderr
