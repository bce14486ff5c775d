"""Webhooks with real processes: a real Celery worker (and beat, whose sweeper sends the retries)
delivers to the real receiver on loopback, which checks every signature and counts what it took
by idempotency key."""

from __future__ import annotations

import signal
from typing import Any

import pytest

from claims.lookups.safety import INSIDE
from foundation import events
from tests import processes
from tests.reviews import workflow as wf
from tests.webhooks.conftest import emit, endpoint_for
from webhooks import services
from webhooks.models import Delivery

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FAST = {
    "LOOKUPS_ALLOW_PRIVATE_ADDRESSES": "true",  # the receiver is on 127.0.0.1
    "WEBHOOK_BACKOFF_SECONDS": "1",
    "WEBHOOK_BACKOFF_MAX_SECONDS": "1",
    "SWEEP_INTERVAL_SECONDS": "1",
    "SWEEP_GRACE_SECONDS": "1",
}


def all_delivered(count: int) -> bool:
    return Delivery.objects.filter(delivered_at__isnull=False).count() == count


def test_every_event_reaches_each_endpoint_once(
    webhook_receiver: Any, reviewer: Any, editor: Any
) -> None:
    endpoint_for(webhook_receiver, editor, "/everything")
    endpoint_for(webhook_receiver, editor, "/published", (events.CLAIM_PUBLISHED,))
    processes.purge_broker()
    with processes.worker(**FAST):
        verdict = wf.published(reviewer, editor)  # reviews.announce emits it, in the approval
        emit(events.VERDICT_CORRECTED, "verdict.corrected:verdict:900")
        emit(events.CLAIM_SUBMITTED, "claim.submitted:request:1")
        emit(events.CLAIM_SEEN_AGAIN, "claim.seen_again:alert:1")
        emit(events.CLAIM_SEEN_AGAIN, "claim.seen_again:alert:1")  # the same event again
        processes.wait_until(lambda: all_delivered(5), timeout=60, what="five deliveries")
    published = f"claim.published:verdict:{verdict.pk}"
    assert webhook_receiver.keys("/everything") == {
        published,
        "verdict.corrected:verdict:900",
        "claim.submitted:request:1",
        "claim.seen_again:alert:1",
    }
    assert webhook_receiver.keys("/published") == {published}
    assert all(r.signed for r in webhook_receiver.received)
    assert len(webhook_receiver.received) == 5  # nothing arrived twice
    assert Delivery.objects.filter(attempts=1, last_status=200).count() == 5


def test_a_receiver_that_fails_twice_has_it_after_three_attempts(
    webhook_receiver: Any, editor: Any
) -> None:
    endpoint_for(webhook_receiver, editor, "/hook")
    webhook_receiver.fail = 2
    processes.purge_broker()
    beat = processes.start_beat(**FAST)
    try:
        with processes.worker(**FAST):
            emit(events.CLAIM_PUBLISHED, "claim.published:verdict:1")
            processes.wait_until(lambda: all_delivered(1), timeout=60, what="the third attempt")
    finally:
        beat.stop()
    delivery = Delivery.objects.get()
    assert delivery.attempts == 3 and delivery.last_status == 200 and not delivery.last_error
    assert webhook_receiver.count("claim.published:verdict:1") == 1


def test_a_receiver_that_times_out_is_retried_and_shown_as_timed_out(
    webhook_receiver: Any, editor: Any, editor_client: Any
) -> None:
    endpoint = endpoint_for(webhook_receiver, editor, "/slow")
    webhook_receiver.hold, webhook_receiver.hold_seconds = 100, 3.0
    env = {**FAST, "WEBHOOK_TIMEOUT": "1"}
    processes.purge_broker()
    beat = processes.start_beat(**env)
    try:
        with processes.worker(**env):
            emit(events.CLAIM_PUBLISHED, "claim.published:verdict:1")
            processes.wait_until(
                lambda: Delivery.objects.filter(attempts__gte=2).exists(),
                timeout=60,
                what="a second attempt after a timeout",
            )
            page = editor_client.get(f"/webhooks/{endpoint.pk}/").content.decode()
            assert "Timed out: no answer within 1 s." in page
            webhook_receiver.hold = 0  # the receiver is quick again
            webhook_receiver.release.set()
            processes.wait_until(lambda: all_delivered(1), timeout=60, what="delivered at last")
    finally:
        beat.stop()
    # the receiver may have finished a request the desk had stopped waiting for: it drops the
    # repeat by its Webhook-Id
    assert webhook_receiver.keys() == {"claim.published:verdict:1"}


