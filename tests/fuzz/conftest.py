"""Fuzz tests run against the same desk as the security tests (tests/security/desk.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from claims import intake
from tests.security.desk import Desk, build_desk


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _no_fetching(monkeypatch: Any) -> None:
    """An address typed into the article form would be fetched; fuzzing must not go online."""

    def refuse(url: str, *, language: str = "") -> intake.Source:
        raise intake.IntakeError("Fetching is switched off in the fuzz tests.")

    monkeypatch.setattr(intake, "from_url", refuse)


@pytest.fixture
def desk(
    reviewer: Any, reviewer2: Any, editor: Any, outsider: Any, settings: Any, tmp_path: Any
) -> Desk:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_desk(reviewer=reviewer, editor=editor)
