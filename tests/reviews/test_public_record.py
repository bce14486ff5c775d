"""The public record is the approved version: a correction's edits to the claim and its new
evidence stay inside the desk until the correction is approved, and only the correction's drafter
(and editors) may make them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from claims import services as claim_services
from claims.models import Claim
from reviews import services
from reviews.exports import stream
from reviews.models import Verdict
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db

OLD_TEXT = "Tajikistan runs more than 20 smart-city projects"
NEW_TEXT = "Tajikistan runs more than 12 smart-city projects in four cities"


def _edit(actor: Any, claim: Claim, **changes: Any) -> Claim:
    claim = Claim.objects.select_related("claimant").get(pk=claim.pk)
    fields = claim_services.ClaimFields(
        text=claim.text,
        language=claim.language,
        claim_type=claim.claim_type,
        claimant=claim.claimant,
        appeared_url=claim.appeared_url,
        appeared_outlet=claim.appeared_outlet,
        appeared_on=claim.appeared_on,
    )
    fields = claim_services.ClaimFields(**{**fields.__dict__, **changes})
    return claim_services.claim_update(
        actor=actor, claim_id=claim.pk, expected_version=claim.version, fields=fields
    )


def _public_views(client: Client, claim_id: int) -> dict[str, str]:
    """Everything readers can get about the claim, as text."""
    page = client.get(reverse("public:fact-check-short", args=[claim_id]), follow=True)
    api = client.get(reverse("public:api-detail", args=[claim_id]))
    listing = client.get(reverse("public:api-list"))
    index = client.get(reverse("public:index"))
    claimreview = "".join(
        stream.export_rows(Claim.objects.filter(pk=claim_id), "claimreview", site_url="http://t")
    )
    return {
        "page": page.content.decode(),
        "api": json.dumps(api.json(), ensure_ascii=False),
        "api list": json.dumps(listing.json(), ensure_ascii=False),
        "index": index.content.decode(),
        "claimreview export": claimreview,
    }


def test_a_correction_changes_nothing_public_until_it_is_approved(
    anon_client: Client, reviewer: Any, reviewer2: Any, editor: Any, editor2: Any
) -> None:
    published = wf.published(reviewer, editor, text=OLD_TEXT, appeared_outlet="Summit briefing")
    claim = published.claim
    services.correction_open(actor=editor, claim_id=claim.pk, assignee=reviewer2)

    # The drafter fixes the claim's wording and outlet and adds evidence.
    _edit(reviewer2, claim, text=NEW_TEXT, appeared_outlet="Ministry press release")
    (new_item,) = wf.add_evidence(claim, reviewer2)
    new_url = "https://stats.example.org/report-0"
    assert new_item.url == new_url  # the same address as the first item: tell them apart by id

    before = _public_views(anon_client, claim.pk)
    for name, body in before.items():
        assert NEW_TEXT not in body, f"{name} shows the correction's wording before approval"
        assert "Ministry press release" not in body, f"{name} shows the new outlet"
    for name in ("page", "api", "api list"):
        assert OLD_TEXT in before[name], f"{name} lost the published claim"
    for name in ("page", "api", "claimreview export"):
        assert "Summit briefing" in before[name], f"{name} lost the published outlet"
    api = anon_client.get(reverse("public:api-detail", args=[claim.pk])).json()
    assert [item["label"] for item in api["evidence"]] == ["E1"]
    assert f'id="evidence-{new_item.number}"' not in before["page"]

    # Approved: now the public record is the corrected one, with the new evidence.
    draft = wf.draft(
        Claim.objects.get(pk=claim.pk),
        reviewer2,
        correction_note="The register lists 12 projects in four cities.",
        rationale="The register [E1] and the ministry [E2] agree on 12.",
    )
    draft = services.verdict_submit(
        actor=reviewer2, verdict_id=draft.pk, expected_version=draft.version
    )
    services.verdict_approve(actor=editor2, verdict_id=draft.pk, expected_version=draft.version)
    after = _public_views(anon_client, claim.pk)
    for name in ("page", "api", "api list"):
        assert NEW_TEXT in after[name], name
    for name in ("page", "api", "claimreview export"):
        assert "Ministry press release" in after[name], name
    api = anon_client.get(reverse("public:api-detail", args=[claim.pk])).json()
    assert [item["label"] for item in api["evidence"]] == ["E1", "E2"]
    # The earlier version keeps the record it was published with.
    first = Verdict.objects.get(pk=published.pk)
    assert first.status == Verdict.Status.SUPERSEDED
    assert first.public_record["text"] == OLD_TEXT


def test_only_the_drafter_and_editors_change_a_claim_under_correction(
    reviewer: Any, reviewer2: Any, editor: Any, editor2: Any
) -> None:
    published = wf.published(reviewer, editor)
    claim = published.claim
    services.correction_open(actor=editor, claim_id=claim.pk, assignee=reviewer2)
    with pytest.raises(PermissionDenied):
        _edit(reviewer, claim, text=NEW_TEXT)
    _edit(reviewer2, claim, text=NEW_TEXT)
    _edit(editor2, claim, appeared_outlet="Ministry press release")
    assert Claim.objects.get(pk=claim.pk).text == NEW_TEXT


def test_the_edit_page_of_a_claim_under_correction_is_forbidden_to_other_reviewers(
    reviewer: Any, reviewer2: Any, editor: Any, reviewer_client: Client, reviewer2_client: Client
) -> None:
    published = wf.published(reviewer, editor)
    services.correction_open(actor=editor, claim_id=published.claim_id, assignee=reviewer2)
    edit = reverse("claims:edit", args=[published.claim_id])
    assert reviewer_client.get(edit).status_code == 403
    assert reviewer2_client.get(edit).status_code == 200
    # An unpublished claim stays open to every reviewer, as before.
    other = wf.in_review(reviewer2)
    assert reviewer_client.get(reverse("claims:edit", args=[other.pk])).status_code == 200
