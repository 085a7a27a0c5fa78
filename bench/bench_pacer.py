"""Pacing and fault figures, in simulated time: one clock moves only when someone waits.

1. Window pacing. AV and OBM in French are applied (``--jobs 1``) against the sandbox enforcing
   the budget (180 or 600 requests in any 60-second window: its sliding-window limiter) on a
   simulated clock with no latency, so the wall time is exactly what pacing costs. Printed:
   wall / window bound, where the bound is floor((calls - 1) / B) x 60 s (the least time any
   client needs for that many calls), and the 429s the sandbox answered (zero expected).
2. Faults (issue 12, F35). AV in French at 180 per window, under 10% 429 (``Retry-After: 1``),
   10% 503 before the write, 10% 500 after it and 8% connections dropped after it (seeded), with
   the sandbox enforcing the window. Printed per seed: whether the run converged in one go, wall /
   clean wall, calls, retries, the most attempts any request made and the retries drawn from the
   run's shared allowance, the budget drops and the limiter's 429s. Then the same density of
   faults where each one says what became of its write (``ANNOUNCED_PLAN``): the cost of the
   faults themselves, against which the lookups of the real plan can be told apart.

Simulated time: a run takes a few seconds of CPU. The sandbox's ``--jobs`` concurrency cannot be
simulated on one fake clock (each sleeping worker would move it), so these runs use one worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.errors import NotionSetupError
from notion_setup.model import Workspace
from notion_setup.notion import NotionGateway
from notion_setup.pacer import Pacer, window_bound_s
from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox
from notion_setup.sandbox.testing import FakeClock

#: The fault plan of issue 12 ("Faults: converge in one run, fast").
FAULT_PLAN = "429:0.1,503:0.1,500_committed:0.1,drop_committed:0.08"
#: The same density of faults, each one telling what became of the write: a 409 (not applied,
#: resent) for the 503 before the write, a 503 naming ``committed_resource_id`` (F5, adopted
#: without a lookup) for the failures after it. What this run costs beyond the clean one is the
#: part of the fault plan's cost no client can save; the rest is the lookups that a failure
#: which does not tell needs before anything is resent (reliability-notes §2.5).
ANNOUNCED_PLAN = "429:0.1,conflict:0.1,503_committed:0.18"
SEEDS = (1, 2, 3)


@dataclass(frozen=True)
class Run:
    """What one simulated apply did."""

    ok: bool
    error: str
    wall_s: float
    calls: int
    retries: int
    most_attempts: int
    drawn: int
    rate_limited: int
    budget_drops: int
    limiter_429s: int


def _workspace(name: str, client: str = "Bench") -> Workspace:
    return resolve(load_blueprint(name), lang="fr", client=client)


def simulate(
    ws: Workspace | list[Workspace], budget: int, *, faults: str = "", seed: int = 0
) -> Run:
    """Apply ``ws`` (one after the other, on one token) on a fresh sandbox enforcing ``budget``
    per window, on a simulated clock."""
    clock = FakeClock()
    box = Sandbox(
        rate_limit=budget,
        rate_window="sliding",
        faults=faults,
        seed=seed,
        clock=clock,
        sleep=clock.sleep,
    )
    refused: list[int] = []
    admit = box.rate_limiter.admit

    def counted(token: str) -> int | None:
        wait = admit(token)
        if wait is not None:
            refused.append(wait)
        return wait

    box.rate_limiter.admit = counted  # type: ignore[method-assign]
    pacer = Pacer(budget, clock=clock, sleep=clock.sleep)
    gw = NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=box.transport(),
        pacer=pacer,
        sleep=clock.sleep,
        clock=clock,
    )
    start = clock.now
    error = ""
    try:
        for one in ws if isinstance(ws, list) else [ws]:
            apply_workspace(gw, one, box.root_page_id)
    except NotionSetupError as failure:
        error = f"exit {int(failure.exit_code)}: {str(failure).splitlines()[0]}"
    finally:
        gw.close()
        box.close()
    return Run(
        ok=not error,
        error=error,
        wall_s=clock.now - start,
        calls=gw.stats.api_calls,
        retries=gw.stats.retries,
        most_attempts=gw.retry_budget.most_attempts,
        drawn=gw.retry_budget.drawn,
        rate_limited=pacer.rate_limited,
        budget_drops=pacer.budget_drops,
        limiter_429s=len(refused),
    )


def window_pacing(names: str, budget: int) -> str:
    """One line: wall / window bound for first applies (``av+obm``: one after the other on one
    token) at ``budget`` per window."""
    run = simulate([_workspace(n, f"Bench {i}") for i, n in enumerate(names.split("+"))], budget)
    bound = window_bound_s(run.calls, budget)
    ratio = f"{run.wall_s / bound:.3f} x bound" if bound else "no window to wait for"
    return (
        f"{names} fr at {budget}/60 s: {run.calls} calls in {run.wall_s:.1f} s simulated, "
        f"window bound {bound:.0f} s -> {ratio}; sandbox 429s: {run.limiter_429s}"
    )


def fault_plan(name: str = "av", budget: int = 180) -> list[str]:
    """One line per seed under ``FAULT_PLAN``, against the clean run."""
    ws = _workspace(name)
    clean = simulate(ws, budget)
    lines = [
        f"{name} fr at {budget}/60 s, faults {FAULT_PLAN}; clean run: {clean.calls} calls, "
        f"{clean.wall_s:.1f} s simulated"
    ]
    for seed in SEEDS:
        run = simulate(ws, budget, faults=FAULT_PLAN, seed=seed)
        outcome = "converged in one run" if run.ok else f"STOPPED ({run.error})"
        bound = window_bound_s(run.calls, budget)
        lines.append(
            f"  seed {seed}: {outcome}; wall/clean {run.wall_s / clean.wall_s:.2f} "
            f"({run.wall_s:.1f} s; window bound of its {run.calls} calls: {bound:.0f} s); "
            f"retries {run.retries}, most attempts by one request {run.most_attempts}, "
            f"drawn from the run's allowance {run.drawn}; 429s {run.rate_limited} "
            f"(budget drops {run.budget_drops}, sandbox limiter {run.limiter_429s})"
        )
    announced = [simulate(ws, budget, faults=ANNOUNCED_PLAN, seed=seed) for seed in SEEDS]
    lines.append(
        "  the same faults, each telling whether it saved the write (no lookup needed): "
        + ", ".join(
            f"wall/clean {r.wall_s / clean.wall_s:.2f} ({r.calls} calls)" for r in announced
        )
    )
    return lines


def main() -> None:
    """Print every figure."""
    print("== window pacing (simulated time, sandbox enforcing the window, --jobs 1) ==")
    for budget in (180, 600):
        for names in ("av", "obm"):
            print(window_pacing(names, budget), flush=True)
    # Under 600 calls nothing waits at 600 per window: three clients on one token make it bind.
    print(window_pacing("av+obm+av", 600), flush=True)
    print("== faults: converge in one run (simulated time, --jobs 1) ==")
    for line in fault_plan():
        print(line, flush=True)


if __name__ == "__main__":
    main()
