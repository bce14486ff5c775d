"""The one webhook task: send a delivery (its retries are rows, found by the sweeper)."""

from __future__ import annotations

from celery import shared_task

from webhooks import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliver(delivery_id: int) -> None:
    services.delivery_send(delivery_id=delivery_id)
