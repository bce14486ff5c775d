"""Claims that say the same thing: exact duplicates share a fingerprint; near matches come from
PostgreSQL's trigram index over the normalised text (pg_trgm), or on SQLite from word overlap."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Case, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat

from claims import text
from claims.models import BULKY_FIELDS, Claim, SimilarityKey

CANDIDATES = 200
MIN_SCORE = 0.3
KEY_THRESHOLD = 0.5  # trigram similarity of content words that counts as "much the same"
_CJK_PAIR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class Match:
    claim: Claim
    score: float
    exact: bool


def _words(normalized: str) -> set[str]:
    return set(text.search_terms(text.content_words(normalized), limit=64))


def score(a: str, b: str) -> float:
    """Word overlap of two normalised texts (0..1), weighted to the shorter one."""
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    shared = len(left & right)
    return (shared / min(len(left), len(right)) + shared / len(left | right)) / 2


def similar_claims(
    claim_text: str,
    *,
    exclude_id: int | None = None,
    queryset: QuerySet[Claim] | None = None,
    limit: int = 5,
) -> list[Match]:
    """The claims most like this text, best first; exact duplicates score 1."""
    normalized = text.normalize_claim(claim_text)
    if not _words(normalized):
        return []
    base = queryset if queryset is not None else Claim.objects.all()
    if exclude_id is not None:
        base = base.exclude(pk=exclude_id)
    fingerprint = text.fingerprint(normalized)
    if connection.vendor == "postgresql":
        scored = _trigram_matches(base, normalized, limit)
    else:
        scored = _overlap_matches(base, normalized)
    matches = [
        Match(
            other,
            1.0 if other.fingerprint == fingerprint else round(value, 3),
            other.fingerprint == fingerprint,
        )
        for other, value in scored
    ]
    matches = [m for m in matches if m.score >= MIN_SCORE]
    matches.sort(key=lambda m: (-m.exact, -m.score, -m.claim.pk))  # the same text first
    return matches[:limit]


def _trigram_matches(
    base: QuerySet[Claim], normalized: str, limit: int
) -> list[tuple[Claim, float]]:
    """PostgreSQL: the trigram GIN index on the claims' content words answers
    `words % query` (the threshold set for this transaction only); the best are ranked by
    similarity, then read as claims through `base`, which may narrow them further."""
    words = text.content_words(normalized)
    if not words:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [KEY_THRESHOLD])
        ranked = list(
            SimilarityKey.objects.filter(words__trigram_similar=words)
            .annotate(similarity=TrigramSimilarity("words", words))
            .order_by("-similarity", "-pk")
            .values_list("pk", "similarity")[: limit * 10]
        )
    found = base.filter(pk__in=[pk for pk, _ in ranked]).select_related("claimant")
    claims = {claim.pk: claim for claim in found.defer(*BULKY_FIELDS)}
    return [(claims[pk], float(value)) for pk, value in ranked if pk in claims]


def _overlap_matches(base: QuerySet[Claim], normalized: str) -> list[tuple[Claim, float]]:
    """SQLite: claims sharing whole words (a Chinese pair inside a run), the ones sharing most
    first, then ranked by word overlap. Whole words, so that "a" or "in" does not match every
    claim as a substring, and the candidates are those sharing most words, not the newest."""
    words = _words(normalized)
    if not words:
        return []
    padded = Concat(Value(" "), "normalized_text", Value(" "), output_field=TextField())
    conditions = [
        Q(normalized_text__contains=word)
        if _CJK_PAIR.fullmatch(word)
        else Q(padded__contains=f" {word} ")
        for word in words
    ]
    hits = sum(
        (Case(When(condition, then=Value(1)), default=Value(0)) for condition in conditions),
        start=Value(0),
    )
    any_word = Q()
    for condition in conditions:
        any_word |= condition
    pool = (
        base.annotate(padded=padded)
        .filter(any_word)
        .annotate(hits=hits)
        .select_related("claimant")
        .order_by("-hits", "-created_at")[:CANDIDATES]
    )
    return [(other, score(normalized, text.normalize_claim(other.text))) for other in pool]
