from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from claims.lookups.errors import NotConfigured, Permanent, RateLimited, UnexpectedResponse
from claims.lookups.providers import ClaimInput
from claims.lookups.providers.wayback import WaybackProvider, save_page, save_status
from tests.fixture_server import FixtureServer

PAGE = (
    "https://www.asiaplustj.info/en/news/tajikistan/economic/20250512/"
    "dushanbe-to-launch-20-smart-city-projects"
)
CLAIM = ClaimInput(id=2, text="more than 20 smart-city projects", appeared_url=PAGE)


@pytest.fixture
def credentials(settings: Any) -> None:
    settings.WAYBACK_ACCESS_KEY = "test-access"
    settings.WAYBACK_SECRET_KEY = "test-secret"


def test_latest_cdx_capture_becomes_the_archive_link(fixture_http: FixtureServer) -> None:
    fixture_http.use("wayback", "results")
    [item] = WaybackProvider().run(CLAIM).items
    assert item.archive_url == f"https://web.archive.org/web/20250514061247/{PAGE}"
    assert item.url == item.archive_url
    assert item.published_at == date(2025, 5, 14)
    assert item.title == "Archived copy from 14 May 2025"
    assert item.extra["source"] == "cdx"
    assert fixture_http.requests[0].param("limit") == "-1"


def test_an_empty_cdx_falls_back_to_availability(fixture_http: FixtureServer) -> None:
    fixture_http.use("wayback", "cdx_empty_availability")
    [item] = WaybackProvider().run(CLAIM).items
    assert item.archive_url == f"https://web.archive.org/web/20250513220415/{PAGE}"
    assert item.extra["source"] == "availability"


def test_a_failing_cdx_falls_back_to_availability(fixture_http: FixtureServer) -> None:
    fixture_http.use("wayback", "fallback_availability")
    [item] = WaybackProvider().run(CLAIM).items
    assert item.extra["source"] == "availability"
    assert [r.path for r in fixture_http.requests] == ["/cdx/search/cdx", "/wayback/available"]


def test_nothing_archived_and_no_keys_means_no_save(fixture_http: FixtureServer) -> None:
    fixture_http.use("wayback", "empty")
    assert WaybackProvider().run(CLAIM).items == []
    assert all(r.method == "GET" for r in fixture_http.requests)


@pytest.mark.usefixtures("credentials")
def test_nothing_archived_with_keys_asks_for_a_capture(fixture_http: FixtureServer) -> None:
    fixture_http.use("wayback", "save_requested")
    [item] = WaybackProvider().run(CLAIM).items
    assert item.extra["job_id"] == "spn2-6c3f9d1e8a2b47f05d9e4c1a3b7f2e8d90c4a6b1"
    assert item.archive_url == ""
    save = fixture_http.requests[-1]
    assert save.method == "POST" and save.headers["authorization"] == "LOW test-access:test-secret"


@pytest.mark.usefixtures("credentials")
@pytest.mark.parametrize(
    ("case", "error", "words"),
    [
        ("save_error", Permanent, "will not save this page: Sorry. This URL has been excluded"),
        ("save_limited", RateLimited, "limit of active sessions"),
    ],
)
def test_save_errors_inside_http_200(
    fixture_http: FixtureServer, case: str, error: type[Exception], words: str
) -> None:
    fixture_http.use("wayback", case)
    with pytest.raises(error) as failure:
        WaybackProvider().run(CLAIM)
    assert words in failure.value.plain  # type: ignore[attr-defined]


@pytest.mark.usefixtures("credentials")
def test_save_page_and_poll_its_status(fixture_http: FixtureServer) -> None:
    fixture_http.use("wayback", "save_requested").use("wayback", "save_status")
    requested = save_page(PAGE)
    assert requested.job_id.startswith("spn2-")
    assert save_status(requested.job_id) is None  # pending first
    assert save_status(requested.job_id) == f"https://web.archive.org/web/20250516094455/{PAGE}"


def test_save_page_needs_keys() -> None:
    with pytest.raises(NotConfigured):
        save_page(PAGE)


def test_an_excluded_site_is_permanent(fixture_http: FixtureServer) -> None:
    fixture_http.use("wayback", "excluded")
    with pytest.raises(Permanent) as failure:
        WaybackProvider().run(CLAIM)
    assert failure.value.plain == "The Internet Archive does not show archived copies of this site."


def test_truncated_cdx_is_unexpected(fixture_http: FixtureServer) -> None:
    fixture_http.use("wayback", "truncated")
    with pytest.raises(UnexpectedResponse) as failure:
        WaybackProvider().run(CLAIM)
    assert "cut off or garbled" in failure.value.plain


def test_applies_only_with_a_web_address() -> None:
    assert not WaybackProvider().applies_to(ClaimInput(id=1, text="x"))
    assert WaybackProvider().applies_to(CLAIM)


def test_raw_responses_parse_again(fixture_http: FixtureServer) -> None:
    fixture_http.use("wayback", "cdx_empty_availability")
    outcome = WaybackProvider().run(CLAIM)
    assert [raw["kind"] for raw in outcome.raw] == ["cdx", "availability"]
    assert WaybackProvider().parse_raw(outcome.raw) == outcome.items
