"""API tests match against an in-memory index that starts empty and reads the table on every
match, as the matching tests do."""

from __future__ import annotations

import pytest

from claims.matching import index


@pytest.fixture(autouse=True)
def _index_reads_the_table_on_every_match(monkeypatch: pytest.MonkeyPatch) -> None:
    # the index itself starts empty for every test (tests/conftest.py)
    monkeypatch.setattr(index, "REFRESH_SECONDS", 0.0)
