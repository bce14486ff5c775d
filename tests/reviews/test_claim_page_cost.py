"""What the claim page costs with a worked claim's content, and that the parts it keeps
rendered (the activity, the appearances, finished sources, the empty evidence form, the draft's
fields) change as soon as what they show changes."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims.models import LookupJob, LookupResult, SimilarClaim
from reviews import services
from reviews.models import Rating
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db

MOST_QUERIES = 8  # issue 18: the claim page at most 8 queries with realistic content


@pytest.fixture(autouse=True)
def _shared_cache(settings):
    """As in production (Redis): permission sets and the desk's members come from the cache.
    The session is read from the database here (in production from the cache too)."""
    settings.SHARED_CACHE = True


def page_queries(captured):
    return [q["sql"] for q in captured if "django_session" not in q["sql"]]


def worked(claim, reviewer):
    """Five evidence items, a draft worked on, three comments, finished lookups with results
    and five similar claims."""
    wf.add_evidence(claim, reviewer, n=5)
    wf.draft(claim, reviewer)
    for body in ("Which station?", "The avenue's own.", "Cited as E3."):
        services.comment_add(actor=reviewer, claim=claim, body=body)
    LookupJob.objects.filter(claim=claim).delete()
    for n, provider in enumerate(("factcheck", "wikipedia", "wikidata", "wayback", "archive")):
        job = LookupJob.objects.create(
            claim=claim,
            provider=provider,
            input_hash=f"h{n}",
            status=LookupJob.Status.DONE,
            finished_at=timezone.now(),
            raw=[{"body": "x" * 2000}],
        )
        LookupResult.objects.create(job=job, rank=1, title=f"{provider} finds the register")
    for i in range(5):
        SimilarClaim.objects.create(claim=claim, other=ClaimFactory(), score=0.9 - i / 10)
    claim.analysed_at = timezone.now()
    claim.save(update_fields=["analysed_at"])
    return claim


def page(client, claim):
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_worked_draft_costs_at_most_eight_queries(reviewer, reviewer_client):
    claim = worked(wf.in_review(reviewer), reviewer)
    first = page(reviewer_client, claim)  # renders and keeps the finished parts
    with CaptureQueriesContext(connection) as captured:
        again = page(reviewer_client, claim)
    assert len(page_queries(captured)) <= MOST_QUERIES, page_queries(captured)
    assert len(again) == len(first)  # the same page (only the CSRF tokens differ)
    for shown in ("wikipedia finds the register", "added evidence E5", "Cited as E3.", "Report 4"):
        assert shown in again
    assert 'name="rating"' in again and "The ministry&#x27;s register [E1]" in again


def test_a_published_claim_costs_at_most_eight_queries(reviewer, editor, editor_client):
    claim = worked(wf.in_review(reviewer), reviewer)
    working = claim.verdicts.working().get()
    submitted = services.verdict_submit(
        actor=reviewer, verdict_id=working.pk, expected_version=working.version
    )
    services.verdict_approve(
        actor=editor, verdict_id=submitted.pk, expected_version=submitted.version
    )
    page(editor_client, claim)
    with CaptureQueriesContext(connection) as captured:
        body = page(editor_client, claim)
    assert len(page_queries(captured)) <= MOST_QUERIES, page_queries(captured)
    assert "approved and published the verdict" in body and "Open a correction" in body


def test_the_activity_shows_an_event_as_soon_as_it_is_written(reviewer, editor_client):
    claim = wf.in_review(reviewer)
    assert "added evidence E1" not in page(editor_client, claim)
    wf.add_evidence(claim, reviewer)
    body = page(editor_client, claim)
    assert "added evidence E1" in body and "Report 0" in body


def test_sources_show_a_lookup_that_finished_since(reviewer, reviewer_client):
    claim = wf.in_review(reviewer)
    LookupJob.objects.filter(claim=claim).delete()
    job = LookupJob.objects.create(
        claim=claim, provider="wikipedia", input_hash="h", status=LookupJob.Status.QUEUED
    )
    assert "The register of projects" not in page(reviewer_client, claim)
    LookupResult.objects.create(job=job, rank=1, title="The register of projects")
    LookupJob.objects.filter(pk=job.pk).update(
        status=LookupJob.Status.DONE, attempts=1, finished_at=timezone.now()
    )
    assert "The register of projects" in page(reviewer_client, claim)


def test_a_retry_form_carries_each_readers_own_token(reviewer, editor, editor_client):
    """A failed lookup's Retry form is never kept: each reader's CSRF token is their own."""
    claim = wf.in_review(reviewer)
    LookupJob.objects.filter(claim=claim).delete()
    job = LookupJob.objects.create(
        claim=claim,
        provider="wikipedia",
        input_hash="h",
        status=LookupJob.Status.FAILED,
        error_message="Wikipedia did not answer.",
        finished_at=timezone.now(),
    )
    page(editor_client, claim)
    other = type(editor_client)(enforce_csrf_checks=True)
    other.force_login(editor)
    body = other.get(claim.get_absolute_url()).content.decode()
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    retry = other.post(
        reverse("reviews:lookup-retry", args=[job.pk]), {"csrfmiddlewaretoken": token}
    )
    assert retry.status_code in (200, 302)


def test_the_draft_form_shows_what_was_saved_since(reviewer, reviewer_client):
    claim = wf.in_review(reviewer)
    wf.add_evidence(claim, reviewer)
    wf.draft(claim, reviewer, conclusion="Twelve projects.")
    assert "Twelve projects." in page(reviewer_client, claim)
    wf.draft(claim, reviewer, conclusion="Thirteen projects, counting the pilot.")
    body = page(reviewer_client, claim)
    assert "Thirteen projects, counting the pilot." in body and "Twelve projects." not in body


def test_a_rating_added_since_is_offered_in_the_draft_form(reviewer, reviewer_client):
    claim = wf.in_review(reviewer)
    wf.draft(claim, reviewer)
    assert "Cherry-picked" not in page(reviewer_client, claim)
    Rating.objects.create(label="Cherry-picked", position=99)
    assert "Cherry-picked" in page(reviewer_client, claim)


def test_each_language_has_its_own_activity(reviewer, editor_client):
    claim = wf.in_review(reviewer)
    wf.add_evidence(claim, reviewer)
    assert "added evidence E1" in page(editor_client, claim)  # English, kept
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    body = page(editor_client, claim)
    assert "added evidence E1" not in body and "История" in body
