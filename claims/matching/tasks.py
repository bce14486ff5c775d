"""Celery tasks of claim matching: thin, idempotent, taking primary keys."""

from __future__ import annotations

from celery import shared_task

from claims.matching import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def embed_claim(claim_id: int) -> None:
    services.claim_embed(claim_id=claim_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def embed_appearance(appearance_id: int) -> None:
    services.appearance_embed(appearance_id=appearance_id)
