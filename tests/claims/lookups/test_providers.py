"""What every provider shares, and each one's behaviour on the ugly answers services give."""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import date
from typing import Any

import pytest

from claims.lookups import conf, providers
from claims.lookups.errors import (
    BodyTooLarge,
    LookupFailure,
    RateLimited,
    Transient,
    UnexpectedResponse,
)
from claims.lookups.providers import ClaimInput, ResultItem
from tests.fixture_server import FixtureServer

PAGE = (
    "https://www.asiaplustj.info/en/news/tajikistan/economic/20250512/"
    "dushanbe-to-launch-20-smart-city-projects"
)
CLAIM = ClaimInput(
    id=1,
    text="China emitted more than 13 billion tonnes of CO2 last year",
    language="en",
    claimant_name="Vladimir Putin",
    appeared_url=PAGE,
    claim_type="quantity",
)


NETWORK_PROVIDERS = sorted(name for name, cls in providers.PROVIDERS.items() if cls.needs_network)


def test_registry_names_every_provider() -> None:
    network = {name for name, cls in providers.PROVIDERS.items() if cls.needs_network}
    assert network == {"factcheck", "wikipedia", "wikidata", "wayback", "worldbank", "pagemeta"}
    assert set(providers.PROVIDERS) - network == {"archive"}  # registered by the reviews app
    for name, cls in providers.PROVIDERS.items():
        provider = providers.get(name)
        assert isinstance(provider, cls)
        assert provider.name == name and provider.label
    with pytest.raises(KeyError, match="no lookup provider named 'nowhere'"):
        providers.get("nowhere")


def test_settings_are_read_at_call_time(settings: Any) -> None:
    settings.WIKIPEDIA_API_URL = "https://wiki.example/{lang}/"
    assert conf.wikipedia_api_url("ru") == "https://wiki.example/ru"
    settings.LOOKUPS_RATE_LIMITS = {"factcheck": "2/m"}
    assert conf.rate_limit("factcheck") == "2/m"
    del settings.LOOKUPS_RATE_LIMITS
    assert conf.rate_limit("wikipedia") == "60/m"
    assert conf.timeout("pagemeta") == 15.0 and conf.timeout("wikidata") == 10.0
    assert providers.get("pagemeta").timeout() == 15.0
    assert providers.get("wikipedia").rate_limit() == "60/m"


def test_result_items_serialise_for_storage() -> None:
    item = ResultItem(rank=1, title="t", value=1.5, published_at=date(2025, 5, 12), extra={"a": 1})
    stored = json.loads(json.dumps(item.as_dict()))
    assert stored["published_at"] == "2025-05-12"
    assert stored["value"] == 1.5 and stored["extra"] == {"a": 1}
    assert ResultItem(rank=1, title="t").as_dict()["published_at"] is None


@pytest.mark.parametrize(
    ("name", "case", "error", "words"),
    [
        ("factcheck", "forbidden", LookupFailure, "may not be enabled for our key"),
        ("factcheck", "html_502", Transient, "temporary problem (HTTP 502)"),
        ("factcheck", "captcha", UnexpectedResponse, "sent a web page (perhaps a captcha"),
        ("factcheck", "truncated", UnexpectedResponse, "cut off or garbled"),
        ("wikipedia", "api_error", UnexpectedResponse, 'parameter "srwhat"'),
        ("wikipedia", "rate_limited", RateLimited, "Wikipedia asked us to slow down"),
        ("wikipedia", "captcha", UnexpectedResponse, "Wikipedia sent a web page"),
        ("wayback", "rate_limited", RateLimited, "retrying after 2 min"),
        ("worldbank", "rate_limited", RateLimited, "retrying after 15 s"),
        ("worldbank", "html_502", Transient, "The World Bank had a temporary problem"),
    ],
)
def test_ugly_answers_become_typed_failures(
    fixture_http: FixtureServer, name: str, case: str, error: type[LookupFailure], words: str
) -> None:
    fixture_http.use(name, case)
    with pytest.raises(error) as failure:
        providers.get(name).run(CLAIM)
    assert words in failure.value.plain


def _claim_for(server: FixtureServer, name: str) -> ClaimInput:
    if name == "pagemeta":
        return dataclasses.replace(CLAIM, appeared_url=f"{server.url}/en/news/slow")
    return CLAIM


@pytest.mark.parametrize("name", NETWORK_PROVIDERS)
def test_a_slow_body_fails_within_the_timeout(
    fixture_http: FixtureServer, settings: Any, name: str
) -> None:
    settings.LOOKUPS_TIMEOUT = 1.0
    settings.LOOKUPS_TIMEOUTS = {}
    fixture_http.use("_common", "slow_body")
    started = time.monotonic()
    with pytest.raises(Transient) as failure:
        providers.get(name).run(_claim_for(fixture_http, name))
    # Wayback tries the availability API after a failed CDX: each fetch gets its own second.
    assert time.monotonic() - started < 1.0 * len(fixture_http.requests) + 0.6
    assert "took longer than 1 s" in failure.value.plain


@pytest.mark.parametrize("name", NETWORK_PROVIDERS)
def test_an_oversized_body_is_refused(fixture_http: FixtureServer, name: str) -> None:
    fixture_http.use("_common", "oversized_chunked")
    with pytest.raises(BodyTooLarge):
        providers.get(name).run(_claim_for(fixture_http, name))


@pytest.mark.parametrize("name", NETWORK_PROVIDERS)
def test_a_dropped_connection_is_transient(fixture_http: FixtureServer, name: str) -> None:
    fixture_http.use("_common", "dropped_connection")
    with pytest.raises(Transient):
        providers.get(name).run(_claim_for(fixture_http, name))


@pytest.mark.parametrize("name", NETWORK_PROVIDERS)
def test_building_requests_needs_no_network(settings: Any, name: str) -> None:
    settings.FACTCHECK_API_KEY = "k"
    settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = False
    provider = providers.get(name)
    assert provider.applies_to(CLAIM)
    specs = provider.build_requests(CLAIM)
    assert specs and all(spec.url.startswith("https://") for spec in specs)
