"""Provisioning figures for the bundled blueprints, French (issues 4 and 15), one run each.

- calls per object created by a first apply, with the floor the plan computes beside it (one call
  per step, the view listing that finds Notion's default view, a schema read only where no answer
  named the property ids, the parent listing, the registry save);
- calls of a no-change re-run and how many were writes (aim 0 writes);
- wall time against a sandbox with 150 ms latency per request, divided by calls x 150 ms, with
  --jobs 1 and --jobs 4, beside the bound the dependency graph allows with that many workers
  (below 1.0 means requests overlapped);
- calls of a no-change ``plan`` for AV, OBM and 160 databases: AV's databases copied ten times
  (a real registry, about 210,000 characters in two code blocks) and the generated chain (a small
  registry), with the code blocks the registry takes and the writes of the apply after it (aim 0).

Set ``BENCH_LATENCY_MS`` to use another latency (the default, 150, takes about two minutes).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from notion_setup.apply_schedule import plan_bound
from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.connect import UNPACED_BUDGET
from notion_setup.model import Workspace
from notion_setup.notion import NotionGateway
from notion_setup.observe import Observed
from notion_setup.plan import make_plan
from notion_setup.provision import apply_workspace, plan_workspace
from notion_setup.registry import codec
from notion_setup.sandbox import Sandbox
from tests.registry.av_like import write_av_like
from tests.schedule.synthetic import write_synthetic

LATENCY_MS = int(os.environ.get("BENCH_LATENCY_MS", "150"))
#: Reads of a first run outside the plan's steps: the parent's children, to find the root, and
#: one search of the trash for a root moved there by hand.
OBSERVE_CALLS_FIRST_RUN = 2


def _workspace(name: str) -> Workspace:
    return resolve(load_blueprint(name), lang="fr", client="Bench")


def _gateway(box: Sandbox) -> NotionGateway:
    return NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=box.transport(),
        budget_per_minute=UNPACED_BUDGET,
    )


def _first_run_floor(ws: Workspace, jobs: int = 1) -> tuple[int, float]:
    """Calls the plan of a first run needs, and its dependency bound ratio with ``jobs``."""
    steps = make_plan(ws, Observed(parent_id="bench")).steps
    bound = plan_bound(steps, ws, jobs)
    return bound.calls + OBSERVE_CALLS_FIRST_RUN, bound.ratio


def calls(name: str) -> str:
    """Calls per created object, against the floor, and the no-change re-run."""
    ws = _workspace(name)
    floor, _ = _first_run_floor(ws)
    box = Sandbox(rate_limit=0)
    with _gateway(box) as gw:
        first = apply_workspace(gw, ws, box.root_page_id)
    with _gateway(box) as gw:
        again = apply_workspace(gw, ws, box.root_page_id)
    return (
        f"{name}: first apply {first.api_calls} calls ({first.writes} writes) for "
        f"{first.created} objects = {first.api_calls / first.created:.3f} calls/object "
        f"(floor from the plan {floor} = {floor / first.created:.3f}); "
        f"no-change re-run {again.api_calls} calls, {again.writes} writes"
    )


def latency(name: str, jobs: int) -> str:
    """Wall time with per-request latency against calls x latency, and the dependency bound."""
    ws = _workspace(name)
    _, bound_ratio = _first_run_floor(ws, jobs)
    box = Sandbox(rate_limit=0, latency_ms=LATENCY_MS)
    with _gateway(box) as gw:
        start = time.perf_counter()
        report = apply_workspace(gw, ws, box.root_page_id, jobs=jobs)
        wall = time.perf_counter() - start
    ideal = report.api_calls * LATENCY_MS / 1000
    return (
        f"{name} --jobs {jobs}: {wall:.1f} s for {report.api_calls} calls at {LATENCY_MS} ms "
        f"= {wall / ideal:.2f} x (calls x latency); dependency bound {bound_ratio:.2f}"
    )


class _Paths(httpx.BaseTransport):
    """Counts the requests sent to the sandbox by kind: where a no-change plan's calls go."""

    def __init__(self, box: Sandbox) -> None:
        self.inner = box.transport()
        self.kinds: Counter[str] = Counter()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/children"):
            kind = "block listings"
        elif path.startswith("/v1/data_sources/") and request.method == "GET":
            kind = "schema reads"
        elif path == "/v1/views":
            kind = "view listings"
        else:
            kind = f"{request.method} {path.split('/')[2]}"
        self.kinds[kind] += 1
        return self.inner.handle_request(request)


def no_change_plan(label: str, ws: Workspace) -> str:
    """Calls of ``plan`` (and ``plan --fast``) on a workspace that is up to date, by kind; then
    ``apply``'s writes."""
    box = Sandbox(rate_limit=0)
    with _gateway(box) as gw:
        first = apply_workspace(gw, ws, box.root_page_id, jobs=4)
    paths = _Paths(box)
    with NotionGateway(
        token=box.token,
        base_url="http://sandbox.invalid",
        transport=paths,
        budget_per_minute=UNPACED_BUDGET,
    ) as gw:
        observed, plan = plan_workspace(gw, ws, box.root_page_id)
        made, writes = gw.stats.api_calls, gw.stats.writes
    with _gateway(box) as gw:
        plan_workspace(gw, ws, box.root_page_id, fast=True)  # plan --fast: no view, no row read
        fast = gw.stats.api_calls
    with _gateway(box) as gw:
        again = apply_workspace(gw, ws, box.root_page_id, jobs=4)
    count = len(ws.databases)
    blocks = len(codec.encode(observed.registry)) if observed.registry else 0
    size = len(observed.registry_text or "")
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(paths.kinds.items()))
    return (
        f"{label}: no-change plan over {count} databases: {made} calls "
        f"({made / count:.2f} a database; {kinds}), {writes} writes, {len(plan.steps)} steps "
        f"pending; plan --fast {fast} calls ({fast / count:.2f} a database); "
        f"registry {size:,} characters in {blocks} code block(s); next apply "
        f"{again.writes} writes (first apply {first.api_calls} calls)"
    )


def main() -> None:
    """Print every figure."""
    print("== provisioning (French, in-process sandbox) ==", flush=True)
    for name in ("av", "obm"):
        print(calls(name), flush=True)
    for name in ("av", "obm"):
        for jobs in (1, 4):
            print(latency(name, jobs), flush=True)
    print(no_change_plan("av", _workspace("av")), flush=True)
    print(no_change_plan("obm", _workspace("obm")), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        big = resolve(load_blueprint(str(write_av_like(Path(tmp), 160))), lang="fr", client="B")
        print(no_change_plan("av x 10", big), flush=True)
        chain = resolve(load_blueprint(str(write_synthetic(Path(tmp), 160))), lang="fr", client="B")
        print(no_change_plan("generated chain", chain), flush=True)


if __name__ == "__main__":
    main()
