from __future__ import annotations

from typing import Any

import pytest

from claims.lookups.errors import Permanent, RateLimited, UnexpectedResponse
from claims.lookups.providers import ClaimInput
from claims.lookups.providers.wikidata import WikidataProvider
from tests.fixture_server import FixtureServer


def claim(name: str) -> ClaimInput:
    return ClaimInput(id=9, text="Russia will double its grain exports", claimant_name=name)


def test_an_exact_label_match_suggests_same_as(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikidata", "results")
    outcome = WikidataProvider().run(claim("Vladimir Putin"))
    top = outcome.items[0]
    assert (top.title, top.url) == ("Vladimir Putin", "https://www.wikidata.org/wiki/Q7747")
    assert top.snippet == "President of Russia since 2012"
    assert top.extra["match_type"] == "label"
    assert [item.extra["id"] for item in outcome.items] == ["Q7747", "Q60516784", "Q18288146"]
    assert outcome.claimant_same_as == "https://www.wikidata.org/wiki/Q7747"
    assert fixture_http.requests[0].param("language") == "en"
    # Case and spacing do not matter; the label itself must match.
    provider = WikidataProvider()
    assert provider.same_as(claim("vladimir  PUTIN"), outcome.items) == outcome.items[0].url
    assert provider.same_as(claim("Putin"), outcome.items) is None


def test_an_alias_match_suggests_nothing(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikidata", "no_exact")
    outcome = WikidataProvider().run(claim("Rahmon"))
    assert outcome.items[0].title == "Emomali Rahmon"
    assert outcome.items[0].extra["match_type"] == "alias"
    assert outcome.claimant_same_as is None


def test_no_match_is_empty(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikidata", "empty")
    outcome = WikidataProvider().run(claim("Deputy Mayor Nobody"))
    assert outcome.items == [] and outcome.claimant_same_as is None


def test_applies_only_with_a_claimant() -> None:
    assert not WikidataProvider().applies_to(claim("  "))
    assert WikidataProvider().applies_to(claim("Emomali Rahmon"))


def test_an_error_inside_http_200_is_reported(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikidata", "api_error")
    with pytest.raises(UnexpectedResponse) as failure:
        WikidataProvider().run(claim("Vladimir Putin"))
    assert failure.value.plain == (
        'Wikidata could not run the search (it said: Unrecognized value for parameter "language": '
        "xx.)."
    )


def test_rate_limit_with_an_http_date(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikidata", "rate_limited")
    with pytest.raises(RateLimited) as failure:
        WikidataProvider().run(claim("Vladimir Putin"))
    assert failure.value.retry_after == 0  # the recorded date is long past


def test_a_blocked_user_agent_is_permanent(fixture_http: FixtureServer, settings: Any) -> None:
    settings.LOOKUPS_USER_AGENT = "python-requests/2.32"
    fixture_http.use("wikidata", "forbidden_ua")
    with pytest.raises(Permanent) as failure:
        WikidataProvider().run(claim("Vladimir Putin"))
    assert "User-Agent" in failure.value.plain


def test_raw_responses_parse_again(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikidata", "results")
    outcome = WikidataProvider().run(claim("Vladimir Putin"))
    assert WikidataProvider().parse_raw(outcome.raw) == outcome.items
