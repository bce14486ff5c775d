"""`tests/passes.py`, the runner behind `make test-sqlite` and `make test-postgres`.

The runs it starts are real pytest processes, on a throwaway project of one test file (its own
ini file and root, no plugins): what is tested is how the parts select and what their exit
statuses add up to, not the desk's suite, whose start-up would cost far more than the check."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import passes


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """pytest arguments naming a project of two tests, neither marked `serial`."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # the suite's plugins: seconds
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    serial: runs alone\n")
    (tmp_path / "test_one.py").write_text(
        "def test_one():\n    assert True\n\n\ndef test_two():\n    assert True\n"
    )
    return [
        "-c",
        str(tmp_path / "pytest.ini"),
        "--rootdir",
        str(tmp_path),
        "-p",
        "no:cacheprovider",
        "-q",
        str(tmp_path / "test_one.py"),
    ]


def test_a_pass_in_which_neither_part_ran_a_test_fails(project: list[str]) -> None:
    code = passes.main(["--jobs", "1", "-m", "serial and not serial", *project])
    assert code == passes.NO_TESTS_RAN


def test_a_part_with_nothing_to_run_is_fine_when_the_other_ran_tests(project: list[str]) -> None:
    # The project has no serial tests: the serial part selects nothing, the other part runs two.
    assert passes.main(["--jobs", "1", "-m", "not serial", *project]) == 0


def test_a_failing_part_fails_the_pass(project: list[str], tmp_path: Path) -> None:
    (tmp_path / "test_one.py").write_text("def test_one():\n    assert False\n")
    assert passes.main(["--jobs", "1", "-m", "not serial", *project]) == 1


def test_the_parts_select_the_pass_marker_and_serial_or_not(monkeypatch) -> None:
    commands: list[list[str]] = []
    monkeypatch.setattr(passes.subprocess, "call", lambda command: commands.append(command) or 0)
    assert passes.main(["--jobs", "3", "-m", "database and not e2e", "tests/claims"]) == 0
    parallel, serial = commands
    expression = "(database and not e2e) and not serial"
    assert parallel[3:] == ["-n", "3", "--dist", "loadgroup", "-m", expression, "tests/claims"]
    assert serial[3:] == ["-m", "(database and not e2e) and serial", "tests/claims"]
