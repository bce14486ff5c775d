"""The Sources panel on the claim page, and evidence snapshots, through the real HTTP client
against the fixture server."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims import services as claim_services
from claims.lookups import services as lookup_services
from claims.models import Claim, LookupJob, LookupResult
from reviews import services, snapshots
from reviews.models import Evidence
from tests.conftest import HTMX
from tests.reviews import workflow as wf
from tests.security import html_checks

pytestmark = pytest.mark.django_db
ARTICLE = Path(__file__).resolve().parents[1] / "fixtures/http/pagemeta/article/article.html"
ARTICLE_PATH = "/en/news/tajikistan/economic/20250512/dushanbe-to-launch-20-smart-city-projects"


def panel(client, claim):
    return client.get(reverse("reviews:sources", args=[claim.pk]), **HTMX)


def test_panel_polls_while_lookups_are_owed_then_stops(
    reviewer, reviewer_client, fixture_http, settings
):
    settings.LOOKUPS_PROVIDERS = ["factcheck", "archive"]
    fixture_http.use("factcheck", "results")
    claim = wf.in_review(reviewer, text="China will be the first country to reach net zero.")
    lookup_services.lookups_plan(claim=claim)
    pending = panel(reviewer_client, claim).content.decode()
    assert 'hx-trigger="every 2s"' in pending and "Queued" in pending
    for job in LookupJob.objects.filter(claim=claim, status="queued"):
        lookup_services.lookup_run(job_id=job.pk)
    body = panel(reviewer_client, claim).content.decode()
    assert 'hx-trigger="every 2s"' not in body
    assert "Climate Feedback" in body and "Unsupported" in body  # a fact-check and its rating
    assert "Use as evidence" in body
    assert "url=https%3A%2F%2Fclimatefeedback.org" in body


def test_use_as_evidence_prefills_the_form_from_a_result(reviewer, reviewer_client, fixture_http):
    fixture_http.use("factcheck", "results")
    claim = wf.in_review(reviewer, text="China will be the first country to reach net zero.")
    lookup_services.lookups_plan(claim=claim)
    job = LookupJob.objects.get(claim=claim, provider="factcheck")
    lookup_services.lookup_run(job_id=job.pk)
    result = job.results.first()
    form = reviewer_client.get(
        reverse("reviews:evidence-add", args=[claim.pk]) + "?" + result.evidence_query, **HTMX
    ).content.decode()
    assert f'value="{result.url}"' in form
    assert "Climate Feedback" in form or result.publisher in form


def test_failed_lookups_explain_and_can_be_retried(
    reviewer, reviewer_client, outsider_client, fixture_http
):
    fixture_http.use("factcheck", "invalid_key")
    claim = wf.in_review(reviewer, text="China will be the first country to reach net zero.")
    lookup_services.lookups_plan(claim=claim)
    job = LookupJob.objects.get(claim=claim, provider="factcheck")
    lookup_services.lookup_run(job_id=job.pk)
    body = panel(reviewer_client, claim).content.decode()
    assert "Failed" in body and "Retry" in body
    job.refresh_from_db()
    assert job.error_message in body.replace("&#x27;", "'")
    assert outsider_client.post(reverse("reviews:lookup-retry", args=[job.pk])).status_code == 404
    response = reviewer_client.post(reverse("reviews:lookup-retry", args=[job.pk]), **HTMX)
    job.refresh_from_db()
    assert job.status == "queued" and job.attempts == 0
    assert 'hx-trigger="every 2s"' in response.content.decode()


def test_the_desk_archive_finds_published_claims_with_their_verdicts(reviewer, editor):
    published = wf.published(
        reviewer, editor, text="Tajikistan has more than twenty smart-city projects running."
    )
    # The worker analysed the published claim long ago (its similarity key is stored then).
    claim_services.claim_analyse(claim_id=published.claim_id)
    claim = claim_services.claim_create(
        actor=reviewer,
        fields=claim_services.ClaimFields(
            text="More than 20 smart-city projects are running in Tajikistan.", language="en"
        ),
    )
    job = LookupJob.objects.get(claim=claim, provider="archive")
    lookup_services.lookup_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done"
    (result,) = job.results.all()
    assert result.extra["claim_id"] == published.claim_id
    assert result.rating_text == "False"
    assert result.url.endswith(f"/claims/{published.claim_id}/")


def test_panel_permissions(reviewer, anon_client, outsider_client, reviewer_client):
    claim = wf.in_review(reviewer)
    url = reverse("reviews:sources", args=[claim.pk])
    assert anon_client.get(url, **HTMX).status_code == 200  # htmx: sent to log in instead
    assert anon_client.get(url, **HTMX)["HX-Redirect"].startswith("/accounts/login/")
    assert outsider_client.get(url, **HTMX).status_code == 404
    assert reviewer_client.get(url).status_code == 302  # without htmx: to the page


class TestSnapshots:
    def add(self, reviewer, url, **fields):
        claim = wf.in_review(reviewer)
        return services.evidence_add(
            actor=reviewer,
            claim_id=claim.pk,
            fields=services.EvidenceFields(url=url, stance="supports", **fields),
        )

    def cdx(self, fixture_http):
        fixture_http.add(
            {
                "request": {"path": "/cdx/search/cdx", "query": {"url": "*"}},
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "text/plain"},
                    "json": [
                        ["timestamp", "original", "statuscode"],
                        ["20250513080211", "https://www.asiaplustj.info/x", "200"],
                    ],
                },
            }
        )

    def test_snapshot_records_what_was_fetched_and_fills_gaps(self, reviewer, fixture_http):
        fixture_http.use("pagemeta", "article")
        self.cdx(fixture_http)
        evidence = self.add(reviewer, fixture_http.url + ARTICLE_PATH)
        assert evidence.snapshot_status == "pending"
        assert snapshots.snapshot_take(evidence_id=evidence.pk) is None
        evidence.refresh_from_db()
        assert evidence.snapshot_status == "done" and evidence.http_status == 200
        assert evidence.final_url == fixture_http.url + ARTICLE_PATH
        assert evidence.content_sha256 == hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
        assert evidence.title and "smart" in evidence.title.lower()
        assert evidence.archive_url.startswith("https://web.archive.org/web/20250513080211/")
        assert evidence.snapshot_at is not None

    def test_what_the_reviewer_typed_is_kept(self, reviewer, fixture_http):
        fixture_http.use("pagemeta", "article")
        self.cdx(fixture_http)
        evidence = self.add(reviewer, fixture_http.url + ARTICLE_PATH, title="My own title")
        snapshots.snapshot_take(evidence_id=evidence.pk)
        evidence.refresh_from_db()
        assert evidence.title == "My own title"

    def test_a_missing_page_is_recorded_with_a_warning(
        self, reviewer, reviewer_client, fixture_http
    ):
        fixture_http.use("pagemeta", "not_found")
        self.cdx(fixture_http)
        evidence = self.add(reviewer, fixture_http.url + "/en/news/removed-story")
        snapshots.snapshot_take(evidence_id=evidence.pk)
        evidence.refresh_from_db()
        assert (evidence.snapshot_status, evidence.http_status) == ("done", 404)
        assert evidence.snapshot_error == "The page answered 404: it is not there any more."
        assert evidence.title == ""  # an error page's title is not the evidence's title
        page = reviewer_client.get(evidence.claim.get_absolute_url()).content.decode()
        assert "it is not there any more" in page

    def test_private_addresses_are_never_fetched(self, reviewer, settings):
        settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = False
        evidence = self.add(reviewer, "http://169.254.169.254/latest/meta-data/")
        snapshots.snapshot_take(evidence_id=evidence.pk)
        evidence.refresh_from_db()
        assert evidence.snapshot_status == "failed"
        assert "inside our own network" in evidence.snapshot_error

    def test_the_page_shows_the_snapshot(self, reviewer, reviewer_client, fixture_http):
        fixture_http.use("pagemeta", "article")
        self.cdx(fixture_http)
        evidence = self.add(reviewer, fixture_http.url + ARTICLE_PATH)
        snapshots.snapshot_take(evidence_id=evidence.pk)
        evidence.refresh_from_db()
        page = reviewer_client.get(evidence.claim.get_absolute_url()).content.decode()
        assert "Snapshot taken" in page and evidence.content_sha256[:12] in page
        assert "archived copy" in page
        assert Evidence.objects.get().snapshot_status == "done"


def test_addresses_from_lookups_are_links_only_when_they_are_web_addresses(
    reviewer_client, reviewer
):
    """A lookup result's address comes from another site: a javascript: or data: address is
    shown as text, never as a link (the same for an archive copy)."""
    claim = wf.in_review(reviewer)
    job = LookupJob.objects.create(
        claim=claim, provider="factcheck", input_hash="x", status=LookupJob.Status.DONE
    )
    hostile = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"]
    for rank, url in enumerate(hostile):
        LookupResult.objects.create(
            job=job, rank=rank, title=f"Result {rank}", url=url, archive_url=url
        )
    LookupResult.objects.create(
        job=job, rank=9, title="Good", url="https://example.org/ok", archive_url=""
    )
    answer = reviewer_client.get(reverse("reviews:sources", args=[claim.pk]), **HTMX)
    assert answer.status_code == 200
    body = answer.content.decode()
    assert html_checks.parse(body).problems == []
    assert 'href="https://example.org/ok"' in body
    for rank in range(len(hostile)):
        assert f"Result {rank}" in body  # still shown, as text


def test_providers_have_human_names_in_the_panel(reviewer_client, reviewer):
    claim = wf.in_review(reviewer)
    for provider in ("factcheck", "worldbank", "pagemeta"):
        LookupJob.objects.create(claim=claim, provider=provider, input_hash=provider)
    body = reviewer_client.get(reverse("reviews:sources", args=[claim.pk]), **HTMX).content
    text = html_checks.parse(body.decode()).visible_text
    for name in ("Google Fact Check Tools", "The World Bank", "Page details"):
        assert name in text, name
    assert "Factcheck" not in text and "Worldbank" not in text


class TestSnapshotStates:
    """Each evidence item says where its snapshot stands; the line polls while it is owed and
    a failed one can be tried again."""

    def line(self, client, evidence, **extra):
        return client.get(reverse("reviews:evidence-snapshot", args=[evidence.pk]), **extra)

    def test_the_line_polls_while_waiting_then_shows_what_was_archived(
        self, reviewer, reviewer_client, outsider_client, fixture_http
    ):
        fixture_http.use("pagemeta", "article")
        TestSnapshots().cdx(fixture_http)
        evidence = TestSnapshots().add(reviewer, fixture_http.url + ARTICLE_PATH)
        waiting = self.line(reviewer_client, evidence, **HTMX)
        body = waiting.content.decode()
        assert 'hx-trigger="every 2s"' in body and "Waiting" in body
        assert "HX-Trigger" not in waiting  # nothing settled yet
        snapshots.snapshot_take(evidence_id=evidence.pk)
        evidence.refresh_from_db()
        done = self.line(reviewer_client, evidence, **HTMX)
        body = done.content.decode()
        assert 'hx-trigger="every 2s"' not in body  # the polling stops
        assert "Archived" in body and evidence.content_sha256[:12] in body
        assert 'href="https://web.archive.org/web/20250513080211/' in body
        assert "evidence-snapshot-changed" in json.loads(done["HX-Trigger"])
        assert html_checks.parse(body).problems == []
        plain = self.line(reviewer_client, evidence)
        assert plain.status_code == 302
        assert plain["Location"].endswith(f"/claims/{evidence.claim_id}/#evidence-1")
        assert self.line(outsider_client, evidence, **HTMX).status_code == 404

    def test_a_failed_snapshot_says_why_and_can_be_retried(
        self,
        reviewer,
        reviewer_client,
        reviewer2_client,
        settings,
        django_capture_on_commit_callbacks,
    ):
        settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = False
        evidence = TestSnapshots().add(reviewer, "http://169.254.169.254/latest/meta-data/")
        snapshots.snapshot_take(evidence_id=evidence.pk)
        page = reviewer_client.get(evidence.claim.get_absolute_url()).content.decode()
        assert "Not archived" in page and "inside our own network" in page
        assert "Retry the snapshot of E1" in page
        retry = reverse("reviews:evidence-snapshot-retry", args=[evidence.pk])
        assert reviewer2_client.post(retry, **HTMX).status_code == 403  # not their claim
        with django_capture_on_commit_callbacks() as sent:
            response = reviewer_client.post(retry, **HTMX)
        assert len(sent) == 1  # the snapshot task, once the retry commits
        evidence.refresh_from_db()
        assert (evidence.snapshot_status, evidence.snapshot_attempts) == ("pending", 0)
        assert evidence.snapshot_error == ""
        body = response.content.decode()
        assert body.lstrip().startswith(f'<div id="snapshot-{evidence.pk}"')
        assert 'hx-trigger="every 2s"' in body and "Waiting" in body
        assert "asked for the snapshot of E1 again" in body  # the timeline, out of band
        assert "evidence-snapshot-changed" in json.loads(response["HX-Trigger"])
        event = evidence.claim.events.get(verb="snapshot_retried")
        assert event.actor == reviewer and event.details["evidence"] == "E1"
        assert "inside our own network" in event.details["error"]

    def test_polls_cost_the_same_few_queries_however_much_evidence(
        self, reviewer, editor, editor_client, django_assert_max_num_queries
    ):
        # Every owed snapshot on an open page asks every 2 s, and every settled one refreshes
        # an editor's approval controls: neither may grow with the claim.
        verdict = wf.submitted(reviewer)
        claim = verdict.claim
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW)
        wf.add_evidence(wf.reload(claim), editor, n=6)
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.AWAITING_APPROVAL)
        first = claim.evidence.get(number=1)
        with django_assert_max_num_queries(5):
            line = editor_client.get(reverse("reviews:evidence-snapshot", args=[first.pk]), **HTMX)
        assert line.status_code == 200
        with django_assert_max_num_queries(7):
            box = editor_client.get(reverse("reviews:verdict-approval", args=[verdict.pk]), **HTMX)
        assert "E1 is not archived yet" in box.content.decode()

    def test_retrying_a_snapshot_that_is_owed_or_good_does_nothing(
        self, reviewer, reviewer_client, django_capture_on_commit_callbacks
    ):
        evidence = TestSnapshots().add(reviewer, "https://stats.example.org/report")
        retry = reverse("reviews:evidence-snapshot-retry", args=[evidence.pk])
        with django_capture_on_commit_callbacks() as sent:
            response = reviewer_client.post(retry)  # without JavaScript: back to the item
        assert response.status_code == 302 and response["Location"].endswith("#evidence-1")
        Evidence.objects.filter(pk=evidence.pk).update(snapshot_status="done", http_status=200)
        with django_capture_on_commit_callbacks() as more:
            reviewer_client.post(retry, **HTMX)
        assert sent == [] and more == []
        assert not evidence.claim.events.filter(verb="snapshot_retried").exists()
        assert Evidence.objects.get(pk=evidence.pk).snapshot_status == "done"

    def test_an_error_page_is_not_an_archive_and_can_be_retried(
        self, reviewer, reviewer_client, fixture_http
    ):
        fixture_http.use("pagemeta", "not_found")
        TestSnapshots().cdx(fixture_http)
        evidence = TestSnapshots().add(reviewer, fixture_http.url + "/en/news/removed-story")
        snapshots.snapshot_take(evidence_id=evidence.pk)
        body = self.line(reviewer_client, Evidence.objects.get(), **HTMX).content.decode()
        assert "Not archived" in body and "it is not there any more" in body
        assert "(HTTP 404)" in body and "Retry" in body

    def test_a_passing_failure_given_up_on_no_longer_promises_a_retry(self, reviewer, settings):
        settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = True
        # A port nothing listens on: the connection is refused, a failure worth retrying.
        evidence = TestSnapshots().add(reviewer, "http://127.0.0.1:9/gone")
        waits = [snapshots.snapshot_take(evidence_id=evidence.pk) for _ in range(3)]
        assert waits == [snapshots.RETRY_SECONDS, snapshots.RETRY_SECONDS, None]
        evidence.refresh_from_db()
        assert evidence.snapshot_status == "failed"
        assert "we will try again" not in evidence.snapshot_error
        assert evidence.snapshot_error.endswith("We tried 3 times, then stopped.")

    def test_who_works_the_claim_retries_until_it_is_decided(
        self, reviewer, reviewer2, editor, reviewer2_client
    ):
        evidence = TestSnapshots().add(reviewer, "https://stats.example.org/report")
        Evidence.objects.filter(pk=evidence.pk).update(snapshot_status="failed")
        refused = reviewer2_client.post(
            reverse("reviews:evidence-snapshot-retry", args=[evidence.pk]), **HTMX
        )
        assert refused.status_code == 403
        assert "Only who works on this claim can retry its snapshots." in refused.content.decode()
        with pytest.raises(PermissionDenied):
            services.evidence_snapshot_retry(actor=reviewer2, evidence_id=evidence.pk)
        services.evidence_snapshot_retry(actor=editor, evidence_id=evidence.pk)
        Evidence.objects.filter(pk=evidence.pk).update(snapshot_status="failed")
        Claim.objects.filter(pk=evidence.claim_id).update(status=Claim.Status.PUBLISHED)
        with pytest.raises(PermissionDenied):
            services.evidence_snapshot_retry(actor=editor, evidence_id=evidence.pk)
        assert Evidence.objects.get(pk=evidence.pk).snapshot_status == "failed"
