"""The desk and the persona clients shared by the security tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.security.desk import Desk, build_desk


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # The public API counts requests per address in the cache; a walk must not hit its limit
    # because earlier tests in the same process used it up.
    cache.clear()


@pytest.fixture
def desk(
    reviewer: Any, reviewer2: Any, editor: Any, outsider: Any, settings: Any, tmp_path: Any
) -> Desk:
    settings.MEDIA_ROOT = str(tmp_path / "media")  # export files stay out of var/
    return build_desk(reviewer=reviewer, editor=editor)


def persona_client(user: Any | None, **options: Any) -> Client:
    """A client that reports a server error as a 500 response instead of raising it, so a walk
    can list every failure."""
    client = Client(raise_request_exception=False, **options)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def clients(reviewer: Any, reviewer2: Any, editor: Any, outsider: Any) -> dict[str, Client]:
    users = {
        "anonymous": None,
        "outsider": outsider,
        "reviewer": reviewer,
        "reviewer2": reviewer2,
        "editor": editor,
    }
    return {name: persona_client(user) for name, user in users.items()}
