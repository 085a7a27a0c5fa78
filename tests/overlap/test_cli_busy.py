"""Exit 9 from the command line: the holder named, and what to do, in English and in French."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.cli import cli
from notion_setup.notion import NotionGateway
from notion_setup.sandbox import Sandbox

from .runs import lease_text, leases_on, make_root, put_lease

EXPECTED = {
    "en": (
        "error: the workspace of Busy is in use by another run: host ci-runner-7, pid 4242, "
        "since 07:00 UTC, until 07:10 UTC\n"
        "  fix: wait for it, or run again with --wait 600; if that run is gone: its lease "
        "expires at 07:10 UTC, or pass --break-lease\n"
    ),
    "fr": (
        "erreur : l'espace de « Busy » est occupé par une autre exécution : machine ci-runner-7, "
        "pid 4242, depuis 07:00 UTC, jusqu'à 07:10 UTC\n"
        "  correction : attendez qu'elle finisse, ou relancez avec --wait 600 ; si cette "
        "exécution a disparu : son verrou expire à 07:10 UTC, sinon passez --break-lease\n"
    ),
}


def _held_sandbox(lang: str) -> str:
    """The embedded sandbox's state with Busy's root held by a run on another machine."""
    box = Sandbox(state_path=os.environ["NOTION_SETUP_SANDBOX_STATE"], rate_limit=0)
    try:
        gw = NotionGateway(token=box.token, base_url="http://sandbox.invalid",
                           transport=box.transport(), budget_per_minute=10_000)  # fmt: skip
        title = resolve(load_blueprint("av"), lang=lang, client="Busy").title
        root = make_root(gw, box.root_page_id, title)
        put_lease(gw, root, lease_text("ci-runner-7", 4242, "ci-run", "2099-01-01T07:00:00Z",
                                       "2099-01-01T07:10:00Z", lang=lang))  # fmt: skip
        gw.close()
        return root
    finally:
        box.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_held_workspace_exits_9_naming_the_holder_and_the_fix(lang: str) -> None:
    root = _held_sandbox(lang)
    result = CliRunner().invoke(
        cli, ["apply", "av", "--sandbox", "--client", "Busy", "--lang", lang, "-q"]
    )
    assert result.exit_code == 9
    assert result.stdout == ""
    assert result.stderr == EXPECTED[lang]
    box = Sandbox(state_path=os.environ["NOTION_SETUP_SANDBOX_STATE"], rate_limit=0)
    try:
        gw = NotionGateway(token=box.token, base_url="http://sandbox.invalid",
                           transport=box.transport(), budget_per_minute=10_000)  # fmt: skip
        assert [h.host for h in leases_on(gw, root)] == ["ci-runner-7"]  # left as it was
        gw.close()
    finally:
        box.close()


def test_plan_only_warns_that_a_run_is_in_progress() -> None:
    _held_sandbox("en")
    result = CliRunner().invoke(
        cli, ["plan", "av", "--sandbox", "--client", "Busy", "--lang", "en"]
    )
    assert result.exit_code == 3  # changes pending, as without the other run
    assert (
        "another run is in progress on this workspace (host ci-runner-7, pid 4242, until "
        "07:10 UTC): this plan may change when it finishes" in result.stderr
    )


def test_break_lease_on_the_command_line_goes_on_and_says_so() -> None:
    _held_sandbox("en")
    result = CliRunner().invoke(
        cli, ["apply", "av", "--sandbox", "--client", "Busy", "--lang", "en", "--break-lease"]
    )
    assert result.exit_code == 0, result.stderr
    assert "removed the lease of host ci-runner-7, pid 4242 (--break-lease)" in result.stderr
