"""Manifests: JSON with defaults, CSV for the simple case, every problem named with its place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from notion_setup.batch import ClientSpec, load_manifest
from notion_setup.batch.manifest import manifest_schema
from notion_setup.errors import ExitCode, ManifestInvalid
from notion_setup.notion_ids import parse_notion_id as parse_page_id

from .helpers import MINI, write_manifest

PAGE = "1f2e3d4c5b6a79881f2e3d4c5b6a7988"
DASHED = "1f2e3d4c-5b6a-7988-1f2e-3d4c5b6a7988"


def problems_of(path: Path) -> list[str]:
    """The problem lines of the ManifestInvalid that loading ``path`` raises."""
    with pytest.raises(ManifestInvalid) as info:
        load_manifest(path)
    assert info.value.exit_code == ExitCode.USAGE
    head, *lines = str(info.value).splitlines()
    assert head.startswith(f"{path}: invalid manifest (")
    return [line.strip().removeprefix(f"{path}: ") for line in lines]


def test_defaults_apply_to_every_client_and_a_client_overrides_them(tmp_path: Path) -> None:
    (tmp_path / "bp").mkdir()
    (tmp_path / "bp" / "mine.json").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    data = {
        "$schema": "../blueprints/manifest.schema.json",
        "format": 1,
        "defaults": {
            "blueprint": "./bp/mine.json",
            "lang": "fr",
            "parent": PAGE,
            "token_env": "NOTION_TOKEN_AGENCY",
            "variables": {"hourly_rate": 45, "currency": "EUR"},
        },
        "clients": [
            {"name": "  Acme  "},
            {
                "name": "Globex",
                "blueprint": "av",
                "lang": "en",
                "parent": f"https://www.notion.so/team/Clients-{PAGE}?pvs=4",
                "token_env": "NOTION_TOKEN_GLOBEX",
                "variables": {"hourly_rate": 60.0, "vip": True},
                "without": ["billing"],
            },
        ],
    }
    manifest = load_manifest(write_manifest(tmp_path, data))
    acme, globex = manifest.clients
    assert acme == ClientSpec(
        name="Acme",
        blueprint=str((tmp_path / "bp" / "mine.json").resolve()),
        parent=DASHED,
        lang="fr",
        token_env="NOTION_TOKEN_AGENCY",
        variables=(("hourly_rate", "45"), ("currency", "EUR")),
        index=0,
        where="clients[0]",
    )
    assert globex == ClientSpec(
        name="Globex",
        blueprint="av",
        parent=DASHED,
        lang="en",
        token_env="NOTION_TOKEN_GLOBEX",
        variables=(("hourly_rate", "60"), ("currency", "EUR"), ("vip", "true")),
        without=("billing",),
        index=1,
        where="clients[1]",
    )


def test_token_env_defaults_to_notion_token_and_parent_may_be_left_out(tmp_path: Path) -> None:
    data = {"format": 1, "clients": [{"name": "Acme", "blueprint": "av", "lang": "en"}]}
    (client,) = load_manifest(write_manifest(tmp_path, data)).clients
    assert (client.token_env, client.parent) == ("NOTION_TOKEN", None)


def test_a_csv_manifest_has_one_client_per_line(tmp_path: Path) -> None:
    text = (
        "name,blueprint,lang,parent,token_env,modules,var.hourly_rate\n"
        f'Acme,av,fr,{PAGE},TOKEN_A,"core, billing",50\n'
        "\n"
        "Globex,obm,en,,,,\n"
    )
    manifest = load_manifest(write_manifest(tmp_path, text, "clients.csv"))
    acme, globex = manifest.clients
    assert (acme.name, acme.lang, acme.parent, acme.token_env) == ("Acme", "fr", DASHED, "TOKEN_A")
    assert acme.only == ("core", "billing") and acme.variables == (("hourly_rate", "50"),)
    assert (acme.where, globex.where) == ("line 2", "line 4")
    assert (globex.parent, globex.token_env, globex.only) == (None, "NOTION_TOKEN", ())


CASES: list[tuple[str, Any, list[str]]] = [
    (
        "no_lang.json",
        {"format": 1, "clients": [{"name": "Acme", "blueprint": "av"}]},
        ['clients[0].lang: missing "lang": set it for this client or in "defaults" ("en" or "fr")'],
    ),
    (
        "typos.json",
        {
            "format": 1,
            "clients": [{"name": "Acme", "blueprint": "av", "lang": "de", "tokn_env": "X"}],
        },
        [
            'clients[0].lang: the string "de" is not allowed; use one of: en, fr',
            'clients[0].tokn_env: unknown key "tokn_env" (did you mean "token_env"?); allowed: '
            "blueprint, lang, modules, name, parent, token_env, variables, without",
        ],
    ),
    (
        "duplicates.json",
        {
            "format": 1,
            "defaults": {"blueprint": "av", "lang": "fr"},
            "clients": [
                {"name": "Acme"},
                {"name": "acme "},
                {"name": "B", "parent": "nope", "modules": ["core"], "without": ["billing"]},
            ],
        },
        [
            'clients[1].name: "acme" is already the name of clients[0]; names must be unique',
            "clients[2].parent: not a Notion page id or link: open the page in Notion, copy its "
            "link (the id is the 32 hex characters at its end)",
            'clients[2].without: set "modules" (keep only these) or "without" (drop these), '
            "not both",
        ],
    ),
    (
        "broken.json",
        '{"format": 1, "clients": [\n {"name": "A",}\n]}',
        ["line 2, column 15: invalid JSON: Expecting property name enclosed in double quotes"],
    ),
    (
        "twice.json",
        '{"format": 1, "format": 1, "clients": []}',
        ['key "format" appears twice in one object; keep only one'],
    ),
    (
        "empty.json",
        {"format": 2, "clients": []},
        [
            "clients: needs at least 1 item",
            "format: the number 2 is not allowed; use one of: 1",
        ],
    ),
    (
        "shapes.json",
        {
            "format": 1,
            "defaults": {"token_env": "my-token", "variables": {"Rate": 1}},
            "clients": [{"name": "A", "blueprint": "av", "lang": "en", "variables": {"x": [1]}}],
        },
        [
            "clients[0].variables.x: expected a string or a number or true or false, got a list",
            "defaults.token_env: must be the NAME of an environment variable (letters, digits, _),"
            " e.g. NOTION_TOKEN_ACME",
            'defaults.variables: "Rate" is not a valid key: use lowercase letters, digits and _, '
            "starting with a letter",
        ],
    ),
    (
        "typo.csv",
        "name,blueprint,lang,parnt\nAcme,av,fr,\n",
        [
            'line 1: unknown column "parnt" (column 4); allowed: name, blueprint, parent, lang, '
            "token_env, modules, without, var.<variable>"
        ],
    ),
    (
        "rows.csv",
        "name,blueprint,lang,var.hourly_rate\nAcme,av,fr,50\n\nBeta,av,de,\n,av,fr,\n",
        [
            'line 4, column lang: the string "de" is not allowed; use one of: en, fr',
            'line 5: missing required key "name"',
        ],
    ),
    ("nameless.csv", "blueprint\nav\n", ['line 1: missing the "name" column']),
    ("wide.csv", "name,lang\nA,en,extra\n", ["line 2: 3 cells but the header has 2 columns"]),
    ("blank.csv", "\n", ["empty CSV: the first line must name the columns"]),
]


@pytest.mark.parametrize(("name", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_problem_is_named_with_its_place(
    tmp_path: Path, name: str, data: Any, expected: list[str]
) -> None:
    assert problems_of(write_manifest(tmp_path, data, name)) == expected


def test_a_token_in_the_manifest_is_refused_without_being_repeated(tmp_path: Path) -> None:
    secret = "secret_abcdefghijklmnopqrstuvwxyz0123"
    data = {
        "format": 1,
        "defaults": {"token_env": secret},
        "clients": [{"name": "Acme", "token": "ntn_123456789012345678901234"}],
    }
    path = write_manifest(tmp_path, data)
    with pytest.raises(ManifestInvalid) as info:
        load_manifest(path)
    text = str(info.value)
    assert secret not in text and "ntn_1234" not in text
    # Every problem at once: the tokens, and what the client also lacks.
    assert problems_of(path) == [
        'clients[0].blueprint: missing "blueprint": set it for this client or in "defaults" '
        '(a bundled name such as "av" or a path to a .json file)',
        'clients[0].lang: missing "lang": set it for this client or in "defaults" ("en" or "fr")',
        'clients[0].token: a manifest never holds tokens: remove "token" and name the '
        'environment variable that holds it in "token_env"',
        "defaults.token_env: looks like a Notion token: tokens never go in a manifest; put it in "
        "an environment variable (a CI secret) and give that variable's name in token_env",
    ]


def test_a_missing_file_is_a_manifest_problem(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nowhere.json") == ["file not found"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PAGE, DASHED),
        (DASHED, DASHED),
        (PAGE.upper(), DASHED),
        (f"https://www.notion.so/Acme-Clients-{PAGE}", DASHED),
        (f"https://www.notion.so/acme/{PAGE}?v=abc#section", DASHED),
        ("https://www.notion.so/cafe-" + PAGE, DASHED),
        (PAGE[:-1], None),
        (PAGE + "0", None),
        ("Acme", None),
        ("https://www.notion.so/Acme", None),
    ],
)
def test_parent_pages_are_ids_or_links(text: str, expected: str | None) -> None:
    assert parse_page_id(text) == expected


@given(st.uuids())
def test_any_page_id_reads_back_the_same_in_every_form(page: Any) -> None:
    dashed = str(page)
    for form in (dashed, page.hex, f"https://www.notion.so/Some-Title-{page.hex}"):
        assert parse_page_id(form) == dashed


def test_the_published_schema_is_draft_2020_12_and_documents_every_client_key() -> None:
    schema = manifest_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    client = schema["$defs"]["client"]["properties"]
    assert set(client) == {
        "name", "blueprint", "parent", "lang", "token_env", "variables", "modules", "without"
    }  # fmt: skip
    assert json.loads(json.dumps(schema)) == schema
