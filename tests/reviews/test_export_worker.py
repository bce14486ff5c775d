"""Large exports on a real worker: an export whose message was lost, or whose worker died
mid-way, is finished by the sweeper; it never stays "queued" or "running" for ever."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews import exporting
from reviews.models import ExportJob
from tests import processes
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def done(job_id: int) -> bool:
    return ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.DONE).exists()


def test_the_sweeper_finishes_exports_that_were_lost_or_stalled(reviewer, settings):
    settings.SWEEP_GRACE_SECONDS = 600
    for n in range(3):
        ClaimFactory(text=f"Claim number {n} for the export.")
    long_ago = timezone.now() - timedelta(hours=1)
    # Its message never reached the broker (published while the broker was down).
    lost = ExportJob.objects.create(created_by=reviewer, format="csv")
    ExportJob.objects.filter(pk=lost.pk).update(created_at=long_ago)
    # Taken by a worker that was killed: running, its heartbeat stopped long ago.
    stalled = ExportJob.objects.create(
        created_by=reviewer, format="jsonl", status=ExportJob.Status.RUNNING, written=1
    )
    ExportJob.objects.filter(pk=stalled.pk).update(created_at=long_ago, heartbeat_at=long_ago)
    # Running on a live worker right now: left alone.
    busy = ExportJob.objects.create(
        created_by=reviewer,
        format="csv",
        status=ExportJob.Status.RUNNING,
        heartbeat_at=timezone.now(),
    )
    # Queued a moment ago: its own message is on its way, so the sweeper waits.
    fresh = ExportJob.objects.create(created_by=reviewer, format="csv")

    processes.purge_broker()
    with processes.worker():
        assert exporting.exports_sweep() == 2
        processes.wait_until(
            lambda: done(lost.pk) and done(stalled.pk), what="the swept exports to finish"
        )
    for job in (lost, stalled):
        job.refresh_from_db()
        assert job.total == 3 and job.size > 0 and job.file
    assert ExportJob.objects.get(pk=busy.pk).status == ExportJob.Status.RUNNING
    assert ExportJob.objects.get(pk=fresh.pk).status == ExportJob.Status.QUEUED
