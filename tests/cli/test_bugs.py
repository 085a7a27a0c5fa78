"""The bugs of issue 14 "found on the way", each pinned by the behaviour that fixes it."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner, Result

from notion_setup.blueprint.render import render_tree
from notion_setup.cli import cli
from notion_setup.messages import notion_terms
from notion_setup.preview.i18n import Words

from ..conftest import Prebuilt


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def test_batch_reports_every_manifest_problem_in_one_run(tmp_path: Path) -> None:
    manifest = tmp_path / "clients.json"
    manifest.write_text(
        json.dumps(
            {
                "format": 1,
                "defaults": {"blueprint": "av"},
                "clients": [
                    {"name": "Acme", "lang": "de"},  # schema
                    {"name": "Beta", "lang": "fr", "parent": "hello"},  # not an id
                    {"name": "Gamma", "lang": "fr", "token": "x"},  # a token in a manifest
                    {"name": "Delta", "lang": "fr", "blueprint": "nope"},  # pre-flight
                    {"name": "Echo", "lang": "fr", "variables": {"hourly": 5}},  # pre-flight
                ],
            }
        )
    )
    result = run("batch", str(manifest), "--sandbox", "--plan")
    assert result.exit_code == 2
    paths = re.findall(r"^  \S+: (clients\[\d\][^:]*):", result.stderr, flags=re.MULTILINE)
    assert paths == [
        "clients[0].lang",
        "clients[1].parent",
        "clients[2].token",
        "clients[3].blueprint",
        "clients[4] (Echo)",
    ]
    assert result.stderr.startswith(f"error: {manifest}: invalid manifest (5 problems)\n")


def test_a_csv_with_semicolons_as_french_spreadsheets_export_is_read(tmp_path: Path) -> None:
    manifest = tmp_path / "clients.csv"
    manifest.write_text("name;blueprint;lang;var.hourly_rate\nAcme;av;fr;55\nBeta;obm;en;\n")
    result = run("batch", str(manifest), "--sandbox", "--plan", "--json")
    assert result.exit_code == 3, result.output
    names = [json.loads(line)["client"] for line in result.stdout.splitlines()]
    assert sorted(names) == ["Acme", "Beta"]


def test_show_in_french_leaks_no_raw_term() -> None:
    result = run("show", "obm", "--lang", "fr")
    assert result.exit_code == 0
    assert "number_with_commas" not in result.stdout
    assert "Modèles (Modèles)" not in result.stdout
    assert "nombre avec séparateurs de milliers" in result.stdout or "[nombre" in result.stdout
    # Every bracketed type is a French word of the table, never a blueprint or API key.
    french_kinds = {notion_terms.lower(t) for t in notion_terms.PROPERTY_TYPES["fr"].values()}
    french_kinds |= {notion_terms.lower(t) for t in notion_terms.VIEW_TYPES["fr"].values()}
    kinds = set(re.findall(r"  \[([^,\]( ]+(?: [^,\]( =]+)*)", result.stdout))
    assert kinds and {k for k in kinds if not any(k.startswith(f) for f in french_kinds)} == set()


def test_show_and_the_preview_use_one_vocabulary() -> None:
    words = Words("fr")
    assert words.function("range") == notion_terms.function("fr", "range") == "plage"
    assert words.type_name("rollup") == notion_terms.property_type("fr", "rollup")


def test_quiet_apply_prints_nothing() -> None:
    result = run("apply", "av", "--sandbox", "--client", "Quiet", "-q")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "")


def test_plan_after_apply_counts_objects_as_apply_created_them() -> None:
    first = run("apply", "av", "--sandbox", "--client", "Units", "--json", "-q")
    created = json.loads(first.stdout)
    again = json.loads(run("plan", "av", "--sandbox", "--client", "Units", "--json").stdout)
    # Properties a new database gets in a later schema pass are part of its creation: listed
    # among the changes, not counted as objects of their own, by plan and apply alike.
    assert any(c["kind"] == "property" for c in created["changes"])
    assert again["unchanged"] == created["created"]
    assert again["unchanged"] < 200  # objects, not every property and option (which were 581)


def test_new_echoes_the_date_it_stored_for_a_relative_date(prebuilt: Prebuilt) -> None:
    prebuilt.restore(("apply", "av", "--sandbox", "--client", "Dates", "-q"))
    result = run("new", "new_invoice", "--sandbox", "--client", "Dates",
                 "--set", "due=+30d")  # fmt: skip
    assert result.exit_code == 0, result.output
    stored = (date.today() + timedelta(days=30)).isoformat()
    assert f"Payment due: {stored}" in result.stdout
    assert "+30d" not in result.stdout


def test_init_writes_a_stable_schema_reference(tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    assert run("init", str(target), "--from", "av", "-q").exit_code == 0
    reference = json.loads(target.read_text())["$schema"]
    assert reference == "./notion-setup.schema.json"
    assert "site-packages" not in reference and (tmp_path / reference).is_file()


def test_destroy_names_linked_views_after_the_view() -> None:
    from notion_setup.blueprint import load_blueprint, resolve

    workspace = resolve(load_blueprint("av"), lang="en", client="Views")
    views = sorted(lv.view.name for page in workspace.pages for lv in page.linked_views)
    assert run("apply", "av", "--sandbox", "--client", "Views", "-q").exit_code == 0
    listing = run("destroy", "--sandbox", "--client", "Views").stderr
    linked = [line.split(None, 2)[2] for line in listing.splitlines() if " linked view " in line]
    assert sorted(linked) == views


def test_render_tree_marks_templates_once(tmp_path: Path) -> None:
    from notion_setup.blueprint import load_blueprint, resolve

    tree = render_tree(resolve(load_blueprint("av"), lang="fr", client="X"))
    assert "Modèles (Modèles)" not in tree
