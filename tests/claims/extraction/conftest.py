"""Prints the evaluation figures at the end of every run that computed them, `-s` or not."""

from __future__ import annotations

from typing import Any

from tests.claims.extraction import evaluation


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if evaluation.LAST_SUMMARY:
        terminalreporter.section("claim extraction: evaluation")
        for line in evaluation.LAST_SUMMARY[-1].splitlines():
            terminalreporter.write_line(line)
