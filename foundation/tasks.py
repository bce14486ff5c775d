"""The periodic task that re-sends owed background work of every kind (foundation.background)."""

from __future__ import annotations

from celery import shared_task

from foundation import background


@shared_task(acks_late=True, reject_on_worker_lost=True)
def resend_owed() -> dict[str, int]:
    return background.resend_owed()
