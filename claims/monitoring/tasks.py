"""Celery tasks of followed sources: thin, idempotent, taking primary keys."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from claims.monitoring import digest, services


@shared_task
def poll_due() -> int:
    return services.sources_due()


@shared_task
def send_morning_emails() -> int:
    return digest.morning_emails_send()


# max_retries=None on the task: a busy host is waited for as long as it takes (a retry
# with max_retries=None alone keeps the default of three).
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def poll_source(self: Task[Any, Any], source_id: int) -> None:
    poll = services.source_poll(source_id=source_id)
    if poll.wait:
        # Its host is busy or resting: back to the broker for that long.
        raise self.retry(countdown=poll.wait)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def read_item(self: Task[Any, Any], item_id: int) -> None:
    wait = services.item_read(item_id=item_id)
    if wait:
        raise self.retry(countdown=wait)
