"""The tool on the in-process sandbox: links into the view file it writes beside its state."""

from __future__ import annotations

import json
import os
import re
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from notion_setup.cli import cli
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.webview import write_file

from ..conftest import Prebuilt
from ..preview.htmlcheck import check


def _view() -> Path:
    return Path(os.environ["NOTION_SETUP_SANDBOX_STATE"]).with_suffix(".html").resolve()


def test_apply_in_french_ends_with_the_file_to_open_and_every_link_opens() -> None:
    result = CliRunner().invoke(
        cli, ["apply", "obm", "--sandbox", "--client", "Cabinet Dupont", "--lang", "fr"]
    )
    assert result.exit_code == 0, result.stderr
    view = _view()
    lines = result.stdout.splitlines()
    root_link = lines[0].split(": ", 1)[1]
    assert root_link.startswith(view.as_uri() + "#")
    assert lines[-1] == f"Ouvrir l'espace : {root_link}"
    ids = set(check(view.read_text(encoding="utf-8")).ids)
    links = re.findall(r"file://\S+", result.stdout)
    tree = [line for line in lines if line.startswith("  ")]
    assert len(tree) > 40  # pages, databases, the templates page and the templates
    assert all(re.search(r"  file://\S+$", line) for line in tree)
    assert len(links) == len(tree) + 2  # and the first and last lines
    assert "notion.so" not in result.stdout
    for link in links:
        assert link.split("#", 1)[0] == view.as_uri()
        assert link.split("#", 1)[1] in ids, link


def test_json_keeps_notions_url_and_adds_where_it_opens() -> None:
    result = CliRunner().invoke(
        cli, ["apply", "av", "--sandbox", "--client", "Json", "--lang", "en", "--json", "-q"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    view = _view().as_uri()
    assert data["web_view"] == view
    assert data["root_url"].startswith("https://")
    assert data["root_link"] == f"{view}#{data['root_page_id'].replace('-', '')}"
    for obj in data["objects"]:
        assert obj["url"].startswith("https://")
        assert obj["link"] == f"{view}#{obj['id'].replace('-', '')}"


def test_english_summary_line_and_the_view_follows_destroy() -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["apply", "av", "--sandbox", "--client", "Acme", "--lang", "en"])
    assert made.exit_code == 0, made.stderr
    assert made.stdout.splitlines()[-1].startswith(f"Open the workspace: {_view().as_uri()}#")
    assert "Acme – Assistant workspace" in _view().read_text(encoding="utf-8")
    gone = runner.invoke(cli, ["destroy", "--sandbox", "--client", "Acme", "--yes"])
    assert gone.exit_code == 0, gone.stderr
    assert "Acme – Assistant workspace" not in _view().read_text(encoding="utf-8")


def test_a_view_that_cannot_be_written_does_not_fail_the_run() -> None:
    _view().mkdir(parents=True)  # a folder where the file should go
    result = CliRunner().invoke(cli, ["apply", "av", "--sandbox", "--client", "X", "-q"])
    assert result.exit_code == 0, result.stderr
    assert "could not write the sandbox's view" in result.stderr


def test_the_demo_keeps_its_sandbox_in_the_working_folder() -> None:
    root = Path(__file__).resolve().parents[2]
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "NOTION_SETUP_SANDBOX_STATE=$(DEMO)/sandbox.sqlite" in demo
    assert "DEMO   := .demo" in makefile
    clean = makefile.split("\nclean:", 1)[1]
    assert "$(DEMO)" in clean.split("\n\n", 1)[0]
    assert ".demo/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()


# --- the view file is drawn again only when what it shows changed ---------------------------


def _drawn(prebuilt: Prebuilt) -> tuple[Path, int]:
    """The Acme workspace, its view file as a first CLI run on it leaves it, and its mtime."""
    prebuilt.restore(("apply", "av", "--sandbox", "--client", "Acme", "--lang", "en", "-q"))
    plan = CliRunner().invoke(cli, ["plan", "av", "--sandbox", "--client", "Acme"])
    assert plan.exit_code == 0, plan.output
    return _view(), _view().stat().st_mtime_ns


def test_a_run_that_changes_nothing_leaves_the_view_file_as_it_is(prebuilt: Prebuilt) -> None:
    view, drawn = _drawn(prebuilt)
    acme = ["--sandbox", "--client", "Acme"]
    for args in (["plan", "av", *acme], ["apply", "av", *acme], ["doctor", "--sandbox"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
        assert view.stat().st_mtime_ns == drawn, args


def test_a_run_that_writes_draws_the_view_file_again(prebuilt: Prebuilt) -> None:
    view, drawn = _drawn(prebuilt)
    before = view.read_text(encoding="utf-8")
    made = CliRunner().invoke(
        cli, ["new", "new_invoice", "--sandbox", "--client", "Acme", "--json", "-q"]
    )
    assert made.exit_code == 0, made.output
    page = json.loads(made.stdout)["id"].replace("-", "")
    assert view.stat().st_mtime_ns != drawn
    assert f'id="{page}"' not in before
    assert f'id="{page}"' in view.read_text(encoding="utf-8")


def test_another_language_or_another_day_draws_it_again(prebuilt: Prebuilt) -> None:
    view, drawn = _drawn(prebuilt)
    box = Sandbox(state_path=Path(os.environ["NOTION_SETUP_SANDBOX_STATE"]))
    today = date.today()
    write_file(box, view, lang="en", today=today)
    assert view.stat().st_mtime_ns == drawn  # what the plan drew: nothing to do
    write_file(box, view, lang="fr", today=today)
    assert '<html lang="fr">' in view.read_text(encoding="utf-8")
    french = view.stat().st_mtime_ns
    write_file(box, view, lang="fr", today=today + timedelta(days=1))
    assert view.stat().st_mtime_ns != french  # relative dates read from the day they are seen
    box.close()


def test_a_view_file_deleted_or_edited_by_hand_is_drawn_again(prebuilt: Prebuilt) -> None:
    view, _ = _drawn(prebuilt)
    whole = view.read_text(encoding="utf-8")
    view.unlink()
    assert CliRunner().invoke(cli, ["plan", "av", "--sandbox", "--client", "Acme"]).exit_code == 0
    assert view.read_text(encoding="utf-8") == whole
    view.write_text("<p>scribbled over</p>", encoding="utf-8")
    assert CliRunner().invoke(cli, ["plan", "av", "--sandbox", "--client", "Acme"]).exit_code == 0
    assert view.read_text(encoding="utf-8") == whole
