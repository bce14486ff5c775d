"""`tests/passes.py`, the runner behind `make test-sqlite` and `make test-postgres`."""

from __future__ import annotations

from tests import passes


def test_a_pass_in_which_neither_part_ran_a_test_fails() -> None:
    code = passes.main(["--jobs", "1", "-m", "serial and not serial", "tests/test_passes.py"])
    assert code == passes.NO_TESTS_RAN


def test_a_part_with_nothing_to_run_is_fine_when_the_other_ran_tests() -> None:
    # This file has no serial tests: the serial part selects nothing, the other part runs one.
    selected = "tests/test_passes.py::test_a_pass_in_which_neither_part_ran_a_test_fails"
    assert passes.main(["--jobs", "1", "-m", "not serial", selected]) == 0
