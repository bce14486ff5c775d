"""The lexical leg: terms, their storage, and BM25 over the in-memory postings."""

from __future__ import annotations

import random

import numpy as np

from benchmarks import generate
from claims.matching import index, lexical, model


def test_terms_are_stems_numbers_and_chinese_pairs():
    assert lexical.terms("Nations reached 16,000 cities; 9.1% more") == [
        "nation",
        "reach",
        "16000",
        "city",
        "9.1",
        "more",
    ]
    assert lexical.terms("Китай, Китая, Китаем; 7,4 процента") == ["кита", "кита", "кита", "7.4"]
    assert lexical.terms("中国在2060年前") == ["中国", "国在", "2060", "年前"]


def test_filler_words_emoji_and_punctuation_are_no_terms():
    assert lexical.terms("🙂🔥 … ?!") == []
    assert lexical.terms("It is said that the") == []
    # a one-letter word that is not filler is a term of its own, never a substring
    assert lexical.terms("x y") == ["x", "y"]


def test_packed_terms_come_back_with_their_counts():
    counts = lexical.term_counts("bus bus bus fares")
    hashes, tf = lexical.unpack_terms(lexical.pack_terms(counts))
    assert dict(zip(hashes.tolist(), tf.tolist(), strict=True)) == counts
    assert sorted(tf.tolist()) == [1, 3]


def row(claim_id: int, claim_text: str) -> index.Row:
    from datetime import UTC, datetime

    vector = np.zeros(model.DIM, np.float32)
    vector[claim_id % model.DIM] = 1.0
    return index.Row(
        claim_id,
        datetime.now(UTC),
        model.to_bytes(vector),
        lexical.pack_terms(lexical.term_counts(claim_text)),
    )


def test_a_claim_is_found_by_its_own_text_among_thousands():
    rng = random.Random(7)
    texts = [generate.claim_text(rng, rng.choice(["en", "ru", "zh"])) for _ in range(5000)]
    built = index.MatchIndex()
    built.load(row(i + 1, t) for i, t in enumerate(texts))
    for position in rng.sample(range(len(texts)), 40):
        slots, scores, self_score = built.lexical(lexical.term_counts(texts[position]), 5)
        best = [int(built.ids[s]) for s in slots]
        # generated claims repeat each other; a twin with the very same terms may tie
        assert position + 1 in best[:2] or scores[0] == scores[best.index(position + 1)]
        assert 0.9 <= scores[0] / self_score <= 1.1


def test_the_index_agrees_with_plain_bm25_and_takes_claims_added_later():
    rng = random.Random(3)
    texts = [generate.claim_text(rng, "en") for _ in range(300)]
    built = index.MatchIndex()
    built.load(row(i + 1, t) for i, t in enumerate(texts[:200]))
    built.add([row(i + 1, t) for i, t in enumerate(texts[200:], start=200)])  # the recent dict
    reference = lexical.SmallBm25([lexical.terms(t) for t in texts])
    query = texts[250]
    slots, scores, _ = built.lexical(lexical.term_counts(query), 5)
    expected = reference.rank(lexical.terms(query), limit=5)
    assert [int(built.ids[s]) - 1 for s in slots] == [p for p, _ in expected]
    assert np.allclose(scores, [v for _, v in expected], rtol=1e-3)
    built.merge()  # the same after the recent postings joined the sorted block
    slots_after, scores_after, _ = built.lexical(lexical.term_counts(query), 5)
    assert slots_after.tolist() == slots.tolist()
    assert np.allclose(scores_after, scores)


def test_a_replaced_claim_is_found_by_its_new_text_only():
    built = index.MatchIndex()
    built.load([row(1, "Wind farms kill more birds than cats."), row(2, "Solar is cheap.")])
    built.add([row(1, "Hot water freezes faster than cold water.")])
    assert built.live == 2 and built.dead == 1
    slots, _, _ = built.lexical(lexical.term_counts("birds cats wind"), 5)
    assert slots.size == 0
    slots, _, _ = built.lexical(lexical.term_counts("hot water freezes"), 5)
    assert [int(built.ids[s]) for s in slots] == [1]
    assert built.semantic(model.sign_codes(np.ones((1, model.DIM)))[0], 5).size == 2
