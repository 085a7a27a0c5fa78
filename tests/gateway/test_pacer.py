"""The pacer never exceeds the per-minute budget, adapts to 429s and serialises parents."""

from __future__ import annotations

import bisect
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notion_setup.pacer import BucketSettings, Pacer, shared_pacer, token_key
from notion_setup.sandbox.testing import FakeClock


def max_in_any_window(times: list[float], window: float = 60.0) -> int:
    """The most acquisitions inside any closed window [t, t + window]."""
    best = 0
    for i, start in enumerate(times):
        best = max(best, bisect.bisect_right(times, start + window) - i)
    return best


@pytest.mark.parametrize(
    ("budget", "rate", "burst"), [(180, 2.8, 12), (600, 575 / 60, 25), (60, 56 / 60, 4)]
)
def test_bucket_settings_are_window_safe(budget: int, rate: float, burst: int):
    settings_ = BucketSettings.for_budget(budget)
    assert settings_.rate == pytest.approx(rate)
    assert settings_.burst == burst
    assert settings_.burst + 60 * settings_.rate <= budget + 1e-9


def test_budget_below_two_is_refused():
    with pytest.raises(ValueError, match="at least 2"):
        BucketSettings.for_budget(1)


@settings(max_examples=60, deadline=None)
@given(
    budget=st.sampled_from([30, 60, 180, 600]),
    gaps=st.lists(st.floats(min_value=0, max_value=3.0), min_size=1, max_size=700),
    penalties=st.sets(st.integers(min_value=0, max_value=699), max_size=5),
)
def test_no_60_second_window_ever_holds_more_than_the_budget(
    budget: int, gaps: list[float], penalties: set[int]
):
    """Callers arrive at arbitrary times (bursts, pauses, 429s); the budget always holds."""
    clock = FakeClock()
    pacer = Pacer(budget, clock=clock, sleep=clock.sleep)
    times = []
    for index, gap in enumerate(gaps):
        clock.now += gap
        pacer.acquire()
        times.append(clock.now)
        if index in penalties:
            pacer.penalize(2.0)
    assert max_in_any_window(times) <= budget


def test_sustained_rate_reaches_the_ceiling():
    clock = FakeClock()
    pacer = Pacer(180, clock=clock, sleep=clock.sleep)
    start = clock.now
    for _ in range(12 + 2800):
        pacer.acquire()
    # 12 from the burst, then 2.8 per second.
    assert clock.now - start == pytest.approx(1000, rel=1e-6)


def test_429_pauses_everyone_until_retry_after_and_lowers_the_rate():
    clock = FakeClock()
    pacer = Pacer(180, clock=clock, sleep=clock.sleep)
    pacer.penalize(10.0)
    assert pacer.rate == pytest.approx(2.8 * 0.7)
    before = clock.now
    pacer.acquire()
    assert clock.now - before == pytest.approx(10.0)


def test_rate_recovers_additively_after_quiet_periods():
    clock = FakeClock()
    pacer = Pacer(180, clock=clock, sleep=clock.sleep)
    pacer.penalize(None)
    pacer.penalize(None)
    low = pacer.rate
    assert low == pytest.approx(2.8 * 0.49)
    clock.now += 30
    pacer.acquire()
    assert pacer.rate == pytest.approx(low + 0.1)
    clock.now += 3000
    pacer.acquire()
    assert pacer.rate == pytest.approx(2.8)


def test_rate_never_drops_below_a_tenth_of_the_ceiling():
    clock = FakeClock()
    pacer = Pacer(180, clock=clock, sleep=clock.sleep)
    for _ in range(50):
        pacer.penalize(None)
    assert pacer.rate == pytest.approx(0.28)


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
    clock_lock = threading.Lock()
    clock = FakeClock()

    def sleep(seconds: float) -> None:
        with clock_lock:
            clock.now += seconds

    pacer = Pacer(180, clock=clock, sleep=sleep)
    workers = [
        threading.Thread(target=lambda: [pacer.acquire() for _ in range(50)]) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert pacer.acquired == 200


def test_parent_lock_is_reentrant_and_per_parent():
    pacer = Pacer(180)
    with pacer.parent_lock("a"), pacer.parent_lock("a"):
        other = threading.Thread(target=lambda: pacer.parent_lock("b").__enter__())
        other.start()
        other.join(timeout=2)
        assert not other.is_alive()


def test_workspace_wide_429_lowers_the_ceiling_for_the_rest_of_the_run():
    clock = FakeClock()
    pacer = Pacer(180, clock=clock, sleep=clock.sleep)
    pacer.penalize(None, lower_ceiling=True)
    clock.now += 3600
    pacer.acquire()
    assert pacer.rate == pytest.approx(2.8 * 0.7)
    assert pacer.ceiling == pytest.approx(2.8 * 0.7)
