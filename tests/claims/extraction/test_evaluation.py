"""The extractor against the annotated articles: precision and recall of (speaker, claim) pairs.

The matching rule is documented in `evaluation.py`; the annotation rules in
`articles/README.md`. The held-out articles were written after the extractor was finished and
are reported on their own, as a check that the figures are not an artefact of tuning.
"""

from __future__ import annotations

import re

import pytest

from tests.claims.extraction import evaluation

MINIMUM = 0.85


@pytest.fixture(scope="module")
def results() -> list[evaluation.Result]:
    return [evaluation.score(article) for article in evaluation.load()]


def test_precision_and_recall_of_speaker_claim_pairs(results: list[evaluation.Result]) -> None:
    precision, recall, *_ = evaluation.figures(results)
    summary = evaluation.summary(results)
    evaluation.LAST_SUMMARY.append(summary)
    print(f"\n{summary}")
    assert precision >= MINIMUM and recall >= MINIMUM, evaluation.report(results)


def test_the_claims_a_fact_checker_would_check_first_are_in_the_top_five() -> None:
    articles = [a for a in evaluation.load() if a.key]
    assert len(articles) >= 6
    found, total = evaluation.key_in_top_five(articles)
    print(f"\nkey claims in the top five: {found}/{total}")
    assert found >= 0.8 * total


def test_held_out_articles_are_reported_separately(results: list[evaluation.Result]) -> None:
    held_out = [r for r in results if r.held_out]
    assert len(held_out) >= 3
    assert "held-out: precision" in evaluation.summary(results)


def test_the_evaluation_set_is_big_and_varied_enough() -> None:
    articles = evaluation.load()
    assert len(articles) >= 12
    assert sum(len(a.gold) for a in articles) >= 80
    for article in articles:
        assert 300 <= len(article.text.split()) <= 700, article.name
        assert article.gold, article.name
        for _, claim in article.gold:
            assert claim in _plain(article.text) or _joined_quote(claim, article.text), claim


def _plain(text: str) -> str:
    return text.replace("\u201c", "").replace("\u201d", "").replace('"', "")


def _joined_quote(claim: str, text: str) -> bool:
    """Gold text of a quote split by its attribution is both parts joined."""
    words = re.findall(r"[^\W_]+", claim)
    return all(word in text for word in words)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Parvina  Nematova", "parvina nematova", True),
        ("Dr. J. Smith", "dr j smith", True),
        ("", "", True),
        ("Ali Khan", "Khan", False),
        ("Ali Khan", "", False),
    ],
)
def test_speakers_match_after_normalising_case_punctuation_and_spaces(
    a: str, b: str, same: bool
) -> None:
    assert (evaluation.speaker_key(a) == evaluation.speaker_key(b)) is same


def test_claims_match_when_their_word_sets_overlap_enough() -> None:
    gold = "the city will plant 1 million trees by 2030"
    assert evaluation.overlap(gold, "The city will plant 1 million trees by 2030.") == 1.0
    assert evaluation.overlap(gold, "city will plant 1 million trees by 2030") >= 0.8
    assert evaluation.overlap(gold, "the city will plant trees") < 0.8
    assert evaluation.overlap(gold, f"{gold}, and called for 20 new sensors") < 0.8
