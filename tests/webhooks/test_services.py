"""Deliveries in-process, against the real receiver: recorded once per endpoint, signed, retried
with backoff, given up after their window, and an endpoint failing for a day paused with the
editors told. The clock is moved by editing rows."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from claims import readers
from claims.lookups.safety import INSIDE
from foundation import events
from foundation.models import OutgoingMail
from tests.webhooks.conftest import emit, endpoint_for
from webhooks import services, signing
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


def readme_verify() -> Any:
    """The verification snippet of README's "Webhooks" section, as a partner would paste it."""
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    snippet = text.split("### Webhooks\n", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(snippet, namespace)  # noqa: S102 - our own README
    return namespace["verify"]


def test_the_signature_is_hmac_sha256_over_the_timestamp_a_dot_and_the_body() -> None:
    body = b'{"id":"claim.published:verdict:1"}'
    expected = hmac.new(b"whsec_k", b"1767225600." + body, hashlib.sha256).hexdigest()
    assert signing.signature(secret="whsec_k", timestamp=1767225600, body=body) == f"v1={expected}"
    good = f"v1={expected}"
    assert signing.verify(
        secret="whsec_k", timestamp="1767225600", body=body, signature_header=good
    )
    assert not signing.verify(
        secret="whsec_k", timestamp="1767225601", body=body, signature_header=good
    )
    assert not signing.verify(
        secret="whsec_k", timestamp="1767225600", body=body + b" ", signature_header=good
    )
    assert not signing.verify(
        secret="other", timestamp="1767225600", body=body, signature_header=good
    )


def test_backoff_doubles_from_the_base_up_to_its_cap(settings: Any) -> None:
    settings.WEBHOOK_BACKOFF_SECONDS = 30
    settings.WEBHOOK_BACKOFF_MAX_SECONDS = 3600
    waits = [services.backoff(n).total_seconds() for n in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    # for a day at most: about 30 tries, none of them more than an hour apart
    assert services.backoff(500).total_seconds() == 3600


def test_an_event_is_owed_once_to_each_active_endpoint_listening_to_it(
    webhook_receiver, editor
) -> None:
    both = endpoint_for(webhook_receiver, editor, "/both")
    published_only = endpoint_for(webhook_receiver, editor, "/published", (events.CLAIM_PUBLISHED,))
    paused = endpoint_for(webhook_receiver, editor, "/paused")
    Endpoint.objects.filter(pk=paused.pk).update(active=False)
    emit(events.CLAIM_PUBLISHED, "claim.published:verdict:7", claim=7)
    emit(events.CLAIM_PUBLISHED, "claim.published:verdict:7", claim=7)  # the service retried
    emit(events.CLAIM_SUBMITTED, "claim.submitted:request:3")
    owed = sorted(Delivery.objects.values_list("endpoint_id", "event_key"))
    assert owed == sorted(
        [
            (both.pk, "claim.published:verdict:7"),
            (both.pk, "claim.submitted:request:3"),
            (published_only.pk, "claim.published:verdict:7"),
        ]
    )
    body = json.loads(Delivery.objects.filter(endpoint=both).order_by("id").first().body)
    assert body["id"] == "claim.published:verdict:7" and body["type"] == "claim.published"
    assert body["data"] == {"kind": "claim.published", "claim": 7}


def test_a_delivery_arrives_signed_with_its_key_and_is_not_sent_again(
    webhook_receiver, editor, allow_loopback
) -> None:
    endpoint = endpoint_for(webhook_receiver, editor, "/hook")
    emit(events.CLAIM_SEEN_AGAIN, "claim.seen_again:alert:5")
    delivery = Delivery.objects.get()
    assert services.delivery_send(delivery_id=delivery.pk) is True
    assert services.delivery_send(delivery_id=delivery.pk) is False
    (received,) = webhook_receiver.received
    assert received.signed and received.key == "claim.seen_again:alert:5"
    assert readme_verify()(endpoint.secret, received.headers, received.body)
    assert not readme_verify()(endpoint.secret, received.headers, received.body + b"x")
    assert received.body.decode() == delivery.body
    delivery.refresh_from_db()
    assert delivery.delivered_at and delivery.attempts == 1 and delivery.last_status == 200
    endpoint.refresh_from_db()
    assert endpoint.last_success_at and endpoint.failing_since is None


def test_a_failing_receiver_is_retried_with_backoff_and_then_takes_it(
    webhook_receiver, editor, allow_loopback, settings
) -> None:
    settings.WEBHOOK_BACKOFF_SECONDS = 30
    endpoint_for(webhook_receiver, editor, "/hook")
    webhook_receiver.fail = 2
    emit(events.CLAIM_PUBLISHED, "claim.published:verdict:1")
    delivery = Delivery.objects.get()
    for attempt, wait in ((1, 30), (2, 60)):
        before = timezone.now()
        assert services.delivery_send(delivery_id=delivery.pk) is False
        delivery.refresh_from_db()
        assert delivery.attempts == attempt and delivery.last_status == 500
        assert delivery.last_error == "The receiver answered 500."
        assert delivery.next_attempt_at >= before + timedelta(seconds=wait)
        assert services.deliveries_owed(10) == []  # not due yet
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        assert services.deliveries_owed(10) == [(services.SEND_TASK, (delivery.pk,))]
    assert services.delivery_send(delivery_id=delivery.pk) is True
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and delivery.delivered_at and not delivery.last_error
    assert webhook_receiver.keys() == {"claim.published:verdict:1"}


def test_a_private_address_is_refused_at_send_and_not_retried(
    webhook_receiver, editor, settings
) -> None:
    settings.LOOKUPS_ALLOW_PRIVATE_ADDRESSES = False
    endpoint_for(webhook_receiver, editor, "/hook")  # saved when allowed, or the name moved since
    emit(events.CLAIM_PUBLISHED, "claim.published:verdict:1")
    delivery = Delivery.objects.get()
    assert services.delivery_send(delivery_id=delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.failed and delivery.last_error == INSIDE and delivery.last_status is None
    assert webhook_receiver.received == []


def test_a_delivery_is_given_up_after_its_window(webhook_receiver, editor, allow_loopback) -> None:
    endpoint_for(webhook_receiver, editor, "/hook")
    webhook_receiver.fail = 1
    emit(events.CLAIM_PUBLISHED, "claim.published:verdict:1")
    Delivery.objects.update(retry_until=timezone.now() + timedelta(seconds=5))
    delivery = Delivery.objects.get()
    services.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.failed and delivery.attempts == 1
    assert services.deliveries_owed(10) == []


def test_an_endpoint_failing_for_a_day_is_paused_and_the_editors_told(
    webhook_receiver, editor, editor2, reviewer, allow_loopback, editor_client
) -> None:
    for user in (editor, editor2, reviewer):
        user.email = f"{user.username}@desk.example"
        user.save(update_fields=["email"])
    endpoint = endpoint_for(webhook_receiver, editor, "/hook")
    webhook_receiver.fail = 10
    emit(events.CLAIM_PUBLISHED, "claim.published:verdict:1")
    delivery = Delivery.objects.get()
    services.delivery_send(delivery_id=delivery.pk)
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.failing_since  # failing, not for a day yet
    # a day of failures later
    Endpoint.objects.filter(pk=endpoint.pk).update(
        failing_since=timezone.now() - timedelta(hours=24, minutes=1)
    )
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    services.delivery_send(delivery_id=delivery.pk)
    endpoint.refresh_from_db()
    assert not endpoint.active and "failed for 24 h" in endpoint.paused_reason
    told = sorted(OutgoingMail.objects.values_list("to", flat=True))
    assert told == sorted([editor.email, editor2.email]) and reviewer.email not in told
    assert "Webhook paused" in OutgoingMail.objects.first().subject
    # nothing more is sent until an editor resumes it
    assert services.deliveries_owed(10) == []
    assert services.delivery_send(delivery_id=delivery.pk) is False
    page = editor_client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert "Paused by the desk: every delivery failed for 24 h." in page


def test_a_paused_endpoint_gets_nothing_and_on_resume_what_was_owed(
    webhook_receiver, editor, allow_loopback
) -> None:
    endpoint = endpoint_for(webhook_receiver, editor, "/hook")
    emit(events.CLAIM_PUBLISHED, "claim.published:verdict:1")
    services.endpoint_pause(actor=editor, endpoint_id=endpoint.pk)
    emit(events.CLAIM_PUBLISHED, "claim.published:verdict:2")  # not recorded while paused
    owed = Delivery.objects.get()
    assert services.delivery_send(delivery_id=owed.pk) is False
    assert webhook_receiver.received == []
    assert services.endpoint_resume(actor=editor, endpoint_id=endpoint.pk) == 1
    assert services.delivery_send(delivery_id=owed.pk) is True
    emit(events.CLAIM_PUBLISHED, "claim.published:verdict:3")
    services.delivery_send(delivery_id=Delivery.objects.get(event_key__endswith=":3").pk)
    assert webhook_receiver.keys() == {"claim.published:verdict:1", "claim.published:verdict:3"}


def test_a_rotated_secret_signs_from_then_on(webhook_receiver, editor, allow_loopback) -> None:
    endpoint = endpoint_for(webhook_receiver, editor, "/hook")
    old = endpoint.secret
    rotated = services.endpoint_rotate_secret(actor=editor, endpoint_id=endpoint.pk)
    assert rotated.secret != old and rotated.secret.startswith("whsec_")
    webhook_receiver.secrets["/hook"] = rotated.secret
    ping = services.endpoint_ping(actor=editor, endpoint_id=endpoint.pk)
    assert services.delivery_send(delivery_id=ping.pk) is True
    assert webhook_receiver.received[0].signed


def test_a_readers_question_is_delivered_without_the_readers_e_mail(
    webhook_receiver, editor, allow_loopback
) -> None:
    endpoint_for(webhook_receiver, editor, "/readers", (events.CLAIM_SUBMITTED,))
    readers.submission_receive(
        fields=readers.SubmissionFields(
            text="The city planted a million trees last year.", email="reader@readers.example"
        ),
        address="198.51.100.7",
    )
    delivery = Delivery.objects.get()
    assert delivery.kind == events.CLAIM_SUBMITTED and "reader@readers.example" not in delivery.body
    assert services.delivery_send(delivery_id=delivery.pk) is True
    (received,) = webhook_receiver.received
    data = json.loads(received.body)["data"]
    assert data["submission"]["text"] == "The city planted a million trees last year."
