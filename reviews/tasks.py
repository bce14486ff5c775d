"""Celery tasks of the review workflow: thin, taking primary keys; the work lives in the modules
they call. Owed work is re-sent by foundation.tasks.resend_owed."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from reviews import digest, exporting, snapshots
from reviews.services import rechecks


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def evidence_snapshot(self: Task[Any, Any], evidence_id: int) -> None:
    retry_in = snapshots.snapshot_take(evidence_id=evidence_id)
    if retry_in is not None:
        raise self.retry(countdown=retry_in, max_retries=None)


# An export of the whole desk can take minutes: its own limits, well over the default.
@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=3600, soft_time_limit=3540)
def export_run(job_id: int) -> None:
    exporting.export_run(job_id=job_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def rechecks_scan() -> dict[str, int]:
    """Beat: review-by dates come, and the re-runs owed sent one claim at a time."""
    return rechecks.rechecks_scan()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def recheck_watch(claim_id: int) -> None:
    rechecks.recheck_watch(claim_id=claim_id)


@shared_task
def send_notification_digests() -> int:
    return digest.notification_digests_send()
