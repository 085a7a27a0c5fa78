"""Print the batch figures: pacing on one shared token, parallel speed-up, peak memory.

Run: ``.venv/bin/python bench/bench_batch.py`` (about 30-40 s on 2 cores).

1. Pacing. Several clients share one token on a sandbox that enforces Notion's 180 requests per
   60-second window (fixed windows, 300 ms per request). Time runs 20 times faster than the wall
   clock for the sandbox, the pacer and the retries alike (one scaled clock), so that the limit
   binds for several windows within seconds. Printed: elapsed / (calls / rate limit) -- 1.0 means
   the batch ran exactly at the budget -- and the 429s received.
2. Speed-up. Four clients with four different tokens (four sandboxes, 10 ms per request, no rate
   limit): wall time with ``--jobs 1`` and with ``--jobs 4``.
3. Memory. A batch of 10 and of 100 clients against a sandbox served over loopback HTTP by this
   process, each batch run in a fresh child process that reports its peak traced Python memory
   (manifest, runner, gateways, sinks) and its peak RSS. The sandbox's own state stays in this
   process, so it does not count.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from notion_setup.batch import (
    BatchSummary,
    ClientSpec,
    JsonLinesSink,
    JUnitWriter,
    run_batch,
    run_manifest,
)
from notion_setup.connect import Connection
from notion_setup.notion import NotionGateway, RetryPolicy
from notion_setup.sandbox import Sandbox, serve

#: The bundled AV blueprint (about 190 calls per client) for the timing runs.
BLUEPRINT = "av"
#: A one-database blueprint (about ten calls per client) for the memory runs, where the
#: number of clients matters, not their size.
TINY = {
    "format": 1,
    "id": "tiny",
    "name": {"en": "Tiny", "fr": "Mini"},
    "description": {"en": "Bench blueprint.", "fr": "Modèle du banc d'essai."},
    "root": {
        "title": {"en": "{{client_name}}", "fr": "{{client_name}}"},
        "body": {"en": "Hi.", "fr": "Bonjour."},
    },
    "templates_page": {"title": {"en": "Templates", "fr": "Modèles"}},
    "modules": {
        "core": {
            "name": {"en": "Core", "fr": "Socle"},
            "description": {"en": "Tasks.", "fr": "Tâches."},
        }
    },
    "databases": {
        "tasks": {
            "module": "core",
            "title": {"en": "Tasks", "fr": "Tâches"},
            "properties": {"name": {"type": "title", "name": {"en": "Task", "fr": "Tâche"}}},
            "views": [{"key": "all", "name": {"en": "All", "fr": "Toutes"}, "type": "table"}],
            "rows": [{"key": "first", "values": {"name": {"en": "First", "fr": "Première"}}}],
        }
    },
}
# Simulated time runs SPEED times faster than the wall clock; the CPU time of the run itself is
# scaled up with it, so a large SPEED overstates the overhead. 5 keeps that below ~2 %.
SPEED = 5.0
BUDGET = 180


class ScaledTime:
    """A monotonic clock running ``factor`` times faster than the wall clock, and its sleep."""

    def __init__(self, factor: float) -> None:
        self.factor = factor
        self.origin = time.monotonic()

    def clock(self) -> float:
        return (time.monotonic() - self.origin) * self.factor

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds) / self.factor)


def _clients(count: int, tokens: Sequence[str], *, only: tuple[str, ...] = ()) -> list[ClientSpec]:
    return [
        ClientSpec(f"Bench {n:03d}", BLUEPRINT, None, "fr", tokens[n % len(tokens)], only=only)
        for n in range(count)
    ]


def _connect_to(
    boxes: dict[str, Sandbox], *, budget: int, clock: ScaledTime | None = None
) -> object:
    def connect(spec: ClientSpec) -> Connection:
        box = boxes[spec.token_env]
        options: dict[str, object] = {}
        if clock is not None:
            options = {"clock": clock.clock, "sleep": clock.sleep}
        gateway = NotionGateway(
            token=box.token,
            base_url="http://sandbox.invalid",
            transport=box.transport(),
            budget_per_minute=budget,
            policy=RetryPolicy(),
            **options,  # type: ignore[arg-type]
        )
        return Connection(gateway, "sandbox", box.root_page_id)

    return connect


def pacing(clients: int = 4) -> str:
    """One token, a binding rate limit: how close to the budget, and how many 429s."""
    scaled = ScaledTime(SPEED)
    box = Sandbox(rate_limit=BUDGET, latency_ms=300, clock=scaled.clock, sleep=scaled.sleep)
    connect = _connect_to({"SHARED": box}, budget=BUDGET, clock=scaled)
    wall = time.monotonic()
    summary = run_batch(
        _clients(clients, ["SHARED"]),
        connect=connect,  # type: ignore[arg-type]
        jobs=4,
        clock=scaled.clock,
    )
    wall = time.monotonic() - wall
    calls = len(box.request_log)
    throttled = sum(1 for r in box.request_log if r.status == 429)
    ideal = calls / (BUDGET / 60.0)
    _check(summary, clients)
    return (
        f"pacing, {clients} clients on one token, limit {BUDGET}/min, 300 ms per request "
        f"(time x{SPEED:.0f}):\n"
        f"  {calls} calls in {summary.elapsed_s:.1f} s (simulated; {wall:.1f} s wall); "
        f"ideal at the limit {ideal:.1f} s -> ratio {summary.elapsed_s / ideal:.3f} "
        f"(aim <= 1.1); 429s received: {throttled}"
    )


def speedup(tokens: int = 4) -> str:
    """Distinct tokens: wall time of --jobs 4 against --jobs 1."""
    times = {}
    for jobs in (1, 4):
        names = [f"T{n}" for n in range(tokens)]
        boxes = {name: Sandbox(rate_limit=0, latency_ms=10) for name in names}
        connect = _connect_to(boxes, budget=1_000_000)
        started = time.monotonic()
        summary = run_batch(_clients(tokens, names), connect=connect, jobs=jobs)  # type: ignore[arg-type]
        times[jobs] = time.monotonic() - started
        _check(summary, tokens)
    return (
        f"speed-up, {tokens} clients on {tokens} tokens (10 ms per request, no rate limit):\n"
        f"  --jobs 1: {times[1]:.2f} s, --jobs 4: {times[4]:.2f} s -> "
        f"x{times[1] / times[4]:.2f}"
    )


def memory(sizes: Sequence[int] = (10, 100)) -> str:
    """Peak memory of a batch of 10 and of 100 clients, each in a fresh process."""
    lines = []
    for size in sizes:
        box = Sandbox(rate_limit=0)
        with serve(box) as server, tempfile.TemporaryDirectory() as folder:
            manifest = Path(folder) / "clients.json"
            (Path(folder) / "tiny.json").write_text(json.dumps(TINY), encoding="utf-8")
            clients = [{"name": f"Bench {n:03d}"} for n in range(size)]
            document = {
                "format": 1,
                "defaults": {
                    "blueprint": "./tiny.json",
                    "lang": "fr",
                    "parent": box.root_page_id,
                    "token_env": "BENCH_TOKEN",
                },
                "clients": clients,
            }
            manifest.write_text(json.dumps(document), encoding="utf-8")
            env = {**os.environ, "BENCH_TOKEN": box.token}
            figures: dict[str, float] = {}
            # tracemalloc keeps a traceback per allocation, which swells the process: the RSS
            # comes from a second, untraced run of the same batch.
            for mode in ("--memory-child", "--rss-child"):
                child = subprocess.run(
                    [sys.executable, __file__, mode, str(manifest), server.base_url],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                got = json.loads(child.stdout.strip().splitlines()[-1])
                figures.update(got if mode == "--memory-child" else {"rss_mib": got["rss_mib"]})
        lines.append(
            f"  {size:>3} clients ({figures['calls']} calls, {figures['seconds']:.1f} s): "
            f"peak traced {figures['traced_kib']:.0f} KiB, peak RSS {figures['rss_mib']:.0f} MiB"
        )
    return "memory, one token over loopback HTTP, --jobs 4, JSON lines + JUnit streamed:\n" + (
        "\n".join(lines)
    )


def _memory_child(manifest: str, base_url: str, *, traced: bool = True) -> None:
    """Run one batch and print its figures as JSON (the parent reads the last line)."""
    if traced:
        tracemalloc.start()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder, open(os.devnull, "w") as devnull:
        report = JUnitWriter(Path(folder) / "report.xml")
        lines = JsonLinesSink(devnull)

        def sink(result: object) -> None:
            lines(result)  # type: ignore[arg-type]
            report.add(result)  # type: ignore[arg-type]

        summary = run_manifest(manifest, jobs=4, base_url=base_url, rate_limit=0, on_result=sink)
        report.close(summary.elapsed_s)
    _, peak = tracemalloc.get_traced_memory() if traced else (0, 0)
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _check(summary, summary.total)
    figures = {
        "calls": summary.api_calls,
        "seconds": time.monotonic() - started,
        "traced_kib": peak / 1024,
        "rss_mib": rss_kib / 1024,
    }
    print(json.dumps(figures))


def _check(summary: BatchSummary, expected: int) -> None:
    if summary.ok != expected:
        raise SystemExit(f"bench batch: {summary.ok} of {expected} clients succeeded")


def main() -> None:
    """Print every figure."""
    print("== batch ==", flush=True)
    for figure in (pacing, speedup, memory):
        print(figure(), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in ("--memory-child", "--rss-child"):
        threading.current_thread().name = "memory-child"
        _memory_child(sys.argv[2], sys.argv[3], traced=sys.argv[1] == "--memory-child")
    else:
        main()
