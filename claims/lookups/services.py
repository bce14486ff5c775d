"""Planning, running, retrying and sweeping source lookups.

The LookupJob table is the truth about what is owed. A job is planned in the transaction that
saves the claim and enqueued once it commits; a task claims it with one conditional UPDATE
(so a message delivered twice runs it once), writes its results and its final state in one
transaction guarded by the run token it claimed with (so a run that was given up on cannot
overwrite a newer one), and a sweeper re-sends whatever is owed and not moving.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims import permissions
from claims.lookups import providers
from claims.lookups.errors import LookupFailure, NotConfigured, Transient
from claims.models import Claim, LookupJob, LookupResult
from foundation import background

logger = logging.getLogger(__name__)
S = LookupJob.Status

MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 10
BACKOFF_CAP_SECONDS = 30 * 60
# Longer waits are kept in the table (not_before) for the sweeper, never as broker countdowns:
# an ETA message sits unacknowledged in the worker and a restart or the Redis visibility
# timeout would deliver it again.
DIRECT_RETRY_MAX_SECONDS = 60


@dataclass(frozen=True)
class RunOutcome:
    ran: bool
    retry_in: float | None = None


def provider_names() -> list[str]:
    enabled = settings.LOOKUPS_PROVIDERS
    return [name for name in providers.PROVIDERS if not enabled or name in enabled]


def claim_input(claim: Claim) -> providers.ClaimInput:
    claimant = claim.claimant
    return providers.ClaimInput(
        id=claim.pk,
        text=claim.text,
        language=claim.language,
        claimant_name=claimant.name if claimant else "",
        claimant_same_as=claimant.same_as if claimant else "",
        appeared_url=claim.appeared_url,
        claim_type=claim.claim_type,
    )


def input_hash(name: str, data: providers.ClaimInput) -> str:
    payload = {**asdict(data), "provider": name}
    payload.pop("id")
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _enqueue(job_ids: list[int]) -> None:
    """Send one message per job once the surrounding transaction commits. A failed publish
    (broker down or hanging) is logged, not raised; a breaker then spares the rest the wait,
    and the sweeper re-sends what is still queued."""
    if not job_ids:
        return
    _send(list(LookupJob.objects.filter(pk__in=job_ids).values_list("pk", "provider")))


def _send(jobs: list[tuple[int, str]]) -> None:
    for job_id, name in jobs:
        background.send(providers.task_name(name), job_id)


def lookups_plan(*, claim: Claim) -> list[LookupJob]:
    """Plan a lookup per provider for the claim as it is now. Call inside the transaction that
    saves the claim. A provider that already has a job for this exact input keeps it.

    One read of the claim's jobs and one insert of the missing ones (a new claim's seven jobs
    were seven get_or_create, 29 queries); a plan racing another for the same claim and input
    (the unique constraint) falls back to get_or_create, job by job."""
    data = claim_input(claim)
    now = timezone.now()
    wanted: list[LookupJob] = []
    for name in provider_names():
        provider = providers.get(name)
        status = S.QUEUED
        if not provider.applies_to(data):
            status = S.SKIPPED
        elif not provider.is_configured():
            status = S.NOT_CONFIGURED
        wanted.append(
            LookupJob(
                claim=claim,
                provider=name,
                input_hash=input_hash(name, data),
                status=status,
                enqueued_at=now if status == S.QUEUED else None,
                error_message=provider.not_configured_message()
                if status == S.NOT_CONFIGURED
                else "",
            )
        )
    held = set(
        LookupJob.objects.filter(
            claim=claim, input_hash__in=[job.input_hash for job in wanted]
        ).values_list("provider", "input_hash")
    )
    missing = [job for job in wanted if (job.provider, job.input_hash) not in held]
    if not missing:
        return []
    try:
        with transaction.atomic():
            planned = LookupJob.objects.bulk_create(missing)
    except IntegrityError:
        planned = []
        for job in missing:
            row, created = LookupJob.objects.get_or_create(
                claim=claim,
                provider=job.provider,
                input_hash=job.input_hash,
                defaults={
                    "status": job.status,
                    "enqueued_at": job.enqueued_at,
                    "error_message": job.error_message,
                },
            )
            if created:
                planned.append(row)
    _send([(job.pk, job.provider) for job in planned if job.status == S.QUEUED])
    return planned


def _lease_seconds() -> int:
    return settings.CELERY_TASK_TIME_LIMIT + 5


def _claim_job(job_id: int) -> tuple[LookupJob, str] | None:
    now = timezone.now()
    token = uuid.uuid4().hex
    due = Q(status=S.QUEUED) & (Q(not_before__isnull=True) | Q(not_before__lte=now))
    abandoned = Q(status=S.RUNNING, lease_until__lt=now)  # its worker died
    claimed = LookupJob.objects.filter(Q(pk=job_id) & (due | abandoned)).update(
        status=S.RUNNING,
        started_at=now,
        lease_until=now + timedelta(seconds=_lease_seconds()),
        run_token=token,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    return LookupJob.objects.select_related("claim__claimant").get(pk=job_id), token


def lookup_run(*, job_id: int) -> RunOutcome:
    """Run one job if it is due and nobody else is running it. Idempotent."""
    claimed = _claim_job(job_id)
    if claimed is None:
        return RunOutcome(ran=False)
    job, token = claimed
    provider = providers.get(job.provider)
    started = time.monotonic()
    try:
        outcome = provider.run(claim_input(job.claim))
    except LookupFailure as error:
        return _record_failure(job, token, error, started)
    except SoftTimeLimitExceeded:
        failure: LookupFailure = Transient(
            "soft time limit", plain="The lookup took too long this time; we will try again."
        )
        return _record_failure(job, token, failure, started)
    except Exception as error:
        logger.exception("lookup %s failed unexpectedly", job.pk)
        failure = LookupFailure(
            f"{type(error).__name__}: {error}",
            plain="Something went wrong on our side while reading the answer; it was logged.",
        )
        return _record_failure(job, token, failure, started)
    with transaction.atomic():
        finished = LookupJob.objects.filter(pk=job.pk, run_token=token, status=S.RUNNING).update(
            status=S.DONE,
            finished_at=timezone.now(),
            duration_ms=int((time.monotonic() - started) * 1000),
            lease_until=None,
            raw=outcome.raw,
            error_kind="",
            error_message="",
            error_detail="",
        )
        if finished:  # replace, never add to, the job's results
            job.results.all().delete()
            LookupResult.objects.bulk_create(_result_rows(job, outcome.items))
            _suggest_same_as(job.claim, outcome.claimant_same_as)
    return RunOutcome(ran=bool(finished))


def _result_rows(job: LookupJob, items: list[providers.ResultItem]) -> list[LookupResult]:
    return [
        LookupResult(
            job=job,
            rank=item.rank,
            title=item.title[:500],
            url=item.url[:2000],
            snippet=item.snippet,
            publisher=item.publisher[:300],
            published_at=item.published_at,
            rating_text=item.rating_text[:300],
            value=item.value,
            unit=item.unit[:100],
            year=item.year,
            archive_url=item.archive_url[:2000],
            extra=item.extra,
        )
        for item in items
    ]


def _suggest_same_as(claim: Claim, url: str | None) -> None:
    claimant = claim.claimant
    if url and claimant is not None and not claimant.same_as:
        type(claimant).objects.filter(pk=claimant.pk, same_as="").update(same_as=url)


def backoff_seconds(attempts: int, retry_after: float | None = None) -> float:
    """Exponential with full jitter, and never sooner than the service asked."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    delay = random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security
    return max(delay, retry_after or 0.0)


