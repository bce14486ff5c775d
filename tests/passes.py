"""One pass of the suite in two parts: `python -m tests.passes [--jobs N] -m EXPR [pytest args]`.

The tests that share nothing run first on N processes (pytest-xdist, each with its own SQLite
files, test database and Redis database); then the tests marked `serial` (they time the desk
against a stopped or hung Redis, or load the machine on purpose) run alone. The pass fails if
either part fails, and if neither part ran a test: pytest's "no tests ran" never passes
silently. A part that selects nothing (a PYTEST_ARGS naming one file) is fine while the other
part ran tests.

The parallel part distributes with `--dist loadgroup`: tests marked `xdist_group(name)` (ones
sharing an expensive module fixture, such as a migrated and seeded desk) run on one process,
the rest are spread as by default. Each part says how long it took.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

NO_TESTS_RAN = 5  # pytest.ExitCode.NO_TESTS_COLLECTED


def part(marker: str, jobs: int, args: list[str]) -> int:
    command = [sys.executable, "-m", "pytest", "-m", marker, *args]
    if jobs > 1:
        command[3:3] = ["-n", str(jobs), "--dist", "loadgroup"]
    print("\n$", " ".join(command), flush=True)
    started = time.monotonic()
    code = subprocess.call(command)
    print(f"(part '{marker}' took {time.monotonic() - started:.0f} s)", flush=True)
    return code


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel part")
    parser.add_argument("-m", dest="marker", default="", help="pytest's marker expression")
    options, pytest_args = parser.parse_known_args(argv)
    selected = f"({options.marker}) and " if options.marker else ""
    codes = [
        part(f"{selected}not serial", options.jobs, pytest_args),
        part(f"{selected}serial", 1, pytest_args),
    ]
    failures = [code for code in codes if code not in (0, NO_TESTS_RAN)]
    if failures:
        return failures[0]
    if all(code == NO_TESTS_RAN for code in codes):
        print("No tests ran in either part of the pass.", file=sys.stderr)
        return NO_TESTS_RAN
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
