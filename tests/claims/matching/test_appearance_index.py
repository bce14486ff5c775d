"""Appearances in the matching index: a text worded as an appearance finds its claim, the
claim comes back once, and the index follows appearances added after it was built."""

from __future__ import annotations

import pytest

from claims import services as claim_services
from claims.matching import index, match, search, services
from claims.models import AppearanceEmbedding
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

CLAIM = "The city planted one million trees in five years."
# The same claim as a speaker put it: hardly a word in common with the claim's own text.
APPEARANCE = "Over half a decade, Dushanbe's municipality got 1,000,000 saplings into the ground."


@pytest.fixture
def claims(reviewer):
    planted = ClaimFactory(text=CLAIM)
    other = ClaimFactory(text="Bus fares in the capital fell by a fifth last spring.")
    services.claims_embed(claim_ids=[planted.pk, other.pk])
    appearance = claim_services.appearance_add(
        actor=reviewer,
        claim_id=planted.pk,
        fields=claim_services.AppearanceFields(text=APPEARANCE, language="en"),
    )
    return planted, other, appearance


def test_an_appearance_is_embedded_pointing_at_its_claim(claims):
    planted, _other, appearance = claims
    assert services.appearance_embed(appearance_id=appearance.pk) is True
    stored = AppearanceEmbedding.objects.get(appearance=appearance)
    assert stored.claim_id == planted.pk
    assert services.appearance_embed(appearance_id=appearance.pk) is False  # idempotent


def test_a_text_worded_as_the_appearance_finds_the_claim_once(claims):
    planted, _other, appearance = claims
    before = {s.claim_id: s for s in match(APPEARANCE, limit=5)}
    services.appearance_embed(appearance_id=appearance.pk)
    after = match(APPEARANCE, limit=5)
    assert [s.claim_id for s in after][:1] == [planted.pk]
    assert [s.claim_id for s in after].count(planted.pk) == 1
    # the appearance's own words now carry the match: more than the claim's vector alone
    assert "lexical" in after[0].legs
    assert after[0].score > before.get(planted.pk, after[0]).score - 1e-9
    assert planted.pk not in before or after[0].score - before[planted.pk].score > 0.1


def test_the_index_follows_appearances_added_after_it_was_built(claims):
    planted, _other, appearance = claims
    built = index.current()
    assert built.aliases == 0 and built.keys is built.ids  # no extra memory before
    services.appearance_embed(appearance_id=appearance.pk)
    refreshed = index.current(force=True)
    slot = refreshed.slot(index.appearance_key(appearance.pk))
    assert slot is not None and int(refreshed.ids[slot]) == planted.pk
    assert refreshed.slot(planted.pk) is not None  # the claim's own slot is kept


def test_lexical_leg_returns_a_claim_once_through_its_best_slot(claims):
    planted, _other, appearance = claims
    services.appearance_embed(appearance_id=appearance.pk)
    current = index.current(force=True)
    from claims.matching import lexical

    slots, _scores, _self = current.lexical(lexical.term_counts(APPEARANCE + " " + CLAIM), 5)
    owners = [int(current.ids[s]) for s in slots]
    assert owners.count(planted.pk) == 1


def test_owed_sweep_sends_appearances_without_a_vector(claims, settings):
    _planted, _other, appearance = claims
    settings.SWEEP_GRACE_SECONDS = -5
    owed = services.embedding_owed()
    assert (services.APPEARANCE_EMBED_TASK, (appearance.pk,)) in owed
    services.appearance_embed(appearance_id=appearance.pk)
    assert (services.APPEARANCE_EMBED_TASK, (appearance.pk,)) not in services.embedding_owed()


def test_a_claim_is_scored_by_its_closest_wording_claim_or_appearance(claims):
    planted, _other, appearance = claims
    services.appearance_embed(appearance_id=appearance.pk)
    (top, *_rest) = match(APPEARANCE, limit=5)
    assert top.claim_id == planted.pk
    # the cosine is the appearance's own (the same text), not the claim's wording's
    assert top.semantic == pytest.approx(1.0, abs=0.01)
    assert search.similarity(APPEARANCE, CLAIM) < 0.95
    # the batch door (proposals, CSV rows) scores it the same way
    ((batch_top, *_),) = search.match_many([search.Query(APPEARANCE)], limit=5)
    assert (batch_top.claim_id, batch_top.semantic) == (planted.pk, top.semantic)
    # and the public-corpus ranking reads the appearance's vector too
    ranked = search.rank(APPEARANCE, index.current(), lambda ids: search._read(ids, None))
    assert ranked[0].semantic == top.semantic
