"""One claim, many appearances: appearance_add and match_decide, and the two decision views
of the matching contract (claims:match-same, claims:match-not-same) with their permissions,
CSRF, bad input and the htmx answer the doors rely on."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Appearance, Article, AuditEvent, Claim, MatchDecision
from reviews import services as review_services
from tests.conftest import HTMX
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

SAME = reverse("claims:match-same")
NOT_SAME = reverse("claims:match-not-same")
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture
def claim():
    return ClaimFactory(text="The city planted one million trees in five years.")


def said_again(**overrides):
    fields = {
        "text": "Dushanbe planted a million trees over five years.",
        "claimant_name": "Amina Rakhimova",
        "outlet": "Green Cities Podcast",
        "url": "https://podcast.example.org/41",
        "appeared_on": date(2026, 10, 3),
    }
    fields.update(overrides)
    return services.AppearanceFields(**fields)


# --- services ---------------------------------------------------------------------------------


def test_an_appearance_is_recorded_with_its_audit_event_and_the_claim_unchanged(reviewer, claim):
    version = claim.version
    appearance = services.appearance_add(actor=reviewer, claim_id=claim.pk, fields=said_again())
    claim.refresh_from_db()
    assert claim.version == version  # an open edit form does not go stale
    assert appearance.claim == claim
    assert appearance.claimant.name == "Amina Rakhimova"
    assert (appearance.outlet, appearance.appeared_on) == (
        "Green Cities Podcast",
        date(2026, 10, 3),
    )
    assert appearance.language == "en" and appearance.added_by == reviewer
    event = claim.events.get(verb=AuditEvent.Verb.APPEARANCE_ADDED)
    assert event.actor == reviewer and event.details["appearance"] == appearance.pk


def test_the_language_is_detected_when_not_given(reviewer, claim):
    russian = services.appearance_add(
        actor=reviewer,
        claim_id=claim.pk,
        fields=services.AppearanceFields(text="В Душанбе за пять лет высадили миллион деревьев."),
    )
    chinese = services.appearance_add(
        actor=reviewer,
        claim_id=claim.pk,
        fields=services.AppearanceFields(text="杜尚别五年种了一百万棵树。", language="xx"),
    )
    assert (russian.language, chinese.language) == ("ru", "zh")


def test_an_appearance_of_a_dismissed_duplicate_goes_to_its_original(reviewer, editor, claim):
    twin = ClaimFactory(text="A million trees were planted in the city in five years.")
    review_services.claim_dismiss(
        actor=editor,
        claim_id=twin.pk,
        reason=review_services.DUPLICATE,
        expected_version=twin.version,
        duplicate_of_id=claim.pk,
    )
    appearance = services.appearance_add(actor=reviewer, claim_id=twin.pk, fields=said_again())
    assert appearance.claim_id == claim.pk


def test_only_desk_members_who_add_claims_record_appearances(outsider, claim):
    with pytest.raises(PermissionDenied):
        services.appearance_add(actor=outsider, claim_id=claim.pk, fields=said_again())
    with pytest.raises(PermissionDenied):
        services.match_decide(
            actor=outsider,
            claim_id=claim.pk,
            decision="not_same",
            fields=said_again(),
            suggested=services.Suggested(door="form"),
        )
    assert not Appearance.objects.exists() and not MatchDecision.objects.exists()


def test_same_makes_an_appearance_and_not_same_only_a_negative(reviewer, claim):
    same = services.match_decide(
        actor=reviewer,
        claim_id=claim.pk,
        decision="same",
        fields=said_again(language="en"),
        suggested=services.Suggested(door="proposal", score=0.81, rank=1),
    )
    other = services.match_decide(
        actor=reviewer,
        claim_id=claim.pk,
        decision="not_same",
        fields=said_again(text="The city cut down a million trees."),
        suggested=services.Suggested(door="csv", score=0.6, rank=2),
    )
    assert same.appearance is not None and same.appearance.claim == claim
    assert (same.score, same.rank, same.door) == (0.81, 1, "proposal")
    assert (same.from_language, same.to_language) == ("en", "en")
    assert other.appearance is None and other.decision == "not_same"
    assert claim.appearances.count() == 1


def test_unknown_decisions_and_doors_are_refused(reviewer, claim):
    for decision, door in (("maybe", "form"), ("same", "fax")):
        with pytest.raises(ValueError):
            services.match_decide(
                actor=reviewer,
                claim_id=claim.pk,
                decision=decision,
                fields=said_again(),
                suggested=services.Suggested(door=door),
            )


def test_marking_a_duplicate_keeps_a_duplicate_decision(editor, claim):
    twin = ClaimFactory(text="A million trees went into the ground in five years.", language="en")
    review_services.claim_dismiss(
        actor=editor,
        claim_id=twin.pk,
        reason=review_services.DUPLICATE,
        expected_version=twin.version,
        duplicate_of_id=claim.pk,
    )
    decision = MatchDecision.objects.get()
    assert (decision.decision, decision.claim, decision.from_claim) == ("duplicate", claim, twin)
    assert decision.door == "claim_page" and decision.appearance is None
    assert not claim.appearances.exists()  # a plain duplicate mark adds no appearance


# --- the views ----------------------------------------------------------------------------------


def test_same_without_javascript_redirects_to_the_claim(reviewer_client, claim):
    response = reviewer_client.post(
        SAME,
        {
            "claim": claim.pk,
            "text": "Dushanbe planted a million trees in five years.",
            "claimant": "Amina Rakhimova",
            "claimant_role": "researcher",
            "outlet": "Green Cities Podcast",
            "url": "https://podcast.example.org/41",
            "date": "2026-10-03",
            "score": "0.82",
            "rank": "1",
            "door": "form",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    appearance = claim.appearances.get()
    assert appearance.claimant.description == "researcher"
    decision = MatchDecision.objects.get()
    assert (decision.decision, decision.score, decision.rank) == ("same", 0.82, 1)


def test_same_for_htmx_answers_the_fragment_and_the_event(reviewer_client, claim):
    response = reviewer_client.post(
        SAME,
        {"claim": claim.pk, "text": "A million trees.", "key": "3", "door": "proposal"},
        **HTMX,
    )
    assert response.status_code == 200
    assert f"Added as an appearance of claim #{claim.pk}" in response.content.decode()
    assert json.loads(response["HX-Trigger"]) == {
        "matchDecided": {"claim": claim.pk, "decision": "same", "key": "3"}
    }


def test_not_same_for_htmx_records_a_negative(reviewer_client, claim):
    response = reviewer_client.post(
        NOT_SAME, {"claim": claim.pk, "text": "Trees were cut.", "key": "row-7"}, **HTMX
    )
    assert response.status_code == 200
    assert "Recorded: not the same claim" in response.content.decode()
    assert json.loads(response["HX-Trigger"])["matchDecided"]["decision"] == "not_same"
    assert not claim.appearances.exists()
    assert MatchDecision.objects.get().decision == "not_same"


def test_next_is_followed_only_when_local(reviewer_client, claim):
    local = reviewer_client.post(
        NOT_SAME, {"claim": claim.pk, "text": "x y z", "next": "/claims/import/"}
    )
    away = reviewer_client.post(
        NOT_SAME, {"claim": claim.pk, "text": "x y z", "next": "https://evil.example.org/"}
    )
    sneaky = reviewer_client.post(
        NOT_SAME, {"claim": claim.pk, "text": "x y z", "next": "//evil.example.org/"}
    )
    assert local["Location"] == "/claims/import/"
    assert away["Location"] == claim.get_absolute_url()
    assert sneaky["Location"] == claim.get_absolute_url()


def test_outsiders_and_anonymous_cannot_decide(outsider_client, anon_client, claim):
    assert outsider_client.post(SAME, {"claim": claim.pk, "text": "x"}).status_code == 403
    assert outsider_client.post(NOT_SAME, {"claim": claim.pk, "text": "x"}).status_code == 403
    anonymous = anon_client.post(SAME, {"claim": claim.pk, "text": "x"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert not MatchDecision.objects.exists()


def test_decisions_need_the_csrf_token(reviewer, claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(SAME, {"claim": claim.pk, "text": "x"}).status_code == 403
    assert not Appearance.objects.exists()


def test_only_post(reviewer_client):
    assert reviewer_client.get(SAME).status_code == 405


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"text": "no claim"},
        {"claim": "abc", "text": "x"},
        {"claim": "999999", "text": "x"},
        {"claim": "-1", "text": "x"},
        {"claim": "{claim}", "text": "   "},
        {"claim": "{claim}", "text": "x", "url": "javascript:alert(1)"},
        {"claim": "{claim}", "text": "x", "url": "ftp://files.example.org/a"},
        {"claim": "{claim}", "text": "x", "date": "03/10/2026"},
        {"claim": "{claim}", "text": "x", "date": "2026-02-30"},
        {"claim": "{claim}", "text": "x", "score": "high"},
        {"claim": "{claim}", "text": "x", "score": "nan"},
        {"claim": "{claim}", "text": "x", "rank": "0"},
        {"claim": "{claim}", "text": "x", "door": "fax"},
        {"claim": "{claim}", "text": "x", "article": "999999"},
        {"claim": "{claim}", "text": "x", "span_start": "5"},
        {"claim": "{claim}", "text": "x", "span_start": "9", "span_end": "2"},
        {"claim": "{claim}", "text": "x" * 5001},
        {"claim": "{claim}", "text": "x", "from_claim": "{claim}"},
    ],
)
def test_bad_input_is_a_400_with_a_message_never_a_500(reviewer_client, claim, data):
    data = {k: v.replace("{claim}", str(claim.pk)) for k, v in data.items()}
    plain = reviewer_client.post(SAME, data)
    fragment = reviewer_client.post(NOT_SAME, data, **HTMX)
    assert plain.status_code == 400 and plain.content
    assert fragment.status_code == 400 and 'role="alert"' in fragment.content.decode()
    assert not MatchDecision.objects.exists() and not Appearance.objects.exists()


def test_an_article_and_span_are_kept(reviewer, reviewer_client, claim):
    article = Article.objects.create(
        language="en", text="The mayor said the city planted a million trees.", created_by=reviewer
    )
    reviewer_client.post(
        SAME,
        {"claim": claim.pk, "text": "the city planted a million trees", "article": article.pk,
         "span_start": "15", "span_end": "47", "door": "proposal"},
    )  # fmt: skip
    appearance = claim.appearances.get()
    assert (appearance.article, appearance.span_start, appearance.span_end) == (article, 15, 47)


def test_appearance_text_and_outlet_are_escaped_on_the_claim_page(reviewer, reviewer_client, claim):
    services.appearance_add(
        actor=reviewer,
        claim_id=claim.pk,
        fields=said_again(
            text=f"Trees {HOSTILE}", outlet=f"Outlet {HOSTILE}", claimant_name=HOSTILE
        ),
    )
    page = reviewer_client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Green Cities" not in page  # the outlet given here replaced it
    assert "Also said" in page and "podcast.example.org/41" in page


# --- the claim page's similar-claims panel ------------------------------------------------------


@pytest.fixture
def pair(reviewer):
    def made(text):
        claim = services.claim_create(
            actor=reviewer,
            fields=services.ClaimFields(
                text=text, language="en", appeared_outlet="Asia-Plus", appeared_on=date(2026, 9, 1)
            ),
        )
        services.claim_analyse(claim_id=claim.pk)
        return Claim.objects.get(pk=claim.pk)

    original = made("Tajikistan runs more than 20 smart-city projects in its cities.")
    again = made("More than 20 smart city projects are running in Tajikistan's cities.")
    return original, again


def test_an_editor_makes_a_similar_claim_an_appearance(editor_client, pair):
    original, again = pair
    response = editor_client.post(
        reverse("reviews:merge-appearance", args=[again.pk]),
        {"duplicate_of": original.pk, "version": again.version, "rank": "1"},
    )
    assert response.status_code == 302
    again.refresh_from_db()
    assert (again.status, again.duplicate_of) == (Claim.Status.DISMISSED, original)
    appearance = original.appearances.get()
    assert (appearance.text, appearance.outlet) == (again.text, "Asia-Plus")
    decision = MatchDecision.objects.get()
    assert (decision.decision, decision.appearance, decision.from_claim) == (
        "duplicate",
        appearance,
        again,
    )
    assert decision.rank == 1 and decision.score is not None  # the stored similarity
    assert Claim.objects.filter(pk=again.pk).exists()  # nothing deleted
    page = editor_client.get(original.get_absolute_url()).content.decode()
    assert "Asia-Plus" in page and "added an appearance of the claim" in page


def test_reviewers_cannot_merge_and_bad_merges_are_refused(reviewer_client, editor_client, pair):
    original, again = pair
    url = reverse("reviews:merge-appearance", args=[again.pk])
    data = {"duplicate_of": original.pk, "version": again.version}
    assert reviewer_client.post(url, data).status_code == 403
    assert editor_client.post(url, {"duplicate_of": "x", "version": "1"}).status_code == 400
    stale = editor_client.post(url, {"duplicate_of": original.pk, "version": again.version + 5})
    assert stale.status_code == 302  # back to the page with the reason, nothing written
    itself = editor_client.post(url, {"duplicate_of": again.pk, "version": again.version})
    assert itself.status_code == 302
    assert not Appearance.objects.exists() and not MatchDecision.objects.exists()
    assert Claim.objects.get(pk=again.pk).status != Claim.Status.DISMISSED


def test_not_the_same_from_the_claim_page_is_remembered_there(reviewer_client, pair):
    original, again = pair
    panel_url = reverse("reviews:analysis", args=[again.pk])
    assert "Not the same" in reviewer_client.get(panel_url, **HTMX).content.decode()
    response = reviewer_client.post(
        NOT_SAME,
        {"claim": original.pk, "text": again.text, "from_claim": again.pk, "door": "claim_page",
         "score": "0.7", "rank": "1"},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    decision = MatchDecision.objects.get()
    assert (decision.from_claim, decision.claim, decision.door) == (again, original, "claim_page")
    panel = reviewer_client.get(panel_url, **HTMX).content.decode()
    assert "Recorded: not the same claim" in panel


# --- the claims list ------------------------------------------------------------------------


def test_the_list_counts_appearances_even_for_a_cached_row(reviewer, reviewer_client, claim):
    assert "said 1 more time" not in reviewer_client.get("/").content.decode()  # row now cached
    services.appearance_add(actor=reviewer, claim_id=claim.pk, fields=said_again())
    assert "said 1 more time" in reviewer_client.get("/").content.decode()
    services.appearance_add(actor=reviewer, claim_id=claim.pk, fields=said_again(text="Again."))
    assert "said 2 more times" in reviewer_client.get("/").content.decode()
