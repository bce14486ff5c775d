"""Followed-source tests read recorded feeds, sitemaps and pages from the fixture server (one
host, so politeness between requests is set to nothing) and match with the real model."""

from __future__ import annotations

from typing import Any

import pytest

from claims.matching import index
from claims.models import FollowedSource


@pytest.fixture(autouse=True)
def _no_rest_between_requests(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.FOLLOW_HOST_INTERVAL_SECONDS = 0.0
    monkeypatch.setattr(index, "REFRESH_SECONDS", 0.0)


@pytest.fixture
def follow(editor: Any, fixture_http: Any) -> Any:
    def make(path: str, **fields: Any) -> FollowedSource:
        return FollowedSource.objects.create(
            name=fields.pop("name", path.rsplit("/", 1)[-1]),
            url=fixture_http.url + path,
            created_by=editor,
            **fields,
        )

    return make
