"""Lookup jobs in the database: planning, running through the real HTTP client against the
fixture server, retries that honour Retry-After, idempotency, re-parsing, the sweeper."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from claims import services as claim_services
from claims.lookups import services
from claims.models import Claimant, LookupJob, LookupResult
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
S = LookupJob.Status
TEXT = "China is on track to be the first country to meet its climate and net-zero commitments."


def make_claim(user, **fields):
    data = {"text": TEXT, "language": "en", "claim_type": "prediction"}
    data.update(fields)
    return claim_services.claim_create(actor=user, fields=claim_services.ClaimFields(**data))


def job(claim, provider):
    return LookupJob.objects.filter(claim=claim, provider=provider).latest("created_at")


def test_saving_a_claim_plans_a_job_per_provider(reviewer, settings):
    settings.FACTCHECK_API_KEY = ""
    claim = make_claim(reviewer)
    states = dict(LookupJob.objects.filter(claim=claim).values_list("provider", "status"))
    assert states == {
        "factcheck": S.NOT_CONFIGURED,  # no API key
        "wikipedia": S.QUEUED,
        "wikidata": S.SKIPPED,  # no claimant to look up
        "wayback": S.SKIPPED,  # no source URL
        "worldbank": S.SKIPPED,  # a prediction, not a quantity
        "pagemeta": S.SKIPPED,
        "archive": S.QUEUED,
    }
    assert "not configured" in job(claim, "factcheck").error_message
    quantity = make_claim(
        reviewer,
        text="China emitted more than 11 billion tonnes of CO2 in 2022.",
        claim_type="quantity",
    )
    assert job(quantity, "worldbank").status == S.QUEUED


def test_planning_costs_a_read_and_one_insert_and_again_only_the_read(reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = ClaimFactory(text=TEXT)
    with CaptureQueriesContext(connection) as first:
        planned = services.lookups_plan(claim=claim)
    # The claim's jobs read, the savepoint, one insert of every job, its release.
    assert len(planned) == len(services.provider_names())
    assert len(first) <= 4, [q["sql"][:80] for q in first]
    with CaptureQueriesContext(connection) as again:
        assert services.lookups_plan(claim=claim) == []  # the same input: nothing new
    assert len(again) == 1


def test_editing_the_text_plans_new_jobs_and_keeps_the_old(reviewer):
    claim = make_claim(reviewer)
    before = LookupJob.objects.filter(claim=claim).count()
    claim_services.claim_update(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=claim.version,
        fields=claim_services.ClaimFields(text=TEXT + " By 2050.", language="en"),
    )
    assert LookupJob.objects.filter(claim=claim).count() == before * 2
    claim_services.claim_update(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=claim.version + 1,
        fields=claim_services.ClaimFields(text=TEXT + " By 2050.", language="en", tags=("x",)),
    )  # tags are not looked up: nothing new
    assert LookupJob.objects.filter(claim=claim).count() == before * 2


def test_a_run_fills_results_and_a_second_delivery_is_a_no_op(reviewer, fixture_http):
    fixture_http.use("factcheck", "results")
    claim = make_claim(reviewer)
    lookup = job(claim, "factcheck")
    outcome = services.lookup_run(job_id=lookup.pk)
    lookup.refresh_from_db()
    assert outcome.ran and lookup.status == S.DONE and lookup.attempts == 1
    ratings = list(lookup.results.values_list("rating_text", flat=True))
    assert "Misleading" in ratings and "Unsupported" in ratings
    assert lookup.raw and lookup.raw[0]["status"] == 200
    assert "key=" not in lookup.raw[0]["url"] or "test-factcheck-key" not in lookup.raw[0]["url"]

    again = services.lookup_run(job_id=lookup.pk)  # the same message, delivered twice
    assert not again.ran
    assert LookupResult.objects.filter(job=lookup).count() == len(ratings)


def test_rerunning_replaces_results_instead_of_adding(reviewer, fixture_http):
    fixture_http.use("factcheck", "results")
    claim = make_claim(reviewer)
    lookup = job(claim, "factcheck")
    services.lookup_run(job_id=lookup.pk)
    first = lookup.results.count()
    services.requeue([lookup.pk])
    services.lookup_run(job_id=lookup.pk)
    assert lookup.results.count() == first


def test_rate_limit_waits_at_least_what_retry_after_asks(reviewer, fixture_http):
    fixture_http.use("factcheck", "rate_limited")
    claim = make_claim(reviewer)
    lookup = job(claim, "factcheck")
    started = timezone.now()
    outcome = services.lookup_run(job_id=lookup.pk)
    lookup.refresh_from_db()
    assert lookup.status == S.QUEUED and lookup.error_kind == "rate_limited"
    assert "slow down" in lookup.error_message
    wait = (lookup.not_before - started).total_seconds()
    assert wait >= 30  # the recorded 429 says Retry-After: 30
    assert outcome.retry_in is None or outcome.retry_in >= 30
    # Not due yet: a delivery now does nothing.
    assert not services.lookup_run(job_id=lookup.pk).ran


def test_permanent_errors_fail_in_plain_words(reviewer, fixture_http):
    fixture_http.use("factcheck", "invalid_key")
    claim = make_claim(reviewer)
    lookup = job(claim, "factcheck")
    services.lookup_run(job_id=lookup.pk)
    lookup.refresh_from_db()
    assert lookup.status == S.FAILED and lookup.error_kind == "permanent"
    assert "key" in lookup.error_message.lower()
    assert lookup.results.count() == 0


def test_transient_errors_give_up_after_the_last_attempt(reviewer, fixture_http):
    fixture_http.use("factcheck", "html_502")
    claim = make_claim(reviewer)
    lookup = job(claim, "factcheck")
    for _ in range(services.MAX_ATTEMPTS):
        LookupJob.objects.filter(pk=lookup.pk).update(not_before=None)
        services.lookup_run(job_id=lookup.pk)
    lookup.refresh_from_db()
    assert lookup.status == S.FAILED and lookup.attempts == services.MAX_ATTEMPTS
    fixture_http.take_unmatched()


def test_backoff_grows_with_jitter_and_respects_the_cap():
    delays = [services.backoff_seconds(n) for n in range(1, 12)]
    assert delays[0] <= services.BACKOFF_BASE_SECONDS
    assert max(delays) <= services.BACKOFF_CAP_SECONDS
    assert services.backoff_seconds(1, retry_after=120) >= 120


def test_a_run_that_was_given_up_on_cannot_overwrite_the_new_one(reviewer, fixture_http):
    fixture_http.use("factcheck", "results")
    claim = make_claim(reviewer)
    lookup = job(claim, "factcheck")
    # A worker claimed the job and died: its lease ran out.
    LookupJob.objects.filter(pk=lookup.pk).update(
        status=S.RUNNING, run_token="dead-worker", lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert services.lookup_run(job_id=lookup.pk).ran  # taken over
    lookup.refresh_from_db()
    assert lookup.status == S.DONE and lookup.run_token != "dead-worker"


def test_wikidata_fills_the_claimants_reference_page(reviewer, fixture_http):
    fixture_http.use("wikidata", "results")
    claim = make_claim(
        reviewer,
        new_claimant=claim_services.NewClaimant(name="Vladimir Putin"),
        text="Russia will cut its emissions by 80 percent by 2050.",
    )
    services.lookup_run(job_id=job(claim, "wikidata").pk)
    assert Claimant.objects.get().same_as == "https://www.wikidata.org/wiki/Q7747"


def test_stored_raw_responses_parse_again_to_the_same_results(reviewer, fixture_http):
    from claims.lookups import providers

    fixture_http.use("factcheck", "results")
    claim = make_claim(reviewer)
    lookup = job(claim, "factcheck")
    services.lookup_run(job_id=lookup.pk)
    lookup.refresh_from_db()
    reparsed = providers.get("factcheck").parse_raw(lookup.raw)
    assert [i.title for i in reparsed] == list(lookup.results.values_list("title", flat=True))


def test_the_sweeper_resends_lost_and_abandoned_jobs_only(reviewer, settings):
    claim = make_claim(reviewer)
    long_ago = timezone.now() - timedelta(minutes=10)
    lost = job(claim, "wikipedia")
    LookupJob.objects.filter(pk=lost.pk).update(enqueued_at=long_ago)
    abandoned = job(claim, "archive")
    LookupJob.objects.filter(pk=abandoned.pk).update(status=S.RUNNING, lease_until=long_ago)
    waiting = ClaimFactory()  # a job waiting out a backoff is left alone
    later = LookupJob.objects.create(
        claim=waiting,
        provider="wikipedia",
        input_hash="x",
        status=S.QUEUED,
        enqueued_at=long_ago,
        not_before=timezone.now() + timedelta(minutes=5),
    )
    assert services.lookups_sweep() == 2
    lost.refresh_from_db()
    assert lost.enqueued_at > long_ago
    abandoned.refresh_from_db()
    assert abandoned.status == S.QUEUED
    later.refresh_from_db()
    assert later.enqueued_at == long_ago
    assert services.lookups_sweep() == 0  # just sent: nothing again until the grace passes


def test_management_command_reruns(reviewer):
    claim = make_claim(reviewer)
    LookupJob.objects.filter(claim=claim).exclude(status=S.SKIPPED).update(
        status=S.FAILED, attempts=5
    )
    call_command("lookups", "rerun", "--claim", str(claim.pk), "--provider", "wikipedia")
    assert job(claim, "wikipedia").status == S.QUEUED
    assert job(claim, "archive").status == S.FAILED
    call_command("lookups", "rerun", "--all")
    assert job(claim, "archive").status == S.QUEUED
    with pytest.raises(CommandError, match="Unknown provider"):
        call_command("lookups", "rerun", "--provider", "gossip")
    with pytest.raises(CommandError, match="No claim with id"):
        call_command("lookups", "rerun", "--claim", "999999")
