"""Run the benchmarks: `python -m benchmarks.run [NAME ...]` (default: all). See BENCHMARKS.md."""

from __future__ import annotations

import sys

from benchmarks import harness

BENCHMARKS = [
    "claims_list",
    "queues",
    "similarity",
    "lookups",
    "extraction",
    "exports",
    "matching",
]


def main(argv: list[str]) -> None:
    harness.setup_django()
    chosen = argv or BENCHMARKS
    for name in chosen:
        module = __import__(f"benchmarks.{name}", fromlist=["main"])
        print(module.main(), flush=True)
        print(flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
