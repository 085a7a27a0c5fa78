"""Remembered answers (issue 12, F29): the registry records what the workspace was built with,
later runs take what the command line leaves out from it and refuse what contradicts it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from notion_setup.answers import Answers, content_hash, reconcile, record, stamped
from notion_setup.blueprint import load_blueprint
from notion_setup.blueprint.loader import thaw
from notion_setup.cli import cli
from notion_setup.connect import open_connection
from notion_setup.errors import UsageError
from notion_setup.fleet.answering import find_registry
from notion_setup.notion.payloads import rich_text
from notion_setup.registry import Registry

STUDIO = str(Path(__file__).parents[1] / "fixtures" / "blueprints" / "valid" / "studio.json")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def recorded(client: str) -> Registry:
    with open_connection(sandbox=True) as conn:
        assert conn.default_parent
        registry = find_registry(conn.gateway, conn.default_parent, client)
    assert registry is not None
    return registry


FRENCH = Answers(
    blueprint="av",
    source="av",
    blueprint_hash="sha256:x",
    lang="fr",
    blueprint_version="1.0.0",
    modules=("core", "billing"),
    without=("leads",),
    variables={"hourly_rate": "60"},
)


def choose(recorded_answers: Answers | None, **given: object) -> object:
    options: dict[str, object] = {
        "client": "Acme",
        "blueprint_id": "av",
        "blueprint_source": "av",
        "lang": None,
        "default_lang": "en",
        "variables": {},
        "only": (),
        "without": (),
        "module_keys": ("core", "billing", "leads"),
        "declared_variables": ("hourly_rate",),
    }
    options.update(given)
    return reconcile(recorded_answers, **options)  # type: ignore[arg-type]


def test_f29_left_out_options_come_from_the_recorded_answers() -> None:
    choice = choose(FRENCH)
    assert choice == choose(FRENCH, lang="fr")
    assert choice.lang == "fr"  # type: ignore[attr-defined]
    assert choice.without == ("leads",)  # type: ignore[attr-defined]
    assert choice.variables == {"hourly_rate": "60"}  # type: ignore[attr-defined]


def test_f29_given_options_win_over_recorded_ones_and_new_workspaces_use_the_default() -> None:
    choice = choose(FRENCH, variables={"hourly_rate": "70"}, only=("core",))
    assert (choice.variables, choice.only, choice.without) == (  # type: ignore[attr-defined]
        {"hourly_rate": "70"},
        ("core",),
        (),
    )
    assert choose(None).lang == "en"  # type: ignore[attr-defined]


def test_f29_recorded_things_the_blueprint_no_longer_has_are_dropped() -> None:
    old = Answers(
        blueprint="av",
        source="av",
        blueprint_hash="",
        lang="en",
        without=("gone",),
        variables={"gone_var": "1", "hourly_rate": "50"},
    )
    choice = choose(old)
    assert (choice.without, choice.variables) == ((), {"hourly_rate": "50"})  # type: ignore[attr-defined]


def test_f29_another_language_is_refused_unless_relang() -> None:
    with pytest.raises(UsageError) as refused:
        choose(FRENCH, lang="en")
    assert 'the workspace of "Acme" was built in French (av 1.0.0, French (fr)' in str(
        refused.value
    )
    assert "--relang" in str(refused.value)
    assert choose(FRENCH, lang="en", relang=True).relang_from == "fr"  # type: ignore[attr-defined]


def test_f29_another_blueprint_is_refused_naming_what_it_was_built_with() -> None:
    with pytest.raises(UsageError) as refused:
        choose(FRENCH, blueprint_id="obm", blueprint_source="obm", command="plan")
    message = str(refused.value)
    assert message.startswith('the workspace of "Acme" was built with blueprint av (av 1.0.0')
    assert 'run `notion-setup plan av --client "Acme"`' in message
    assert choose(FRENCH, blueprint_id="obm", other_blueprint=True).lang == "fr"  # type: ignore[attr-defined]


def test_f29_answers_never_record_a_secret_nor_built_in_variables() -> None:
    answers = record(
        blueprint_id="av",
        source="av",
        document={"id": "av", "version": "2.0.0"},
        lang="en",
        kept_modules=["core"],
        module_keys=["core", "billing"],
        variables={
            "owner_email": "ntn_123456789012345678901234567890abcdef",
            "hourly_rate": "50",
            "client_name": "Acme",
        },
    )
    assert answers.variables == {"hourly_rate": "50"}
    assert (answers.blueprint_version, answers.without) == ("2.0.0", ("billing",))
    assert answers.blueprint_hash == content_hash({"version": "2.0.0", "id": "av"})
    assert answers.tool_version


def test_f29_the_time_of_last_apply_moves_only_when_the_apply_writes() -> None:
    now = datetime(2026, 12, 2, 3, 0, 0, tzinfo=UTC)
    first = stamped(FRENCH, None, wrote=True, now=now)
    assert first.applied_at == "2026-12-02T03:00:00Z"
    later = datetime(2026, 12, 3, tzinfo=UTC)
    assert stamped(FRENCH, first, wrote=False, now=later) == first
    assert stamped(FRENCH, first, wrote=True, now=later).applied_at == "2026-12-03T00:00:00Z"
    changed = Answers(**{**FRENCH.__dict__, "variables": {"hourly_rate": "61"}})
    assert stamped(changed, first, wrote=False, now=later).applied_at == "2026-12-03T00:00:00Z"


def test_f29_answers_survive_the_registry_round_trip_and_bad_ones_are_ignored() -> None:
    registry = Registry("Acme", "av", "fr", {"db:x": {"id": "1", "ds": "2"}}, answers=FRENCH)
    again = Registry.from_json(registry.to_json())
    assert again is not None and again.answers == FRENCH
    old = Registry.from_json(
        '{"notion_setup":1,"client":"A","blueprint":"av","lang":"fr","objects":{}}'
    )
    assert old is not None and old.answers is None
    hand_edited = registry.to_json().replace('"lang":"fr","modules"', '"lang":"de","modules"')
    parsed = Registry.from_json(hand_edited)
    assert parsed is not None and parsed.answers is None


def test_f29_leaving_out_lang_keeps_a_french_workspace_french(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--sandbox", "--client", "Lune", "-q"]
    built = runner.invoke(
        cli,
        ["apply", STUDIO, *args, "--lang", "fr", "--without", "billing", "--var", "hourly_rate=60"],
    )
    assert built.exit_code == 0, built.output
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the user's locale says English
    again = runner.invoke(cli, ["apply", STUDIO, *args[:-1]])  # no -q: -q prints no summary
    assert again.exit_code == 0, again.output
    # The workspace's recorded French, not the locale's English, words the summary.
    assert "Aucun changement : l'espace correspond déjà au blueprint (0 écriture)." in again.stdout
    plan = runner.invoke(cli, ["plan", STUDIO, *args])
    assert plan.exit_code == 0, plan.output
    answers = recorded("Lune").answers
    assert answers is not None
    assert (answers.blueprint, answers.source, answers.lang) == ("studio", "studio.json", "fr")
    assert (answers.modules, answers.without) == (("core",), ("billing",))
    assert answers.variables == {"hourly_rate": "60"}
    assert answers.blueprint_hash.startswith("sha256:") and answers.applied_at


def test_f29_plan_in_another_language_is_a_usage_error(runner: CliRunner) -> None:
    args = ["--sandbox", "--client", "Lune", "-q"]
    assert runner.invoke(cli, ["apply", STUDIO, *args, "--lang", "fr"]).exit_code == 0
    refused = runner.invoke(cli, ["plan", STUDIO, *args, "--lang", "en"])
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert 'error: the workspace of "Lune" was built in French (studio.json, French (fr)' in (
        refused.stderr
    )
    assert "--lang en would half-translate it" in refused.stderr


def test_f29_plan_av_on_an_obm_client_is_refused(runner: CliRunner) -> None:
    args = ["--sandbox", "--client", "Orbit", "-q"]
    assert runner.invoke(cli, ["apply", STUDIO, *args, "--lang", "en"]).exit_code == 0
    refused = runner.invoke(cli, ["plan", "av", *args])
    assert refused.exit_code == 2
    assert 'error: the workspace of "Orbit" was built with blueprint studio' in refused.stderr
    assert 'run `notion-setup plan studio.json --client "Orbit"`' in refused.stderr


def test_f29_a_registry_from_before_answers_gets_them_at_the_next_apply(
    runner: CliRunner,
) -> None:
    args = ["--sandbox", "--client", "Vieux", "-q", "--lang", "fr"]
    assert runner.invoke(cli, ["apply", STUDIO, *args]).exit_code == 0
    with open_connection(sandbox=True) as conn:  # write it back as an older version did
        registry = recorded("Vieux")
        registry.answers = None
        conn.gateway.write(
            "PATCH",
            f"blocks/{registry.code_block_id}",
            body={"code": {"rich_text": rich_text(registry.to_json()), "language": "json"}},
        )
    assert recorded("Vieux").answers is None
    plan = runner.invoke(cli, ["plan", STUDIO, "--sandbox", "--client", "Vieux", "-q"])
    assert plan.exit_code == 0, plan.output  # its recorded language is still honoured
    upgrade = runner.invoke(cli, ["apply", STUDIO, "--sandbox", "--client", "Vieux"])  # summary
    assert upgrade.exit_code == 0, upgrade.output
    # the French workspace speaks French; it wrote (its answers, with the run's lease)
    assert "Appels à l'API : " in upgrade.stdout and " (0 écriture" not in upgrade.stdout
    assert recorded("Vieux").answers is not None
    again = runner.invoke(cli, ["apply", STUDIO, "--sandbox", "--client", "Vieux"])
    assert "(0 écriture)" in again.stdout


def test_a_blueprints_hash_is_its_contents_hash_however_often_it_is_asked() -> None:
    document = load_blueprint("av").document
    plain = thaw(document)
    assert content_hash(document) == content_hash(document) == content_hash(plain)
    plain["version"] = "9.9.9"  # a mutable document is hashed as it is now, never remembered
    assert content_hash(plain) != content_hash(document)
