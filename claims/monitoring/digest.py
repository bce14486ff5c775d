"""The morning list by e-mail: each morning (from MORNING_EMAIL_HOUR, in TIME_ZONE), every desk
member who asked for it gets the new check-worthy claims from followed sources since the last
one, in the language they asked in, as plain text and HTML, queued in the outbox for the
worker. One message a member a day, however often beat asks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

from claims.models import MorningVisit, ProposedClaim
from foundation import mail

LIMIT = 20


def morning_emails_send(*, now: Any = None) -> int:
    """Queue today's morning e-mails that are due; returns how many were queued."""
    return mail.daily_mails_send(
        MorningVisit.objects.filter(email_daily=True), kind="morning", compose=_morning, now=now
    )


def _morning(visit: MorningVisit, since: datetime, now: datetime) -> mail.Daily | None:
    rows = list(
        ProposedClaim.objects.filter(
            state=ProposedClaim.State.NEW, created_at__gt=since, created_at__lte=now
        )
        .select_related("article", "item__source")
        .order_by("-score", "id")[:LIMIT]
    )
    if not rows:
        return None
    subject = ngettext(
        "Morning list: %(n)d new claim to check",
        "Morning list: %(n)d new claims to check",
        len(rows),
    ) % {"n": len(rows)}
    context = {
        "rows": rows,
        "user": visit.user,
        "morning_url": settings.SITE_URL.rstrip("/") + reverse("claims:morning"),
    }
    return mail.Daily(subject, "claims/email/morning", context)
