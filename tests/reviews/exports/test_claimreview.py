"""ClaimReview: schema.org structure (our checker), Google's fact-check rules, the public URL, the
DataFeed, and the script block the public page embeds."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest

from claims.models import Claim, Claimant
from reviews import services
from reviews.exports import claimreview, schema_check
from reviews.models import Rating, Verdict
from tests.factories import ClaimantFactory
from tests.reviews import workflow
from tests.reviews.exports.desk import (
    HOSTILE,
    SAID_ON,
    correct,
    export,
    hostile_claim_fields,
    hostile_verdict_fields,
    publish,
)

pytestmark = pytest.mark.django_db


def review_of(verdict: Verdict) -> dict[str, Any]:
    claim = Claim.objects.select_related("claimant").get(pk=verdict.claim_id)
    return claimreview.claim_review(claim, Verdict.objects.get(pk=verdict.pk))


def assert_google_rules(review: dict[str, Any], site_url: str) -> None:
    """What Google's fact-check structured data requires of every ClaimReview."""
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"].strip()
    assert review["url"].startswith(site_url + "/fact-checks/")
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"].strip()
    numeric = {"ratingValue", "bestRating", "worstRating"} & rating.keys()
    assert numeric in (set(), {"ratingValue", "bestRating", "worstRating"})
    if numeric:
        assert 1 <= rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert review["itemReviewed"]["@type"] == "Claim"
    datetime.fromisoformat(review["datePublished"])


def test_numeric_rating_with_known_claimant_and_appearance(
    reviewer: Any, editor: Any, settings: Any
) -> None:
    settings.DESK_ORGANISATION_NAME = "Example Fact Check"
    settings.DESK_ORGANISATION_URL = "https://factcheck.example.org/"
    claimant = ClaimantFactory(
        name="Rustam Emomali",
        description="mayor of Dushanbe",
        same_as="https://www.wikidata.org/wiki/Q4399374",
    )
    verdict = publish(
        reviewer,
        editor,
        claimant=claimant,
        language="ru",
        appeared_url="https://news.example.org/summit",
        appeared_outlet="Asia-Plus",
    )
    review = review_of(verdict)

    assert schema_check.check(review) == []
    assert_google_rules(review, settings.SITE_URL)
    assert review["@context"] == "https://schema.org"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org/",
    }
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {
            "@type": "Person",
            "name": "Rustam Emomali",
            "jobTitle": "mayor of Dushanbe",
            "sameAs": "https://www.wikidata.org/wiki/Q4399374",
        },
        "datePublished": "2024-05-17",
        "appearance": [
            {
                "@type": "CreativeWork",
                "url": "https://news.example.org/summit",
                "publisher": {"@type": "Organization", "name": "Asia-Plus"},
                "datePublished": "2024-05-17",
            }
        ],
        "firstAppearance": {
            "@type": "CreativeWork",
            "url": "https://news.example.org/summit",
            "publisher": {"@type": "Organization", "name": "Asia-Plus"},
            "datePublished": "2024-05-17",
        },
    }
    assert review["inLanguage"] == "ru"
    assert "dateModified" not in review


def test_dates_say_when_the_claim_was_made_and_when_we_first_published(
    reviewer: Any, editor: Any
) -> None:
    verdict = publish(reviewer, editor)
    review = review_of(verdict)
    assert review["itemReviewed"]["datePublished"] == SAID_ON.isoformat()
    assert verdict.published_at is not None
    assert review["datePublished"] == verdict.published_at.astimezone(UTC).isoformat(
        timespec="seconds"
    )
    assert review["datePublished"][:10] != SAID_ON.isoformat()


def test_non_numeric_rating_is_published_by_name_only(reviewer: Any, editor: Any) -> None:
    review = review_of(publish(reviewer, editor, rating="Misleading"))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading"}
    assert schema_check.check(review) == []


def test_published_rating_does_not_change_when_the_scale_is_edited(
    reviewer: Any, editor: Any
) -> None:
    verdict = publish(reviewer, editor, rating="Mostly false")
    Rating.objects.filter(label="Mostly false").update(label="Largely wrong", value=3)
    Rating.objects.filter(label="True").update(value=9)
    rating = review_of(verdict)["reviewRating"]
    assert rating["alternateName"] == "Mostly false"
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (2, 5, 1)


@pytest.mark.parametrize(
    ("value", "worst", "best"), [(1, 0, 5), (3, None, 5), (6, 1, 5), (2, 3, 5), (2, 1, None)]
)
def test_inconsistent_numeric_snapshot_falls_back_to_the_name(
    value: int | None, worst: int | None, best: int | None
) -> None:
    verdict = Verdict(
        pk=1,
        claim_id=7,
        status=Verdict.Status.APPROVED,
        summary="x",
        rating_label="Odd",
        rating_value=value,
        rating_worst=worst,
        rating_best=best,
        published_at=datetime(2025, 1, 2, tzinfo=UTC),
    )
    claim = Claim(pk=7, language="en")
    review = claimreview.claim_review(claim, verdict)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Odd"}


def test_organisation_claimant_without_same_as_or_appearance(reviewer: Any, editor: Any) -> None:
    claimant = ClaimantFactory(
        name="Ministry of Energy",
        kind=Claimant.Kind.ORGANISATION,
        description="Tajikistan",
    )
    verdict = publish(
        reviewer,
        editor,
        claimant=claimant,
        appeared_url="",
        appeared_outlet="",
        appeared_on=None,
    )
    item = review_of(verdict)["itemReviewed"]
    assert item == {
        "@type": "Claim",
        "author": {
            "@type": "Organization",
            "name": "Ministry of Energy",
            "description": "Tajikistan",
        },
    }
    assert schema_check.check(review_of(verdict)) == []


