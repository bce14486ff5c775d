"""The daily digest of notifications: desk members who asked for it get, once a day from
MORNING_EMAIL_HOUR (in TIME_ZONE), their notifications still unread since the last digest, in
the language they asked in, as plain text and HTML through the outbox. The in-app list stays as
it is; a digest marks nothing read."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from foundation import mail
from reviews.models import Notification, NotificationDigest

LIMIT = 50


def notification_digests_send(*, now: datetime | None = None) -> int:
    """Queue today's digests that are due; returns how many were queued."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.MORNING_EMAIL_HOUR:
        return 0
    today = local.replace(hour=0, minute=0, second=0, microsecond=0)
    due = NotificationDigest.objects.filter(
        Q(emailed_until__isnull=True) | Q(emailed_until__lt=today)
    ).select_related("user")
    queued = 0
    for digest in due:
        with transaction.atomic():
            # Taken by this run only: two beats asking at once send one message.
            if not NotificationDigest.objects.filter(
                pk=digest.pk, emailed_until=digest.emailed_until
            ).update(emailed_until=now):
                continue
            user = digest.user
            since = digest.emailed_until or now - timedelta(hours=24)
            notes = list(
                Notification.objects.unread()
                .filter(recipient=user, created_at__gt=since, created_at__lte=now)
                .select_related("actor", "claim")[:LIMIT]
            )
            if not notes or not user.email or not user.is_active:
                continue
            site = settings.SITE_URL.rstrip("/")
            with translation.override(digest.language):
                context = {
                    "notes": notes,
                    "user": user,
                    "site": site,
                    "inbox_url": site + reverse("reviews:notifications"),
                }
                subject = ngettext(
                    "Claims desk: %(n)d notification",
                    "Claims desk: %(n)d notifications",
                    len(notes),
                ) % {"n": len(notes)}
                text = render_to_string("reviews/email/digest.txt", context)
                html = render_to_string("reviews/email/digest.html", context)
            mail.mail_queue(
                to=user.email,
                subject=subject,
                text=text,
                html=html,
                key=f"digest-{user.pk}-{local.date().isoformat()}",
            )
            queued += 1
    return queued
