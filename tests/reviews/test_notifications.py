from __future__ import annotations

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import Notification
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db


def test_workflow_events_notify_the_right_people(reviewer, reviewer2, editor, editor2):
    claim = ClaimFactory()
    services.claims_assign(actor=editor, claim_ids=[claim.pk], assignee=reviewer)
    wf.add_evidence(claim, reviewer)
    verdict = wf.draft(claim, reviewer)
    verdict = services.verdict_submit(
        actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version
    )
    verdict = services.verdict_request_changes(
        actor=editor, verdict_id=verdict.pk, expected_version=verdict.version, note="Source?"
    )
    verdict = wf.draft(claim, reviewer, conclusion="With a source now.")
    verdict = services.verdict_submit(
        actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version
    )
    services.verdict_approve(actor=editor2, verdict_id=verdict.pk, expected_version=verdict.version)
    correction = services.correction_open(actor=editor, claim_id=claim.pk, assignee=reviewer2)
    correction = wf.draft(claim, reviewer2, correction_note="Updated figure.")
    correction = services.verdict_submit(
        actor=reviewer2, verdict_id=correction.pk, expected_version=correction.version
    )
    services.verdict_approve(
        actor=editor2, verdict_id=correction.pk, expected_version=correction.version
    )

    def verbs(user):
        return list(
            Notification.objects.filter(recipient=user)
            .order_by("id")
            .values_list("verb", flat=True)
        )

    assert verbs(reviewer) == ["assigned", "changes_requested", "approved", "corrected"]
    assert verbs(reviewer2) == ["correction_assigned", "approved"]
    # A first submission reaches every editor; a resubmission only the editor who asked for
    # changes; the correction is a first submission of its own.
    assert verbs(editor) == ["submitted", "submitted", "submitted"]
    assert verbs(editor2) == ["submitted", "submitted"]


def test_a_correction_request_says_so_and_each_notification_leads_to_the_work(
    reviewer, reviewer2, editor, editor2, reviewer2_client, editor2_client
):
    published = wf.published(reviewer, editor)
    services.correction_open(actor=editor, claim_id=published.claim_id, assignee=reviewer2)
    inbox = reviewer2_client.get(reverse("reviews:notifications")).content.decode()
    assert "asked you to draft a correction of a published verdict" in inbox
    assert "assigned a claim to you" not in inbox
    claim_url = reverse("reviews:claim", args=[published.claim_id])
    assert f'href="{claim_url}#verdict"' in inbox
    # The editor's notice of the first submission leads to the decision.
    inbox = editor2_client.get(reverse("reviews:notifications")).content.decode()
    assert "submitted a verdict for your approval" in inbox
    assert f'href="{claim_url}#verdict"' in inbox


def test_opening_the_claim_reads_its_notifications(reviewer, reviewer_client, editor):
    first, second = ClaimFactory(), ClaimFactory()
    services.claims_assign(actor=editor, claim_ids=[first.pk, second.pk], assignee=reviewer)
    page = reviewer_client.get(reverse("claims:list")).content.decode()
    assert 'class="unread-count"' in page and ">2<" in page
    reviewer_client.get(reverse("reviews:claim", args=[first.pk]))
    unread = Notification.objects.filter(recipient=reviewer).unread()
    assert list(unread.values_list("claim_id", flat=True)) == [second.pk]
    page = reviewer_client.get(reverse("claims:list")).content.decode()
    assert ">1<" in page


def test_unread_count_in_the_header_and_marking_read(reviewer, reviewer_client, editor):
    claim = ClaimFactory()
    services.claims_assign(actor=editor, claim_ids=[claim.pk], assignee=reviewer)
    page = reviewer_client.get(reverse("claims:list")).content.decode()
    assert 'class="unread-count"' in page and ">1<" in page
    inbox = reviewer_client.get(reverse("reviews:notifications")).content.decode()
    assert "assigned a claim to you" in inbox and claim.text[:40] in inbox
    reviewer_client.post(reverse("reviews:notifications-read"))
    assert not Notification.objects.unread().exists()
    page = reviewer_client.get(reverse("claims:list")).content.decode()
    assert 'class="unread-count"' not in page


def test_people_only_see_and_mark_their_own(reviewer, reviewer2, reviewer2_client, editor):
    claim = ClaimFactory()
    services.claims_assign(actor=editor, claim_ids=[claim.pk], assignee=reviewer)
    note = Notification.objects.get()
    assert (
        claim.text[:40]
        not in reviewer2_client.get(reverse("reviews:notifications")).content.decode()
    )
    reviewer2_client.post(reverse("reviews:notifications-read"), {"id": note.pk})
    assert Notification.objects.get().read_at is None
