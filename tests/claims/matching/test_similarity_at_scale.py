"""Today's similar claims (claims.similarity, which the claim page and the analysis use) find a
claim by its own text among thousands: on SQLite by whole words ranked by how many they share,
no longer by substrings among the 200 newest; on PostgreSQL through the trigram index."""

from __future__ import annotations

import random

import pytest

from benchmarks import generate
from claims import similarity, text
from claims.models import Claim, SimilarityKey
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_a_claim_is_found_by_its_own_text_among_three_thousand():
    rng = random.Random(20)
    author = ClaimFactory().created_by
    rows = []
    for lang in rng.choices(["en", "ru", "zh"], k=3000):
        body = generate.claim_text(rng, lang)
        normalized = text.normalize_claim(body)
        rows.append(
            Claim(
                text=body,
                language=lang,
                created_by=author,
                normalized_text=normalized,
                fingerprint=text.fingerprint(normalized),
            )
        )
    claims = Claim.objects.bulk_create(rows)
    SimilarityKey.objects.bulk_create(
        SimilarityKey(claim=c, words=text.content_words(c.normalized_text)) for c in claims
    )
    # the oldest claims: the ones the 200-newest pool never reached
    for claim in rng.sample(claims[:1000], 20):
        found = similarity.similar_claims(claim.text, limit=5)
        assert found[0].exact and found[0].claim.fingerprint == claim.fingerprint
