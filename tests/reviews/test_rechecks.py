"""Re-checks through the state machine: what puts a published claim in the queue (a review-by
date, a changed World Bank figure, a changed cited page), once per change, and how a re-check
ends (still holds, or a correction) with its audit events."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from claims.models import AuditEvent, Claim, LookupJob, LookupResult
from reviews import services, tasks
from reviews.models import Evidence, Recheck, Verdict, WatchedValue
from reviews.services import rechecks
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db
S = Claim.Status
CO2_CLAIM = "China's carbon dioxide emissions will fall below 10,000 Mt by 2030."


def published_with_review_by(reviewer, editor, review_by: date, **claim_fields) -> Verdict:
    claim = wf.in_review(reviewer, **claim_fields)
    wf.add_evidence(claim, reviewer)
    verdict = wf.draft(claim, reviewer, review_by=review_by)
    verdict = services.verdict_submit(
        actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version
    )
    return services.verdict_approve(
        actor=editor, verdict_id=verdict.pk, expected_version=verdict.version
    )


def events(claim: Claim, verb: str) -> list[AuditEvent]:
    return list(claim.events.filter(verb=verb).order_by("at", "id"))


def due_claim(reviewer, editor) -> tuple[Verdict, Recheck]:
    soon = timezone.localdate() + timedelta(days=1)
    verdict = published_with_review_by(reviewer, editor, soon)
    rechecks.rechecks_open_due(today=soon)
    return verdict, Recheck.objects.get(claim=verdict.claim)


# --- Review-by dates --------------------------------------------------------------------------


def test_the_review_by_date_is_kept_with_the_published_verdict(reviewer, editor):
    day = timezone.localdate() + timedelta(days=30)
    verdict = published_with_review_by(reviewer, editor, day)
    assert (verdict.status, wf.reload(verdict).review_by) == (Verdict.Status.APPROVED, day)


def test_a_claim_enters_the_queue_when_its_review_by_date_comes(reviewer, editor):
    day = timezone.localdate() + timedelta(days=10)
    verdict = published_with_review_by(reviewer, editor, day)
    claim = verdict.claim

    assert rechecks.rechecks_open_due(today=day - timedelta(days=1)) == []
    assert rechecks.rechecks_open_due(today=day) == [claim.pk]

    recheck = Recheck.objects.get(claim=claim)
    assert (recheck.status, recheck.verdict_id) == (Recheck.Status.OPEN, verdict.pk)
    assert [r["text"] for r in recheck.reasons] == [f"review-by date {day.isoformat()} reached"]
    claim = wf.reload(claim)
    assert claim.status == S.PUBLISHED  # readers keep seeing the verdict meanwhile
    (event,) = events(claim, "recheck_due")
    assert event.actor is None and (event.from_state, event.to_state) == ("", "")
    assert event.details["reasons"] == [f"review-by date {day.isoformat()} reached"]


def test_running_the_date_scan_again_adds_nothing(reviewer, editor):
    verdict, _recheck = due_claim(reviewer, editor)
    later = timezone.localdate() + timedelta(days=5)
    assert rechecks.rechecks_open_due(today=later) == []
    assert Recheck.objects.filter(claim=verdict.claim).count() == 1
    assert len(events(verdict.claim, "recheck_due")) == 1


def test_claims_under_correction_or_without_a_date_are_not_due(reviewer, editor):
    plain = wf.published(reviewer, editor)
    corrected = published_with_review_by(reviewer, editor, timezone.localdate() + timedelta(days=1))
    services.correction_open(actor=editor, claim_id=corrected.claim_id)
    assert rechecks.rechecks_open_due(today=timezone.localdate() + timedelta(days=2)) == []
    assert not Recheck.objects.filter(claim__in=[plain.claim, corrected.claim]).exists()


# --- Still holds -----------------------------------------------------------------------------


def test_still_holds_records_the_date_the_event_and_the_next_review_by(reviewer, editor):
    verdict, recheck = due_claim(reviewer, editor)
    version = wf.reload(verdict.claim).version
    next_day = timezone.localdate() + timedelta(days=180)

    rechecks.recheck_hold(
        actor=editor, recheck_id=recheck.pk, note="Same figures.", next_review_by=next_day
    )

    recheck = wf.reload(recheck)
    assert (recheck.status, recheck.decided_by, recheck.next_review_by) == (
        Recheck.Status.HELD,
        editor,
        next_day,
    )
    assert recheck.decided_at is not None and recheck.note == "Same figures."
    verdict = wf.reload(verdict)
    assert (verdict.status, verdict.review_by) == (Verdict.Status.APPROVED, next_day)
    claim = wf.reload(verdict.claim)
    assert (claim.status, claim.version) == (S.PUBLISHED, version + 1)
    (event,) = events(claim, "recheck_held")
    assert event.actor == editor
    assert event.details == {
        "recheck": recheck.pk,
        "verdict": verdict.pk,
        "next_review_by": next_day.isoformat(),
        "note": "Same figures.",
    }
    # The date moved on: the scan does not put it back before then.
    assert rechecks.rechecks_open_due(today=next_day - timedelta(days=1)) == []
    assert rechecks.rechecks_open_due(today=next_day) == [claim.pk]


def test_still_holds_without_a_next_date_clears_the_review_by(reviewer, editor):
    verdict, recheck = due_claim(reviewer, editor)
    rechecks.recheck_hold(actor=editor, recheck_id=recheck.pk)
    assert wf.reload(verdict).review_by is None
    assert rechecks.rechecks_open_due(today=timezone.localdate() + timedelta(days=400)) == []


def test_the_next_review_by_date_must_be_after_today(reviewer, editor):
    verdict, recheck = due_claim(reviewer, editor)
    with pytest.raises(services.WorkflowError) as raised:
        rechecks.recheck_hold(
            actor=editor, recheck_id=recheck.pk, next_review_by=timezone.localdate()
        )
    assert raised.value.problems == {
        "next_review_by": "Choose a day after today, or leave it empty."
    }
    assert wf.reload(recheck).status == Recheck.Status.OPEN
    assert events(verdict.claim, "recheck_held") == []


def test_reviewers_cannot_decide_a_re_check_and_nothing_is_written(reviewer, editor):
    verdict, recheck = due_claim(reviewer, editor)
    with pytest.raises(PermissionDenied, match="Only editors decide on re-checks"):
        rechecks.recheck_hold(actor=reviewer, recheck_id=recheck.pk)
    with pytest.raises(PermissionDenied):
        rechecks.recheck_correct(actor=reviewer, recheck_id=recheck.pk)
    assert wf.reload(recheck).status == Recheck.Status.OPEN
    assert wf.reload(verdict.claim).status == S.PUBLISHED


def test_a_decided_re_check_cannot_be_decided_again(reviewer, editor):
    _verdict, recheck = due_claim(reviewer, editor)
    rechecks.recheck_hold(actor=editor, recheck_id=recheck.pk)
    with pytest.raises(services.WorkflowError, match="already been decided"):
        rechecks.recheck_correct(actor=editor, recheck_id=recheck.pk)


# --- Needs correction ------------------------------------------------------------------------


def test_needs_correction_opens_the_correction_flow(reviewer, editor):
    verdict, recheck = due_claim(reviewer, editor)

    draft = rechecks.recheck_correct(
        actor=editor, recheck_id=recheck.pk, note="New figures.", assignee=reviewer
    )

    assert (draft.status, draft.correction_of, draft.author) == (
        Verdict.Status.DRAFT,
        verdict,
        reviewer,
    )
    assert draft.review_by == verdict.review_by  # the correction starts from the published one
    assert wf.reload(recheck).status == Recheck.Status.CORRECTION
    claim = wf.reload(verdict.claim)
    assert (claim.status, claim.assignee) == (S.IN_REVIEW, reviewer)
    assert wf.reload(verdict).status == Verdict.Status.APPROVED  # public until approved
    verbs = [e.verb for e in claim.events.order_by("at", "id")][-3:]
    assert verbs == ["recheck_due", "correction_opened", "recheck_correction"]
    assert events(claim, "recheck_correction")[0].details["corrects"] == verdict.pk
    # The claim is out of the published state: no re-check opens while it is corrected.
    assert (
        rechecks.recheck_open(
            claim_id=claim.pk, reasons=[rechecks.review_by_reason(timezone.localdate())]
        )
        is None
    )


def test_a_correction_opened_from_the_claim_page_ends_the_open_re_check_when_approved(
    reviewer, editor, editor2
):
    verdict, recheck = due_claim(reviewer, editor)
    draft = services.correction_open(actor=editor, claim_id=verdict.claim_id, assignee=reviewer)
    assert wf.reload(recheck).status == Recheck.Status.OPEN  # still waiting while drafted
    with pytest.raises(services.WorkflowError, match="correction of this verdict is in progress"):
        rechecks.recheck_hold(actor=editor, recheck_id=recheck.pk)
    draft = wf.draft(wf.reload(verdict.claim), reviewer, correction_note="New figures.")
    draft = services.verdict_submit(
        actor=reviewer, verdict_id=draft.pk, expected_version=draft.version
    )
    services.verdict_approve(actor=editor2, verdict_id=draft.pk, expected_version=draft.version)

    recheck = wf.reload(recheck)
    assert (recheck.status, recheck.decided_by) == (Recheck.Status.CORRECTION, editor2)
    assert not Recheck.objects.open().exists()


# --- The scheduled re-run of lookups and evidence ----------------------------------------------


def watched_claim(reviewer, editor, fixture_http) -> Verdict:
    """A published quantity claim about China's CO2 with one World Bank result as published
    and one evidence page snapshotted at the fixture server."""
    verdict = wf.published(reviewer, editor, text=CO2_CLAIM, claim_type="quantity")
    claim = verdict.claim
    job = LookupJob.objects.create(
        claim=claim, provider="worldbank", input_hash="x", status=LookupJob.Status.DONE
    )
    LookupResult.objects.create(
        job=job,
        rank=1,
        title="CO2 emissions: China",
        value=12667.4,
        unit="Mt CO2e",
        year=2022,
        extra={
            "indicator": "EN.GHG.CO2.MT.CE.AR5",
            "indicator_name": "Carbon dioxide (CO2) emissions (total) excluding LULUCF (Mt CO2e)",
            "country": "China",
            "country_iso3": "CHN",
        },
    )
    Evidence.objects.filter(claim=claim).update(
        url=f"{fixture_http.url}/notes/summit-notes",
        snapshot_status="done",
        http_status=200,
        content_sha256="0" * 64,
    )
    return verdict


def test_a_changed_figure_and_page_put_the_claim_in_the_queue_with_what_changed(
    reviewer, editor, fixture_http
):
    fixture_http.use("worldbank", "results").use("pagemeta", "minimal")
    verdict = watched_claim(reviewer, editor, fixture_http)

    recheck = rechecks.recheck_watch(claim_id=verdict.claim_id)

    assert recheck is not None and recheck.status == Recheck.Status.OPEN
    texts = [reason["text"] for reason in recheck.reasons]
    assert texts[0] == (
        "World Bank, Carbon dioxide (CO2) emissions (total) excluding LULUCF (Mt CO2e) (China): "
        "12,667 Mt CO2e (2022) → 13,260 Mt CO2e (2023)"
    )
    assert texts[1].startswith("E1 Report 0: the page changed since it was archived (000000000000")
    assert [r["kind"] for r in recheck.reasons] == ["lookup", "evidence"]
    (event,) = events(verdict.claim, "recheck_due")
    assert event.details["reasons"] == texts


def test_the_same_change_found_again_adds_nothing(reviewer, editor, fixture_http):
    fixture_http.use("worldbank", "results").use("pagemeta", "minimal")
    fixture_http.use("worldbank", "results").use("pagemeta", "minimal")  # served twice
    verdict = watched_claim(reviewer, editor, fixture_http)
    first = rechecks.recheck_watch(claim_id=verdict.claim_id)
    again = rechecks.recheck_watch(claim_id=verdict.claim_id)

    assert first is not None and again is None
    assert Recheck.objects.filter(claim=verdict.claim).count() == 1
    assert len(wf.reload(first).reasons) == 2
    assert len(events(verdict.claim, "recheck_due")) == 1
    seen = dict(WatchedValue.objects.filter(claim=verdict.claim).values_list("key", "value"))
    assert seen["worldbank:EN.GHG.CO2.MT.CE.AR5:CHN"] == "13,260 Mt CO2e (2023)"


def test_a_re_run_that_finds_what_was_published_opens_nothing(reviewer, editor, fixture_http):
    fixture_http.use("worldbank", "results")
    verdict = watched_claim(reviewer, editor, fixture_http)
    Evidence.objects.filter(claim=verdict.claim).update(content_sha256="")  # nothing to fetch
    LookupResult.objects.filter(job__claim=verdict.claim).update(value=13259.6423, year=2023)

    assert rechecks.recheck_watch(claim_id=verdict.claim_id) is None
    assert not Recheck.objects.filter(claim=verdict.claim).exists()
    assert WatchedValue.objects.filter(claim=verdict.claim).count() == 1


def test_a_change_joins_the_open_re_check_of_the_claim(reviewer, editor, fixture_http):
    fixture_http.use("worldbank", "results")
    verdict = watched_claim(reviewer, editor, fixture_http)
    Evidence.objects.filter(claim=verdict.claim).update(content_sha256="")
    rechecks.recheck_open(
        claim_id=verdict.claim_id, reasons=[rechecks.review_by_reason(date(2026, 12, 1))]
    )

    recheck = rechecks.recheck_watch(claim_id=verdict.claim_id)

    assert recheck is not None
    assert [r["kind"] for r in wf.reload(recheck).reasons] == ["review_by", "lookup"]
    assert Recheck.objects.filter(claim=verdict.claim).count() == 1
    assert len(events(verdict.claim, "recheck_due")) == 2


def test_the_scan_sends_the_re_runs_owed_and_not_those_done_lately(
    reviewer, editor, fixture_http, settings
):
    settings.RECHECK_WATCH_INTERVAL_DAYS = 30
    verdict = watched_claim(reviewer, editor, fixture_http)
    Evidence.objects.filter(claim=verdict.claim).update(frozen=True)
    wf.published(reviewer, editor)  # its evidence has no snapshot: nothing to watch

    assert rechecks.rechecks_watch_owed(10) == [(rechecks.WATCH_TASK, (verdict.claim_id,))]
    WatchedValue.objects.create(claim=verdict.claim, key="evidence:1", label="E1", value="x")
    assert rechecks.rechecks_watch_owed(10) == []
    WatchedValue.objects.update(observed_at=timezone.now() - timedelta(days=31))
    assert rechecks.rechecks_watch_owed(10) == [(rechecks.WATCH_TASK, (verdict.claim_id,))]


def test_the_beat_task_opens_what_is_due_and_names_the_re_run_task(
    reviewer, editor, fixture_http, settings
):
    due_today = wf.published(reviewer, editor)
    Verdict.objects.filter(pk=due_today.pk).update(review_by=timezone.localdate())
    watched = watched_claim(reviewer, editor, fixture_http)
    Evidence.objects.filter(claim=watched.claim).update(frozen=True)

    assert tasks.rechecks_scan() == {"due": 1, "watched": 1}
    assert Recheck.objects.open().get().claim_id == due_today.claim_id
    assert tasks.recheck_watch.name == rechecks.WATCH_TASK
    assert settings.CELERY_BEAT_SCHEDULE["rechecks-scan"]["task"] == tasks.rechecks_scan.name
