"""Exports from the claims list: small ones stream in the request, large ones run in a worker
with a progress bar and a download link."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from claims.forms import ClaimFilterForm
from claims.models import Claim
from foundation import background
from reviews.exports import stream
from reviews.models import ExportJob

logger = logging.getLogger(__name__)
STREAM_LIMIT = 2000  # claims; more than this goes to a worker
EXPORT_TASK = "reviews.tasks.export_run"
PROGRESS_EVERY = 20  # chunks between progress writes

# How each format marks one claim in its output, to count progress while writing.
_MARKS = {"csv": "\n", "jsonl": "\n", "claimreview": '"@type":"ClaimReview"'}


class InvalidFilters(ValueError):
    """The filters of an export are not ones the claims list would accept."""


def filtered_claims(filters: dict[str, Any], user: Any) -> QuerySet[Claim]:
    """The claims list's own filters, applied the same way. Invalid filters are refused with
    the list's own messages, never silently exported as nothing (or as everything)."""
    form = ClaimFilterForm(filters)
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label or name}: {errors[0]}"
            if name in form.fields
            else str(errors[0])
            for name, errors in form.errors.items()
        ]
        raise InvalidFilters("; ".join(problems))
    claims: QuerySet[Claim] = form.filter(Claim.objects.visible_to(user), user)
    return claims


def counted(queryset: QuerySet[Claim], fmt: str) -> int:
    return (stream.published_claims(queryset) if fmt == "claimreview" else queryset).count()


def export_start(*, actor: Any, fmt: str, filters: dict[str, Any]) -> ExportJob:
    if fmt not in stream.FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}.")
    with transaction.atomic():
        job = ExportJob.objects.create(created_by=actor, format=fmt, filters=filters)
        background.send(EXPORT_TASK, job.pk)
    return job


def export_run(*, job_id: int) -> None:
    """Write the export to the file storage, counting progress. Idempotent: only a queued job
    runs (a redelivered message finds it running or done)."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        queryset = filtered_claims(job.filters, job.created_by)
        ExportJob.objects.filter(pk=job.pk).update(total=counted(queryset, job.format))
        with tempfile.TemporaryFile() as spool:  # on disk, chunk by chunk: memory stays flat
            for chunk in _with_progress(job, stream.export_rows(queryset, job.format)):
                spool.write(chunk.encode("utf-8"))
            spool.seek(0)
            name = default_storage.save(
                f"exports/{job.pk}-{stream.FILENAMES[job.format]}", File(spool)
            )
    except Exception as error:
        logger.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        return
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        file=name,
        size=default_storage.size(name),
        finished_at=timezone.now(),
    )


def _with_progress(job: ExportJob, chunks: Iterator[str]) -> Iterator[str]:
    mark, written = _MARKS[job.format], 0
    for n, chunk in enumerate(chunks, start=1):
        written += chunk.count(mark)
        if n % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(written=written, heartbeat_at=timezone.now())
        yield chunk


def exports_owed(limit: int) -> list[background.Work]:
    """Exports still owed: queued past the grace period (their message was lost or never
    published), or running with a stopped heartbeat (their worker died), which go back to the
    queue. A re-sent job that another worker already took is a no-op there."""
    now = timezone.now()
    stalled = ExportJob.objects.filter(
        status=ExportJob.Status.RUNNING,
        heartbeat_at__lt=now - timedelta(seconds=settings.EXPORT_STALL_SECONDS),
    )
    for job_id in stalled.values_list("pk", flat=True)[:limit]:
        logger.warning("export %s stalled: queued again", job_id)
        ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(
            status=ExportJob.Status.QUEUED, written=0
        )
    owed = (
        ExportJob.objects.filter(
            status=ExportJob.Status.QUEUED,
            created_at__lt=now - timedelta(seconds=settings.SWEEP_GRACE_SECONDS),
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return [(EXPORT_TASK, (job_id,)) for job_id in owed]


def exports_sweep(*, limit: int = 50) -> int:
    return background.resend("exports", limit=limit)
