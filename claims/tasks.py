"""Celery tasks: thin wrappers taking primary keys; the work lives in services."""

from __future__ import annotations

from celery import shared_task

from claims import readers, services
from claims.lookups import tasks as lookup_tasks  # noqa: F401 - registers the lookup tasks
from claims.matching import tasks as matching_tasks  # noqa: F401 - registers embed_claim
from claims.monitoring import tasks as monitoring_tasks  # noqa: F401 - registers the polls


@shared_task(acks_late=True, reject_on_worker_lost=True)
def claim_analyse(claim_id: int) -> None:
    services.claim_analyse(claim_id=claim_id, owed_only=True)


@shared_task
def readers_forget() -> int:
    return readers.submissions_forget()
