"""The morning list by e-mail: each morning (from MORNING_EMAIL_HOUR, in TIME_ZONE), every desk
member who asked for it gets the new check-worthy claims from followed sources since the last
one, in the language they asked in, as plain text and HTML, queued in the outbox for the
worker. One message a member a day, however often beat asks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from claims.models import MorningVisit, ProposedClaim
from foundation import mail

LIMIT = 20


def morning_emails_send(*, now: Any = None) -> int:
    """Queue today's morning e-mails that are due; returns how many were queued."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.MORNING_EMAIL_HOUR:
        return 0
    today = local.replace(hour=0, minute=0, second=0, microsecond=0)
    due = (
        MorningVisit.objects.filter(email_daily=True)
        .filter(Q(emailed_until__isnull=True) | Q(emailed_until__lt=today))
        .select_related("user")
    )
    queued = 0
    for visit in due:
        with transaction.atomic():
            # Taken by this run only: two beats asking at once send one message.
            if not MorningVisit.objects.filter(
                pk=visit.pk, emailed_until=visit.emailed_until, email_daily=True
            ).update(emailed_until=now):
                continue
            since = visit.emailed_until or now - timedelta(hours=24)
            rows = list(
                ProposedClaim.objects.filter(
                    state=ProposedClaim.State.NEW, created_at__gt=since, created_at__lte=now
                )
                .select_related("article", "item__source")
                .order_by("-score", "id")[:LIMIT]
            )
            if not rows or not visit.user.email:
                continue
            with translation.override(visit.language):
                context = {
                    "rows": rows,
                    "user": visit.user,
                    "morning_url": settings.SITE_URL.rstrip("/") + reverse("claims:morning"),
                }
                subject = ngettext(
                    "Morning list: %(n)d new claim to check",
                    "Morning list: %(n)d new claims to check",
                    len(rows),
                ) % {"n": len(rows)}
                text = render_to_string("claims/email/morning.txt", context)
                html = render_to_string("claims/email/morning.html", context)
            mail.mail_queue(
                to=visit.user.email,
                subject=subject,
                text=text,
                html=html,
                key=f"morning-{visit.user.pk}-{local.date().isoformat()}",
            )
            queued += 1
    return queued
