"""Provisioning figures for the bundled blueprints (issue 4).

- API calls per object created by a first apply (aim 1.0; reads for property ids and Notion's
  default view are the extra);
- calls of a no-change re-run and how many were writes (aim 0 writes);
- wall time against a sandbox with 150 ms latency per request, divided by calls x 150 ms, with
  --jobs 1 and --jobs 4 (below 1.0 means requests overlapped).

Set ``BENCH_LATENCY_MS`` to use another latency (the default, 150, takes about two minutes).
"""

from __future__ import annotations

import os
import time

from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.connect import UNPACED_BUDGET
from notion_setup.model import Workspace
from notion_setup.notion import NotionGateway
from notion_setup.provision import apply_workspace
from notion_setup.sandbox import Sandbox

LATENCY_MS = int(os.environ.get("BENCH_LATENCY_MS", "150"))


def _workspace(name: str) -> Workspace:
    return resolve(load_blueprint(name), lang="fr", client="Bench")


def _gateway(box: Sandbox) -> NotionGateway:
    return NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=box.transport(),
        budget_per_minute=UNPACED_BUDGET,
    )


def calls(name: str) -> str:
    """Calls per created object and the no-change re-run."""
    ws = _workspace(name)
    box = Sandbox(rate_limit=0)
    with _gateway(box) as gw:
        first = apply_workspace(gw, ws, box.root_page_id)
    with _gateway(box) as gw:
        again = apply_workspace(gw, ws, box.root_page_id)
    ratio = first.api_calls / first.created
    return (
        f"{name}: first apply {first.api_calls} calls ({first.writes} writes) for "
        f"{first.created} objects = {ratio:.2f} calls/object; "
        f"no-change re-run {again.api_calls} calls, {again.writes} writes"
    )


def latency(name: str, jobs: int) -> str:
    """Wall time with per-request latency against the ideal of calls x latency."""
    ws = _workspace(name)
    box = Sandbox(rate_limit=0, latency_ms=LATENCY_MS)
    with _gateway(box) as gw:
        start = time.perf_counter()
        report = apply_workspace(gw, ws, box.root_page_id, jobs=jobs)
        wall = time.perf_counter() - start
    ideal = report.api_calls * LATENCY_MS / 1000
    return (
        f"{name} --jobs {jobs}: {wall:.1f} s for {report.api_calls} calls at {LATENCY_MS} ms "
        f"= {wall / ideal:.2f} x (calls x latency)"
    )


def main() -> None:
    """Print every figure."""
    print("== provisioning (French, in-process sandbox) ==", flush=True)
    for name in ("av", "obm"):
        print(calls(name), flush=True)
    for name in ("av", "obm"):
        for jobs in (1, 4):
            print(latency(name, jobs), flush=True)


if __name__ == "__main__":
    main()
