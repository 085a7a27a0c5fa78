"""Block counts: what ``plan`` and ``preview`` say a run adds is what Notion (the sandbox) counts.

Notion's Free plan counts every page, row, database and content block; the count must match what
``apply`` creates exactly, or the pre-write check of ``blocklimit`` is wrong.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.blueprint.blocks import count_blocks
from notion_setup.cli import cli
from notion_setup.model import Workspace
from notion_setup.notion import NotionGateway
from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox

README = Path(__file__).parents[2] / "README.md"
BUNDLED = [("av", "en"), ("av", "fr"), ("obm", "en"), ("obm", "fr")]


def _workspace(blueprint: str, lang: str, *, examples: bool = True) -> Workspace:
    ws = resolve(load_blueprint(blueprint), lang=lang, client="Acme", today=date(2026, 12, 2))
    return ws if examples else ws.without_examples()


@pytest.mark.slow
@pytest.mark.parametrize(("blueprint", "lang"), BUNDLED)
def test_count_blocks_is_what_apply_creates_and_what_plan_reports(
    blueprint: str, lang: str
) -> None:
    workspace = resolve(
        load_blueprint(blueprint), lang=lang, client="Acme", today=date(2026, 12, 2)
    )
    with Sandbox(rate_limit=0) as box:
        before = box.blocks_created  # the sandbox's own top-level page
        with NotionGateway(
            token=box.token,
            base_url="http://sandbox.invalid",
            transport=box.transport(),
            budget_per_minute=1_000_000,
        ) as gateway:
            planned = apply_workspace(gateway, workspace, box.root_page_id, dry_run=True)
            apply_workspace(gateway, workspace, box.root_page_id)
            again = apply_workspace(gateway, workspace, box.root_page_id, dry_run=True)
        created = box.blocks_created - before
    assert created == count_blocks(workspace).total == planned.blocks_added
    assert again.blocks_added == 0


def test_plan_prints_the_blocks_it_adds_in_english_and_french() -> None:
    english = CliRunner().invoke(cli, ["plan", "av", "--sandbox", "--client", "Acme"])
    french = CliRunner().invoke(
        cli, ["plan", "av", "--sandbox", "--client", "Acme", "--lang", "fr"]
    )
    assert (english.exit_code, french.exit_code) == (3, 3)
    en = count_blocks(_workspace("av", "en")).total
    fr = count_blocks(_workspace("av", "fr")).total
    assert english.stdout.splitlines()[-2] == (
        f"Blocks added: {en} (a Free workspace with more than one member holds 1,000 in all)"
    )
    assert french.stdout.splitlines()[-2] == (
        f"Blocs ajoutés : {fr} (un espace Free à plusieurs membres en accepte 1 000 au total)"
    )


def test_plan_json_carries_blocks_added_and_zero_once_applied() -> None:
    args = ["--sandbox", "--client", "Acme", "--only", "core"]
    first = CliRunner().invoke(cli, ["plan", "av", *args, "--json"])
    assert first.exit_code == 3
    planned = json.loads(first.stdout)["blocks_added"]
    assert planned > 0
    assert CliRunner().invoke(cli, ["apply", "av", *args, "-q"]).exit_code == 0
    after = CliRunner().invoke(cli, ["plan", "av", *args, "--json"])
    assert after.exit_code == 0
    assert json.loads(after.stdout)["blocks_added"] == 0


def test_preview_says_how_many_blocks_the_blueprint_adds(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    result = CliRunner().invoke(cli, ["preview", "obm", "--lang", "fr", "-o", str(out)])
    data = CliRunner().invoke(cli, ["preview", "obm", "--lang", "fr", "-o", str(out), "--json"])
    blocks = count_blocks(_workspace("obm", "fr")).total
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        f"Blocs ajoutés : {blocks} (un espace Free à plusieurs membres en accepte 1 000 au total)"
    )
    assert json.loads(data.stdout)["blocks"] == blocks


def _readme_table() -> dict[tuple[str, str], tuple[int, int]]:
    """The README's block table: (blueprint, lang) -> (with examples, without)."""
    rows = re.findall(
        r"^\| `(\w+)` \| (en|fr) \| ([\d,]+) \| ([\d,]+) \|$", README.read_text("utf-8"), re.M
    )
    return {
        (b, lang): (int(w.replace(",", "")), int(wo.replace(",", ""))) for b, lang, w, wo in rows
    }


def test_the_readme_states_each_bundled_blueprints_count_in_each_language() -> None:
    table = _readme_table()
    assert set(table) == set(BUNDLED)
    for (blueprint, lang), (with_examples, without) in table.items():
        full = count_blocks(_workspace(blueprint, lang))
        real = count_blocks(_workspace(blueprint, lang, examples=False))
        assert (with_examples, without) == (full.total, real.total), (blueprint, lang)


def test_the_readmes_lean_selection_stays_well_under_1000_blocks() -> None:
    text = README.read_text("utf-8")
    found = re.search(r"notion-setup apply (\w+) --only ([\w,]+)", text)
    assert found is not None, "README names a lean selection"
    blueprint, only = found.groups()
    for lang in ("en", "fr"):
        ws = resolve(
            load_blueprint(blueprint),
            lang=lang,
            client="Acme",
            only=(only,),
            today=date(2026, 12, 2),
        )
        assert count_blocks(ws).total <= 500
