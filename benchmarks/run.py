"""Run the benchmarks: `python -m benchmarks.run [NAME ...]` (default: all). See BENCHMARKS.md."""

from __future__ import annotations

import sys

from benchmarks import harness

BENCHMARKS = [
    "claims_list",
    "queues",
    "claim_page",
    "similarity",
    "lookups",
    "extraction",
    "exports",
    "matching",
    "following",
]
# Pure-Python benchmarks: no Django, no database (the corpus one reads CORPUS from the
# environment, which `make bench ... CORPUS=...` passes on).
WITHOUT_DJANGO = frozenset(("extraction", "extraction_corpus"))


def main(argv: list[str]) -> None:
    chosen = argv or BENCHMARKS
    if not WITHOUT_DJANGO.issuperset(chosen):
        harness.setup_django()
    for name in chosen:
        module = __import__(f"benchmarks.{name}", fromlist=["main"])
        print(module.main(), flush=True)
        print(flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
