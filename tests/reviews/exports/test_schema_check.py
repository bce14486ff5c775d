"""Our schema.org checker: it must accept what is valid and name what is not."""

from __future__ import annotations

from typing import Any

import pytest

from reviews.exports import schema_check


def valid() -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example.org/fact-checks/1-x/",
        "claimReviewed": "x",
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A", "jobTitle": "mayor"},
            "datePublished": "2024-05-17",
            "appearance": {"@type": "CreativeWork", "url": "https://news.example.org/a"},
        },
        "author": {"@type": "Organization", "name": "Desk", "url": "https://example.org"},
        "datePublished": "2025-01-02T03:04:05+00:00",
    }


def test_valid_claim_review_has_no_problems() -> None:
    assert schema_check.check(valid()) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.update({"@type": "FactCheck"}), "$: unknown type 'FactCheck'"),
        (lambda d: d.update({"truthRating": 1}), "$.truthRating: unknown property"),
        (
            lambda d: d["itemReviewed"]["author"].update({"@type": "Organization"}),
            "$.itemReviewed.author.jobTitle: not a property of Organization / Thing",
        ),
        (
            lambda d: d["itemReviewed"].update({"claimReviewed": "x"}),
            "$.itemReviewed.claimReviewed: not a property of Claim / CreativeWork / Thing",
        ),
        (
            lambda d: d.update({"author": {"@type": "Claim"}}),
            "$.author: a Claim / CreativeWork / Thing is not allowed here (Organization / Person)",
        ),
        (
            lambda d: d.update({"url": "/fact-checks/1/"}),
            "$.url: '/fact-checks/1/' does not fit URL",
        ),
        (lambda d: d.update({"datePublished": "last week"}), "does not fit Date / DateTime"),
        (lambda d: d.update({"datePublished": "2025-01-02T03:04:05"}), "does not fit Date"),
        (lambda d: d["reviewRating"].update({"ratingValue": None}), "empty value"),
        (lambda d: d["reviewRating"].update({"alternateName": ""}), "empty value"),
        (lambda d: d.update({"datePublished": 2025}), "a number is not allowed"),
        (lambda d: d["reviewRating"].update({"ratingValue": True}), "a boolean is not allowed"),
        (lambda d: d["itemReviewed"].pop("@type"), "$.itemReviewed: object without @type"),
        (lambda d: d["itemReviewed"].update({"@context": "https://schema.org"}), "@context"),
        (lambda d: d.update({"claimReviewed": {"@type": "Claim"}}), "is not allowed here (Text)"),
    ],
)
def test_problems_are_found_and_located(change: Any, problem: str) -> None:
    data = valid()
    change(data)
    problems = schema_check.check(data)
    assert any(problem in found for found in problems), problems


def test_lists_are_checked_item_by_item() -> None:
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [_item(), {"@type": "Nope"}],
    }
    assert schema_check.check(feed) == ["$.dataFeedElement[1]: unknown type 'Nope'"]


def _item() -> dict[str, Any]:
    item = valid()
    del item["@context"]
    return item


def test_subset_holds_exactly_what_the_desk_emits() -> None:
    """Adding a property to EMITTED_PROPERTIES without rebuilding the subset fails here."""
    vocabulary = schema_check.vocabulary()
    assert set(vocabulary["properties"]) == set(schema_check.EMITTED_PROPERTIES)
    assert set(schema_check.EMITTED_TYPES) <= set(vocabulary["types"])
    assert schema_check.ancestors("ClaimReview") == {
        "ClaimReview",
        "Review",
        "CreativeWork",
        "Thing",
    }
    assert schema_check.ancestors("DataFeed") >= {"Dataset", "CreativeWork", "Thing"}
