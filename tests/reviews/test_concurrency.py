"""Lost updates, with two real transactions at once (threads with their own connections).
PostgreSQL takes row locks; on SQLite the IMMEDIATE transactions serialise writers instead, so
the same guarantees are checked there too."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from claims import services as claim_services
from claims.models import AuditEvent, Claim
from reviews import services
from reviews.models import Verdict
from tests.reviews import workflow as wf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment in threads; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what we assert on
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_editors_approving_at_once_publish_exactly_once(reviewer, editor, editor2):
    for _ in range(4):
        verdict = wf.submitted(reviewer)
        results = race(
            lambda v=verdict: services.verdict_approve(
                actor=editor, verdict_id=v.pk, expected_version=v.version
            ),
            lambda v=verdict: services.verdict_approve(
                actor=editor2, verdict_id=v.pk, expected_version=v.version
            ),
        )
        wins = [r for r in results if isinstance(r, Verdict)]
        losses = [r for r in results if isinstance(r, services.Conflict | services.WorkflowError)]
        assert len(wins) == 1 and len(losses) == 1, results
        events = AuditEvent.objects.filter(claim=verdict.claim, verb="verdict_approved")
        assert events.count() == 1
        assert wf.reload(verdict).decided_by == wins[0].decided_by


def test_two_people_saving_the_same_claim_version_lose_nothing(reviewer, editor):
    claim = wf.in_review(reviewer)
    base = wf.reload(claim)

    def edit(actor: Any, text: str) -> Any:
        return claim_services.claim_update(
            actor=actor,
            claim_id=claim.pk,
            expected_version=base.version,
            fields=claim_services.ClaimFields(text=text, language="en"),
        )

    results = race(
        lambda: edit(reviewer, "Wording from rita."), lambda: edit(editor, "Wording from eddie.")
    )
    saved = [r for r in results if isinstance(r, Claim)]
    stale = [r for r in results if isinstance(r, claim_services.StaleVersion)]
    assert len(saved) == 1 and len(stale) == 1, results
    assert wf.reload(claim).text == saved[0].text
    assert stale[0].events and stale[0].events[0].details["changes"]["text"][1] == saved[0].text


def test_a_writer_waits_for_the_row_lock_instead_of_overwriting(reviewer, editor):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite locks the whole database")
    claim = wf.in_review(reviewer)
    holding, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        with transaction.atomic():
            Claim.objects.select_for_update().get(pk=claim.pk)
            holding.set()
            release.wait(10)
        connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    holding.wait(10)
    finished: list[float] = []

    def take() -> None:
        services.claims_assign(actor=editor, claim_ids=[claim.pk], assignee=editor)
        finished.append(time.monotonic())
        connections.close_all()

    taker = threading.Thread(target=take)
    taker.start()
    time.sleep(0.5)
    assert not finished  # blocked on the lock
    released_at = time.monotonic()
    release.set()
    holder.join(10)
    taker.join(10)
    assert finished and finished[0] >= released_at
    assert wf.reload(claim).assignee == editor
