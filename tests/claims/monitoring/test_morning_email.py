"""The morning list by e-mail: asked for on the page, queued once a day from the set hour in the
member's language, delivered by a real worker to a real SMTP server."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Article, Claim, FollowedItem, FollowedSource, MorningVisit, ProposedClaim
from claims.monitoring import digest
from foundation import mail
from foundation.models import OutgoingMail
from tests import processes

pytestmark = pytest.mark.django_db


def proposals(editor: Any, n: int = 2) -> None:
    source = FollowedSource.objects.create(
        name="Desk Wire", url="https://wire.example/feed.rss", created_by=editor
    )
    article = Article.objects.create(
        url="https://wire.example/a",
        title="Mayors meet",
        language="en",
        text="x" * 50,
        created_by=editor,
    )
    item = FollowedItem.objects.create(
        source=source, url=article.url, state="read", article=article
    )
    for i in range(n):
        ProposedClaim.objects.create(
            item=item,
            article=article,
            text=f"The city built {20 + i} bridges since 2019",
            speaker="Li Wen",
            claim_type=Claim.Type.QUANTITY,
            language="en",
            score=0.9 - i / 10,
            span_start=i * 10,
            span_end=i * 10 + 10,
        )


def later_today() -> Any:
    return timezone.localtime().replace(hour=23, minute=59)


def test_a_member_asks_for_it_in_russian_and_gets_one_message_a_day(
    reviewer, reviewer_client, editor, smtp_server
):
    reviewer.email = "rita@desk.example"
    reviewer.save()
    reviewer_client.cookies["django_language"] = "ru"
    response = reviewer_client.post(reverse("claims:morning-email"), {"email": "on"})
    assert response.status_code == 302
    visit = MorningVisit.objects.get(user=reviewer)
    assert visit.email_daily and visit.language == "ru"
    page = reviewer_client.get(reverse("claims:morning")).content.decode()
    assert "rita@desk.example" in page  # the confirmation

    proposals(editor)
    assert digest.morning_emails_send(now=later_today().replace(hour=6)) == 0  # before the hour
    assert digest.morning_emails_send(now=later_today()) == 1
    assert digest.morning_emails_send(now=later_today()) == 0  # once a day
    queued = OutgoingMail.objects.get()
    assert queued.to == "rita@desk.example" and "Утренний список" in queued.subject
    assert "20 bridges" in queued.text and "Li Wen" in queued.html
    assert mail.mail_send(mail_id=queued.pk)
    (message,) = smtp_server.inbox.messages
    assert "Утренний список" in message["Subject"]

    reviewer_client.post(reverse("claims:morning-email"))
    assert not MorningVisit.objects.get(user=reviewer).email_daily


def test_without_an_email_address_the_member_is_told(reviewer, reviewer_client):
    reviewer.email = ""
    reviewer.save()
    response = reviewer_client.post(reverse("claims:morning-email"), {"email": "on"}, follow=True)
    assert "has no e-mail address" in response.content.decode()
    assert not MorningVisit.objects.filter(user=reviewer, email_daily=True).exists()


def test_nothing_new_sends_nothing(reviewer, editor):
    MorningVisit.objects.create(
        user=reviewer,
        seen_until=timezone.now(),
        email_daily=True,
        language="en",
        emailed_until=timezone.now() - timedelta(days=1, hours=1),
    )
    reviewer.email = "rita@desk.example"
    reviewer.save()
    assert digest.morning_emails_send(now=later_today()) == 0
    assert not OutgoingMail.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_delivers_the_morning_email(reviewer, editor, smtp_server):
    reviewer.email = "rita@desk.example"
    reviewer.save()
    MorningVisit.objects.create(
        user=reviewer, seen_until=timezone.now(), email_daily=True, language="zh-hans"
    )
    proposals(editor, n=3)
    processes.purge_broker()
    with processes.worker(EMAIL_URL=smtp_server.url()):
        assert digest.morning_emails_send(now=later_today()) == 1
        processes.wait_until(
            lambda: len(smtp_server.inbox.messages) == 1, timeout=30, what="the e-mail"
        )
    (message,) = smtp_server.inbox.messages
    assert "晨间清单" in message["Subject"] and message["To"] == "rita@desk.example"
    assert OutgoingMail.objects.get().sent_at is not None


def test_the_email_escapes_what_articles_say(reviewer, editor):
    reviewer.email = "rita@desk.example"
    reviewer.save()
    MorningVisit.objects.create(
        user=reviewer, seen_until=timezone.now(), email_daily=True, language="en"
    )
    proposals(editor, n=1)
    ProposedClaim.objects.update(text='<script>alert("x")</script> & <b>20</b> bridges')
    assert digest.morning_emails_send(now=later_today()) == 1
    queued = OutgoingMail.objects.get()
    assert "<script>" not in queued.html and "&lt;script&gt;" in queued.html
    assert '<script>alert("x")</script> & <b>20</b> bridges' in queued.text  # plain text as is
