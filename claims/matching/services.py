"""The worker step of claim matching: embed a claim (or an appearance of one), enqueue it after
a save, sweep up the claims and appearances whose embedding is missing or out of date."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims import text
from claims.matching import index, lexical, model
from claims.models import Appearance, AppearanceEmbedding, Claim, ClaimEmbedding
from foundation import background

logger = logging.getLogger(__name__)
SWEEP_WINDOW = timedelta(days=2)  # how far back edited claims are checked for stale vectors


def claim_embed(*, claim_id: int) -> bool:
    """Store the claim's sentence vector and terms. Idempotent: a claim already embedded
    from its current text by the current model costs two queries and writes nothing. Writes
    only if the text is still the one embedded, so a late task never overwrites the vector of
    a newer text (that text's own task follows)."""
    claim = Claim.objects.filter(pk=claim_id).values("text").first()
    if claim is None:
        return False
    claim_text = claim["text"]
    fingerprint = text.fingerprint(text.normalize_claim(claim_text))
    stored = (
        ClaimEmbedding.objects.filter(claim_id=claim_id).values_list("model", "fingerprint").first()
    )
    if stored == (model.NAME, fingerprint):
        return False
    vector = model.embed_one(claim_text)
    terms = lexical.pack_terms(lexical.term_counts(claim_text))
    with transaction.atomic():
        if not Claim.objects.filter(pk=claim_id, text=claim_text).exists():
            return False
        ClaimEmbedding.objects.update_or_create(
            claim_id=claim_id,
            defaults={
                "model": model.NAME,
                "fingerprint": fingerprint,
                "vector": model.to_bytes(vector),
                "terms": terms,
                "updated_at": timezone.now(),
            },
        )
    return True


def claims_embed(*, claim_ids: list[int], batch: int = 256) -> int:
    """Embed many claims at once (a backfill, a new model): one model call and one write per
    batch. Returns how many rows were written."""
    written = 0
    for start in range(0, len(claim_ids), batch):
        part = claim_ids[start : start + batch]
        found = list(Claim.objects.filter(pk__in=part).values_list("pk", "text"))
        if not found:
            continue
        vectors = model.embed([claim_text for _, claim_text in found])
        now = timezone.now()
        rows = [
            ClaimEmbedding(
                claim_id=pk,
                model=model.NAME,
                fingerprint=text.fingerprint(text.normalize_claim(claim_text)),
                vector=model.to_bytes(vector),
                terms=lexical.pack_terms(lexical.term_counts(claim_text)),
                updated_at=now,
            )
            for (pk, claim_text), vector in zip(found, vectors, strict=True)
        ]
        ClaimEmbedding.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["claim"],
            update_fields=["model", "fingerprint", "vector", "terms", "updated_at"],
        )
        written += len(rows)
    return written


EMBED_TASK = "claims.matching.tasks.embed_claim"


def embedding_enqueue(claim_id: int) -> None:
    """Embed the claim in the worker once the current transaction commits (a broker that is
    down is logged and left to the sweep, as for every other background step)."""
    background.send(EMBED_TASK, claim_id)


APPEARANCE_EMBED_TASK = "claims.matching.tasks.embed_appearance"


def appearance_embed(*, appearance_id: int) -> bool:
    """Store an appearance's vector and terms, pointing at its claim: the index maps them to
    the claim, so a text in the appearance's wording finds it. Idempotent like claim_embed (an
    appearance's text never changes; its claim may, when the claim is merged)."""
    found = Appearance.objects.filter(pk=appearance_id).values("text", "claim_id").first()
    if found is None:
        return False
    fingerprint = text.fingerprint(text.normalize_claim(found["text"]))
    stored = (
        AppearanceEmbedding.objects.filter(appearance_id=appearance_id)
        .values_list("model", "fingerprint", "claim_id")
        .first()
    )
    if stored == (model.NAME, fingerprint, found["claim_id"]):
        return False
    vector = model.embed_one(found["text"])
    AppearanceEmbedding.objects.update_or_create(
        appearance_id=appearance_id,
        defaults={
            "claim_id": found["claim_id"],
            "model": model.NAME,
            "fingerprint": fingerprint,
            "vector": model.to_bytes(vector),
            "terms": lexical.pack_terms(lexical.term_counts(found["text"])),
            "updated_at": timezone.now(),
        },
    )
    return True


def appearance_embedding_enqueue(appearance_id: int) -> None:
    background.send(APPEARANCE_EMBED_TASK, appearance_id)


def embedding_owed(limit: int = 500) -> list[background.Work]:
    """Claims the worker has analysed that have no embedding yet, or one from another model
    or an older text (edited in the last SWEEP_WINDOW); then appearances without one."""
    cutoff = timezone.now() - timedelta(seconds=settings.SWEEP_GRACE_SECONDS)
    missing = list(
        Claim.objects.filter(analysed_at__isnull=False, analysed_at__lt=cutoff)
        .filter(embedding__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    stale = list(
        Claim.objects.filter(
            updated_at__gte=timezone.now() - SWEEP_WINDOW,
            analysed_at__isnull=False,
            analysed_at__lt=cutoff,
            embedding__isnull=False,
        )
        .filter(~Q(embedding__model=model.NAME) | ~Q(embedding__fingerprint=F("fingerprint")))
        .order_by("id")
        .values_list("id", flat=True)[: max(limit - len(missing), 0)]
    )
    owed: list[background.Work] = [(EMBED_TASK, (claim_id,)) for claim_id in missing + stale]
    room = max(limit - len(owed), 0)
    appearances = (
        Appearance.objects.filter(created_at__lt=cutoff)
        .filter(Q(embedding__isnull=True) | ~Q(embedding__model=model.NAME))
        .order_by("id")
        .values_list("id", flat=True)[:room]
    )
    owed += [(APPEARANCE_EMBED_TASK, (appearance_id,)) for appearance_id in appearances]
    return owed


def embedding_sweep(*, limit: int = 500) -> int:
    """Re-send the embeddings still owed: the publish may have failed (broker down) or the
    message may have died with a worker."""
    return background.resend("claim embeddings", limit=limit)


def warm_in_background() -> threading.Thread:
    """Load the model and build this process's index in a thread of its own, so that the
    first request that matches does not wait for them (5.5 s at 100,000 claims). Called once
    per web process, from the WSGI module. A failure (a database not yet migrated) is logged
    and left to the first match, which builds the index itself."""

    def warm() -> None:
        try:
            model.embed_one("warm up")
            index.current()
        except Exception:  # the first match will try again, and report what it finds
            logger.warning("Warming the matching index failed", exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=warm, name="matching-warm", daemon=True)
    thread.start()
    return thread
