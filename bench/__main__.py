"""``make bench``: every benchmark, one after the other; figures only, no pass/fail."""

from __future__ import annotations

import importlib
import sys

MODULES = ("bench_sandbox", "bench_pacer", "bench_provision", "bench_batch", "bench_load")


def main() -> None:
    """Run the benchmarks named on the command line, or all of them."""
    names = sys.argv[1:] or list(MODULES)
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"\n### {name}", flush=True)
        module.main()


if __name__ == "__main__":
    main()
