"""Print the pacer's achieved request rate against Notion's budget, on a simulated clock.

Run: ``.venv/bin/python bench/bench_pacer.py``. Nothing sleeps for real: the clock only moves
when the pacer asks to wait, so the figures are exact and the run takes well under a second.
"""

from __future__ import annotations

import bisect

from notion_setup.pacer import BucketSettings, Pacer


class SimulatedClock:
    """Monotonic seconds that advance only through ``sleep``."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def busiest_window(times: list[float], window: float = 60.0) -> int:
    """The most requests in any closed 60-second window."""
    return max(bisect.bisect_right(times, t + window) - i for i, t in enumerate(times))


def run(budget: int, requests: int, penalty_at: int | None = None) -> str:
    clock = SimulatedClock()
    pacer = Pacer(budget, clock=clock, sleep=clock.sleep)
    times = []
    for index in range(requests):
        pacer.acquire()
        times.append(clock.now)
        if index == penalty_at:
            pacer.penalize(5.0)
    elapsed = times[-1] - times[0]
    settings = BucketSettings.for_budget(budget)
    label = f"budget {budget}/min (rate {settings.rate:.2f}/s, burst {settings.burst})"
    if penalty_at is not None:
        label += f", one 429 (Retry-After 5 s) at request {penalty_at}"
    return (
        f"{label}\n"
        f"  {requests} requests in {elapsed:.1f} s -> {requests / elapsed * 60:.1f}/min "
        f"({requests / elapsed / (budget / 60) * 100:.1f}% of budget); "
        f"busiest 60 s window: {busiest_window(times)} (limit {budget})"
    )


def main() -> None:
    """Print one paragraph per scenario."""
    for budget in (180, 600):
        print(run(budget, 2000))
    print(run(180, 2000, penalty_at=500))


if __name__ == "__main__":
    main()
