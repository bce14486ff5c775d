"""The daily digest of notifications: desk members who asked for it get, once a day from
MORNING_EMAIL_HOUR (in TIME_ZONE), their notifications still unread since the last digest, in
the language they asked in, as plain text and HTML through the outbox. The in-app list stays as
it is; a digest marks nothing read."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

from foundation import mail
from reviews.models import Notification, NotificationDigest

LIMIT = 50


def notification_digests_send(*, now: datetime | None = None) -> int:
    """Queue today's digests that are due; returns how many were queued."""
    return mail.daily_mails_send(
        NotificationDigest.objects.all(), kind="digest", compose=_digest, now=now
    )


def _digest(digest: NotificationDigest, since: datetime, now: datetime) -> mail.Daily | None:
    notes = list(
        Notification.objects.unread()
        .filter(recipient=digest.user, created_at__gt=since, created_at__lte=now)
        .select_related("actor", "claim")[:LIMIT]
    )
    if not notes:
        return None
    site = settings.SITE_URL.rstrip("/")
    subject = ngettext(
        "Claims desk: %(n)d notification", "Claims desk: %(n)d notifications", len(notes)
    ) % {"n": len(notes)}
    context = {
        "notes": notes,
        "user": digest.user,
        "site": site,
        "inbox_url": site + reverse("reviews:notifications"),
    }
    return mail.Daily(subject, "reviews/email/digest", context)
