"""Polling followed sources and reading their new articles, against recorded feeds and pages on
the fixture server, with the real extractor and the real matching model."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.matching import services as matching_services
from claims.models import Article, Claim, FollowedItem, FollowedSource, ProposedClaim, SeenAgain
from claims.monitoring import services
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

SUMMIT = "/news/2026/12/01/mayors-summit-net-zero"
PUBLISHED = (
    "China is on track to be the first country to meet its climate and net-zero commitments."
)


@pytest.fixture
def published_claim(db):
    claim = ClaimFactory(text=PUBLISHED, status=Claim.Status.PUBLISHED)
    other = ClaimFactory(text="Bus fares in the capital fell by a fifth last spring.")
    matching_services.claims_embed(claim_ids=[claim.pk, other.pk])
    return claim


def read_all() -> None:
    for pk in (
        FollowedItem.objects.filter(state="pending").order_by("pk").values_list("pk", flat=True)
    ):
        assert services.item_read(item_id=pk) == 0.0


def fetched(fixture_http, path: str) -> int:
    return sum(1 for r in fixture_http.requests if r.path == path)


def test_new_items_become_proposed_claims_and_a_repeat_raises_one_alert(
    fixture_http, follow, published_claim
):
    for case in ("rss2", "atom", "articles"):
        fixture_http.use("feeds", case)
    world = follow("/feeds/world.rss", name="Desk Wire", topic="Climate")
    partner = follow("/feeds/partner.atom", name="Partner Daily")

    assert services.source_poll(source_id=world.pk).new == 3
    read_all()
    assert services.source_poll(source_id=partner.pk).new == 1
    read_all()

    # the same story under three addresses (the original, a syndicated copy whose canonical
    # address is the original, a partner's copy with the same text) is one article
    summit = Article.objects.get(url=fixture_http.url + SUMMIT)
    assert Article.objects.count() == 2
    states = dict(FollowedItem.objects.values_list("url", "state"))
    assert sorted(states.values()) == ["duplicate", "duplicate", "read", "read"]
    copies = FollowedItem.objects.filter(state="duplicate")
    assert {c.duplicate_of.article_id for c in copies} == {summit.pk}
    # the syndicated copy (newest) was read first and named the original as canonical: the
    # original's own address is then known and not fetched at all
    assert fetched(fixture_http, SUMMIT) + fetched(fixture_http, "/syndicated/mayors-summit") == 1

    proposed = ProposedClaim.objects.filter(article=summit)
    first = proposed.get(text__icontains="first country")
    assert first.speaker == "Li Wen" and "adviser" in first.speaker_description
    assert first.state == ProposedClaim.State.SEEN_AGAIN and first.matched_claim == published_claim
    port = ProposedClaim.objects.exclude(article=summit)
    assert port.filter(text__icontains="12 wind turbines").exists()

    (alert,) = SeenAgain.objects.all()
    assert alert.claim == published_claim and alert.proposal == first

    # the next poll: not modified (ETag), nothing new, still one alert
    world.refresh_from_db()
    assert world.etag == '"world-v1"' and world.items_total == 3
    FollowedSource.objects.filter(pk=world.pk).update(next_poll_at=timezone.now())
    assert services.source_poll(source_id=world.pk).new == 0
    world.refresh_from_db()
    assert "Nothing new" in world.last_status and world.failures_in_a_row == 0
    assert SeenAgain.objects.count() == 1


def test_a_sitemap_rdf_and_undated_feed_list_the_same_story_once(fixture_http, follow, db):
    for case in ("sitemap_news", "rdf", "undated", "articles"):
        fixture_http.use("feeds", case)
    for path in ("/sitemaps/news.xml", "/feeds/region.rdf", "/feeds/undated.rss"):
        source = follow(path)
        assert services.source_poll(source_id=source.pk).new >= 1
        read_all()
        source.refresh_from_db()
        assert source.kind in ("feed", "sitemap") and not source.last_error
    assert Article.objects.count() == 2  # two stories, each read once from whichever came first
    assert fetched(fixture_http, "/news/2026/12/01/port-terminal-power") == 1
    assert FollowedItem.objects.filter(state="read").count() == 2


def test_a_paused_or_already_polled_source_is_left_alone(fixture_http, follow):
    source = follow("/feeds/world.rss", active=False)
    assert services.source_poll(source_id=source.pk).new == 0
    FollowedSource.objects.filter(pk=source.pk).update(active=True, polling_since=timezone.now())
    assert services.source_poll(source_id=source.pk).new == 0
    assert fixture_http.requests == []


def test_sources_due_sends_each_due_source_once(follow, settings):
    due = follow("/feeds/a.rss")
    follow("/feeds/b.rss", next_poll_at=timezone.now() + timedelta(hours=1))
    follow("/feeds/c.rss", active=False)
    sent = []
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from foundation import background

    original = background.send_now
    background.send_now = lambda task, *args: sent.append((task, args))  # type: ignore[assignment]
    try:
        assert services.sources_due() == 1
        assert services.sources_due() == 0  # not due again before its lease runs out
    finally:
        background.send_now = original  # type: ignore[assignment]
    assert sent == [(services.POLL_TASK, (due.pk,))]


def test_an_item_lost_by_its_worker_is_sent_again_by_the_sweeper(follow, settings):
    source = follow("/feeds/a.rss")
    item = FollowedItem.objects.create(source=source, url="http://news.example/a")
    assert services.items_owed(10) == []
    FollowedItem.objects.filter(pk=item.pk).update(
        sent_at=timezone.now() - timedelta(seconds=settings.SWEEP_GRACE_SECONDS + 1)
    )
    assert services.items_owed(10) == [(services.READ_TASK, (item.pk,))]
    assert services.items_owed(10) == []  # sent: not again before its grace


def test_a_sitemap_index_is_read_through_its_newest_sitemaps(fixture_http, follow, settings):
    settings.FOLLOW_SITEMAP_CHILDREN = 1
    for case in ("sitemap_index", "sitemap_news"):
        fixture_http.use("feeds", case)
    source = follow("/sitemaps/index.xml")
    assert services.source_poll(source_id=source.pk).new == 2
    source.refresh_from_db()
    assert source.last_status.startswith("A sitemap index: read the newest 1 of its 2 sitemaps.")
    assert fetched(fixture_http, "/sitemaps/2020-01.xml") == 0  # the older one is left


def test_a_sitemap_of_the_index_that_fails_is_named_and_the_others_read(fixture_http, follow):
    for case in ("sitemap_index", "sitemap_news"):
        fixture_http.use("feeds", case)
    fixture_http.add({"request": {"path": "/sitemaps/2020-01.xml"}, "response": {"status": 404}})
    source = follow("/sitemaps/index.xml")
    assert services.source_poll(source_id=source.pk).new == 2
    source.refresh_from_db()
    assert "read the newest 1 of its 2 sitemaps" in source.last_status
    assert "2020-01.xml" in source.last_status and "HTTP 404" in source.last_status
