from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import AuditEvent, Claim, Claimant
from tests.conftest import HTMX
from tests.factories import ClaimantFactory

pytestmark = pytest.mark.django_db
URL = reverse("claims:create")


def valid(**overrides: str) -> dict[str, str]:
    data = {
        "text": "More than 20 smart-city projects are running in Tajikistan.",
        "language": "en",
        "claim_type": "quantity",
        "new_claimant_name": "Farrukh Saidov",
        "new_claimant_kind": "person",
        "new_claimant_description": "head of the digital office",
        "new_claimant_same_as": "https://www.wikidata.org/wiki/Q42",
        "appeared_url": "https://news.example.org/summit",
        "appeared_outlet": "Mayors' Summit",
        "appeared_on": "2026-10-14",
        "tags": "Smart City, tajikistan, smart city",
    }
    data.update(overrides)
    return data


def test_anonymous_goes_to_login(anon_client):
    assert anon_client.get(URL).status_code == 302
    assert anon_client.post(URL, valid()).status_code == 302
    assert not Claim.objects.exists()


def test_outsider_is_refused(outsider_client):
    assert outsider_client.get(URL).status_code == 403
    assert outsider_client.post(URL, valid()).status_code == 403
    assert not Claim.objects.exists()


@pytest.mark.parametrize("persona", ["reviewer_client", "editor_client"])
def test_desk_member_adds_a_claim_with_a_new_claimant(request, persona):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 200
    response = client.post(URL, valid())
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    assert claim.claimant.name == "Farrukh Saidov"
    assert claim.claimant.same_as == "https://www.wikidata.org/wiki/Q42"
    assert sorted(t.name for t in claim.tags.all()) == ["smart city", "tajikistan"]
    assert claim.status == Claim.Status.NEW
    event = AuditEvent.objects.get(claim=claim)
    assert (event.verb, event.to_state) == ("created", "new")
    assert event.actor.username in {"rita", "eddie"}


def test_htmx_post_redirects_the_browser(reviewer_client):
    response = reviewer_client.post(URL, valid(), **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == Claim.objects.get().get_absolute_url()


def test_existing_claimant_is_reused_by_name(reviewer_client):
    existing = ClaimantFactory(name="Farrukh Saidov", description="")
    reviewer_client.post(URL, valid(new_claimant_name="  farrukh   SAIDOV "))
    assert Claimant.objects.count() == 1
    assert Claim.objects.get().claimant == existing
    existing.refresh_from_db()
    assert existing.description == "head of the digital office"


def test_pick_existing_claimant(reviewer_client):
    existing = ClaimantFactory()
    reviewer_client.post(URL, valid(claimant=str(existing.pk), new_claimant_name=""))
    assert Claim.objects.get().claimant == existing


def test_claim_without_claimant_is_allowed(reviewer_client):
    reviewer_client.post(URL, valid(new_claimant_name=""))
    assert Claim.objects.get().claimant is None


def future() -> str:
    return (timezone.localdate() + timedelta(days=2)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"text": ""}, "text", "This field is required."),
        ({"text": "   \u200b  "}, "text", "at least 5 characters"),
        ({"text": "x" * 2001}, "text", "at most 2000 characters"),
        ({"appeared_url": "not a url at all"}, "appeared_url", "Enter a valid URL."),
        ({"appeared_url": "javascript:alert(1)"}, "appeared_url", "Enter a valid URL."),
        ({"appeared_url": "ftp://example.org/x"}, "appeared_url", "Enter a valid URL."),
        ({"appeared_on": "2026-13-45"}, "appeared_on", "Enter a valid date."),
        ({"appeared_on": "FUTURE"}, "appeared_on", "in the future"),
        ({"language": "xx"}, "language", "Select a valid choice."),
        ({"claim_type": "opinion"}, "claim_type", "Select a valid choice."),
        ({"claimant": "999999", "new_claimant_name": ""}, "claimant", "Select a valid choice."),
        (
            {"new_claimant_same_as": "https://evil.example/wiki"},
            "new_claimant_same_as",
            "Wikipedia",
        ),
        ({"tags": ",".join(f"t{i}" for i in range(11))}, "tags", "At most 10 tags."),
        ({"tags": "x" * 51}, "tags", "at most 50 characters"),
    ],
)
def test_bad_input_is_reported_next_to_the_field_and_kept(
    reviewer_client, overrides, field, message
):
    if overrides.get("appeared_on") == "FUTURE":
        overrides = {**overrides, "appeared_on": future()}
    data = valid(**overrides)
    response = reviewer_client.post(URL, data, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    error_list = body.split(f'id="id_{field}_error"', 1)[1].split("</ul>", 1)[0]
    assert message in error_list
    # What the user typed is still in the form.
    assert "Mayors&#x27; Summit" in body
    assert not Claim.objects.exists()
    assert not Claimant.objects.exists()


def test_both_existing_and_new_claimant_is_an_error(reviewer_client):
    existing = ClaimantFactory()
    response = reviewer_client.post(URL, valid(claimant=str(existing.pk)))
    assert "not both" in " ".join(response.context["form"].errors["new_claimant_name"])
    assert not Claim.objects.exists()


def test_non_latin_text_is_stored_and_shown(reviewer_client):
    text = "中国计划在2060年之前实现碳中和。"
    reviewer_client.post(URL, valid(text=text, language="zh", new_claimant_name="周岚"))
    claim = Claim.objects.get()
    assert claim.text == text
    body = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert text in body
    assert 'lang="zh"' in body


def test_right_to_left_claim_gets_rtl_direction(reviewer_client):
    text = "تخطط دبي لأن تأتي 75 في المئة من طاقتها من مصادر نظيفة"
    reviewer_client.post(URL, valid(text=text, language="ar"))
    body = reviewer_client.get(Claim.objects.get().get_absolute_url()).content.decode()
    assert 'dir="rtl"' in body


def test_missing_csrf_token_is_refused(reviewer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(URL, valid()).status_code == 403
    assert not Claim.objects.exists()
