"""Followed sources with real processes: beat sends the polls, a real worker on a real broker
polls the recorded feeds on the fixture server, reads each story once and raises one alert for
a published claim said again, however many polls follow."""

from __future__ import annotations

import signal
from typing import Any

import pytest
from django.utils import timezone

from claims.matching import services as matching_services
from claims.models import Article, Claim, FollowedItem, FollowedSource, ProposedClaim, SeenAgain
from tests import processes
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PUBLISHED = (
    "China is on track to be the first country to meet its climate and net-zero commitments."
)


def test_beat_and_a_worker_turn_followed_feeds_into_proposals_and_one_alert(
    editor: Any, fixture_http: Any
) -> None:
    for case in ("rss2", "atom", "articles"):
        fixture_http.use("feeds", case)
    claim = ClaimFactory(text=PUBLISHED, status=Claim.Status.PUBLISHED)
    matching_services.claims_embed(claim_ids=[claim.pk])
    world = FollowedSource.objects.create(
        name="Desk Wire", url=fixture_http.url + "/feeds/world.rss", created_by=editor
    )
    FollowedSource.objects.create(
        name="Partner Daily", url=fixture_http.url + "/feeds/partner.atom", created_by=editor
    )
    env = {**fixture_http.env(), "FOLLOW_BEAT_SECONDS": "1", "FOLLOW_HOST_INTERVAL_SECONDS": "0"}
    processes.purge_broker()
    worker = processes.start_worker(**env)
    beat = processes.start_beat(**env)
    try:
        processes.wait_until(
            lambda: (
                FollowedItem.objects.count() == 4
                and not FollowedItem.objects.filter(state="pending").exists()
            ),
            timeout=90,
            what="both feeds polled and every item read",
        )
        assert SeenAgain.objects.filter(claim=claim).count() == 1
        assert ProposedClaim.objects.filter(text__icontains="12 wind turbines").exists()
        assert sorted(FollowedItem.objects.values_list("state", flat=True)) == [
            "duplicate",
            "duplicate",
            "read",
            "read",
        ]
        # polled again (not modified) and again: still one alert, nothing read twice
        polls = FollowedSource.objects.get(pk=world.pk).polls
        for _ in range(2):
            FollowedSource.objects.filter(pk=world.pk).update(next_poll_at=timezone.now())
            processes.wait_until(
                lambda before=polls: FollowedSource.objects.get(pk=world.pk).polls > before,
                timeout=30,
                what="another poll",
            )
            polls = FollowedSource.objects.get(pk=world.pk).polls
        assert SeenAgain.objects.count() == 1 and FollowedItem.objects.count() == 4
        pages = [r.path for r in fixture_http.requests if not r.path.startswith("/feeds/")]
        assert len(pages) == len(set(pages)), pages  # each page fetched at most once
    finally:
        beat.stop()
        worker.stop()


@pytest.mark.production  # a fault of the production pairing: run once, in the PostgreSQL pass
def test_a_worker_killed_mid_poll_and_mid_read_loses_nothing_and_reads_each_story_once(
    editor: Any, fixture_http: Any
) -> None:
    # The first answer to the feed and to one article never comes: each kill lands while the
    # worker waits on the network, holding the source or the host.
    hung_feed = fixture_http.add(
        {
            "request": {"path": "/feeds/world.rss"},
            "response": {"status": 200},
            "delay": 60,
            "repeat": 1,
        }
    ).exchanges[-1]
    hung_page = fixture_http.add(
        {
            "request": {"path": "/news/2026/12/01/port-terminal-power"},
            "response": {"status": 200},
            "delay": 60,
            "repeat": 1,
        }
    ).exchanges[-1]
    for case in ("rss2", "articles"):
        fixture_http.use("feeds", case)
    FollowedSource.objects.create(
        name="Desk Wire", url=fixture_http.url + "/feeds/world.rss", created_by=editor
    )
    env = {
        **fixture_http.env(),
        "FOLLOW_BEAT_SECONDS": "1",
        "FOLLOW_HOST_INTERVAL_SECONDS": "0",
        "FOLLOW_LEASE_SECONDS": "5",
        "SWEEP_INTERVAL_SECONDS": "1",
        "SWEEP_GRACE_SECONDS": "2",
    }
    processes.purge_broker()
    beat = processes.start_beat(**env)
    worker = None
    try:
        for hung in (hung_feed, hung_page):
            worker = processes.start_worker(concurrency=1, **env)
            processes.wait_until(lambda h=hung: h.served == 1, timeout=60, what="a request hung")
            worker.signal(signal.SIGKILL)
            worker.popen.wait()
            worker.stop()
        worker = processes.start_worker(concurrency=1, **env)
        processes.wait_until(
            lambda: (
                FollowedItem.objects.count() == 3
                and not FollowedItem.objects.filter(state="pending").exists()
            ),
            timeout=90,
            what="every item read after the kills",
        )
    finally:
        for proc in (worker, beat):
            if proc is not None:
                proc.stop()
    states = sorted(FollowedItem.objects.values_list("state", flat=True))
    assert states == ["duplicate", "read", "read"]
    assert Article.objects.count() == 2  # each story kept once
    port = FollowedItem.objects.get(url__endswith="port-terminal-power")
    assert port.attempts == 0 and ProposedClaim.objects.filter(item=port).exists()
