"""The pages of followed sources, seen-again alerts and the morning list, for every persona."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import (
    Appearance,
    Article,
    Claim,
    FollowedItem,
    FollowedSource,
    MorningVisit,
    ProposedClaim,
    SeenAgain,
)
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def source(editor):
    return FollowedSource.objects.create(
        name="Desk Wire", url="https://wire.example/feed.rss", topic="Climate", created_by=editor
    )


@pytest.fixture
def proposal(source, editor):
    article = Article.objects.create(
        url="https://wire.example/a",
        title="Mayors meet",
        publisher="Desk Wire",
        language="en",
        text="China is on track to be the first country to meet its net-zero commitments, "
        "said Li Wen.",
        created_by=editor,
    )
    item = FollowedItem.objects.create(
        source=source, url=article.url, state="read", article=article, canonical_url=article.url
    )
    return ProposedClaim.objects.create(
        item=item,
        article=article,
        text="China is on track to be the first country to meet its net-zero commitments",
        speaker="Li Wen",
        speaker_description="an adviser",
        speaker_kind="person",
        claim_type=Claim.Type.PREDICTION,
        language="en",
        score=0.91,
        reasons=["a prediction", "a superlative"],
        span_start=0,
        span_end=75,
    )


@pytest.fixture
def alert(proposal):
    claim = ClaimFactory(text=proposal.text + ".", status=Claim.Status.PUBLISHED)
    proposal.state = ProposedClaim.State.SEEN_AGAIN
    proposal.save()
    return SeenAgain.objects.create(claim=claim, proposal=proposal, item=proposal.item, score=0.97)


def test_members_see_sources_and_their_health(reviewer_client, source):
    FollowedSource.objects.filter(pk=source.pk).update(
        failures_in_a_row=2, last_error="The site had a temporary problem (HTTP 500)."
    )
    page = reviewer_client.get(reverse("claims:sources")).content.decode()
    assert "Desk Wire" in page and "2 failed polls" in page
    page = reviewer_client.get(reverse("claims:source", args=[source.pk])).content.decode()
    assert "temporary problem (HTTP 500)" in page
    assert reverse("claims:source-edit", args=[source.pk]) not in page  # editors only


@pytest.mark.parametrize("name", ["claims:sources", "claims:seen-again", "claims:morning"])
def test_outsiders_and_anonymous_get_no_pages(outsider_client, anon_client, name):
    assert outsider_client.get(reverse(name)).status_code == 403
    assert anon_client.get(reverse(name)).status_code == 302  # to the login page


def test_an_editor_follows_a_source_and_bad_input_is_said_next_to_the_field(editor_client, source):
    url = reverse("claims:source-new")
    response = editor_client.post(
        url, {"name": "Again", "url": source.url, "interval_minutes": 2, "active": "on"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "already follows this address" in page and "Desk Wire" in page
    assert "greater than or equal to 5" in page
    assert 'value="Again"' in page  # what was typed is kept
    response = editor_client.post(
        url, {"name": "Local", "url": "http://10.0.0.8/feed", "interval_minutes": 30}
    )
    assert "inside our own network" in response.content.decode()
    response = editor_client.post(
        url,
        {
            "name": "City Hall",
            "url": "https://city.example/news.xml",
            "interval_minutes": 60,
            "active": "on",
        },
    )
    created = FollowedSource.objects.get(name="City Hall")
    assert response["Location"] == reverse("claims:source", args=[created.pk])
    assert created.interval_minutes == 60 and created.active


def test_reviewers_cannot_change_sources(reviewer_client, source):
    assert reviewer_client.get(reverse("claims:source-new")).status_code == 403
    assert reviewer_client.post(reverse("claims:source-pause", args=[source.pk])).status_code == 403
    assert reviewer_client.get(reverse("claims:source-edit", args=[source.pk])).status_code == 403
    assert reviewer_client.get(reverse("claims:source", args=[source.pk + 99])).status_code == 404


def test_pause_and_resume(editor_client, source):
    editor_client.post(reverse("claims:source-pause", args=[source.pk]))
    source.refresh_from_db()
    assert not source.active and "Paused by eddie" in source.paused_reason
    page = editor_client.get(reverse("claims:source", args=[source.pk])).content.decode()
    assert "Paused by eddie" in page and "Resume" in page
    editor_client.post(reverse("claims:source-resume", args=[source.pk]))
    source.refresh_from_db()
    assert source.active and not source.paused_reason


def test_confirming_an_alert_adds_an_appearance(reviewer_client, alert):
    page = reviewer_client.get(reverse("claims:seen-again")).content.decode()
    assert "Li Wen" in page and f"#{alert.claim_id}" in page and "Desk Wire" in page
    response = reviewer_client.post(reverse("claims:seen-again-confirm", args=[alert.pk]), **HX)
    assert response.status_code == 200 and "Confirmed as an appearance" in response.content.decode()
    appearance = Appearance.objects.get(claim=alert.claim)
    assert appearance.url == "https://wire.example/a" and appearance.claimant.name == "Li Wen"
    assert (appearance.span_start, appearance.span_end) == (0, 75)
    alert.refresh_from_db()
    assert alert.state == "confirmed" and alert.appearance == appearance
    # a second click (another tab) changes nothing
    response = reviewer_client.post(reverse("claims:seen-again-confirm", args=[alert.pk]))
    assert response.status_code == 302 and Appearance.objects.count() == 1


def test_dismissing_an_alert_without_javascript(reviewer_client, alert):
    response = reviewer_client.post(reverse("claims:seen-again-dismiss", args=[alert.pk]))
    assert response["Location"] == reverse("claims:seen-again")
    alert.refresh_from_db()
    assert alert.state == "dismissed" and not Appearance.objects.exists()
    assert (
        ProposedClaim.objects.get(pk=alert.proposal_id).state == "new"
    )  # back on the morning list


def test_outsiders_cannot_decide(outsider_client, alert):
    assert (
        outsider_client.post(reverse("claims:seen-again-confirm", args=[alert.pk])).status_code
        == 403
    )
    assert (
        outsider_client.post(reverse("claims:proposal-take", args=[alert.proposal_id])).status_code
        == 403
    )


def test_the_morning_list_shows_what_came_since_the_last_visit(reviewer_client, reviewer, proposal):
    page = reviewer_client.get(reverse("claims:morning")).content.decode()
    assert "first country" in page and "Climate" in page and "English" in page
    assert "a prediction; a superlative" in page
    # the second visit: nothing new since the first
    page = reviewer_client.get(reverse("claims:morning")).content.decode()
    assert "Nothing new since your last visit" in page
    assert (
        "first country"
        in reviewer_client.get(reverse("claims:morning") + "?all=1").content.decode()
    )
    MorningVisit.objects.filter(user=reviewer).update(seen_until=timezone.now() - timedelta(days=2))
    assert "first country" in reviewer_client.get(reverse("claims:morning")).content.decode()


def test_taking_a_proposal_into_the_desk(reviewer_client, proposal):
    response = reviewer_client.post(reverse("claims:proposal-take", args=[proposal.pk]), **HX)
    assert response.status_code == 200
    claim = Claim.objects.get()
    assert f"#{claim.pk}" in response.content.decode()
    assert claim.claimant.name == "Li Wen" and claim.article_id == proposal.article_id
    assert list(claim.tags.values_list("name", flat=True)) == ["Climate"]
    # taken once
    response = reviewer_client.post(reverse("claims:proposal-take", args=[proposal.pk]))
    assert response["Location"] == claim.get_absolute_url() and Claim.objects.count() == 1


def test_the_lists_take_a_fixed_number_of_queries(
    reviewer_client, proposal, alert, source, django_assert_max_num_queries
):
    for n in range(5):
        item = FollowedItem.objects.create(source=source, url=f"https://wire.example/{n}")
        ProposedClaim.objects.create(
            item=item,
            article=proposal.article,
            text=f"Claim {n}",
            claim_type="other",
            language="en",
            score=0.5,
            span_start=0,
            span_end=5,
        )
    for name in ("claims:morning", "claims:seen-again", "claims:sources"):
        with django_assert_max_num_queries(14):
            assert reviewer_client.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(14):
        assert reviewer_client.get(reverse("claims:source", args=[source.pk])).status_code == 200
