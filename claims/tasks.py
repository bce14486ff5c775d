"""Celery tasks: thin wrappers taking primary keys; the work lives in services."""

from __future__ import annotations

from celery import shared_task

from claims import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def claim_analyse(claim_id: int) -> None:
    services.claim_analyse(claim_id=claim_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_owed_work() -> None:
    services.analysis_sweep()
