"""On a real client's workspace: no made-up owner, no example rows unless asked for.

A real workspace here is what ``commands/provision.py`` takes for one: a connection without a
web view (``sandbox=conn.web_view is not None``). The tests give ``plan``/``apply`` such a
connection on an in-process sandbox (base URL ``http://sandbox.invalid``, as Notion would be),
so the CLI runs exactly as against Notion, without the internet.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.cli import cli
from notion_setup.commands import provision
from notion_setup.connect import Connection
from notion_setup.sandbox import Sandbox
from tests.lifecycle.conftest import make_gateway

PARENT = "--parent"
OWNER = ["--var", "owner_name=Claire Petit", "--var", "owner_email=claire@petit-assistance.fr"]


@pytest.fixture
def real(monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """``plan``/``apply`` connect to this sandbox as to real Notion (no web view)."""
    box = Sandbox(rate_limit=0)

    def connect(**options: Any) -> Connection:
        return Connection(make_gateway(box, lang=options["lang"]), "Notion (test)", None)

    monkeypatch.setattr(provision, "open_connection", connect)
    return box


def run(box: Sandbox, *args: str, stdin: str | None = None, lang: str = "C.UTF-8") -> Result:
    argv = [*args, PARENT, box.root_page_id]
    return CliRunner().invoke(cli, argv, input=stdin, env={"LANG": lang})


def row_keys(result: Result) -> set[str]:
    return {c["key"] for c in json.loads(result.stdout)["changes"] if c["kind"] == "row"}


def rows_of(examples: bool) -> set[str]:
    workspace = resolve(load_blueprint("av"), lang="en", client="Acme")
    if not examples:
        workspace = workspace.without_examples()
    return {f"{db.key}.{row.key}" for db in workspace.databases for row in db.rows}


# --- the owner's name and email (issue 14: no "Camille Durand" reaches a client) -------------


def test_without_the_owners_name_in_ci_apply_is_a_usage_error_with_its_fix_once(
    real: Sandbox,
) -> None:
    result = run(real, "apply", "av", "--client", "Acme")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: missing values for the variables owner_name, owner_email, which have no default\n"
        "  fix: pass --var owner_name=... --var owner_email=... or put them in --vars-file\n"
    )
    assert result.stdout == ""


def test_without_the_owners_name_in_ci_the_error_is_french_under_lang_fr(real: Sandbox) -> None:
    result = run(real, "apply", "av", "--client", "Acme", "--lang", "fr")
    assert result.exit_code == 2
    assert result.stderr == (
        "erreur : il manque des valeurs pour les variables owner_name, owner_email, qui n'ont "
        "pas de valeur par défaut\n"
        "  correction : passez --var owner_name=... --var owner_email=... ou mettez-les dans "
        "--vars-file\n"
    )


def test_one_missing_variable_is_named_in_the_singular(real: Sandbox) -> None:
    result = run(real, "plan", "av", "--client", "Acme", "--var", "owner_name=Claire Petit")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: missing value for the variable owner_email, which has no default",
        "  fix: pass --var owner_email=... or put them in --vars-file",
    ]


def test_on_a_terminal_the_owners_name_and_email_are_asked_by_their_label(
    real: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(provision, "interactive", lambda: True)
    answers = "Claire Petit\nclaire@petit-assistance.fr\n"
    result = run(real, "apply", "av", "--client", "Acme", "--lang", "fr", "-q", stdin=answers)
    assert result.exit_code == 0, result.output
    assert "Nom de l'assistante (owner_name): " in result.stderr
    assert "E-mail de l'assistante (owner_email): " in result.stderr
    # Recorded in the answers: the re-run asks nothing and finds nothing to do.
    monkeypatch.setattr(provision, "interactive", lambda: False)
    again = run(real, "plan", "av", "--client", "Acme")
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Plan pour Acme (av, fr) :\n")


def test_a_wrong_answer_on_the_terminal_is_refused_with_its_fix(
    real: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(provision, "interactive", lambda: True)
    result = run(real, "apply", "av", "--client", "Acme", stdin="Claire Petit\nnot-an-email\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-2:] == [
        "error: variable owner_email: 'not-an-email' is not an email address",
        "  fix: pass --var owner_email=name@example.com",
    ]


# --- example rows (issue 14: sample data never lands in a real workspace by accident) -------


def test_a_real_workspace_without_examples_gets_no_example_row(real: Sandbox) -> None:
    result = run(real, "apply", "av", "--client", "Acme", "--json", *OWNER)
    assert result.exit_code == 0, result.output
    assert row_keys(result) == rows_of(examples=False)
    assert len(rows_of(examples=False)) < len(rows_of(examples=True))
    # A re-run without the flag keeps the choice: no example row is pending.
    again = run(real, "plan", "av", "--client", "Acme")
    assert again.exit_code == 0, again.output


def test_a_real_workspace_with_examples_gets_them_and_keeps_them_on_a_rerun(
    real: Sandbox,
) -> None:
    result = run(real, "apply", "av", "--client", "Acme", "--examples", "--json")
    assert result.exit_code == 0, result.output  # --examples also fills the owner's sample
    assert row_keys(result) == rows_of(examples=True)
    again = run(real, "plan", "av", "--client", "Acme")
    assert again.exit_code == 0, again.output


def test_the_sandbox_gets_the_examples_by_default() -> None:
    result = CliRunner().invoke(cli, ["apply", "av", "--sandbox", "--client", "Acme", "--json"])
    assert result.exit_code == 0, result.output
    assert row_keys(result) == rows_of(examples=True)
