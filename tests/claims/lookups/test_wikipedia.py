from __future__ import annotations

from typing import Any

import pytest

from claims.lookups.errors import Permanent, Transient
from claims.lookups.providers import ClaimInput
from claims.lookups.providers.wikipedia import WikipediaProvider, search_terms
from tests.fixture_server import FixtureServer

CLAIM = ClaimInput(
    id=3, text="Tajikistan gets 98% of its electricity from hydropower", language="en"
)


def test_search_results_get_summaries_for_the_top_three(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikipedia", "results")
    outcome = WikipediaProvider().run(CLAIM)
    assert [item.title for item in outcome.items] == [
        "Energy in Tajikistan",
        "Nurek Dam",
        "Rogun Dam",
        "Barqi Tojik",
        "Kyrgyzstan–Tajikistan relations",
    ]
    energy, nurek = outcome.items[0], outcome.items[1]
    assert energy.url == "https://en.wikipedia.org/wiki/Energy_in_Tajikistan"
    assert energy.snippet.startswith("Energy in Tajikistan is dominated by hydropower")
    assert energy.extra["wikibase_item"] == "Q5376722"
    assert nurek.extra["description"] == "Dam in Khatlon Region, Tajikistan"
    # Results without a summary keep the search snippet, with the match markup removed.
    assert (
        outcome.items[3].snippet == "Barqi Tojik is the national electricity company of Tajikistan"
    )
    assert outcome.items[3].extra["source"] == "search"
    assert [r.path for r in fixture_http.requests] == [
        "/wikipedia/en/w/api.php",
        "/wikipedia/en/api/rest_v1/page/summary/Energy_in_Tajikistan",
        "/wikipedia/en/api/rest_v1/page/summary/Nurek_Dam",
        "/wikipedia/en/api/rest_v1/page/summary/Rogun_Dam",
    ]
    assert fixture_http.requests[0].param("srsearch") == search_terms(CLAIM.text)


def test_the_claim_language_picks_the_wiki(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikipedia", "russian")
    claim = ClaimInput(id=4, text="Рогунская ГЭС станет самой высокой в мире", language="ru")
    [item] = WikipediaProvider().run(claim).items
    assert item.title == "Рогунская ГЭС"
    assert (
        item.url
        == "https://ru.wikipedia.org/wiki/%D0%A0%D0%BE%D0%B3%D1%83%D0%BD%D1%81%D0%BA%D0%B0%D1%8F_%D0%93%D0%AD%D0%A1"
    )
    assert fixture_http.requests[1].path == "/wikipedia/ru/api/rest_v1/page/summary/Рогунская_ГЭС"


def test_no_hits_is_an_empty_result(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikipedia", "empty")
    assert WikipediaProvider().run(CLAIM).items == []
    assert len(fixture_http.requests) == 1


def test_continues_to_a_second_page_while_results_are_short(
    fixture_http: FixtureServer,
) -> None:
    fixture_http.use("wikipedia", "pagination")
    outcome = WikipediaProvider().run(ClaimInput(id=5, text="smart city Dushanbe"))
    assert [item.title for item in outcome.items] == [
        "Dushanbe",
        "Smart city",
        "Dushanbe International Airport",
        "Economy of Tajikistan",
        "Urban planning in Central Asia",
    ]
    searches = [r for r in fixture_http.requests if r.path.endswith("/w/api.php")]
    assert [r.param("sroffset") for r in searches] == [None, "3"]  # never a third page
    assert [item.extra["source"] for item in outcome.items] == ["summary"] * 3 + ["search"] * 2


def test_a_missing_summary_costs_only_that_summary(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikipedia", "summary_missing")
    outcome = WikipediaProvider().run(CLAIM)
    assert [(item.title, item.extra["source"]) for item in outcome.items] == [
        ("Dushanbe smart city programme", "search"),
        ("Dushanbe", "summary"),
    ]


def test_maxlag_is_transient_with_the_servers_wait(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikipedia", "maxlag")
    with pytest.raises(Transient) as failure:
        WikipediaProvider().run(CLAIM)
    assert failure.value.retry_after == 5
    assert failure.value.plain == (
        "Wikipedia is busy catching up with its own updates; we will try again."
    )


def test_a_blocked_user_agent_is_explained(fixture_http: FixtureServer, settings: Any) -> None:
    # The recorded 403 only answers a generic client name; ours must be sent to reach it.
    settings.LOOKUPS_USER_AGENT = "python-httpx/0.28.1"
    fixture_http.use("wikipedia", "forbidden_ua")
    with pytest.raises(Permanent) as failure:
        WikipediaProvider().run(CLAIM)
    assert "how the desk identifies itself" in failure.value.plain
    assert failure.value.status == 403


def test_raw_responses_parse_again_to_the_same_items(fixture_http: FixtureServer) -> None:
    fixture_http.use("wikipedia", "results")
    outcome = WikipediaProvider().run(CLAIM)
    assert [raw["kind"] for raw in outcome.raw] == ["search", "summary", "summary", "summary"]
    assert WikipediaProvider().parse_raw(outcome.raw) == outcome.items


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("The terminal runs on power from wind turbines", "terminal runs power wind turbines"),
        ("Выбросы CO2 в Китае выросли на 5%", "Выбросы CO2 Китае выросли"),
        ("China, China and China", "China"),
        ("Tajikistan gets 98% of its electricity", "Tajikistan gets electricity"),
        ("中国将成为第一个实现碳中和的国家", "中国将成为第一个实现碳中和的国家"),
    ],
)
def test_search_terms_drop_filler(text: str, terms: str) -> None:
    assert search_terms(text) == terms
