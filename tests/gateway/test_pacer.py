"""The pacer spends each window's budget in a burst, never exceeds it in any 60-second window,
honours Retry-After without punishing it twice, and lowers its budget only on evidence."""

from __future__ import annotations

import bisect
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notion_setup.pacer import (
    EVIDENCE_STREAK,
    MARGIN_S,
    WINDOW_S,
    Pacer,
    shared_pacer,
    token_key,
    window_bound_s,
)
from notion_setup.sandbox.testing import FakeClock


def max_in_any_window(times: list[float], window: float = WINDOW_S) -> int:
    """The most acquisitions inside any closed window [t, t + window]."""
    best = 0
    for i, start in enumerate(times):
        best = max(best, bisect.bisect_right(times, start + window) - i)
    return best


def paced(budget: int) -> tuple[Pacer, FakeClock]:
    clock = FakeClock()
    return Pacer(budget, clock=clock, sleep=clock.sleep), clock


# Each event: a gap before the next request, then what its answer was.
EVENTS = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=5.0),
        st.sampled_from(["ok", "ok", "ok", "429", "429-retry-after", "429-workspace"]),
    ),
    min_size=1,
    max_size=800,
)


@settings(max_examples=80, deadline=None)
@given(budget=st.sampled_from([1, 2, 30, 180, 600]), events=EVENTS)
def test_no_60_second_window_ever_holds_more_than_the_budget(
    budget: int, events: list[tuple[float, str]]
):
    """Callers arrive at any times (bursts, pauses, 429s of every kind); the budget holds."""
    pacer, clock = paced(budget)
    times = []
    for gap, answer in events:
        clock.advance(gap)
        pacer.acquire()
        times.append(clock.now)
        if answer == "ok":
            pacer.answered()
        else:
            pacer.penalize(
                2.0 if answer != "429" else None, lower_ceiling=answer == "429-workspace"
            )
    assert max_in_any_window(times) <= budget


@settings(max_examples=40, deadline=None)
@given(budget=st.sampled_from([3, 180, 600]), calls=st.integers(min_value=1, max_value=2000))
def test_back_to_back_requests_take_the_window_bound_and_no_more(budget: int, calls: int):
    """Requests sent as fast as allowed take floor((calls - 1) / budget) windows (+ margin)."""
    pacer, clock = paced(budget)
    start = clock.now
    for _ in range(calls):
        pacer.acquire()
    windows = (calls - 1) // budget
    assert clock.now - start == pytest.approx(windows * (WINDOW_S + MARGIN_S))
    assert window_bound_s(calls, budget) == windows * WINDOW_S


def test_a_fresh_window_is_spent_at_once():
    """A no-change plan (35 calls) runs at latency speed: not one of them waits."""
    pacer, clock = paced(180)
    assert [pacer.acquire() for _ in range(35)] == [0.0] * 35
    assert clock.sleeps == []
    # The whole budget goes in one burst; the next request waits for the window to pass.
    for _ in range(145):
        pacer.acquire()
    assert clock.sleeps == []
    assert pacer.acquire() == pytest.approx(WINDOW_S + MARGIN_S)


def test_600_is_a_budget_like_any_other():
    pacer, clock = paced(600)
    for _ in range(600):
        pacer.acquire()
    assert clock.sleeps == []
    assert pacer.in_window() == 600


def test_a_429_with_retry_after_pauses_everyone_exactly_that_long_and_nothing_more():
    pacer, _ = paced(180)
    pacer.acquire()
    pacer.penalize(7.0)
    assert pacer.acquire() == pytest.approx(7.0)
    # Not punished twice: the budget is intact, the next 178 requests go at once.
    assert pacer.budget == 180
    assert [pacer.acquire() for _ in range(178)] == [0.0] * 178
    assert pacer.budget_drops == 0


def test_scattered_429s_never_lower_the_budget():
    """One in ten answers a 429 (F35): each is waited out, the budget stays whole."""
    pacer, _ = paced(180)
    for index in range(2000):
        pacer.acquire()
        if index % 10 == 0:
            pacer.penalize(1.0)
        else:
            pacer.answered()
    assert pacer.rate_limited == 200
    assert pacer.budget == 180 and pacer.budget_drops == 0


def test_429s_in_a_row_are_evidence_the_budget_is_too_high_and_it_recovers():
    pacer, clock = paced(180)
    for _ in range(EVIDENCE_STREAK - 1):
        pacer.penalize(1.0)
    assert pacer.budget == 180
    pacer.penalize(1.0)
    assert pacer.budget == 144 and pacer.budget_drops == 1
    # A new streak lowers it again; an answer in between breaks a streak.
    pacer.answered()
    for _ in range(EVIDENCE_STREAK - 1):
        pacer.penalize(1.0)
    pacer.answered()
    pacer.penalize(1.0)
    assert pacer.budget == 144
    for _ in range(EVIDENCE_STREAK - 1):
        pacer.penalize(1.0)
    assert pacer.budget == 115
    # One tenth of the nominal budget back per quiet window, up to the nominal budget.
    clock.advance(WINDOW_S + 1.0)
    assert pacer.budget == 133
    clock.advance(10 * WINDOW_S)
    assert pacer.budget == 180


def test_the_budget_never_drops_below_a_tenth():
    pacer, _ = paced(180)
    for _ in range(50 * EVIDENCE_STREAK):
        pacer.penalize(None)
    assert pacer.budget == 18


def test_a_lowered_budget_is_kept_by_the_window():
    pacer, clock = paced(10)
    for _ in range(10):
        pacer.acquire()
    for _ in range(EVIDENCE_STREAK):
        pacer.penalize(None)
    assert pacer.budget == 8
    # The 10 sent count until their window passes; then 8 per window.
    assert pacer.acquire() == pytest.approx(WINDOW_S + MARGIN_S)
    times = [clock.now]
    for _ in range(40):
        pacer.acquire()
        times.append(clock.now)
    assert max_in_any_window(times) <= 10


def test_workspace_wide_429_lowers_the_ceiling_for_the_rest_of_the_run():
    pacer, clock = paced(180)
    pacer.penalize(None, lower_ceiling=True)
    assert pacer.budget == 144 and pacer.ceiling == 144
    clock.advance(3600)
    assert pacer.budget == 144


def test_budget_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        Pacer(0)


def test_one_pacer_per_token_keyed_by_hash_never_by_the_token():
    from notion_setup import pacer as module

    token = "ntn_sharedpacertoken"
    first = shared_pacer(token, 180)
    assert shared_pacer(token, 600) is first
    assert shared_pacer(token + "x", 180) is not first
    assert token not in module._registry
    assert token_key(token) in module._registry
    assert len(token_key(token)) == 64


def test_threads_share_one_budget():
    """Four workers on one token: together they never exceed the budget in any window."""
    clock = FakeClock()
    pacer = Pacer(180, clock=clock, sleep=clock.sleep)
    times: list[float] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(100):
            pacer.acquire()
            with lock:
                times.append(clock.now)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert pacer.acquired == 400
    assert max_in_any_window(sorted(times)) <= 180


def test_parent_lock_is_reentrant_and_per_parent():
    pacer = Pacer(180)
    with pacer.parent_lock("a"), pacer.parent_lock("a"):
        other = threading.Thread(target=lambda: pacer.parent_lock("b").__enter__())
        other.start()
        other.join(timeout=2)
        assert not other.is_alive()