def test_claim_without_claimant_has_no_author(reviewer: Any, editor: Any) -> None:
    review = review_of(publish(reviewer, editor, claimant=None))
    assert "author" not in review["itemReviewed"]
    assert schema_check.check(review) == []


def test_corrected_claim_keeps_first_date_and_adds_date_modified(
    reviewer: Any, editor: Any, editor2: Any
) -> None:
    first = publish(reviewer, editor)
    correction = correct(first, drafter=reviewer, opener=editor, approver=editor2)
    review = review_of(correction)
    first.refresh_from_db()
    assert first.status == Verdict.Status.SUPERSEDED
    assert first.published_at and correction.published_at
    iso = lambda moment: moment.astimezone(UTC).isoformat(timespec="seconds")  # noqa: E731
    assert review["datePublished"] == iso(first.published_at)
    assert review["dateModified"] == iso(correction.published_at)
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert schema_check.check(review) == []


def test_unpublished_verdict_has_no_claim_review(reviewer: Any, editor: Any, editor2: Any) -> None:
    first = publish(reviewer, editor)
    correction = correct(first, drafter=reviewer, opener=editor, approver=editor2)
    first.refresh_from_db()
    with pytest.raises(ValueError, match="not the published verdict"):
        claimreview.claim_review(Claim.objects.get(pk=first.claim_id), first)
    assert correction.status == Verdict.Status.APPROVED


def test_public_path_and_url(reviewer: Any, editor: Any, settings: Any) -> None:
    assert claimreview.public_path(12, "Tajikistan runs 20 projects") == (
        "/fact-checks/12-tajikistan-runs-20-projects/"
    )
    assert claimreview.public_path(5, "Душанбе строит") == (
        "/fact-checks/5-%D0%B4%D1%83%D1%88%D0%B0%D0%BD%D0%B1%D0%B5-%D1%81%D1%82%D1%80%D0%BE%D0%B8%D1%82/"
    )
    assert claimreview.public_slug("深圳 项目") == "深圳-项目"
    assert claimreview.public_path(3, "?!") == "/fact-checks/3-claim/"
    verdict = publish(reviewer, editor, verdict={"summary": "Bridges: 20?"})
    claim = Claim.objects.get(pk=verdict.claim_id)
    expected = f"{settings.SITE_URL}/fact-checks/{claim.pk}-bridges-20/"
    assert claimreview.public_url(claim) == expected
    assert review_of(verdict)["url"] == expected


def test_data_feed_holds_every_published_claim_and_passes_the_checker(
    reviewer: Any, editor: Any, editor2: Any, settings: Any
) -> None:
    plain = publish(reviewer, editor)
    corrected = correct(
        publish(reviewer, editor), drafter=reviewer, opener=editor, approver=editor2
    )
    misleading = publish(reviewer, editor, rating="Misleading", claimant=None)
    in_correction = publish(reviewer, editor)
    services.correction_open(actor=editor, claim_id=in_correction.claim_id)
    workflow.in_review(reviewer)  # never published: not in the feed

    feed = json.loads(export("claimreview"))
    assert schema_check.check(feed) == []
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    items = feed["dataFeedElement"]
    ids = [plain.claim_id, corrected.claim_id, misleading.claim_id, in_correction.claim_id]
    assert [item["url"].split("/")[-2].split("-")[0] for item in items] == [str(i) for i in ids]
    for item in items:
        assert "@context" not in item
        assert_google_rules(item, settings.SITE_URL)
    latest = max(v.published_at for v in Verdict.objects.filter(status="approved"))
    assert feed["dateModified"] == latest.astimezone(UTC).isoformat(timespec="seconds")
    # The feed's items are what the public pages embed.
    assert items[1] == {k: v for k, v in review_of(corrected).items() if k != "@context"}


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._current: dict[str, str | None] | None = None
        self.tags_seen: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags_seen.append(tag)
        if tag == "script":
            self._current = dict(attrs)
            self.scripts.append((self._current, ""))

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._current = None

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def test_script_block_keeps_hostile_text_inside(reviewer: Any, editor: Any) -> None:
    verdict = publish(reviewer, editor, verdict=hostile_verdict_fields(), **hostile_claim_fields())
    Verdict.objects.filter(pk=verdict.pk).update(rating_label=f"False {HOSTILE}"[:60])
    review = review_of(verdict)
    texts = json.dumps(review, ensure_ascii=False)
    assert texts.count("</script>") >= 8  # summary, rating, claimant x3, appearance x2 ...

    page = f"<html><body><p>before</p>{claimreview.script_block(review)}<p>after</p></body></html>"
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    assert len(parser.scripts) == 1
    attrs, body = parser.scripts[0]
    assert attrs == {"type": "application/ld+json"}
    assert json.loads(body) == review
    assert parser.tags_seen == ["html", "body", "p", "script", "p"]
    assert parser.comments == []
    assert "<" not in body and ">" not in body and "&" not in body


def test_script_block_of_every_kind_of_value() -> None:
    data = {"a": "</SCRIPT >", "b": ["<!--", "-->", "&amp;"], "c": "\u2028 ok", "d": 1}
    block = str(claimreview.script_block(data))
    parser = _Scripts()
    parser.feed(f"<div>{block}</div>")
    assert len(parser.scripts) == 1 and json.loads(parser.scripts[0][1]) == data
