"""The background pipe with real parts: a Celery worker process, the broker the test run uses
(Redis in CI), and the test database shared with the worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services, text
from claims.models import Claim
from tests import processes
from tests.conftest import HTMX
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def analysed(pk: int) -> bool:
    return Claim.objects.filter(pk=pk, analysed_at__isnull=False).exists()


def test_saving_a_claim_has_a_real_worker_fingerprint_it(reviewer_client):
    processes.purge_broker()
    with processes.worker():
        reviewer_client.post(
            reverse("claims:create"),
            {
                "text": "Cities put out  roughly 70% of CO2 emissions!",
                "language": "en",
                "claim_type": "quantity",
            },
        )
        claim = Claim.objects.get()
        processes.wait_until(lambda: analysed(claim.pk), what="analysis by the worker")
    claim.refresh_from_db()
    assert claim.normalized_text == "cities put out roughly 70% of co2 emissions"
    assert claim.fingerprint == text.fingerprint(claim.normalized_text)
    panel = reviewer_client.get(reverse("reviews:analysis", args=[claim.pk]), **HTMX)
    assert "Check-worthiness" in panel.content.decode()


def test_edited_text_is_analysed_again(reviewer_client, reviewer):
    processes.purge_broker()
    with processes.worker():
        claim = services.claim_create(
            actor=reviewer,
            fields=services.ClaimFields(text="Twenty projects are running.", language="en"),
        )
        processes.wait_until(lambda: analysed(claim.pk))
        first = Claim.objects.get(pk=claim.pk).fingerprint
        services.claim_update(
            actor=reviewer,
            claim_id=claim.pk,
            expected_version=1,
            fields=services.ClaimFields(text="Thirty projects are running.", language="en"),
        )
        processes.wait_until(lambda: analysed(claim.pk))
    assert Claim.objects.get(pk=claim.pk).fingerprint != first


def test_the_sweeper_catches_up_on_analyses_whose_message_was_lost():
    # Rows written without their on-commit publish: as if the broker had been down.
    owed = [ClaimFactory(text=f"Owed claim number {i}") for i in range(5)]
    Claim.objects.update(updated_at=timezone.now() - timedelta(minutes=5))
    assert Claim.objects.analysis_owed().count() == 5
    processes.purge_broker()
    with processes.worker():
        assert services.analysis_sweep() == 5
        processes.wait_until(
            lambda: not Claim.objects.analysis_owed().exists(), what="sweeper's work"
        )
    assert all(analysed(c.pk) for c in owed)
