"""The re-check pages: the review-by field of the verdict form, the "Due for re-check" queue
and its two answers, and what readers see (the public line, ClaimReview `expires`)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from reviews import services
from reviews.exports import claimreview, schema_check
from reviews.models import Recheck, Verdict
from reviews.services import rechecks
from tests.reviews import workflow as wf
from tests.reviews.test_public import json_ld_blocks

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def due(reviewer, editor, **claim_fields) -> Recheck:
    verdict = wf.published(reviewer, editor, **claim_fields)
    recheck = rechecks.recheck_open(
        claim_id=verdict.claim_id, reasons=[rechecks.review_by_reason(date(2026, 12, 1))]
    )
    assert recheck is not None
    return recheck


def hold_url(recheck: Recheck) -> str:
    return reverse("reviews:recheck-hold", args=[recheck.pk])


def correct_url(recheck: Recheck) -> str:
    return reverse("reviews:recheck-correct", args=[recheck.pk])


# --- The verdict form ---------------------------------------------------------------------------


class TestReviewByField:
    def test_a_prediction_gets_the_date_it_names_suggested(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer, text="The city will have 500 electric buses by 2031.")
        body = reviewer_client.get(claim.get_absolute_url()).content.decode()
        assert 'name="review_by" value="2031-12-31"' in body
        assert "suggested review-by date 31 December 2031, the date it names" in body

    def test_other_claims_get_no_suggestion(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer, text="The city planted 2000 trees in 2019.")
        body = reviewer_client.get(claim.get_absolute_url()).content.decode()
        assert 'name="review_by"' in body and 'name="review_by" value=' not in body
        assert "review-by-suggestion" not in body

    def test_the_review_by_date_is_saved_and_cleared(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        day = timezone.localdate() + timedelta(days=90)
        url = reverse("reviews:verdict-save", args=[claim.pk])
        reviewer_client.post(url, {"summary": "S", "review_by": day.isoformat(), "version": ""})
        verdict = claim.verdicts.get()
        assert verdict.review_by == day
        reviewer_client.post(url, {"summary": "S", "review_by": "", "version": verdict.version})
        assert wf.reload(verdict).review_by is None

    def test_a_day_in_the_past_is_refused_next_to_the_field(self, reviewer, reviewer_client):
        claim = wf.in_review(reviewer)
        yesterday = timezone.localdate() - timedelta(days=1)
        response = reviewer_client.post(
            reverse("reviews:verdict-save", args=[claim.pk]),
            {"summary": "S", "review_by": yesterday.isoformat(), "version": ""},
            **HTMX,
        )
        body = response.content.decode()
        assert "Choose today or a later day, or leave it empty." in body
        field = body.split('name="review_by"')[1].split(">")[0]
        assert 'aria-invalid="true"' in field
        assert not claim.verdicts.exists()


# --- The queue ----------------------------------------------------------------------------------


class TestQueue:
    def test_desk_members_see_each_claim_its_verdict_why_and_since_when(
        self, reviewer, editor, editor_client
    ):
        recheck = due(reviewer, editor, text="The metro will carry 1 million riders by 2030.")
        body = editor_client.get(reverse("reviews:rechecks")).content.decode()
        assert "The metro will carry 1 million riders by 2030." in body
        assert recheck.verdict.summary in body and "False" in body
        assert "review-by date 2026-12-01 reached" in body
        assert f"Due since {timezone.localdate(recheck.due_since):%-d %b %Y}" in body
        assert "Still holds" in body and "Needs correction" in body

    def test_reviewers_see_the_queue_without_the_editors_controls(
        self, reviewer, editor, reviewer_client
    ):
        due(reviewer, editor)
        body = reviewer_client.get(reverse("reviews:rechecks")).content.decode()
        assert "review-by date 2026-12-01 reached" in body
        assert "Needs correction" not in body
        assert "Editors decide whether a verdict still holds" in body

    def test_outsiders_are_refused_and_visitors_sent_to_log_in(self, outsider_client, anon_client):
        assert outsider_client.get(reverse("reviews:rechecks")).status_code == 403
        response = anon_client.get(reverse("reviews:rechecks"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_a_changed_figure_reads_old_to_new(self, reviewer, editor, editor_client):
        verdict = wf.published(reviewer, editor)
        reason = {
            "kind": "lookup",
            "key": "worldbank:SP.POP.TOTL:TJK",
            "label": "World Bank, Population, total (Tajikistan)",
            "old": "9.75 million people (2021)",
            "new": "10.6 million people (2024)",
            "text": "…",
        }
        rechecks.recheck_open(claim_id=verdict.claim_id, reasons=[reason])
        body = editor_client.get(reverse("reviews:rechecks")).content.decode()
        assert "World Bank, Population, total (Tajikistan)" in body
        assert "9.75 million people (2021)</bdi> → <strong><bdi>10.6 million people (2024)" in body

    def test_the_queue_costs_the_same_queries_for_many_claims(
        self, reviewer, editor, editor_client, django_assert_max_num_queries
    ):
        for _ in range(2):
            due(reviewer, editor)
        with django_assert_max_num_queries(9):
            editor_client.get(reverse("reviews:rechecks"))
        for _ in range(4):
            due(reviewer, editor)
        with django_assert_max_num_queries(9):
            response = editor_client.get(reverse("reviews:rechecks"))
        assert response.content.decode().count('class="recheck card"') == 6

    def test_a_claim_under_correction_shows_no_answers(self, reviewer, editor, editor_client):
        recheck = due(reviewer, editor)
        services.correction_open(actor=editor, claim_id=recheck.claim_id)
        body = editor_client.get(reverse("reviews:rechecks")).content.decode()
        assert "A correction of this verdict is in progress" in body
        assert "Still holds" not in body

    def test_the_claim_page_says_it_is_due(self, reviewer, editor, editor_client):
        recheck = due(reviewer, editor)
        body = editor_client.get(recheck.claim.get_absolute_url()).content.decode()
        assert "Due for re-check since" in body and "review-by date 2026-12-01 reached" in body


# --- Still holds --------------------------------------------------------------------------------


class TestStillHolds:
    def test_editor_records_it_and_goes_back_to_the_queue(self, reviewer, editor, editor_client):
        recheck = due(reviewer, editor)
        next_day = timezone.localdate() + timedelta(days=180)
        response = editor_client.post(
            hold_url(recheck), {"next_review_by": next_day.isoformat(), "note": "Same."}
        )
        assert response.status_code == 302 and response["Location"] == reverse("reviews:rechecks")
        recheck = wf.reload(recheck)
        assert (recheck.status, recheck.next_review_by) == (Recheck.Status.HELD, next_day)
        assert wf.reload(recheck.verdict).review_by == next_day
        assert recheck.claim.events.filter(verb="recheck_held", actor=editor).count() == 1
        page = editor_client.get(reverse("reviews:rechecks")).content.decode()
        assert "Recorded: the verdict still holds." in page
        assert "Nothing is due for re-check." in page and "Recently re-checked" in page

    def test_with_htmx_the_row_says_what_was_recorded(self, reviewer, editor, editor_client):
        recheck = due(reviewer, editor)
        response = editor_client.post(hold_url(recheck), {}, **HTMX)
        body = response.content.decode()
        assert response.status_code == 200
        assert body.lstrip().startswith(f'<li class="recheck card" id="recheck-{recheck.pk}">')
        when = timezone.localdate()
        assert f"Re-checked on {when:%-d %B %Y}: still holds." in body

    def test_a_next_date_not_after_today_is_refused_next_to_the_field(
        self, reviewer, editor, editor_client
    ):
        recheck = due(reviewer, editor)
        response = editor_client.post(
            hold_url(recheck), {"next_review_by": timezone.localdate().isoformat()}, **HTMX
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Choose a day after today, or leave it empty." in body
        assert f'id="hold-{recheck.pk}-next_review_by"' in body
        assert wf.reload(recheck).status == Recheck.Status.OPEN

    def test_without_javascript_a_refusal_shows_the_queue_with_the_error(
        self, reviewer, editor, editor_client
    ):
        recheck = due(reviewer, editor)
        response = editor_client.post(hold_url(recheck), {"next_review_by": "2001-01-01"})
        body = response.content.decode()
        assert response.status_code == 400
        assert "<h1>Due for re-check" in body and "Choose a day after today" in body

    def test_reviewers_are_refused_outsiders_see_nothing(
        self, reviewer, editor, reviewer_client, outsider_client
    ):
        recheck = due(reviewer, editor)
        assert reviewer_client.post(hold_url(recheck), {}).status_code == 403
        assert outsider_client.post(hold_url(recheck), {}).status_code == 404
        assert wf.reload(recheck).status == Recheck.Status.OPEN

    def test_unknown_re_checks_are_404_and_get_is_not_allowed(
        self, reviewer, editor, editor_client
    ):
        recheck = due(reviewer, editor)
        assert editor_client.post(reverse("reviews:recheck-hold", args=[999999])).status_code == 404
        assert editor_client.get(hold_url(recheck)).status_code == 405

    def test_a_decided_re_check_cannot_be_answered_again(self, reviewer, editor, editor_client):
        recheck = due(reviewer, editor)
        editor_client.post(hold_url(recheck), {})
        response = editor_client.post(correct_url(recheck), {}, **HTMX)
        assert response.status_code == 200
        assert "This re-check has already been decided." in response.content.decode()
        assert wf.reload(recheck.claim).status == Claim.Status.PUBLISHED


# --- Needs correction ---------------------------------------------------------------------------


class TestNeedsCorrection:
    def test_editor_opens_the_correction_for_a_reviewer(self, reviewer, editor, editor_client):
        recheck = due(reviewer, editor)
        response = editor_client.post(
            correct_url(recheck), {"assignee": str(reviewer.pk), "note": "New census."}
        )
        claim = wf.reload(recheck.claim)
        assert response.status_code == 302
        assert response["Location"] == claim.get_absolute_url() + "#verdict"
        assert (claim.status, claim.assignee) == (Claim.Status.IN_REVIEW, reviewer)
        draft = claim.verdicts.working().get()
        assert draft.correction_of == recheck.verdict
        assert wf.reload(recheck).status == Recheck.Status.CORRECTION

    def test_with_htmx_the_browser_goes_to_the_claim(self, reviewer, editor, editor_client):
        recheck = due(reviewer, editor)
        response = editor_client.post(correct_url(recheck), {}, **HTMX)
        assert response["HX-Redirect"] == recheck.claim.get_absolute_url() + "#verdict"
        assert wf.reload(recheck.claim).verdicts.working().get().author == editor

    def test_someone_outside_the_desk_cannot_be_named(
        self, reviewer, editor, outsider, editor_client
    ):
        recheck = due(reviewer, editor)
        response = editor_client.post(correct_url(recheck), {"assignee": str(outsider.pk)})
        assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
        assert wf.reload(recheck).status == Recheck.Status.OPEN

    def test_reviewers_are_refused(self, reviewer, editor, reviewer_client):
        recheck = due(reviewer, editor)
        assert reviewer_client.post(correct_url(recheck), {}).status_code == 403
        assert not recheck.claim.verdicts.working().exists()


# --- What readers see ---------------------------------------------------------------------------


class TestPublic:
    def test_the_review_by_date_is_the_claimreview_expires(self, reviewer, editor, anon_client):
        claim = wf.in_review(reviewer)
        wf.add_evidence(claim, reviewer)
        day = timezone.localdate() + timedelta(days=60)
        verdict = wf.draft(claim, reviewer, review_by=day)
        verdict = services.verdict_submit(
            actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version
        )
        verdict = services.verdict_approve(
            actor=editor, verdict_id=verdict.pk, expected_version=verdict.version
        )
        page = anon_client.get(claimreview.public_path(claim.pk, verdict.summary))
        (review,) = json_ld_blocks(page.content.decode())
        assert review["expires"] == day.isoformat()
        assert schema_check.check(review) == []

    def test_without_a_review_by_date_there_is_no_expires(self, reviewer, editor, anon_client):
        verdict = wf.published(reviewer, editor)
        page = anon_client.get(claimreview.public_path(verdict.claim_id, verdict.summary))
        (review,) = json_ld_blocks(page.content.decode())
        assert "expires" not in review

    def test_a_re_check_that_holds_is_shown_with_its_date(
        self, reviewer, editor, editor_client, anon_client
    ):
        recheck = due(reviewer, editor)
        verdict: Verdict = recheck.verdict
        url = claimreview.public_path(verdict.claim_id, verdict.summary)
        assert "still holds" not in anon_client.get(url).content.decode()
        editor_client.post(hold_url(recheck), {})
        body = anon_client.get(url).content.decode()
        assert f"Re-checked on {timezone.localdate():%-d %B %Y}: still holds." in body
