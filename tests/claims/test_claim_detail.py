from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim
from tests.conftest import HTMX
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_persona_access(anon_client, outsider_client, reviewer_client, editor_client):
    claim = ClaimFactory()
    url = claim.get_absolute_url()
    assert anon_client.get(url).status_code == 302
    assert outsider_client.get(url).status_code == 404
    assert reviewer_client.get(url).status_code == 200
    assert editor_client.get(url).status_code == 200
    assert reviewer_client.get(reverse("reviews:claim", args=[424242])).status_code == 404


def test_page_shows_claim_claimant_appearance_and_timeline(reviewer_client, reviewer):
    claim = services.claim_create(
        actor=reviewer,
        fields=services.ClaimFields(
            text="The terminal runs on wind and solar power.",
            language="en",
            new_claimant=services.NewClaimant(
                name="Parvina Nematova",
                description="an expert with the National Academy of Sciences",
                same_as="https://en.wikipedia.org/wiki/Example",
            ),
            appeared_url="https://news.example.org/a?x=1&y=<2>",
            appeared_outlet="Dushanbe summit",
            tags=("energy",),
        ),
    )
    body = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert "The terminal runs on wind and solar power." in body
    assert "Parvina Nematova" in body
    assert "National Academy of Sciences" in body
    assert 'href="https://en.wikipedia.org/wiki/Example"' in body
    assert "Dushanbe summit" in body
    assert "https://news.example.org/a?x=1&amp;y=&lt;2&gt;" in body
    assert "added the claim" in body
    assert "Edit claim" in body


def test_edit_button_hidden_when_claim_is_locked(reviewer_client):
    claim = ClaimFactory(status=Claim.Status.PUBLISHED)
    assert "Edit claim" not in reviewer_client.get(claim.get_absolute_url()).content.decode()


def test_analysis_panel_polls_until_the_worker_is_done(reviewer_client):
    claim = ClaimFactory(text="Cities emit 70% of CO2.")
    url = reverse("reviews:analysis", args=[claim.pk])
    pending = reviewer_client.get(url, **HTMX).content.decode()
    assert 'hx-trigger="every 2s"' in pending
    assert "Checking in the background" in pending

    services.claim_analyse(claim_id=claim.pk)
    done = reviewer_client.get(url, **HTMX).content.decode()
    assert 'hx-trigger="every 2s"' not in done  # polling stops
    claim.refresh_from_db()
    assert "Check-worthiness" in done and "No other claim says much the same." in done


def test_analysis_panel_lists_exact_duplicates(reviewer_client):
    first = ClaimFactory(text="Cities emit 70% of CO2!")
    second = ClaimFactory(text="cities  emit 70% of co2")
    for claim in (first, second):
        services.claim_analyse(claim_id=claim.pk)
    body = reviewer_client.get(reverse("reviews:analysis", args=[second.pk]), **HTMX)
    assert f"#{first.pk}" in body.content.decode()


def test_analysis_fragment_without_htmx_goes_to_the_page(reviewer_client, outsider_client):
    claim = ClaimFactory()
    url = reverse("reviews:analysis", args=[claim.pk])
    response = reviewer_client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/claims/{claim.pk}/#analysis")
    assert outsider_client.get(url, **HTMX).status_code == 404


def test_claimant_options(reviewer_client, outsider_client, anon_client):
    ClaimantFactory(name="Amina Rakhimova")
    ClaimantFactory(name="Farrukh Saidov")
    url = reverse("claims:claimant-options")
    body = reviewer_client.get(url, {"claimant_query": "rakhi"}, **HTMX).content.decode()
    assert "Amina Rakhimova" in body and "Saidov" not in body
    assert outsider_client.get(url).status_code == 403
    assert anon_client.get(url).status_code == 302
