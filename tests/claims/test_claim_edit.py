from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import AuditEvent, Claim
from tests.conftest import HTMX
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def edit_url(claim: Claim) -> str:
    return reverse("claims:edit", args=[claim.pk])


def form_data(claim: Claim, **overrides: str) -> dict[str, str]:
    data = {
        "text": claim.text,
        "language": claim.language,
        "claim_type": claim.claim_type,
        "claimant": str(claim.claimant_id or ""),
        "appeared_url": claim.appeared_url,
        "appeared_outlet": claim.appeared_outlet,
        "appeared_on": claim.appeared_on.isoformat() if claim.appeared_on else "",
        "tags": ", ".join(t.name for t in claim.tags.all()),
        "version": str(claim.version),
    }
    data.update(overrides)
    return data


@pytest.fixture
def claim():
    return ClaimFactory(text="Cities emit 70 percent of carbon dioxide.", tags=["climate"])


def test_persona_access(anon_client, outsider_client, reviewer_client, editor_client, claim):
    assert anon_client.get(edit_url(claim)).status_code == 302
    assert outsider_client.get(edit_url(claim)).status_code == 404
    assert outsider_client.post(edit_url(claim), form_data(claim)).status_code == 404
    assert reviewer_client.get(edit_url(claim)).status_code == 200
    assert editor_client.get(edit_url(claim)).status_code == 200
    assert reviewer_client.get(reverse("claims:edit", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "status", [Claim.Status.AWAITING_APPROVAL, Claim.Status.PUBLISHED, Claim.Status.DISMISSED]
)
def test_claims_past_review_cannot_be_edited(reviewer_client, editor_client, claim, status):
    Claim.objects.filter(pk=claim.pk).update(status=status)
    assert reviewer_client.get(edit_url(claim)).status_code == 403
    assert editor_client.post(edit_url(claim), form_data(claim, text="Changed")).status_code == 403
    claim.refresh_from_db()
    assert claim.text == "Cities emit 70 percent of carbon dioxide."


def test_edit_records_what_changed(reviewer_client, claim):
    response = reviewer_client.post(
        edit_url(claim),
        form_data(claim, text="Cities emit 75 percent of carbon dioxide.", tags="climate, cities"),
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.version == 2
    assert claim.text == "Cities emit 75 percent of carbon dioxide."
    assert claim.analysed_at is None  # the new text is owed a fresh analysis
    event = AuditEvent.objects.get(verb="edited")
    assert event.details["changes"]["text"] == [
        "Cities emit 70 percent of carbon dioxide.",
        "Cities emit 75 percent of carbon dioxide.",
    ]
    assert event.details["changes"]["tags"] == ["climate", "cities, climate"]
    assert event.details["version"] == 2
    page = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert "edited" in page and "75 percent" in page


def test_saving_without_changes_writes_nothing(reviewer_client, claim):
    reviewer_client.post(edit_url(claim), form_data(claim))
    claim.refresh_from_db()
    assert claim.version == 1
    assert not AuditEvent.objects.filter(verb="edited").exists()


def test_second_save_from_a_stale_form_is_a_conflict_not_an_overwrite(
    reviewer_client, editor_client, claim
):
    stale = form_data(claim)
    editor_client.post(edit_url(claim), form_data(claim, text="Editor's wording of the claim."))

    response = reviewer_client.post(
        edit_url(claim), {**stale, "text": "Reviewer's wording of the claim."}, **HTMX
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this claim" in body
    assert "eddie" in body and "Editor&#x27;s wording of the claim." in body
    assert "Reviewer&#x27;s wording of the claim." in body  # the user's text is kept
    claim.refresh_from_db()
    assert claim.text == "Editor's wording of the claim."
    assert 'name="version" value="2"' in body

    # Saving again is a deliberate overwrite of the version the user has now seen.
    again = reviewer_client.post(
        edit_url(claim), {**stale, "text": "Reviewer's wording of the claim.", "version": "2"}
    )
    assert again.status_code == 302
    claim.refresh_from_db()
    assert (claim.text, claim.version) == ("Reviewer's wording of the claim.", 3)


def test_invalid_edit_keeps_input_and_changes_nothing(reviewer_client, claim):
    response = reviewer_client.post(
        edit_url(claim), form_data(claim, text="A new wording", appeared_url="nope")
    )
    assert response.status_code == 200
    assert "A new wording" in response.content.decode()
    claim.refresh_from_db()
    assert claim.version == 1
