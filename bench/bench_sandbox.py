"""The sandbox's own throughput on loopback HTTP with no latency, and in-process for comparison.

Run: ``python -m bench.bench_sandbox``. Prints requests per second (median of several runs) for
a read workload, a write workload and a mixed provisioning-like workload, with the workspace in
memory and in a SQLite state file (``--state``).

"loopback" serves from a separate ``notion-setup sandbox serve`` process and drives it over one
keep-alive connection with the stdlib's ``http.client``, so the figure is the server's cost, not
the client's (httpx adds about 1 ms per request of its own). "in-process" calls
``Sandbox.handle`` directly: the emulator's cost without any HTTP.
"""

from __future__ import annotations

import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from notion_setup.sandbox import Sandbox

RUNS = 5
REQUESTS = 500

#: (method, path, body) -> parsed JSON answer; raises on a non-2xx status.
Call = Callable[[str, str, Any], Any]


def _checked(status: int, data: bytes, method: str, path: str) -> Any:
    if status >= 300:
        raise RuntimeError(f"{method} {path} -> {status}: {data[:200]!r}")
    return json.loads(data)


@contextmanager
def _loopback(state: Path | None) -> Iterator[tuple[Call, str]]:
    command = [
        sys.executable,
        "-m",
        "notion_setup",
        "sandbox",
        "serve",
        "--rate-limit",
        "0",
        "--quiet",
    ]
    if state is not None:
        command += ["--state", str(state)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        url = urlsplit(info["base_url"])
        connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port)
        headers = {
            "Authorization": f"Bearer {info['token']}",
            "Notion-Version": "2026-03-11",
            "Content-Type": "application/json",
        }

        def call(method: str, path: str, body: Any) -> Any:
            payload = None if body is None else json.dumps(body)
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            return _checked(response.status, response.read(), method, path)

        yield call, info["root_page_id"]
        connection.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def _in_process(state: Path | None) -> Iterator[tuple[Call, str]]:
    sb = Sandbox(state_path=state, rate_limit=0)
    headers = {"authorization": f"Bearer {sb.token}", "notion-version": "2026-03-11"}

    def call(method: str, path: str, body: Any) -> Any:
        raw = b"" if body is None else json.dumps(body).encode()
        outcome = sb.handle(method, path, headers, raw)
        return _checked(outcome.status, outcome.body, method, path)

    try:
        yield call, sb.root_page_id
    finally:
        sb.close()


def _page(parent: str, title: str) -> dict[str, Any]:
    return {
        "parent": {"page_id": parent},
        "properties": {"title": {"title": [{"text": {"content": title}}]}},
        "children": [{"paragraph": {"rich_text": [{"text": {"content": "Body text."}}]}}],
    }


def _reads(call: Call, root: str, n: int) -> None:
    for i in range(n):
        call("GET", "/v1/users/me" if i % 2 else f"/v1/pages/{root}", None)


def _writes(call: Call, root: str, n: int) -> None:
    for i in range(n):
        call("POST", "/v1/pages", _page(root, f"Page {i}"))


def _mixed(call: Call, root: str, n: int) -> None:
    db = call(
        "POST",
        "/v1/databases",
        {
            "parent": {"page_id": root},
            "title": [{"text": {"content": "Tasks"}}],
            "initial_data_source": {
                "properties": {
                    "Task": {"title": {}},
                    "Hours": {"number": {}},
                    "State": {"status": {}},
                }
            },
        },
    )
    ds_id = db["data_sources"][0]["id"]
    for i in range(n - 1):
        step = i % 4
        if step == 0:
            call(
                "POST",
                "/v1/pages",
                {
                    "parent": {"data_source_id": ds_id},
                    "properties": {
                        "Task": {"title": [{"text": {"content": f"Task {i}"}}]},
                        "Hours": {"number": i},
                    },
                },
            )
        elif step == 1:
            call("POST", f"/v1/data_sources/{ds_id}/query", {"page_size": 20})
        elif step == 2:
            call("GET", f"/v1/data_sources/{ds_id}", None)
        else:
            call("GET", f"/v1/blocks/{root}/children?page_size=20", None)


Work = Callable[[Call, str, int], None]


def _rate(work: Work, *, state: bool, loopback: bool) -> float:
    rates = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "state.sqlite" if state else None
            with (_loopback if loopback else _in_process)(path) as (call, root):
                start = time.perf_counter()
                work(call, root, REQUESTS)
                rates.append(REQUESTS / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    """Print the sandbox's throughput (median of several runs, requests per second)."""
    print(f"sandbox throughput, one connection, no latency ({REQUESTS} requests, median of {RUNS})")
    print(f"{'workload':<8} {'transport':<11} {'in memory':>11} {'--state':>11}")
    for name, work in (("reads", _reads), ("writes", _writes), ("mixed", _mixed)):
        for label, loopback in (("loopback", True), ("in-process", False)):
            memory = _rate(work, state=False, loopback=loopback)
            stored = _rate(work, state=True, loopback=loopback)
            print(f"{name:<8} {label:<11} {memory:>9.0f}/s {stored:>9.0f}/s")


if __name__ == "__main__":
    main()
