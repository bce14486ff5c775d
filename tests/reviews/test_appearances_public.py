"""Appearances where readers and other tools see them: the public page's "Also said by and
where", ClaimReview (itemReviewed.appearance as a list, firstAppearance the earliest), the read
API's detail, the CSV and JSON Lines exports; and the dashboard's figures from the decisions."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services as claim_services
from claims.models import Claim, MatchDecision
from reviews import dashboard
from reviews.exports import claimreview, schema_check, stream
from tests.factories import ClaimantFactory, ClaimFactory
from tests.reviews import workflow as wf
from tests.reviews.test_public import json_ld_blocks

pytestmark = pytest.mark.django_db

HOSTILE = '</script><script>alert("x")</script> & <b>'


@pytest.fixture
def published(reviewer, editor):
    return wf.published(
        reviewer,
        editor,
        text="Tajikistan runs more than 20 smart-city projects.",
        claimant=ClaimantFactory(name="Farrukh Saidov"),
        appeared_url="https://news.example.org/summit",
        appeared_outlet="Asia-Plus",
        appeared_on=date(2026, 9, 1),
    )


def add(reviewer, claim_id, **fields):
    return claim_services.appearance_add(
        actor=reviewer, claim_id=claim_id, fields=claim_services.AppearanceFields(**fields)
    )


def test_a_published_claim_shows_its_appearances_at_once(anon_client, reviewer, published):
    url = claimreview.public_path(published.claim_id, published.summary)
    assert "Also said by and where" not in anon_client.get(url).content.decode()
    add(
        reviewer,
        published.claim_id,
        text=f"Over twenty smart-city projects run in Tajikistan {HOSTILE}",
        claimant_name="Amina Rakhimova",
        outlet=f"Radio {HOSTILE}",
        url="https://radio.example.org/ep/3",
        appeared_on=date(2026, 8, 20),
    )
    body = anon_client.get(url).content.decode()
    assert "Also said by and where" in body and "Amina Rakhimova" in body
    assert "radio.example.org/ep/3" in body
    assert '<script>alert("x")' not in body and "<b>" not in body.split("</header>")[-1]
    (review,) = json_ld_blocks(body)  # nothing in the texts closed the JSON-LD block
    item = review["itemReviewed"]
    assert [w.get("url") for w in item["appearance"]] == [
        "https://news.example.org/summit",
        "https://radio.example.org/ep/3",
    ]
    assert item["appearance"][1]["author"] == {"@type": "Person", "name": "Amina Rakhimova"}
    # said on 20 August, before the summit of 1 September: the first appearance
    assert item["firstAppearance"]["url"] == "https://radio.example.org/ep/3"
    assert item["firstAppearance"]["datePublished"] == "2026-08-20"
    assert schema_check.check(review) == []


def test_claimreview_without_dates_takes_the_first_and_with_none_has_no_appearance(
    reviewer, editor
):
    bare = wf.published(reviewer, editor, appeared_url="", appeared_outlet="", appeared_on=None)
    claim = Claim.objects.get(pk=bare.claim_id)
    assert "appearance" not in claimreview.claim_review(claim, bare)["itemReviewed"]
    add(reviewer, claim.pk, text="Said again, undated.", outlet="Evening News")
    add(reviewer, claim.pk, text="And again.", url="https://tv.example.org/x")
    item = claimreview.claim_review(claim, bare)["itemReviewed"]
    assert len(item["appearance"]) == 2
    assert item["firstAppearance"] == item["appearance"][0]
    assert item["firstAppearance"]["publisher"] == {"@type": "Organization", "name": "Evening News"}
    assert schema_check.check(claimreview.claim_review(claim, bare)) == []


def test_the_api_detail_lists_appearances(anon_client, reviewer, published):
    add(reviewer, published.claim_id, text="Більше 20 проєктів.", language="uk", outlet="Kyiv FM")
    body = anon_client.get(reverse("public:api-detail", args=[published.claim_id])).json()
    assert body["appearances"] == [
        {
            "text": "Більше 20 проєктів.",
            "language": "uk",
            "claimant": None,
            "outlet": "Kyiv FM",
            "url": None,
            "date": None,
        }
    ]
    assert len(body["claim_review"]["itemReviewed"]["appearance"]) == 2


def test_the_claimreview_feed_carries_appearances(reviewer, published):
    add(reviewer, published.claim_id, text="Said on TV.", url="https://tv.example.org/1")
    feed = json.loads("".join(stream.export_rows(Claim.objects.all(), "claimreview")))
    (item,) = feed["dataFeedElement"]
    assert item["itemReviewed"]["appearance"][-1]["url"] == "https://tv.example.org/1"


def test_csv_counts_and_json_lines_lists_appearances(reviewer):
    claim = ClaimFactory()
    quiet = ClaimFactory()
    add(reviewer, claim.pk, text="Once more.", claimant_name="Someone Else")
    add(reviewer, claim.pk, text="=HYPERLINK(1)", outlet="@outlet")
    rows = list(
        csv.DictReader(io.StringIO("".join(stream.export_rows(Claim.objects.all(), "csv"))))
    )
    counts = {int(r["id"]): r["appearances_count"] for r in rows}
    assert counts == {claim.pk: "2", quiet.pk: "0"}
    lines = [
        json.loads(x)
        for x in "".join(stream.export_rows(Claim.objects.all(), "jsonl")).splitlines()
    ]
    by_id = {line["id"]: line for line in lines}
    assert [a["text"] for a in by_id[claim.pk]["appearances"]] == ["Once more.", "=HYPERLINK(1)"]
    assert by_id[claim.pk]["appearances"][0]["claimant"]["name"] == "Someone Else"
    assert by_id[claim.pk]["appearances"][1]["added_by"] == reviewer.username
    assert by_id[quiet.pk]["appearances"] == []


# --- the dashboard ----------------------------------------------------------------------------


def decide(user, claim, decision, score, *, rank=1, language="en", door="form", days_ago=0):
    made = claim_services.match_decide(
        actor=user,
        claim_id=claim.pk,
        decision=decision,
        fields=claim_services.AppearanceFields(text=f"text {score}", language=language),
        suggested=claim_services.Suggested(door=door, score=score, rank=rank),
    )
    if days_ago:
        MatchDecision.objects.filter(pk=made.pk).update(
            decided_at=timezone.now() - timedelta(days=days_ago)
        )
    return made


@pytest.fixture
def decisions(reviewer):
    english = ClaimFactory(language="en")
    decide(reviewer, english, "same", 0.9)
    decide(reviewer, english, "same", 0.55)
    decide(reviewer, english, "not_same", 0.5)
    decide(reviewer, english, "not_same", 0.7)
    decide(reviewer, english, "same", 0.8, language="ru")
    decide(reviewer, english, "not_same", 0.6, language="ru")
    decide(reviewer, english, "same", 0.95, rank=2)  # not a top suggestion
    decide(reviewer, english, "same", 0.52, days_ago=45)  # before the preview's month
    decide(reviewer, english, "not_same", 0.4, door="claim_page")  # another kind of score
    return english


def test_acceptance_of_the_top_suggestion_per_language_pair(decisions):
    chart = dashboard.top_suggestion_accepted()
    rows = {row[0]: row[1:] for row in chart.rows}
    # en → en: rank-1 decisions 0.9 same, 0.55 same, 0.5 no, 0.7 no, 0.52 same (older), 0.4 no
    assert rows["en → en"] == [6, 3, 50]
    assert rows["ru → en"] == [2, 1, 50]


def test_the_threshold_preview_counts_what_would_have_been_lost(decisions):
    preview = dashboard.threshold_preview(0.6)
    # last 30 days, top suggestions, scored doors: 0.9 s, 0.55 s, 0.5 n, 0.7 n, 0.8 s, 0.6 n
    assert (preview.decided, preview.shown, preview.hidden) == (6, 4, 2)
    assert (preview.accepted, preview.accepted_lost, preview.rejected_spared) == (3, 1, 1)
    assert dashboard.threshold_preview(0.0).hidden == 0


def test_the_dashboard_page_shows_both_and_refuses_a_bad_threshold(
    editor_client, reviewer_client, decisions
):
    page = editor_client.get(reverse("reviews:dashboard"), {"threshold": "0.6"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Top suggestions accepted" in body and "en → en" in body
    assert "Accepted ones that would have been lost" in body
    for bad in ("high", "1.5", "-0.1", "nan"):
        refused = editor_client.get(reverse("reviews:dashboard"), {"threshold": bad})
        assert refused.status_code == 400 and "Accepted ones that" not in refused.content.decode()
    assert reviewer_client.get(reverse("reviews:dashboard")).status_code == 403
