"""E-mail through the outbox, delivered to a real SMTP server on loopback: plain text and HTML,
sent once, retried with backoff when the server refuses, re-sent by the sweeper when due."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from foundation import mail
from foundation.models import OutgoingMail

pytestmark = pytest.mark.django_db


def queue(key: str = "k1") -> OutgoingMail:
    queued = mail.mail_queue(
        to="rita@desk.example",
        subject="Морнинг: 2 new claims",
        text="Plain words.",
        html="<p>Plain <b>words</b>.</p>",
        key=key,
    )
    assert queued is not None
    return queued


def test_a_queued_message_arrives_once_in_text_and_html(smtp_server):
    queued = queue()
    assert mail.mail_queue(to="x@desk.example", subject="s", text="t", html="h", key="k1") is None
    assert mail.mail_send(mail_id=queued.pk) is True
    assert mail.mail_send(mail_id=queued.pk) is False  # sent: never again
    (message,) = smtp_server.inbox.messages
    assert message["To"] == "rita@desk.example" and message["Subject"] == "Морнинг: 2 new claims"
    assert message["Message-ID"]
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert parts["text/plain"].strip() == "Plain words."
    assert "<b>words</b>" in parts["text/html"]
    queued.refresh_from_db()
    assert queued.sent_at and queued.attempts == 1


def test_a_refusing_server_is_retried_later_and_then_the_message_arrives(smtp_server, settings):
    smtp_server.inbox.refuse = 1
    queued = queue()
    assert mail.mail_send(mail_id=queued.pk) is False
    queued.refresh_from_db()
    assert queued.attempts == 1 and "451" in queued.last_error and not queued.sent_at
    assert queued.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert mail.mail_owed(10) == []  # not due yet
    OutgoingMail.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())
    assert mail.mail_owed(10) == [(mail.SEND_TASK, (queued.pk,))]
    assert mail.mail_send(mail_id=queued.pk) is True
    assert len(smtp_server.inbox.messages) == 1


def test_after_its_attempts_a_message_is_marked_failed(smtp_server, settings):
    settings.MAIL_ATTEMPTS = 2
    smtp_server.inbox.refuse = 5
    queued = queue()
    for _ in range(2):
        OutgoingMail.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())
        mail.mail_send(mail_id=queued.pk)
    queued.refresh_from_db()
    assert queued.failed and queued.attempts == 2 and not smtp_server.inbox.messages
    assert mail.mail_owed(10) == []