def _record_failure(job: LookupJob, token: str, error: LookupFailure, started: float) -> RunOutcome:
    now = timezone.now()
    retry = error.retryable and job.attempts < MAX_ATTEMPTS
    fields: dict[str, Any] = {
        "finished_at": now,
        "duration_ms": int((time.monotonic() - started) * 1000),
        "lease_until": None,
        "error_kind": error.code,
        "error_message": error.plain,
        "error_detail": str(error)[:2000],
    }
    delay = None
    if retry:
        delay = backoff_seconds(job.attempts, getattr(error, "retry_after", None))
        fields.update(status=S.QUEUED, not_before=now + timedelta(seconds=delay), enqueued_at=now)
    else:
        fields["status"] = S.NOT_CONFIGURED if isinstance(error, NotConfigured) else S.FAILED
    updated = LookupJob.objects.filter(pk=job.pk, run_token=token, status=S.RUNNING).update(
        **fields
    )
    if not updated:
        return RunOutcome(ran=False)
    if delay is not None and delay > DIRECT_RETRY_MAX_SECONDS:
        return RunOutcome(ran=True)  # the sweeper sends it when not_before passes
    return RunOutcome(ran=True, retry_in=delay)


def lookup_retry(*, actor: Any, job_id: int) -> LookupJob:
    """Try a failed lookup again now (a person asked)."""
    with transaction.atomic():
        job = (
            LookupJob.objects.select_for_update(of=("self",)).select_related("claim").get(pk=job_id)
        )
        if not permissions.is_desk_member(actor) or not actor.has_perm("claims.change_claim"):
            raise PermissionDenied("You cannot run lookups.")
        if job.status not in {S.FAILED, S.NOT_CONFIGURED, S.DONE}:
            return job
        job.status, job.attempts, job.not_before = S.QUEUED, 0, None
        job.enqueued_at, job.error_message = timezone.now(), ""
        job.save(update_fields=["status", "attempts", "not_before", "enqueued_at", "error_message"])
        _enqueue([job.pk])
    return job


