"""`match()`: the claims already on the desk that say what a text says, in any of its
languages and wordings.

Two legs find candidates: the semantic leg (nearest sign codes of the multilingual sentence
vectors, then the exact cosine from the stored vectors) and the lexical leg (BM25 over the
claims' terms). Their scores are fused into one, the guard compares numbers, negations,
superlatives, places and speakers of the best ones, and a difference costs a candidate its
place above candidates without one: it is reported as related, never as the same claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from claims.matching import guard, index, lexical, model
from claims.models import AppearanceEmbedding, ClaimEmbedding

SEMANTIC_SHORTLIST = 200  # nearest codes scored exactly; recall cost measured by the benchmark
LEXICAL_SHORTLIST = 50
LEXICAL_WEIGHT = 0.5  # how far lexical agreement closes the gap between the cosine and 1
DIFFERENCE_PENALTY = 0.15  # what a reported difference costs in the ranking
FLAGGED_CAP = 0.6  # and a candidate with one never ranks above this
COMPARABLE = 0.5  # shorter text at least this share of the longer, in terms: guard reorders
MIN_SCORE = 0.45  # below this fused score nothing is suggested
SAME_CLAIM_SCORE = 0.75  # at or above, with no difference: very likely the same claim
GUARDED = 10  # candidates the guard reads (at least twice the limit), texts come with vectors
CONTAINMENT = True  # lexical share over the shorter text (see rank); False: over the query


@dataclass(frozen=True)
class Suggestion:
    claim_id: int
    score: float  # fused score, 0..1, before the guard's penalty
    semantic: float  # cosine of the sentence vectors
    lexical: float  # BM25 as a share of what the text scores against itself, 0..1
    legs: tuple[str, ...]  # which legs found it: "semantic", "lexical"
    differences: tuple[guard.Difference, ...]

    @property
    def same_claim(self) -> bool:
        """Very likely the same claim: a high score and nothing the guard found different."""
        return self.score >= SAME_CLAIM_SCORE and not self.differences


Reader = Callable[[list[int]], list[tuple[int, bytes, str, str | None]]]


# What a post pasted from social media carries besides its words: links, the "— Name (@handle)
# Month D, YYYY" line an embedded post ends with, and hashtags or handles whose words run
# together ("#AustralianFires", "@CityOfDushanbe").
_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_EMBED_SIGNATURE = re.compile(
    r"\s[\u2014\u2013-]+\s[^\u2014\u2013\n]{0,80}\(@\w+\)\s+\w+\.?\s+\d{1,2},\s+\d{4}\s*$"
)
_TAG = re.compile(r"(?<!\w)[#@](\w+)")
_WORD_JOIN = re.compile(r"(?<=[a-z])(?=[A-Z])")


def readable(text: str) -> str:
    """The words of a text as a reader takes them: links and an embedded post's signature line
    left out (their letters and digits would count as words and as figures the guard compares),
    hashtags and handles as the words they run together. Other text is returned as it is."""
    if not any(mark in text for mark in ("http", "www.", "pic.twitter", "#", "@")):
        return text
    cleaned = _EMBED_SIGNATURE.sub("", text)
    cleaned = _LINK.sub(" ", cleaned)
    cleaned = _TAG.sub(lambda found: _WORD_JOIN.sub(" ", found.group(1)), cleaned)
    return " ".join(cleaned.split())


def ranking(suggestion: Suggestion) -> float:
    """Where a suggestion goes in the list: a reported difference costs DIFFERENCE_PENALTY,
    and a candidate with one never goes above FLAGGED_CAP, so that a near-copy saying 200
    where the text says 20 does not push the claim that says 20 off the top."""
    if not suggestion.differences:
        return suggestion.score
    return min(suggestion.score - DIFFERENCE_PENALTY, FLAGGED_CAP)


def fuse(semantic: float, lexical_share: float) -> float:
    """One score from both legs, 0..1: either leg can carry a match (a translation has no
    words in common; a text of names and figures may embed poorly), and agreement of both
    counts more than either: 1 - (1 - cosine)(1 - w * lexical share)."""
    cosine = min(max(semantic, 0.0), 1.0)
    return round(1 - (1 - cosine) * (1 - LEXICAL_WEIGHT * lexical_share), 4)


def match(
    text: str,
    *,
    language: str | None = None,
    limit: int = 5,
    exclude: Iterable[int] = (),
    claimant: str = "",
    within: Any = None,
    min_score: float = MIN_SCORE,
) -> list[Suggestion]:
    """The claims most like `text`, best first, at most `limit`, none below `min_score`.

    `language` is accepted for the callers' sake and not needed: the model and the terms work
    across languages. `claimant` (a name) lets the guard report a different speaker. `within`
    (a Claim queryset) narrows the candidates, for example to published claims. Any text is
    accepted: empty, emoji-only or unreadable text simply finds nothing.
    """
    del language
    (found,) = match_many(
        [Query(text, claimant=claimant, exclude=tuple(exclude))],
        limit=limit,
        within=within,
        min_score=min_score,
    )
    return found


@dataclass(frozen=True)
class Query:
    """One text of a batch (`match_many`), with the speaker the guard compares and the claims
    it must not be matched with (the claim being edited)."""

    text: str
    claimant: str = ""
    exclude: tuple[int, ...] = ()


def match_many(
    queries: list[Query],
    *,
    limit: int = 5,
    within: Any = None,
    min_score: float = MIN_SCORE,
) -> list[list[Suggestion]]:
    """`match()` for many texts at once (the proposals of an article, the rows of a CSV file):
    one model call for all the texts and two queries for all their candidates, then each text
    ranked on its own, exactly as `match()` ranks it. One list of suggestions per query, in
    the queries' order."""
    texts = [readable((q.text or "")[: model.MAX_CHARS]) for q in queries]
    wanted = [i for i, t in enumerate(texts) if model.has_words(t)]
    results: list[list[Suggestion]] = [[] for _ in queries]
    if not wanted or limit <= 0:
        return results
    current = index.current()
    vectors = model.embed([texts[i] for i in wanted])
    shortlists = {
        i: _shortlist(current, vector, texts[i], limit, queries[i].exclude)
        for i, vector in zip(wanted, vectors, strict=True)
    }
    every = sorted({claim_id for found_by, _ in shortlists.values() for claim_id in found_by})
    # Two reads: every candidate's vector (the shortlists of a batch barely overlap, and a
    # text costs far more to read than a vector), then the texts and speakers of only those
    # each query's guard will read.
    stored = _read_vectors(every, within, current) if every else {}
    guarded: dict[int, list[int]] = {}
    for i, (found_by, lexical_share) in shortlists.items():
        ids = [claim_id for claim_id in found_by if claim_id in stored]
        if not ids:
            continue
        best = _best_cosines(ids, stored, vectors[wanted.index(i)])
        fused = sorted((-fuse(best[c], lexical_share.get(c, 0.0)), c) for c in ids)
        guarded[i] = [c for score, c in fused[: max(GUARDED, 2 * limit)] if -score >= min_score]
    texts_of = _read_texts(sorted({c for ids in guarded.values() for c in ids}))
    for i, ids in guarded.items():
        found_by, lexical_share = shortlists[i]
        candidates = [
            (c, vector, *texts_of[c]) for c in ids if c in texts_of for vector in stored[c]
        ]
        results[i] = _scored(
            texts[i],
            vectors[wanted.index(i)],
            found_by,
            lexical_share,
            candidates,
            limit=limit,
            claimant=queries[i].claimant,
            min_score=min_score,
        )
    return results


