"""GET /api/v1/matches: the fact-checks that say what a text says, with the real model on a
small desk. Public callers are matched against published fact-checks only; a signed-in desk
member, or a token with the read scope, against open claims too. Rate-limited like the rest of
the API."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from api import tokens
from tests.claims.matching import doors

pytestmark = pytest.mark.django_db
URL = reverse("public:api-matches")


@pytest.fixture
def claims(reviewer, editor):
    return doors.desk(reviewer, editor)


def test_the_public_finds_the_published_fact_check_with_its_rating_and_address(
    client, claims, settings
):
    response = client.get(URL, {"text": "Last year the city made bus fares 20% cheaper."})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    (first,) = response.json()["results"]  # the open claims stay on the desk
    fares = claims["fares"]
    assert first["id"] == fares.pk
    assert first["text"] == doors.FARES and first["language"] == "en"
    assert first["status"] == "published" and first["rating"] == "False"
    assert first["url"].startswith(settings.SITE_URL + f"/fact-checks/{fares.pk}-")
    assert 0.45 <= first["score"] <= 1
    assert first["same_claim"] is False or first["differences"] == []
    assert set(first) == {
        "id",
        "text",
        "language",
        "status",
        "rating",
        "url",
        "score",
        "same_claim",
        "differences",
    }
    assert response["X-RateLimit-Limit"] == str(settings.API_RATE_LIMIT)


def test_a_desk_member_also_sees_open_claims_and_the_guards_differences(reviewer_client, claims):
    results = reviewer_client.get(URL, {"text": doors.FARES}).json()["results"]
    by_id = {r["id"]: r for r in results}
    exact = by_id[claims["fares"].pk]
    assert exact["same_claim"] is True and exact["differences"] == []
    twin = by_id[claims["fares_200"].pk]
    assert twin["status"] == "new" and twin["rating"] is None and twin["url"] is None
    assert twin["same_claim"] is False
    assert twin["differences"] == [
        {"kind": "number", "text": "20%", "claim": "200%", "description": "differs: 20% vs 200%"}
    ]
    assert claims["dismissed"].pk not in {
        r["id"] for r in reviewer_client.get(URL, {"text": doors.DISMISSED}).json()["results"]
    }


def test_an_outsider_is_the_public(outsider_client, claims):
    results = outsider_client.get(URL, {"text": doors.FARES}).json()["results"]
    assert [r["id"] for r in results] == [claims["fares"].pk]


def test_limit_and_language(reviewer_client, claims):
    results = reviewer_client.get(URL, {"text": doors.FARES, "limit": 1}).json()["results"]
    assert [r["id"] for r in results] == [claims["fares"].pk]
    russian = reviewer_client.get(
        URL, {"text": "Lake Baikal is the deepest lake on Earth.", "language": "ru"}
    ).json()["results"]
    assert [r["id"] for r in russian] == [claims["baikal"].pk]
    assert reviewer_client.get(URL, {"text": doors.FARES, "language": "zh"}).json() == {
        "results": []
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "text is required."),
        ({"text": "x" * 2001}, "text is at most 2000 characters."),
        ({"text": "fares", "limit": ""}, "limit must be a whole number from 1 to 20."),
        ({"text": "fares", "limit": "0"}, "limit must be a whole number from 1 to 20."),
        ({"text": "fares", "limit": "21"}, "limit must be a whole number from 1 to 20."),
        ({"text": "fares", "limit": "five"}, "limit must be a whole number from 1 to 20."),
        ({"text": "fares", "limit": "-1"}, "limit must be a whole number from 1 to 20."),
        ({"text": "fares", "limit": "٣"}, "limit must be a whole number from 1 to 20."),
        ({"text": "fares", "language": "x" * 13}, "language is at most 12 characters."),
    ],
)
def test_bad_parameters_are_a_clear_400(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json() == {"detail": message}


# Longer than 2,000 characters is refused by the API (above), as its document says.
@pytest.mark.parametrize("text", [t for t in doors.BAD_TEXTS if len(t) <= 2000])
def test_bad_text_finds_nothing_or_something_sensible(reviewer_client, claims, text):
    response = reviewer_client.get(URL, {"text": text})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) <= 5
    if text.strip() in {"", "🙂🔥🙂"}:
        assert results == []
    if text.startswith("The city cut bus fares"):
        assert results[0]["id"] == claims["fares"].pk


def test_claim_text_comes_back_as_it_is(reviewer_client, claims):
    """JSON, not HTML: the text is not escaped, and the content type says so."""
    results = reviewer_client.get(URL, {"text": doors.ESCAPED}).json()["results"]
    assert results[0]["text"] == doors.ESCAPED


def test_rate_limited_like_the_rest_of_the_api(client, claims, settings):
    settings.API_RATE_LIMIT = 2
    cache.clear()
    assert client.get(URL, {"text": doors.FARES}).status_code == 200
    assert client.get(reverse("public:api-list")).status_code == 200  # one budget for the API
    response = client.get(URL, {"text": doors.FARES})
    assert response.status_code == 429
    assert int(response["Retry-After"]) in range(1, 61)
    assert response.json()["detail"] == "Too many requests: at most 2 a minute."


def test_only_get(client):
    assert client.post(URL, {"text": "fares"}).status_code == 405


def test_documented(client):
    document = client.get(reverse("public:openapi")).json()
    operation = document["paths"]["/api/v1/matches"]["get"]
    assert operation["operationId"] == "matchClaims"
    assert {p["name"] for p in operation["parameters"]} == {"text", "limit", "language"}
    assert set(operation["responses"]) == {"200", "400", "401", "403", "429"}
    assert "read" in operation["description"]
    assert "Match" in document["components"]["schemas"]


def _bearer(user, scopes):
    _, secret = tokens.token_create(actor=user, name="partner", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_partner_with_a_read_token_sees_open_claims_too(client, reviewer, claims):
    """A partner's system asks whether a claim is on the desk already, before creating it."""
    with_token = client.get(URL, {"text": doors.FARES}, **_bearer(reviewer, ["read"]))
    ids = {r["id"] for r in with_token.json()["results"]}
    assert claims["fares_200"].pk in ids  # open: only the desk sees it
    assert "Authorization" in with_token["Vary"]
    public = {r["id"] for r in client.get(URL, {"text": doors.FARES}).json()["results"]}
    assert claims["fares_200"].pk not in public


def test_a_token_sent_to_the_matches_is_checked(client, reviewer, claims):
    unknown = client.get(
        URL, {"text": doors.FARES}, HTTP_AUTHORIZATION="Bearer cdt_abcdefgh_" + "x" * 40
    )
    assert unknown.status_code == 401 and "revoked" in unknown.json()["detail"]
    write_only = client.get(URL, {"text": doors.FARES}, **_bearer(reviewer, ["claims:write"]))
    assert write_only.status_code == 403 and "read scope" in write_only.json()["detail"]