def requeue(job_ids: list[int]) -> int:
    """Queue jobs to run again from scratch, whatever their state."""
    with transaction.atomic():
        count = (
            LookupJob.objects.filter(pk__in=job_ids)
            .exclude(status=S.SKIPPED)
            .update(status=S.QUEUED, attempts=0, not_before=None, enqueued_at=timezone.now())
        )
        _enqueue(job_ids)
    return count


def lookups_rerun(*, claim_ids: list[int] | None = None, provider: str | None = None) -> int:
    """Run lookups again (management command): plan for the claims' current state, and re-queue
    the latest job of each provider whatever its state."""
    claims = Claim.objects.select_related("claimant").order_by("pk")
    if claim_ids is not None:
        claims = claims.filter(pk__in=claim_ids)
    count = 0
    for claim in claims.iterator(chunk_size=500):
        with transaction.atomic():
            lookups_plan(claim=claim)
            latest = LookupJob.objects.latest_per_provider(claim)
            ids = [job.pk for job in latest if provider is None or job.provider == provider]
            count += requeue(ids)
    return count


def lookups_owed(limit: int) -> list[background.Work]:
    """Jobs owed and not moving: queued and due but not sent lately (the publish failed, or the
    broker lost the message), or running past their lease (the worker died)."""
    now = timezone.now()
    quiet_since = now - timedelta(seconds=settings.SWEEP_GRACE_SECONDS)
    stuck = (
        Q(status=S.QUEUED)
        & (Q(not_before__isnull=True) | Q(not_before__lte=now))
        & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=quiet_since))
    ) | Q(status=S.RUNNING, lease_until__lt=now)
    owed = list(
        LookupJob.objects.filter(stuck).order_by("id").values_list("pk", "provider")[:limit]
    )
    for job_id, _name in owed:
        # An abandoned run goes back to the queue; its worker, if it ever wakes, finds its run
        # token no longer valid and writes nothing.
        LookupJob.objects.filter(pk=job_id).filter(stuck).update(
            status=S.QUEUED, enqueued_at=now, lease_until=None
        )
    return [(providers.task_name(name), (job_id,)) for job_id, name in owed]


def lookups_sweep(*, limit: int = 500) -> int:
    return background.resend("lookups", limit=limit)