def _best_cosines(
    ids: list[int], stored: dict[int, list[bytes]], query_vector: np.ndarray
) -> dict[int, float]:
    """Each claim's best cosine with the query over its own vector and its appearances'."""
    owners = [c for c in ids for _ in stored[c]]
    cosines = model.many_from_bytes([v for c in ids for v in stored[c]]) @ query_vector
    best: dict[int, float] = {}
    for claim_id, cosine in zip(owners, cosines.tolist(), strict=True):
        best[claim_id] = max(cosine, best.get(claim_id, -1.0))
    return best


def rank(
    text: str,
    current: index.MatchIndex,
    read: Reader,
    *,
    limit: int = 5,
    exclude: Iterable[int] = (),
    claimant: str = "",
    min_score: float = MIN_SCORE,
) -> list[Suggestion]:
    """`match()` over a given index, reading candidates through `read` (the table, or a dict
    in the benchmark's public-corpus run)."""
    text = readable(text[: model.MAX_CHARS])
    if not model.has_words(text) or limit <= 0:
        return []
    query_vector = model.embed_one(text)
    found_by, lexical_share = _shortlist(current, query_vector, text, limit, tuple(exclude))
    if not found_by:
        return []
    candidates = read(list(found_by))
    return _scored(
        text,
        query_vector,
        found_by,
        lexical_share,
        candidates,
        limit=limit,
        claimant=claimant,
        min_score=min_score,
    )


