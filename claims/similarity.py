"""Claims that say the same thing: exact duplicates share a fingerprint (indexed); near
matches are scored by word overlap of the normalised texts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from claims import text
from claims.models import SEARCH_CONFIG, Claim

CANDIDATES = 200
MIN_SCORE = 0.3
# Words too common in claims to say two claims are about the same thing.
_STOPWORD_TEXT = (
    "the a an of in on to and or is are was were be by for with that this it its as at from "
    "will has have had more than most percent per cent "
    "и в на с по что это как не из к до за "
    "的 了 在 是 和"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class Match:
    claim: Claim
    score: float
    exact: bool


def _words(normalized: str) -> set[str]:
    return {w for w in text.search_terms(normalized, limit=64) if w not in STOPWORDS}


def score(a: str, b: str) -> float:
    """Word overlap of two normalised texts (0..1), weighted to the shorter one."""
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    shared = len(left & right)
    return (shared / min(len(left), len(right)) + shared / len(left | right)) / 2


def _candidates(queryset: QuerySet[Claim], words: set[str]) -> QuerySet[Claim]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        query = " | ".join(sorted(words))
        return queryset.filter(
            search_vector=SearchQuery(query, config=SEARCH_CONFIG, search_type="raw")
        )
    condition = Q()
    for word in words:
        condition |= Q(search_text__contains=word)
    return queryset.filter(condition)


def similar_claims(
    claim_text: str,
    *,
    exclude_id: int | None = None,
    queryset: QuerySet[Claim] | None = None,
    limit: int = 5,
) -> list[Match]:
    normalized = text.normalize_claim(claim_text)
    words = _words(normalized)
    if not words:
        return []
    base = queryset if queryset is not None else Claim.objects.all()
    if exclude_id is not None:
        base = base.exclude(pk=exclude_id)
    fingerprint = text.fingerprint(normalized)
    pool = _candidates(base, words).select_related("claimant").order_by("-created_at")[:CANDIDATES]
    matches = []
    for other in pool:
        exact = other.fingerprint == fingerprint
        value = 1.0 if exact else score(normalized, text.normalize_claim(other.text))
        if value >= MIN_SCORE:
            matches.append(Match(other, round(value, 3), exact))
    matches.sort(key=lambda m: (-m.score, -m.claim.pk))
    return matches[:limit]
