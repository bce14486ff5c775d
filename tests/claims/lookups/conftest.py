"""Lookups tests run providers through the real HTTP client against the fixture server."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixture_server import fixture_http  # noqa: F401 - registers the fixture here


@pytest.fixture
def private_blocked(settings: Any) -> None:
    """Production behaviour: private and loopback addresses refused, nothing exempt."""
    settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = False
    settings.LOOKUPS_ALLOWED_TEST_HOSTS = []