def _shortlist(
    current: index.MatchIndex,
    query_vector: np.ndarray,
    text: str,
    limit: int,
    exclude: tuple[int, ...],
) -> tuple[dict[int, set[str]], dict[int, float]]:
    """The candidates both legs find for a text (claim id -> the legs that found it), and
    each lexical candidate's share of BM25."""
    excluded = set(exclude)
    query_terms = lexical.term_counts(text)
    wanted = limit + len(excluded)
    semantic_slots = current.semantic(model.sign_codes(query_vector[None])[0], SEMANTIC_SHORTLIST)
    lexical_slots, lexical_scores, self_score = current.lexical(
        query_terms, max(LEXICAL_SHORTLIST, wanted)
    )
    found_by: dict[int, set[str]] = {}
    for slot in semantic_slots.tolist():
        found_by.setdefault(int(current.ids[slot]), set()).add("semantic")
    lexical_share: dict[int, float] = {}
    for slot, value in zip(lexical_slots.tolist(), lexical_scores.tolist(), strict=True):
        claim_id = int(current.ids[slot])
        found_by.setdefault(claim_id, set()).add("lexical")
        # how much of the shorter of the two the other contains: 1 for the same words, and
        # for a post that quotes the whole claim among words of its own
        scale = min(self_score, float(current.selfs[slot])) if CONTAINMENT else self_score
        lexical_share[claim_id] = min(1.0, value / scale) if scale > 0 else 0.0
    for claim_id in excluded:
        found_by.pop(claim_id, None)
    return found_by, lexical_share


def _scored(
    text: str,
    query_vector: np.ndarray,
    found_by: dict[int, set[str]],
    lexical_share: dict[int, float],
    candidates: list[tuple[int, bytes, str, str | None]],
    *,
    limit: int,
    claimant: str,
    min_score: float,
) -> list[Suggestion]:
    """The candidates scored, guarded and ranked: the best `limit` of them."""
    if not candidates:
        return []
    query_terms = lexical.term_counts(text)
    # a claim may come with several vectors (its appearances'): its best cosine counts
    stored: dict[int, list[bytes]] = {}
    about: dict[int, tuple[str, str | None]] = {}
    for claim_id, vector, claim_text, speaker in candidates:
        stored.setdefault(claim_id, []).append(vector)
        about[claim_id] = (claim_text, speaker)
    best = _best_cosines(list(stored), stored, query_vector)
    scored = []
    for claim_id, (claim_text, speaker) in about.items():
        cosine, share = best[claim_id], lexical_share.get(claim_id, 0.0)
        scored.append((fuse(cosine, share), cosine, share, claim_id, claim_text, speaker))
    scored.sort(key=lambda item: (-item[0], item[3]))
    results = []
    keys: dict[int, float] = {}
    query_length = max(sum(query_terms.values()), 1)
    for fused, cosine, share, claim_id, claim_text, speaker in scored[: max(GUARDED, 2 * limit)]:
        if fused < min_score:
            break
        differences = guard.compare(
            text, claim_text, query_speaker=claimant, candidate_speaker=speaker or ""
        )
        suggestion = Suggestion(
            claim_id=claim_id,
            score=fused,
            semantic=round(float(cosine), 4),
            lexical=round(share, 4),
            legs=tuple(sorted(found_by[claim_id])),
            differences=differences,
        )
        results.append(suggestion)
        # A long post quoting a claim among words of its own (dates, other figures, asides)
        # differs from it in many ways that say nothing: there the differences are reported
        # but do not move the claim down. Between texts of comparable length they do.
        length = max(len(lexical.terms(claim_text)), 1)
        comparable = min(length, query_length) / max(length, query_length) >= COMPARABLE
        keys[claim_id] = ranking(suggestion) if comparable else suggestion.score
    results.sort(key=lambda s: (-keys[s.claim_id], s.claim_id))
    return results[:limit]


