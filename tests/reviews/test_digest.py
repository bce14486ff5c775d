"""The daily digest of notifications: a member who asks gets their unread notifications once a
day, in the language they asked in, through the outbox to a real SMTP server; the in-app list
is untouched; stopping it leaves notifications in the desk only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from foundation import mail
from foundation.models import OutgoingMail
from reviews import digest
from reviews.models import Notification, NotificationDigest
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db


def _morning(settings):
    settings.MORNING_EMAIL_HOUR = 0
    return timezone.now()


def test_a_member_asks_for_the_digest_and_gets_unread_notifications_once_a_day(
    reviewer, editor, reviewer_client, smtp_server, settings
):
    reviewer.email = "rita@desk.example"
    reviewer.save()
    reviewer_client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    response = reviewer_client.post(reverse("reviews:notifications-email"), {"email": "on"})
    assert response.status_code == 302
    assert NotificationDigest.objects.get(user=reviewer).language == "ru"
    wf.published(reviewer, editor)  # the editor approves: rita is told
    assert Notification.objects.filter(recipient=reviewer).unread().count() == 1
    now = _morning(settings)
    assert digest.notification_digests_send(now=now) == 1
    assert digest.notification_digests_send(now=now) == 0  # once a day
    (queued,) = OutgoingMail.objects.all()
    assert mail.mail_send(mail_id=queued.pk)
    (message,) = smtp_server.inbox.messages
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert "eddie" in parts["text/plain"] and "/claims/" in parts["text/html"]
    assert "одобрил" in parts["text/plain"]  # in the language rita asked in
    assert Notification.objects.filter(recipient=reviewer).unread().count() == 1  # still unread


def test_nothing_unread_sends_nothing_and_stopping_it_keeps_the_desk_only(
    reviewer, editor, reviewer_client, settings
):
    reviewer.email = "rita@desk.example"
    reviewer.save()
    reviewer_client.post(reverse("reviews:notifications-email"), {"email": "on"})
    assert digest.notification_digests_send(now=_morning(settings)) == 0
    assert not OutgoingMail.objects.exists()
    page = reviewer_client.get(reverse("reviews:notifications")).content.decode()
    assert 'name="email" checked' in page
    reviewer_client.post(reverse("reviews:notifications-email"), {})
    assert not NotificationDigest.objects.exists()


def test_an_account_without_an_address_is_told(reviewer_client, reviewer):
    reviewer.email = ""
    reviewer.save()
    response = reviewer_client.post(
        reverse("reviews:notifications-email"), {"email": "on"}, follow=True
    )
    assert "has no e-mail address" in response.content.decode()
    assert not NotificationDigest.objects.exists()


def test_before_the_hour_nothing_is_sent(reviewer, settings):
    NotificationDigest.objects.create(user=reviewer)
    settings.MORNING_EMAIL_HOUR = 23
    early = timezone.localtime().replace(hour=3)
    assert digest.notification_digests_send(now=early) == 0
