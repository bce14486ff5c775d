"""The claim form's door: the suggestions fragment asked for as the claim is typed, and the
panel as the create and edit pages are first drawn. Real model, small desk."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import HTMX

from . import doors

pytestmark = pytest.mark.django_db
URL = reverse("claims:suggestions")


@pytest.fixture
def claims(reviewer, editor):
    return doors.desk(reviewer, editor)


def shown_ids(html: str) -> list[int]:
    return [
        int(n)
        for n in re.findall(r'id="matches-form-form-\d+".*?href="/claims/(\d+)/"', html, re.S)
    ]


def test_typing_a_published_claim_shows_it_first_with_its_rating(reviewer_client, claims):
    response = reviewer_client.get(
        URL, {"text": "Last year the city made bus fares 20% cheaper."}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    ids = shown_ids(html)
    assert ids[0] == claims["fares"].pk
    first = html.split('id="matches-form-form-2"')[0]
    assert '<span class="badge rating" title="Published rating">False</span>' in first
    assert 'class="badge language" title="Language">en<' in first
    assert "Vary" in response and "HX-Request" in response["Vary"]


def test_a_changed_number_is_related_never_the_same(reviewer_client, claims):
    html = reviewer_client.get(URL, {"text": doors.FARES}, **HTMX).content.decode()
    items = {
        int(pk): kind
        for kind, pk in re.findall(
            r'<li class="suggestion([^"]*)" id="matches-form-form-\d+">.*?href="/claims/(\d+)/"',
            html,
            re.S,
        )
    }
    assert items[claims["fares"].pk] == " is-same"
    assert items[claims["fares_200"].pk] == " is-related"
    assert "differs: 20% vs 200%" in html
    assert "related, not the same" in html


def test_open_claims_show_their_status_and_dismissed_ones_never_show(reviewer_client, claims):
    html = reviewer_client.get(URL, {"text": doors.NET_ZERO}, **HTMX).content.decode()
    assert shown_ids(html)[0] == claims["net_zero"].pk
    assert '<span class="badge status-new">New</span>' in html
    html = reviewer_client.get(URL, {"text": doors.DISMISSED}, **HTMX).content.decode()
    assert claims["dismissed"].pk not in shown_ids(html)


def test_across_languages(reviewer_client, claims):
    html = reviewer_client.get(URL, {"text": "Lake Baikal is the deepest lake on Earth."}, **HTMX)
    assert shown_ids(html.content.decode())[0] == claims["baikal"].pk


def test_the_claim_being_edited_is_not_suggested_to_itself(reviewer_client, claims):
    claim = claims["net_zero"]
    html = reviewer_client.get(URL, {"text": doors.NET_ZERO, "claim": claim.pk}, **HTMX).content
    assert claim.pk not in shown_ids(html.decode())
    page = reviewer_client.get(reverse("claims:edit", args=[claim.pk])).content.decode()
    assert f'hx-get="{URL}?claim={claim.pk}"' in page
    assert f'href="/claims/{claim.pk}/">#{claim.pk}' not in page.split('id="claim-suggestions"')[1]


def test_the_edit_page_shows_what_else_says_the_same_without_javascript(reviewer_client, claims):
    claim = claims["fares_200"]
    page = reviewer_client.get(reverse("claims:edit", args=[claim.pk])).content.decode()
    panel = page.split('id="claim-suggestions"')[1]
    assert f'href="/claims/{claims["fares"].pk}/"' in panel
    assert "differs: 200% vs 20%" in panel


def test_a_refused_save_keeps_the_suggestions_for_what_was_typed(reviewer_client, claims):
    response = reviewer_client.post(
        reverse("claims:create"),
        {"text": doors.FARES, "claim_type": "other", "appeared_url": "ftp://x"},
    )
    assert response.status_code == 200
    panel = response.content.decode().split('id="claim-suggestions"')[1]
    assert f'href="/claims/{claims["fares"].pk}/"' in panel


def test_the_text_field_asks_for_suggestions_as_it_is_typed(reviewer_client):
    page = reviewer_client.get(reverse("claims:create")).content.decode()
    field = re.search(r"<textarea[^>]*name=\"text\"[^>]*>", page).group(0)
    assert f'hx-get="{URL}"' in field
    assert 'hx-trigger="input changed delay:500ms"' in field
    assert 'hx-target="#claim-suggestions"' in field
    assert "#id_new_claimant_name" in field
    assert "As you type the claim" in page


def test_the_speaker_typed_is_compared(reviewer_client, claims):
    html = reviewer_client.get(
        URL, {"text": doors.FARES, "new_claimant_name": "Rob Kinsella"}, **HTMX
    ).content.decode()
    assert "differs (speaker): Rob Kinsella vs Hal Brenner" in html


def test_claim_text_is_escaped(reviewer_client, claims):
    html = reviewer_client.get(URL, {"text": doors.ESCAPED}, **HTMX).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; the budget" in html


@pytest.mark.parametrize("text", doors.BAD_TEXTS)
def test_bad_input_never_fails(reviewer_client, claims, text):
    response = reviewer_client.get(URL, {"text": text}, **HTMX)
    assert response.status_code == 200
    ids = shown_ids(response.content.decode())
    assert len(ids) <= 5
    if text.strip() in {"", "🙂🔥🙂"}:
        assert ids == []
    if text.startswith("The city cut bus fares"):
        assert ids[0] == claims["fares"].pk


def test_bad_parameters_never_fail(reviewer_client, claims):
    for params in (
        {"text": doors.FARES, "claim": "abc"},
        {"text": doors.FARES, "claim": "99999999999999999999999"},
        {"text": doors.FARES, "claimant": "x"},
        {"text": doors.FARES, "appeared_on": "yesterday"},
        {"text": "x" * 50_000},
    ):
        assert reviewer_client.get(URL, params, **HTMX).status_code == 200


def test_who_may_ask(client, outsider_client, editor_client, claims):
    assert outsider_client.get(URL, {"text": doors.FARES}).status_code == 403
    assert client.get(URL, {"text": doors.FARES}).status_code == 302  # to the login page
    assert editor_client.get(URL, {"text": doors.FARES}).status_code == 200
    assert editor_client.post(URL, {"text": doors.FARES}).status_code == 405


def test_decision_buttons_are_left_out_until_the_decision_views_exist(reviewer_client, claims):
    """The "same claim" / "not the same" buttons need claims:match-same and
    claims:match-not-same (another branch): without them the panel still renders."""
    from django.urls import NoReverseMatch

    html = reviewer_client.get(URL, {"text": doors.FARES}, **HTMX).content.decode()
    try:
        reverse("claims:match-same")
    except NoReverseMatch:
        assert "Same claim</button>" not in html
    else:
        assert "Same claim</button>" in html
        assert 'name="door" value="form"' in html
