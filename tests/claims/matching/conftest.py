"""Matching tests use the real model (loaded once per test process, about two seconds) on small
data, and start every test with an empty in-memory index that reads the table on each match."""

from __future__ import annotations

import pytest

from claims.matching import index


@pytest.fixture(autouse=True)
def _index_reads_the_table_on_every_match(monkeypatch: pytest.MonkeyPatch) -> None:
    # the index itself starts empty for every test (tests/conftest.py)
    monkeypatch.setattr(index, "REFRESH_SECONDS", 0.0)
