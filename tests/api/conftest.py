"""API tests match against an in-memory index that starts empty and reads the table on every
match, as the matching tests do."""

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
