from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from claims.lookups.errors import NotConfigured, Permanent, RateLimited
from claims.lookups.providers import ClaimInput
from claims.lookups.providers.factcheck import FactCheckProvider
from tests.fixture_server import FixtureServer

CLAIM = ClaimInput(
    id=7,
    text="China is on track to be the first country to meet its climate and net-zero commitments",
    language="en",
)


def test_reviews_are_parsed(fixture_http: FixtureServer) -> None:
    fixture_http.use("factcheck", "results")
    outcome = FactCheckProvider().run(CLAIM)
    assert [(item.rank, item.publisher, item.rating_text) for item in outcome.items] == [
        (1, "Climate Feedback", "Unsupported"),
        (2, "Full Fact", "Misleading"),
        (3, "Reuters", "True"),
    ]
    first = outcome.items[0]
    assert first.title == (
        "Claim that China is on track to be first to meet its net-zero pledge is unsupported"
    )
    assert first.url.startswith("https://climatefeedback.org/claimreview/")
    assert first.published_at == date(2024, 11, 20)
    assert first.snippet.startswith("China will be the first country")
    assert first.extra["claimant"] == "Chinese state media"
    request = fixture_http.requests[0]
    assert request.param("query") == CLAIM.text
    assert request.param("languageCode") == "en"
    assert request.param("pageSize") == "10"


def test_no_matches_is_an_empty_result(fixture_http: FixtureServer) -> None:
    fixture_http.use("factcheck", "empty")
    assert FactCheckProvider().run(CLAIM).items == []


def test_follows_next_page_token_at_most_once(fixture_http: FixtureServer) -> None:
    fixture_http.use("factcheck", "pagination")
    outcome = FactCheckProvider().run(CLAIM)
    assert [item.publisher for item in outcome.items] == [
        "Factcheck.kg",
        "Asia-Plus",
        "AFP Fact Check",
    ]
    assert [item.extra["page"] for item in outcome.items] == [1, 1, 2]
    assert [r.param("pageToken") for r in fixture_http.requests] == [None, "CAo"]


def test_long_claims_are_shortened_for_the_search(fixture_http: FixtureServer) -> None:
    fixture_http.use("factcheck", "empty")
    FactCheckProvider().run(ClaimInput(id=1, text="word " * 200))
    assert len(fixture_http.requests[0].param("query") or "") <= 250


def test_without_a_key_it_is_not_configured(settings: Any) -> None:
    settings.FACTCHECK_API_KEY = ""
    provider = FactCheckProvider()
    assert not provider.is_configured()
    with pytest.raises(NotConfigured) as failure:
        provider.run(CLAIM)
    assert failure.value.plain == (
        "Google Fact Check Tools is not configured: an administrator needs to add an API key."
    )


def test_an_invalid_key_says_so(fixture_http: FixtureServer) -> None:
    fixture_http.use("factcheck", "invalid_key")
    with pytest.raises(Permanent) as failure:
        FactCheckProvider().run(CLAIM)
    assert "rejected our API key" in failure.value.plain
    assert failure.value.status == 400
    assert "test-factcheck-key" not in str(failure.value)


def test_quota_exhaustion_is_rate_limiting(fixture_http: FixtureServer) -> None:
    fixture_http.use("factcheck", "rate_limited")
    with pytest.raises(RateLimited) as failure:
        FactCheckProvider().run(CLAIM)
    assert failure.value.retry_after == 30
    assert failure.value.plain == (
        "Google Fact Check Tools asked us to slow down; retrying after 30 s."
    )


def test_raw_responses_parse_again_to_the_same_items(fixture_http: FixtureServer) -> None:
    fixture_http.use("factcheck", "pagination")
    outcome = FactCheckProvider().run(CLAIM)
    assert len(outcome.raw) == 2
    assert all("key=REDACTED" in raw["url"] for raw in outcome.raw)
    assert FactCheckProvider().parse_raw(outcome.raw) == outcome.items


def test_requests_are_built_without_io(settings: Any) -> None:
    settings.FACTCHECK_API_URL = "https://factchecktools.googleapis.com/v1alpha1"
    settings.FACTCHECK_API_KEY = "k"
    [spec] = FactCheckProvider().build_requests(CLAIM)
    assert spec.url == "https://factchecktools.googleapis.com/v1alpha1/claims:search"
    assert spec.params["key"] == "k" and spec.params["pageSize"] == 10
