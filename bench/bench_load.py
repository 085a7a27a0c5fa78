"""What a run spends before its first request: importing the tool and loading the blueprint.

Run: ``python -m bench.bench_load``. Each figure is the median CPU time (``time.process_time``,
less noisy than wall time on a shared machine) of fresh processes, so nothing is cached between
them but the bytecode on disk (written by a first run that is not counted). Printed:

- importing ``notion_setup.cli``;
- loading AV and OBM cold (a CLI run: the schema, the semantic checks, and the released versions
  in ``blueprints/history`` that the migration check reads), and the share of those versions;
- loading OBM again in the same process (what a batch or fleet run pays for its next client);
- ordering the steps of a first apply of 160 AV-like databases (``with_dependencies``).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

RUNS = 5
ROOT = Path(__file__).resolve().parents[1]

#: Run in a fresh process; prints one JSON object of CPU seconds.
_PROBE = r"""
import json, sys, time
t = time.process_time()
import notion_setup.cli
out = {"import": time.process_time() - t}
import notion_setup.blueprint.loader as loader
history = [0.0]
real = loader._load_document
def timed(path, chain):
    started = time.process_time()
    try:
        return real(path, chain)
    finally:
        if path.parent.name == "history" and not chain:
            history[0] += time.process_time() - started
loader._load_document = timed
name = sys.argv[1]
t = time.process_time(); loader.load_blueprint(name); out["cold"] = time.process_time() - t
out["history"] = history[0]
t = time.process_time(); loader.load_blueprint(name); out["warm"] = time.process_time() - t
print(json.dumps(out))
"""

_ORDER_PROBE = r"""
import json, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.registry.av_like import write_av_like
from notion_setup.blueprint import load_blueprint, resolve
from notion_setup.plan import depends
folder = Path(tempfile.mkdtemp())
ws = resolve(load_blueprint(str(write_av_like(folder, 160))), lang="fr", client="Big")
spent = [0.0]
real = depends.with_dependencies
def timed(*args, **kwargs):
    started = time.process_time()
    try:
        return real(*args, **kwargs)
    finally:
        spent[0] += time.process_time() - started
for module in list(sys.modules.values()):
    if module is not None and getattr(module, "with_dependencies", None) is real:
        module.with_dependencies = timed
from notion_setup.sandbox import Sandbox
from notion_setup.notion import NotionGateway
from notion_setup.provision import apply_workspace
box = Sandbox(rate_limit=0)
gw = NotionGateway(token=box.token, base_url="http://sandbox.invalid", transport=box.transport(),
                   budget_per_minute=10**6)
apply_workspace(gw, ws, box.root_page_id, jobs=4)
print(json.dumps({"order": spent[0]}))
"""


def _median(probe: str, *args: str) -> dict[str, float]:
    # Bytecode is written and used, as for an installed wheel (whatever PYTHONDONTWRITEBYTECODE
    # says here): the first, warm-up run writes it and is not counted.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = []
    for _ in range(RUNS + 1):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    runs = runs[1:]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    """Print every figure."""
    print(f"== load (CPU seconds, median of {RUNS} fresh processes) ==", flush=True)
    for name in ("av", "obm"):
        f = _median(_PROBE, name)
        print(
            f"{name}: import notion_setup.cli {f['import']:.2f} s; load cold {f['cold']:.2f} s "
            f"(released versions {f['history']:.2f} s, {f['history'] / f['cold']:.0%}); "
            f"again in the same process {f['warm']:.3f} s "
            f"({f['cold'] / max(f['warm'], 1e-6):.0f}x less)",
            flush=True,
        )
    order = _median(_ORDER_PROBE, str(ROOT))
    print(f"ordering the first apply of 160 databases: {order['order']:.2f} s", flush=True)


if __name__ == "__main__":
    main()
