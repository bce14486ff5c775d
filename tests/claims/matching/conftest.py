"""Matching tests use the real model (loaded once per test process, about two seconds) on small
data, and start every test with an empty in-memory index that reads the table on each match."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claims.matching import index


@pytest.fixture(autouse=True)
def _fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(index, "REFRESH_SECONDS", 0.0)
    index.reset()
    yield
    index.reset()
