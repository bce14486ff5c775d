"""The periodic task that re-sends owed background work of every kind (foundation.background),
and the one that sends a queued e-mail (foundation.mail)."""

from __future__ import annotations

from celery import shared_task

from foundation import background, mail


@shared_task(acks_late=True, reject_on_worker_lost=True)
def resend_owed() -> dict[str, int]:
    return background.resend_owed()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_mail(mail_id: int) -> None:
    mail.mail_send(mail_id=mail_id)
