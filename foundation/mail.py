"""E-mail through an outbox: services queue a message (plain text and HTML) in a row, the worker
sends it through Django's mail backend and retries with backoff; the sweeper re-sends what a
lost message or a killed worker left. A message is identified by its key (queued once) and sent
with a Message-ID made from it, so a retry after an SMTP server accepted it but before the row
said so is recognisable as the same message."""

from __future__ import annotations

import hashlib
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from foundation import background
from foundation.models import OutgoingMail

logger = logging.getLogger(__name__)

SEND_TASK = "foundation.tasks.send_mail"
LEASE = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)


def mail_queue(*, to: str, subject: str, text: str, html: str, key: str) -> OutgoingMail | None:
    """Queue one message (after the surrounding transaction commits it is sent); None when a
    message with this key was queued before."""
    mail, created = OutgoingMail.objects.get_or_create(
        key=key[:200], defaults={"to": to, "subject": subject[:300], "text": text, "html": html}
    )
    if not created:
        return None
    background.send(SEND_TASK, mail.pk)
    return mail


@dataclass(frozen=True)
class Daily:
    """One member's message of the day: its subject, the templates `<templates>.txt` and
    `<templates>.html`, and what they show."""

    subject: str
    templates: str
    context: dict[str, Any]


def daily_mails_send(
    due: QuerySet[Any],
    *,
    kind: str,
    compose: Callable[[Any, datetime, datetime], Daily | None],
    now: datetime | None = None,
) -> int:
    """Queue the messages of the day that are due, from MORNING_EMAIL_HOUR (in TIME_ZONE):
    `due` holds one row a member with `user`, `language` and `emailed_until` (when their last
    one was made); `compose(row, since, now)`, called in the member's language, gives the
    message or None when there is nothing to say. One message a member a day however often
    beat asks, and two beats asking at once send one. Returns how many were queued."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.MORNING_EMAIL_HOUR:
        return 0
    today = local.replace(hour=0, minute=0, second=0, microsecond=0)
    rows = due.filter(Q(emailed_until__isnull=True) | Q(emailed_until__lt=today))
    queued = 0
    for row in rows.select_related("user"):
        with transaction.atomic():
            # Taken by this run only: the row still says what this run read.
            if not due.filter(pk=row.pk, emailed_until=row.emailed_until).update(emailed_until=now):
                continue
            if not row.user.email or not row.user.is_active:
                continue
            since = row.emailed_until or now - timedelta(hours=24)
            with translation.override(row.language):
                daily = compose(row, since, now)
                if daily is None:
                    continue
                text = render_to_string(f"{daily.templates}.txt", daily.context)
                html = render_to_string(f"{daily.templates}.html", daily.context)
            mail_queue(
                to=row.user.email,
                subject=daily.subject,
                text=text,
                html=html,
                key=f"{kind}-{row.user.pk}-{local.date().isoformat()}",
            )
            queued += 1
    return queued


def mail_send(*, mail_id: int) -> bool:
    """Send it if it is owed and nobody else is sending it; True when it was sent now."""
    unsent = OutgoingMail.objects.filter(pk=mail_id, sent_at__isnull=True, failed=False)
    if not background.outbox_take(unsent, lease=LEASE):
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        headers={
            "Message-ID": make_msgid(hashlib.sha256(mail.key.encode()).hexdigest()[:32], domain)
        },
    )
    message.attach_alternative(mail.html, "text/html")
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:  # timeouts are OSErrors
        attempts = mail.attempts + 1
        backoff = min(timedelta(minutes=2 ** min(attempts - 1, 10)), MAX_BACKOFF)
        OutgoingMail.objects.filter(pk=mail.pk).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:1000],
            next_attempt_at=timezone.now() + backoff,
            sending_since=None,
            failed=attempts >= settings.MAIL_ATTEMPTS,
        )
        logger.warning("mail %s not sent (attempt %d): %s", mail.pk, attempts, error)
        return False
    OutgoingMail.objects.filter(pk=mail.pk).update(
        sent_at=timezone.now(), sending_since=None, attempts=mail.attempts + 1, last_error=""
    )
    return True


def mail_owed(limit: int) -> list[background.Work]:
    """Messages due and not being sent (a lost message, a killed worker, a retry that is due)."""
    unsent = OutgoingMail.objects.filter(sent_at__isnull=True, failed=False)
    return background.outbox_owed(unsent, task=SEND_TASK, lease=LEASE, limit=limit)
