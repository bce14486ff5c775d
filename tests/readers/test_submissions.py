"""Readers ask "is this true?" on the public site: answered at once when the desk has checked
it (in other words or another language too), otherwise filed as a request on one claim that
counts each reader once; protected by a honeypot, rate limits and size limits; told by e-mail
when the fact-check is published or corrected, with a one-click unsubscribe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import readers
from claims.models import Asked, Claim, Submission
from foundation import mail
from foundation.models import OutgoingMail
from reviews import services as review_services
from tests.claims.matching import doors
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db
ASK = reverse("public:ask")
NEW_CLAIM = "The new tram line in Almaty carried two million passengers in its first month."


@pytest.fixture
def desk(reviewer, editor):
    return doors.desk(reviewer, editor)


def ask(client, text, address="203.0.113.7", **fields):
    return client.post(ASK, {"text": text, **fields}, REMOTE_ADDR=address)


def test_the_form_is_public_and_says_what_the_email_is_for(client, settings):
    page = client.get(ASK)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="text"' in body and 'name="email"' in body and "csrfmiddlewaretoken" in body
    assert f"deleted after {settings.READERS_RETENTION_DAYS} days" in body
    assert 'class="trap" aria-hidden="true"' in body  # the honeypot is out of sight


@pytest.mark.parametrize(
    "asked",
    [
        "Last year the city made bus fares 20% cheaper.",
        "Город в прошлом году снизил плату за проезд в автобусах на 20 процентов.",
    ],
)
def test_a_claim_already_checked_is_answered_at_once_in_other_words_and_languages(
    client, desk, asked
):
    response = ask(client, asked, email="ana@readers.example")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Already checked" in body and "False" in body
    fares = desk["fares"]
    assert f"/fact-checks/{fares.pk}-" in body
    submission = Submission.objects.get()
    assert submission.claim_id == fares.pk
    assert submission.outcome == Submission.Outcome.ANSWERED
    assert reverse("public:ask-status", args=[submission.key]) in body
    assert Asked.objects.get(claim=fares).count == 1  # the request counts on the published claim
    assert Claim.objects.count() == len(desk)  # nothing new for the desk


def test_a_new_claim_becomes_a_request_and_readers_asking_again_count_once_each(client, desk):
    first = ask(client, NEW_CLAIM, url="https://social.example/p/1", outlet="Telegram")
    assert first.status_code == 200
    assert "We have not checked this claim yet" in first.content.decode()
    claim = Claim.objects.get(text=NEW_CLAIM)
    assert claim.status == Claim.Status.NEW and claim.created_by.username == "from-readers"
    assert (
        claim.appeared_url == "https://social.example/p/1" and claim.appeared_outlet == "Telegram"
    )
    assert not claim.created_by.is_active and not claim.created_by.has_usable_password()
    ask(client, NEW_CLAIM + "  ", address="198.51.100.20")  # another reader, same words
    ask(client, NEW_CLAIM, address="198.51.100.20")  # the same reader again: folded
    assert Claim.objects.filter(text=NEW_CLAIM).count() == 1
    assert Submission.objects.filter(claim=claim).count() == 3
    assert Asked.objects.get(claim=claim).count == 2


def test_a_request_saying_what_an_open_claim_says_is_counted_on_it(client, desk):
    ask(client, "China will hit net zero emissions before any other big economy.")
    (submission,) = Submission.objects.all()
    assert submission.claim_id == desk["net_zero"].pk
    assert submission.outcome == Submission.Outcome.REQUESTED
    assert Asked.objects.get(claim=desk["net_zero"]).count == 1


def test_the_honeypot_is_thanked_and_nothing_is_kept(client, desk):
    response = ask(client, NEW_CLAIM, website="https://spam.example")
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert not Submission.objects.exists() and not Claim.objects.filter(text=NEW_CLAIM).exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": ""}, "text", "This field is required."),
        ({"text": "fake"}, "text", "at least 10 characters"),
        ({"text": "x" * 2001}, "text", "at most 2000 characters"),
        ({"text": NEW_CLAIM, "url": "javascript:alert(1)"}, "url", "Enter a valid URL."),
        ({"text": NEW_CLAIM, "seen_on": "2999-01-01"}, "seen_on", "in the future"),
        ({"text": NEW_CLAIM, "email": "not-an-address"}, "email", "valid email"),
        ({"text": NEW_CLAIM, "screenshot_text": "y" * 5001}, "screenshot_text", "at most 5000"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_typed_is_lost(
    client, fields, field, message
):
    typed = {"outlet": "Радио «Свобода» <b>", **fields}
    response = client.post(ASK, typed)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    body = response.content.decode()
    assert "Радио «Свобода» &lt;b&gt;" in body  # kept, and escaped
    assert not Submission.objects.exists()


def test_one_address_is_limited_and_told_when_to_come_back(client, desk, settings):
    settings.READERS_RATE_PER_ADDRESS = 2
    assert ask(client, NEW_CLAIM).status_code == 200
    assert ask(client, NEW_CLAIM + " Twice.").status_code == 200
    refused = ask(client, "A third claim about the Almaty tram and its passengers.")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert "try again in a minute" in refused.content.decode()
    assert "A third claim about the Almaty tram" in refused.content.decode()  # not lost
    assert ask(client, NEW_CLAIM, address="198.51.100.99").status_code == 200  # others may


def test_everyone_together_is_limited_too(client, desk, settings):
    settings.READERS_RATE_GLOBAL = 2
    assert ask(client, NEW_CLAIM, address="198.51.100.1").status_code == 200
    assert ask(client, NEW_CLAIM, address="198.51.100.2").status_code == 200
    assert ask(client, NEW_CLAIM, address="198.51.100.3").status_code == 429


def test_the_status_link_follows_the_claim_through_the_desk(client, desk, reviewer, editor):
    ask(client, NEW_CLAIM)
    submission = Submission.objects.get()
    status = reverse("public:ask-status", args=[submission.key])
    assert "Waiting." in client.get(status).content.decode()
    review_services.claim_take(actor=reviewer, claim_id=submission.claim_id)
    assert "Being checked." in client.get(status).content.decode()
    claim = submission.claim
    wf.add_evidence(claim, reviewer)
    verdict = wf.draft(claim, reviewer)
    verdict = review_services.verdict_submit(
        actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version
    )
    review_services.verdict_approve(
        actor=editor, verdict_id=verdict.pk, expected_version=verdict.version
    )
    page = client.get(status).content.decode()
    assert "Checked." in page and verdict.summary in page
    assert client.get(reverse("public:ask-status", args=["nope" * 6])).status_code == 404


def _publish(claim, reviewer, editor):
    review_services.claim_take(actor=reviewer, claim_id=claim.pk)
    wf.add_evidence(claim, reviewer)
    verdict = wf.draft(claim, reviewer)
    verdict = review_services.verdict_submit(
        actor=reviewer, verdict_id=verdict.pk, expected_version=verdict.version
    )
    return review_services.verdict_approve(
        actor=editor, verdict_id=verdict.pk, expected_version=verdict.version
    )


def test_readers_who_left_an_email_are_told_in_their_language_once(
    client, desk, reviewer, editor, smtp_server
):
    client.post(
        reverse("set_language"), {"language": "ru", "next": ASK}
    )  # this reader reads Russian
    ask(client, NEW_CLAIM, email="olga@readers.example")
    client.post(reverse("set_language"), {"language": "en", "next": ASK})
    ask(client, NEW_CLAIM, address="198.51.100.5", email="sam@readers.example")
    ask(client, NEW_CLAIM, address="198.51.100.6")  # no e-mail: nothing to send
    quiet = Submission.objects.get(email="sam@readers.example")
    client.post(reverse("public:ask-unsubscribe", args=[quiet.key]))  # one click, no token
    claim = Claim.objects.get(text=NEW_CLAIM)
    _publish(claim, reviewer, editor)
    (queued,) = OutgoingMail.objects.all()
    assert queued.to == "olga@readers.example"
    assert mail.mail_send(mail_id=queued.pk)
    (message,) = smtp_server.inbox.messages
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    olga = Submission.objects.get(email="olga@readers.example")
    assert f"/ask/{olga.key}/" in parts["text/plain"] and f"/ask/{olga.key}/" in parts["text/html"]
    assert f"/ask/{olga.key}/unsubscribe/" in parts["text/plain"]
    assert "/fact-checks/" in parts["text/plain"]
    assert olga.reader_language == "ru"


def test_a_correction_tells_the_readers_again_and_those_answered_at_once(
    client, desk, reviewer, editor
):
    ask(client, doors.FARES, email="lee@readers.example")  # answered at once: no mail yet
    assert not OutgoingMail.objects.exists()
    fares = desk["fares"]
    review_services.correction_open(actor=editor, claim_id=fares.pk, assignee=reviewer)
    draft = wf.draft(fares, reviewer, correction_note="The cut was 18 percent.")
    draft = review_services.verdict_submit(
        actor=reviewer, verdict_id=draft.pk, expected_version=draft.version
    )
    review_services.verdict_approve(
        actor=editor, verdict_id=draft.pk, expected_version=draft.version
    )
    (queued,) = OutgoingMail.objects.all()
    assert queued.to == "lee@readers.example" and queued.subject.startswith("Corrected")


def test_unsubscribe_asks_on_get_and_does_it_on_post(client, desk):
    ask(client, NEW_CLAIM, email="kim@readers.example")
    submission = Submission.objects.get()
    url = reverse("public:ask-unsubscribe", args=[submission.key])
    assert "Stop the e-mails" in client.get(url).content.decode()
    submission.refresh_from_db()
    assert submission.unsubscribed_at is None  # a link scanner unsubscribes nobody
    assert "Done" in client.post(url).content.decode()
    submission.refresh_from_db()
    assert submission.unsubscribed_at is not None


def test_emails_and_address_hashes_are_deleted_after_the_retention(client, desk, settings):
    ask(client, NEW_CLAIM, email="old@readers.example")
    ask(client, NEW_CLAIM, address="198.51.100.8", email="new@readers.example")
    old = Submission.objects.get(email="old@readers.example")
    Submission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.READERS_RETENTION_DAYS + 1)
    )
    assert readers.submissions_forget() == 1
    old.refresh_from_db()
    assert old.email == "" and old.requester == "" and old.forgotten_at and old.text == NEW_CLAIM
    assert Submission.objects.filter(email="new@readers.example").exists()
    assert readers.submissions_forget() == 0


def test_the_desk_queue_puts_the_most_asked_first_and_shows_emails_to_editors_only(
    client, desk, reviewer_client, editor_client
):
    for n in range(3):
        ask(client, NEW_CLAIM, address=f"198.51.100.{n}", email=f"r{n}@readers.example")
    ask(client, "China will hit net zero emissions before any other big economy.")
    queue = reverse("claims:readers")
    page = editor_client.get(queue).content.decode()
    assert page.index("Almaty") < page.index("net zero")
    assert "3 readers" in page and "r2@readers.example" in page
    seen = reviewer_client.get(queue).content.decode()
    assert "Almaty" in seen and "@readers.example" not in seen
    assert client.get(queue).status_code == 302  # the public is sent to log in
    claim = Claim.objects.get(text=NEW_CLAIM)
    assert "3 readers asked" in editor_client.get(claim.get_absolute_url()).content.decode()
