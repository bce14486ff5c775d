"""Readers who asked are told: when the desk publishes or corrects the fact-check of a claim
they asked about, each one who left an e-mail (and did not unsubscribe) gets one message, in the
language they asked in, queued in the outbox inside the approval's transaction."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from claims.models import Submission
from foundation import events, mail


def status_url(submission: Submission) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("public:ask-status", args=[submission.key])


def unsubscribe_url(submission: Submission) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("public:ask-unsubscribe", args=[submission.key])


def readers_tell(event: events.Event) -> None:
    readers_mail_queue(event)


def readers_mail_queue(event: events.Event) -> int:
    """Queue the e-mails of one publication or correction; returns how many."""
    if event.claim_id is None:
        return 0
    corrected = event.kind == events.VERDICT_CORRECTED
    waiting = Submission.objects.filter(
        claim_id=event.claim_id, unsubscribed_at__isnull=True
    ).exclude(email="")
    if not corrected:  # those answered at once already saw this verdict
        waiting = waiting.filter(outcome=Submission.Outcome.REQUESTED)
    queued = 0
    for submission in waiting:
        with translation.override(submission.reader_language or settings.LANGUAGE_CODE):
            context = {
                "submission": submission,
                "fact_check": event.payload,
                "corrected": corrected,
                "status_url": status_url(submission),
                "unsubscribe_url": unsubscribe_url(submission),
            }
            subject = (
                _("Corrected fact-check: %(rating)s")
                if corrected
                else _("Fact-checked: %(rating)s")
            ) % {"rating": event.payload["rating"]["label"]}
            text = render_to_string("public/email/answer.txt", context)
            html = render_to_string("public/email/answer.html", context)
        if mail.mail_queue(
            to=submission.email,
            subject=subject,
            text=text,
            html=html,
            key=f"{event.key}:submission:{submission.pk}",
        ):
            queued += 1
    return queued


def subscribe() -> None:
    events.subscribe(readers_tell, events.CLAIM_PUBLISHED, events.VERDICT_CORRECTED)
