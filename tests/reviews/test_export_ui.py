"""Exports from the claims list: the list's filters apply; small exports stream, large ones
run in a worker with progress and a download link."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from reviews import exporting
from reviews.models import ExportJob
from tests.conftest import HTMX
from tests.factories import ClaimFactory
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db
START = reverse("reviews:export-start")


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_small_exports_stream_with_the_lists_filters(reviewer_client, reviewer, editor):
    wf.published(reviewer, editor, text="A published claim about Dushanbe.")
    ClaimFactory(text="A new claim about Bishkek.", language="ru")
    response = reviewer_client.post(START, {"format": "csv", "status": "published"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="claims.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [r["text"] for r in rows] == ["A published claim about Dushanbe."]
    everything = reviewer_client.post(START, {"format": "jsonl"})
    assert len(body(everything).strip().splitlines()) == 2
    feed = reviewer_client.post(START, {"format": "claimreview"})
    assert '"dataFeedElement"' in body(feed)


def test_large_exports_run_in_a_worker_with_progress(reviewer_client, monkeypatch):
    monkeypatch.setattr(exporting, "STREAM_LIMIT", 2)
    for n in range(4):
        ClaimFactory(text=f"Claim number {n} for the export.")
    response = reviewer_client.post(START, {"format": "csv"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("reviews:export", args=[job.pk])
    waiting = reviewer_client.get(response["Location"], **HTMX).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "<progress" in waiting
    exporting.export_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == "done" and job.total == 4 and job.size > 0
    ready = reviewer_client.get(response["Location"], **HTMX).content.decode()
    assert 'hx-trigger="every 1s"' not in ready and "Download" in ready
    download = reviewer_client.get(reverse("reviews:export-download", args=[job.pk]))
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 4
    exporting.export_run(job_id=job.pk)  # a second delivery changes nothing
    assert ExportJob.objects.get().status == "done"


def test_exports_belong_to_who_asked(
    reviewer_client, reviewer2_client, editor_client, outsider_client, monkeypatch
):
    monkeypatch.setattr(exporting, "STREAM_LIMIT", 0)
    ClaimFactory()
    reviewer_client.post(START, {"format": "jsonl"})
    job = ExportJob.objects.get()
    exporting.export_run(job_id=job.pk)
    url = reverse("reviews:export-download", args=[job.pk])
    assert reviewer2_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 403
    assert editor_client.get(url).status_code == 200
    assert outsider_client.post(START, {"format": "csv"}).status_code == 403


def test_bad_format_is_a_400(reviewer_client):
    assert reviewer_client.post(START, {"format": "xlsx"}).status_code == 400
