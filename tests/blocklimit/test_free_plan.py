"""The Free plan's block limit from the tool's side: fits, does not fit, grace reached mid-run.

A Free workspace with more than one member holds 1,000 blocks; ``apply`` refuses before writing a
run that cannot fit (exit 5, naming the modules to drop), and a run Notion stops half-way (the
grace period ended) leaves a workspace the next run completes without creating anything twice.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from notion_setup.blocklimit import (
    Selection,
    WorkspaceLimits,
    check_fits,
    checker,
    modules_to_drop,
    read_limits,
    selection_of,
)
from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.blueprint.blocks import LEASE_BLOCKS, BlockCount, count_blocks
from notion_setup.cli import cli
from notion_setup.errors import BlockLimitWouldBeExceeded, WorkspaceLimitReached, exit_code_for
from notion_setup.notion import NotionGateway
from notion_setup.provision import apply_workspace, plan_workspace
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

from .conftest import BIG, fill_to, free_state

DAY = 24 * 3600.0
PLAN_LINE = (
    "  plan: Free (inferred from the 5 MiB upload limit, UNCONFIRMED; --workspace-plan "
    "overrides it); members: 2; upload limit: 5 MiB"
)


def run(*args: str, state: Path, lang: str = "C.UTF-8") -> Any:
    return CliRunner().invoke(
        cli, list(args), env={"NOTION_SETUP_SANDBOX_STATE": str(state), "LANG": lang}
    )


def blocks_in(state: Path) -> int:
    with Sandbox(state_path=state, rate_limit=0) as box:
        return box.blocks_created


def test_a_run_that_fits_a_free_workspace_is_applied(tmp_path: Path) -> None:
    state = free_state(tmp_path / "free.sqlite")
    result = run("apply", "av", "--sandbox", "--client", "Acme", "-q", state=state)
    assert result.exit_code == 0, result.stderr
    assert blocks_in(state) == 1 + 358  # the sandbox's own page, then av's blocks


def test_a_run_that_does_not_fit_stops_before_writing_and_names_the_module_to_drop(
    tmp_path: Path,
) -> None:
    state = free_state(tmp_path / "free.sqlite")
    result = run("apply", str(BIG), "--sandbox", "--client", "Acme", state=state)
    assert result.exit_code == 5
    assert result.stderr.splitlines()[-3:] == [
        "error: Acme: this run would add 1060 blocks, over the 1000 blocks a Free workspace "
        "with more than one member holds. Nothing was written.",
        PLAN_LINE,
        "  fix: drop notes to fit (the run then adds 909 blocks): re-run with --without notes; "
        "or if the workspace is on a paid plan, pass --workspace-plan paid",
    ]
    assert blocks_in(state) == 1  # nothing written


def test_the_refusal_in_french(tmp_path: Path) -> None:
    state = free_state(tmp_path / "free.sqlite")
    result = run("apply", str(BIG), "--sandbox", "--client", "Acme", "--lang", "fr", state=state)
    assert result.exit_code == 5
    assert result.stderr.splitlines()[-3:] == [
        "erreur : Acme : cette exécution ajouterait 1060 blocs, au-delà des 1000 blocs que "
        "contient un espace Free de plus d'un membre. Rien n'a été écrit.",
        "  forfait : Free (déduit de la limite d'import de 5 MiB, NON CONFIRMÉ ; "
        "--workspace-plan le remplace) ; membres : 2 ; limite d'import : 5 MiB",
        "  correction : retirez notes pour tenir dans la limite (l'exécution ajoute alors 909 "
        "blocs) : relancez avec --without notes ; ou, si l'espace a un forfait payant, passez "
        "--workspace-plan paid",
    ]


def test_following_the_fix_fits_then_blocks_already_there_count(tmp_path: Path) -> None:
    state = free_state(tmp_path / "free.sqlite")
    fitted = run(
        "apply", str(BIG), "--sandbox", "--client", "Acme", "--without", "notes", "-q", state=state
    )
    assert fitted.exit_code == 0, fitted.stderr
    assert blocks_in(state) == 1 + 909
    every = "core,handbook,archive,notes"
    more = run("apply", str(BIG), "--sandbox", "--client", "Acme", "--only", every, state=state)
    assert more.exit_code == 5
    assert more.stderr.splitlines()[-3:] == [
        "error: Acme: this run would add 152 blocks; with the 908 already there that makes "
        "1060, over the 1000 blocks a Free workspace with more than one member holds. "
        "Nothing was written.",
        PLAN_LINE,
        "  fix: drop notes to fit (the run then adds 0 blocks): re-run with --only "
        "core,handbook,archive; or if the workspace is on a paid plan, pass --workspace-plan paid",
    ]
    assert blocks_in(state) == 1 + 909


def test_workspace_plan_paid_overrides_the_inference(tmp_path: Path) -> None:
    state = free_state(tmp_path / "free.sqlite")
    args = ("apply", str(BIG), "--sandbox", "--client", "Acme", "-q", "--workspace-plan", "paid")
    result = run(*args, state=state)
    assert result.exit_code == 0, result.stderr  # the sandbox's grace period has just begun
    assert blocks_in(state) == 1 + 1060


def test_workspace_plan_free_overrides_a_paid_looking_workspace(tmp_path: Path) -> None:
    state = free_state(tmp_path / "paid.sqlite", plan="paid", members=2)
    args = ("apply", str(BIG), "--sandbox", "--client", "Acme", "--workspace-plan", "free")
    result = run(*args, state=state)
    assert result.exit_code == 5
    assert result.stderr.splitlines()[-2] == (
        "  plan: Free (from --workspace-plan); members: 2; upload limit: 5 GiB"
    )
    assert blocks_in(state) == 1


@pytest.mark.parametrize(("plan", "members"), [("free", 1), ("paid", 2)])
def test_one_member_or_a_paid_plan_has_no_limit(tmp_path: Path, plan: str, members: int) -> None:
    state = free_state(tmp_path / "ws.sqlite", plan=plan, members=members)
    result = run("apply", str(BIG), "--sandbox", "--client", "Acme", "-q", state=state)
    assert result.exit_code == 0, result.stderr


def test_read_limits_on_each_plan() -> None:
    with Sandbox(rate_limit=0, plan="free", members=3) as box:
        free = read_limits(_gateway(box))
    with Sandbox(rate_limit=0) as box:
        paid = read_limits(_gateway(box))
    assert free == WorkspaceLimits("free", False, 3, 5 * 1024 * 1024)
    assert free.block_limit == 1000
    assert paid == WorkspaceLimits("paid", False, 1, 5 * 1024**3)
    assert paid.block_limit is None


def test_a_free_workspace_whose_members_cannot_be_read_is_taken_as_limited() -> None:
    # Strict reading: without "Read user information" the members are unknown.
    limits = WorkspaceLimits("free", False, None, 5 * 1024 * 1024)
    assert limits.block_limit == 1000
    assert "members: not readable" in limits.describe()
    assert WorkspaceLimits(None, False, 2, None).block_limit is None


def test_modules_to_drop_picks_the_fewest_then_the_smallest_that_closes_the_gap() -> None:
    per = {"": 5, "core": 50, "a": 500, "b": 400, "c": 150}
    assert modules_to_drop(per, {"core"}, 59) == ("c",)
    assert modules_to_drop(per, {"core"}, 450) == ("a",)
    assert modules_to_drop(per, {"core"}, 600) == ("a", "c")
    assert modules_to_drop(per, {"core"}, 700) == ("a", "b")
    assert modules_to_drop(per, {"core"}, 1051) is None


def test_no_module_to_drop_says_to_upgrade() -> None:
    limits = WorkspaceLimits("free", True, 2, None)
    blocks = BlockCount(total=1200, per_module={"": 5, "core": 1195})
    selection = Selection(modules=("core",), required={"core"}, kept=("core",))
    with pytest.raises(BlockLimitWouldBeExceeded) as caught:
        check_fits(limits, blocks, existing=0, client="Acme", selection=selection)
    assert caught.value.hint == (
        "even without every optional module the run does not fit: upgrade the workspace's "
        "plan; or if the workspace is on a paid plan, pass --workspace-plan paid"
    )
    assert (caught.value.needed, caught.value.limit, caught.value.drop) == (1200, 1000, ())
    assert exit_code_for(caught.value) == 5


class AdvanceAfterWrites(httpx.BaseTransport):
    """Moves the sandbox's clock past the grace period after ``n`` writes (Notion's 3 days)."""

    def __init__(self, box: Sandbox, clock: FakeClock, n: int) -> None:
        self.inner = box.transport()
        self.clock = clock
        self.left = n

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "GET" and "/query" not in request.url.path:
            self.left -= 1
            if self.left == 0:
                self.clock.advance(3 * DAY)
        return self.inner.handle_request(request)


def _gateway(box: Sandbox, transport: httpx.BaseTransport | None = None) -> NotionGateway:
    return NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=transport or box.transport(),
        budget_per_minute=1_000_000,
    )


@pytest.mark.slow
def test_f_grace_period_reached_mid_run_stops_with_exit_5_and_the_next_run_duplicates_nothing() -> (
    None
):
    clock = FakeClock()
    workspace = resolve(load_blueprint("av"), lang="en", client="Acme", today=date(2026, 12, 2))
    selection = selection_of(load_blueprint("av"), workspace, only_given=False)
    with Sandbox(rate_limit=0, plan="free", members=2, clock=clock) as box:
        fill_to(box, 1000)  # someone else's pages: the grace period starts now
        with _gateway(box, AdvanceAfterWrites(box, clock, 60)) as gateway:
            check = checker(gateway, workspace, selection)  # sees only the blueprint's blocks
            with pytest.raises(WorkspaceLimitReached) as caught:
                apply_workspace(gateway, workspace, box.root_page_id, check_blocks=check)
        assert exit_code_for(caught.value) == 5
        first_run = box.blocks_created - 1000
        assert 0 < first_run < count_blocks(workspace).total
        box.store.set_meta("plan", "paid")  # the client upgrades the workspace
        with _gateway(box) as gateway:
            check = checker(gateway, workspace, selection)
            apply_workspace(gateway, workspace, box.root_page_id, check_blocks=check)
            _, plan = plan_workspace(gateway, workspace, box.root_page_id)
        assert plan.is_empty, [str(c) for c in plan.changes]
        # Both runs together created the blueprint's blocks exactly once, plus the lease
        # paragraph of the run that stopped (each writing run holds one; a deleted block counts).
        assert box.blocks_created - 1000 == count_blocks(workspace).total + LEASE_BLOCKS


def test_doctor_reports_the_limits_it_can_see_in_english_and_french(tmp_path: Path) -> None:
    state = free_state(tmp_path / "free.sqlite")
    english = run("doctor", "--sandbox", state=state)
    french = run("doctor", "--sandbox", state=state, lang="fr_FR.UTF-8")
    paid = run("doctor", "--sandbox", "--workspace-plan", "paid", state=state)
    assert (english.exit_code, french.exit_code, paid.exit_code) == (0, 0, 0)
    assert english.stdout.splitlines()[-3:-1] == [
        "warn  limits          plan: Free (inferred from the 5 MiB upload limit, UNCONFIRMED; "
        "--workspace-plan overrides it); members: 2; upload limit: 5 MiB; block limit: 1000 "
        "blocks for the workspace's whole life",
        "      fix: `notion-setup plan` shows the blocks a run adds (Blocks added); keep under "
        "the limit with --only/--without, or pass --workspace-plan paid if the plan is paid",
    ]
    assert french.stdout.splitlines()[-3] == (
        "alerte  limits          forfait : Free (déduit de la limite d'import de 5 MiB, NON "
        "CONFIRMÉ ; --workspace-plan le remplace) ; membres : 2 ; limite d'import : 5 MiB ; "
        "limite : 1000 blocs pour toute la vie de l'espace"
    )
    assert paid.stdout.splitlines()[-2] == (
        "ok    limits          plan: paid (from --workspace-plan); members: 2; upload limit: 5 MiB"
    )