def test_a_private_address_is_refused_at_send_by_the_worker(
    webhook_receiver: Any, editor: Any
) -> None:
    endpoint_for(webhook_receiver, editor, "/hook")  # saved while allowed (or its name moved)
    processes.purge_broker()
    with processes.worker(**{**FAST, "LOOKUPS_ALLOW_PRIVATE_ADDRESSES": "false"}):
        emit(events.CLAIM_PUBLISHED, "claim.published:verdict:1")
        processes.wait_until(
            lambda: Delivery.objects.filter(failed=True).exists(), timeout=60, what="refused"
        )
    assert Delivery.objects.get().last_error == INSIDE
    assert webhook_receiver.received == []


def test_a_paused_endpoint_receives_nothing_until_resumed(
    webhook_receiver: Any, editor: Any
) -> None:
    endpoint = endpoint_for(webhook_receiver, editor, "/hook")
    processes.purge_broker()
    with processes.worker(**FAST):
        emit(events.CLAIM_PUBLISHED, "claim.published:verdict:1")
        processes.wait_until(lambda: all_delivered(1), timeout=60, what="the first event")
        services.endpoint_pause(actor=editor, endpoint_id=endpoint.pk)
        emit(events.CLAIM_PUBLISHED, "claim.published:verdict:2")
        services.endpoint_resume(actor=editor, endpoint_id=endpoint.pk)
        emit(events.CLAIM_PUBLISHED, "claim.published:verdict:3")
        processes.wait_until(lambda: all_delivered(2), timeout=60, what="the event after resume")
    assert webhook_receiver.keys() == {"claim.published:verdict:1", "claim.published:verdict:3"}


@pytest.mark.production  # a fault of the production pairing: run once, in the PostgreSQL pass
def test_a_worker_killed_mid_delivery_loses_nothing(webhook_receiver: Any, editor: Any) -> None:
    endpoint_for(webhook_receiver, editor, "/hook")
    webhook_receiver.hold, webhook_receiver.hold_seconds = 1, 60.0
    # the lease (timeout + WEBHOOK_LEASE_SECONDS) runs out 9 s after the killed send began
    env = {**FAST, "WEBHOOK_TIMEOUT": "8", "WEBHOOK_LEASE_SECONDS": "1"}
    processes.purge_broker()
    beat = processes.start_beat(**env)
    worker = processes.start_worker(concurrency=1, **env)
    try:
        emit(events.CLAIM_PUBLISHED, "claim.published:verdict:1")
        processes.wait_until(
            lambda: webhook_receiver.holding == 1, timeout=60, what="the receiver holding it"
        )
        worker.signal(signal.SIGKILL)
        worker.popen.wait()
        worker.stop()
        # the receiver then takes the request the desk never heard answered
        webhook_receiver.release.set()
        worker = processes.start_worker(concurrency=1, **env)
        processes.wait_until(lambda: all_delivered(1), timeout=90, what="sent again after the kill")
    finally:
        worker.stop()
        beat.stop()
    delivery = Delivery.objects.get()
    assert delivery.attempts == 1  # the killed attempt never finished; the second did
    assert webhook_receiver.keys() == {"claim.published:verdict:1"}
    assert 1 <= webhook_receiver.count("claim.published:verdict:1") <= 2
