from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from claims.lookups.errors import Blocked, Permanent, UnexpectedResponse
from claims.lookups.pages import page_metadata, read_page
from claims.lookups.providers import ClaimInput
from claims.lookups.providers.pagemeta import PageMetaProvider
from tests.fixture_server import FIXTURES, FixtureServer

ARTICLE = "/en/news/tajikistan/economic/20250512/dushanbe-to-launch-20-smart-city-projects"
CANONICAL = f"https://www.asiaplustj.info{ARTICLE}"


def claim_at(url: str) -> ClaimInput:
    return ClaimInput(id=5, text="more than 20 smart-city projects", appeared_url=url)


def test_article_metadata_comes_from_structured_data(fixture_http: FixtureServer) -> None:
    fixture_http.use("pagemeta", "article")
    [item] = PageMetaProvider().run(claim_at(f"{fixture_http.url}{ARTICLE}")).items
    assert item.title == "Dushanbe to launch more than 20 smart-city projects by 2030"
    assert item.url == CANONICAL
    assert item.publisher == "Asia-Plus Media Group"
    assert item.published_at == date(2025, 5, 12)
    assert item.extra["modified"] == "2025-05-13"
    assert item.extra["author"] == "Nigina Saidova, Farrukh Odinaev"
    assert item.extra["language"] == "en"
    assert item.snippet.startswith("DUSHANBE, May 12 — More than twenty smart-city projects")
    assert len(item.snippet) <= 500
    assert "Subscribe to our newsletter" not in item.snippet  # boilerplate left out
    assert fixture_http.requests[0].headers["accept"].startswith("text/html")


def test_a_bare_page_still_gives_a_title_and_excerpt() -> None:
    html = (FIXTURES / "pagemeta" / "minimal" / "page.html").read_text()
    meta = page_metadata(html, "https://notes.example.org/notes/summit-notes")
    assert meta["title"] == "Summit notes"
    assert meta["excerpt"].startswith("Notes from the city-governance summit.")
    assert (meta["author"], meta["canonical_url"], meta["published"]) == ("", "", None)


def test_a_legacy_encoded_page_is_read(fixture_http: FixtureServer) -> None:
    fixture_http.use("pagemeta", "cyrillic")
    [item] = PageMetaProvider().run(claim_at(f"{fixture_http.url}/ru/news/rogun")).items
    assert item.title == "Рогунская ГЭС запустила третий агрегат"
    assert item.publisher == "Новости Таджикистана"
    assert item.published_at == date(2025, 3, 4)
    assert item.extra["language"] == "ru"
    assert "600 МВт" in item.snippet


def test_redirects_are_followed_and_recorded(fixture_http: FixtureServer) -> None:
    fixture_http.use("pagemeta", "redirected")
    [item] = PageMetaProvider().run(claim_at(f"{fixture_http.url}/news/12345")).items
    assert item.extra["final_url"] == f"{fixture_http.url}{ARTICLE}"
    assert item.extra["redirects"] == [f"{fixture_http.url}/news/12345"]


@pytest.mark.parametrize(
    ("path", "case", "error", "plain"),
    [
        (
            "/reports/smart-cities-2025.pdf",
            "pdf",
            UnexpectedResponse,
            "The address leads to a PDF document, not a web page, so its details could not be "
            "read.",
        ),
        (
            "/en/news/removed-story",
            "not_found",
            Permanent,
            "The page is not there any more (the site says it was not found).",
        ),
        ("/en/news/blocked", "captcha", Permanent, "The site refused access (HTTP 403)."),
    ],
)
def test_pages_we_cannot_read_say_why(
    fixture_http: FixtureServer, path: str, case: str, error: type[Exception], plain: str
) -> None:
    fixture_http.use("pagemeta", case)
    with pytest.raises(error) as failure:
        PageMetaProvider().run(claim_at(f"{fixture_http.url}{path}"))
    assert failure.value.plain == plain  # type: ignore[attr-defined]


def test_evidence_urls_go_through_the_same_guard(private_blocked: None) -> None:
    with pytest.raises(Blocked):
        read_page("http://169.254.169.254/latest/meta-data/")


def test_fetch_page_metadata_for_evidence(fixture_http: FixtureServer) -> None:
    fixture_http.use("pagemeta", "article")
    result, meta = read_page(f"{fixture_http.url}{ARTICLE}")
    assert result.status == 200 and len(result.sha256) == 64
    assert meta["canonical_url"] == CANONICAL


@pytest.mark.parametrize(
    "html", ["", "   ", "<html>", "not html at all", "<?xml version='1.0'?><html></html>"]
)
def test_page_metadata_never_raises_on_junk(html: str) -> None:
    meta = page_metadata(html, "https://example.org/")
    assert set(meta) >= {"title", "author", "publisher", "published", "modified", "excerpt"}


def test_raw_responses_parse_again(fixture_http: FixtureServer, tmp_path: Path) -> None:
    fixture_http.use("pagemeta", "article")
    outcome = PageMetaProvider().run(claim_at(f"{fixture_http.url}{ARTICLE}"))
    assert PageMetaProvider().parse_raw(outcome.raw) == outcome.items


def test_applies_only_with_a_web_address(settings: Any) -> None:
    assert PageMetaProvider().applies_to(claim_at("https://example.org/a"))
    assert not PageMetaProvider().applies_to(claim_at(""))
    assert not PageMetaProvider().applies_to(claim_at("ftp://example.org/a"))
