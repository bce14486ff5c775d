"""`tests/passes.py`, the runner behind `make test-sqlite` and `make test-postgres`."""

from __future__ import annotations

from tests import passes


def test_a_pass_in_which_neither_part_ran_a_test_fails() -> None:
    code = passes.main(["--jobs", "1", "-m", "serial and not serial", "tests/test_passes.py"])
    assert code == passes.NO_TESTS_RAN


def test_a_part_with_nothing_to_run_is_fine_when_the_other_ran_tests() -> None:
    # This file has no serial tests: the serial part selects nothing, the other part runs one
    # (one that starts no pytest of its own).
    selected = "tests/test_passes.py::test_the_parts_select_the_pass_marker_and_serial_or_not"
    assert passes.main(["--jobs", "1", "-m", "not serial", selected]) == 0


def test_the_parts_select_the_pass_marker_and_serial_or_not(monkeypatch) -> None:
    commands: list[list[str]] = []
    monkeypatch.setattr(passes.subprocess, "call", lambda command: commands.append(command) or 0)
    assert passes.main(["--jobs", "3", "-m", "database and not e2e", "tests/claims"]) == 0
    parallel, serial = commands
    expression = "(database and not e2e) and not serial"
    assert parallel[3:] == ["-n", "3", "--dist", "loadgroup", "-m", expression, "tests/claims"]
    assert serial[3:] == ["-m", "(database and not e2e) and serial", "tests/claims"]
