"""What claim matching stores for each claim: its sentence embedding and its lexical terms."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from claims.models.core import Claim


class ClaimEmbedding(models.Model):
    """A claim's multilingual sentence vector (float16) and its BM25 terms (hashes with
    counts), computed by the worker from the claim's text (claims.matching.services).

    `fingerprint` is the claim's normalised-text fingerprint the row was computed from, so a
    claim whose text changed since is found by comparing it with `Claim.fingerprint`; every
    process's in-memory index follows the table through `updated_at` (claims.matching.index).
    """

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    model = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    vector = models.BinaryField()
    terms = models.BinaryField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["updated_at", "claim"], name="claim_embedding_updated")]

    def __str__(self) -> str:
        return f"{self.model} vector of claim {self.claim_id}"
