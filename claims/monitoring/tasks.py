"""Celery tasks of followed sources: thin, idempotent, taking primary keys."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from claims.monitoring import services


@shared_task
def poll_due() -> int:
    return services.sources_due()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def poll_source(self: Task[Any, Any], source_id: int) -> None:
    poll = services.source_poll(source_id=source_id)
    if poll.wait:
        # Its host is busy or resting: back to the broker for that long.
        raise self.retry(countdown=poll.wait, max_retries=None)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def read_item(self: Task[Any, Any], item_id: int) -> None:
    wait = services.item_read(item_id=item_id)
    if wait:
        raise self.retry(countdown=wait, max_retries=None)
