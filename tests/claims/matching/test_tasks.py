"""The worker step: the task embeds a claim once, again only when its text changed, the claim's
analysis enqueues it after commit, and the sweep finds what a lost message left owed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims import services as claim_services
from claims import text
from claims.matching import lexical, model, services, tasks
from claims.models import Claim, ClaimEmbedding
from tests import processes
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_the_task_stores_the_vector_and_terms_once(django_assert_num_queries):
    claim = ClaimFactory(text="Shenzhen replaced all of its 16,000 city buses with electric ones.")
    tasks.embed_claim(claim.pk)
    stored = ClaimEmbedding.objects.get(claim=claim)
    assert stored.model == model.NAME
    assert stored.fingerprint == text.fingerprint(text.normalize_claim(claim.text))
    vector = model.from_bytes(bytes(stored.vector))
    assert vector.shape == (model.DIM,)
    assert abs(float(vector @ vector) - 1.0) < 0.01
    hashes, _ = lexical.unpack_terms(bytes(stored.terms))
    assert lexical.term_hash("16000") in hashes.tolist()
    # a second message for the same text reads two rows and writes nothing
    with django_assert_num_queries(2):
        tasks.embed_claim(claim.pk)
    assert ClaimEmbedding.objects.get(claim=claim).updated_at == stored.updated_at


def test_an_edited_claim_is_embedded_again(reviewer):
    claim = claim_services.claim_create(
        actor=reviewer,
        fields=claim_services.ClaimFields(text="Twenty projects are running.", language="en"),
    )
    tasks.embed_claim(claim.pk)
    first = ClaimEmbedding.objects.get(claim=claim)
    claim_services.claim_update(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=1,
        fields=claim_services.ClaimFields(text="Проекты закрыты.", language="ru"),
    )
    tasks.embed_claim(claim.pk)
    second = ClaimEmbedding.objects.get(claim=claim)
    assert second.fingerprint != first.fingerprint
    assert bytes(second.vector) != bytes(first.vector)
    assert second.updated_at > first.updated_at


def test_a_missing_claim_is_a_no_op():
    tasks.embed_claim(987_654)
    assert not ClaimEmbedding.objects.exists()


def test_the_analysis_enqueues_the_embedding_once_it_commits(django_capture_on_commit_callbacks):
    claim = ClaimFactory(text="Norway sold more electric cars than petrol cars in 2021.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert claim_services.claim_analyse(claim_id=claim.pk)
    assert len(callbacks) == 1  # published by the real worker test below
    assert not ClaimEmbedding.objects.exists()


def test_the_sweep_finds_claims_without_a_current_embedding(settings):
    settings.SWEEP_GRACE_SECONDS = 60  # the suite's 2 s is shorter than a busy machine's pause
    old = timezone.now() - timedelta(minutes=10)
    missing, current, stale, fresh = (
        ClaimFactory(text=f"Claim {word} about buses.") for word in ("one", "two", "three", "four")
    )
    for claim in (missing, current, stale, fresh):
        claim_services.claim_analyse(claim_id=claim.pk)
    Claim.objects.exclude(pk=fresh.pk).update(analysed_at=old, updated_at=old)
    services.claims_embed(claim_ids=[current.pk, stale.pk])
    Claim.objects.filter(pk=stale.pk).update(text="Claim three about trams.", fingerprint="x")
    # `fresh` is still within the grace period: its own message may be on the way
    owed = services.embedding_owed()
    assert [args[0] for _task, args in owed] == [missing.pk, stale.pk]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_embeds_saved_claims_and_what_the_sweep_sends(reviewer):
    from claims.matching import match

    # written without their on-commit publish, as if the broker had been down
    lost = ClaimFactory(text="Lake Baikal holds a fifth of the world's unfrozen fresh water.")
    Claim.objects.filter(pk=lost.pk).update(analysed_at=timezone.now() - timedelta(minutes=5))
    processes.purge_broker()
    with processes.worker():
        claim = claim_services.claim_create(
            actor=reviewer,
            fields=claim_services.ClaimFields(
                text="Россия — крупнейший в мире экспортёр пшеницы.", language="ru"
            ),
        )
        assert services.embedding_sweep() == 1
        processes.wait_until(
            lambda: ClaimEmbedding.objects.filter(claim_id__in=[claim.pk, lost.pk]).count() == 2,
            what="embeddings by the worker",
        )
    assert [s.claim_id for s in match("Russia exports more wheat than any other country.")] == [
        claim.pk
    ]
    assert [s.claim_id for s in match("Байкал хранит пятую часть пресной воды планеты.")] == [
        lost.pk
    ]