def _read(
    claim_ids: list[int], within: Any, current: index.MatchIndex | None = None
) -> list[tuple[int, bytes, str, str | None]]:
    """The candidates' stored vectors with their texts and speakers, in one query, and the
    vectors of their appearances (a claim may come back more than once: `_scored` keeps its
    best cosine). A claim deleted since the index read it, or left out by `within`, is simply
    not returned."""
    rows = ClaimEmbedding.objects.filter(claim_id__in=claim_ids, model=model.NAME)
    if within is not None:
        rows = rows.filter(claim__in=within.values("pk"))
    found: list[tuple[int, bytes, str, str | None]] = [
        (claim_id, bytes(vector), claim_text, speaker)
        for claim_id, vector, claim_text, speaker in rows.values_list(
            "claim_id", "vector", "claim__text", "claim__claimant__name"
        )
    ]
    texts = {claim_id: (claim_text, speaker) for claim_id, _, claim_text, speaker in found}
    for claim_id, vector in _appearance_vectors(list(texts), current):
        found.append((claim_id, vector, *texts[claim_id]))
    return found


def _read_vectors(
    claim_ids: list[int], within: Any, current: index.MatchIndex
) -> dict[int, list[bytes]]:
    """Each candidate's vectors: the claim's own, then those of its appearances."""
    rows = ClaimEmbedding.objects.filter(claim_id__in=claim_ids, model=model.NAME)
    if within is not None:
        rows = rows.filter(claim__in=within.values("pk"))
    stored = {
        claim_id: [bytes(vector)] for claim_id, vector in rows.values_list("claim_id", "vector")
    }
    for claim_id, vector in _appearance_vectors(list(stored), current):
        stored[claim_id].append(vector)
    return stored


def _appearance_vectors(
    claim_ids: list[int], current: index.MatchIndex | None
) -> list[tuple[int, bytes]]:
    """The stored vectors of these claims' appearances: a text worded as an appearance (or in
    its language) is scored against the wording closest to it. No query while the index the
    candidates came from holds no appearance (None: look anyway)."""
    if not claim_ids or (current is not None and not current.aliases):
        return []
    rows = AppearanceEmbedding.objects.filter(claim_id__in=claim_ids, model=model.NAME)
    pairs = rows.values_list("claim_id", "vector")
    return [(claim_id, bytes(vector)) for claim_id, vector in pairs]


def _read_texts(claim_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    if not claim_ids:
        return {}
    rows = ClaimEmbedding.objects.filter(claim_id__in=claim_ids, model=model.NAME)
    return {
        claim_id: (claim_text, speaker)
        for claim_id, claim_text, speaker in rows.values_list(
            "claim_id", "claim__text", "claim__claimant__name"
        )
    }


def similarity(left: str, right: str) -> float:
    """Cosine of two texts' sentence vectors (for tests and tools, not for ranking)."""
    vectors = model.embed([left, right])
    return float(np.dot(vectors[0], vectors[1]))
