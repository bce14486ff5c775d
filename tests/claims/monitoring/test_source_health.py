"""A followed source that misbehaves ends in a clear state on its page: what went wrong in plain
words, polled again later (longer each time, or when the site says), paused after repeated
failures; nothing else waits for it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import FollowedItem, FollowedSource, HostSlot
from claims.monitoring import hosts, services

pytestmark = pytest.mark.django_db


def poll(source: FollowedSource) -> FollowedSource:
    FollowedSource.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
    services.source_poll(source_id=source.pk)
    source.refresh_from_db()
    return source


def test_a_server_that_answers_500_backs_off_then_pauses_the_source(fixture_http, follow, settings):
    settings.FOLLOW_PAUSE_AFTER_FAILURES = 3
    fixture_http.add(
        {"request": {"path": "/feeds/down.rss"}, "response": {"status": 500, "body": "oops"}}
    )
    source = follow("/feeds/down.rss", interval_minutes=10)
    waits = []
    for _ in range(3):
        before = timezone.now()
        source = poll(source)
        waits.append(round((source.next_poll_at - before).total_seconds() / 60))
    assert waits[:2] == [10, 20]  # doubling from the source's interval
    assert "temporary problem (HTTP 500)" in source.last_error
    assert source.failures_in_a_row == 3 and not source.active
    assert source.paused_reason.startswith("Paused automatically after 3 failed polls in a row")
    # paused: beat sends nothing more
    assert services.sources_due() == 0
    # an editor resumes it: due at once, the count starts again
    resumed = services.source_resume(actor=source.created_by, source_id=source.pk)
    assert resumed.active and resumed.failures_in_a_row == 0 and not resumed.paused_reason


def test_retry_after_is_honoured(fixture_http, follow):
    fixture_http.add(
        {
            "request": {"path": "/feeds/busy.rss"},
            "response": {"status": 429, "headers": {"Retry-After": "7200"}, "body": "slow down"},
        }
    )
    source = poll(follow("/feeds/busy.rss", interval_minutes=5))
    assert source.next_poll_at - timezone.now() > timedelta(hours=1, minutes=59)
    assert "asked us to wait" in source.last_error
    # the host itself rests as long: an item of the same site waits too
    slot = HostSlot.objects.get(host="127.0.0.1")
    assert slot.free_at - timezone.now() > timedelta(hours=1, minutes=59)
    assert hosts.take("127.0.0.1") > 7000


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        (
            {
                "status": 200,
                "headers": {"Content-Type": "application/rss+xml"},
                "body": "<rss><channel><item><title>cut",
            },
            "not a feed or a sitemap",
        ),
        (
            {
                "status": 200,
                "headers": {"Content-Type": "application/xml"},
                "body": "<urlset><url><loc>x</loc>",
            },
            "not well-formed XML",
        ),
        (
            {
                "status": 200,
                "headers": {"Content-Type": "text/html"},
                "body": "<html><body>Welcome</body></html>",
            },
            "not a feed or a sitemap",
        ),
        ({"status": 302, "redirect": "/feeds/odd"}, "too many redirects"),
        (
            {
                "status": 200,
                "generate": {"size": 50_000_000, "pattern": "<rss>"},
                "headers": {"Content-Type": "application/rss+xml"},
            },
            "larger than 10 mb",
        ),
        ({"status": 404, "body": "gone"}, "nothing at this address (HTTP 404)"),
    ],
    ids=["malformed-feed", "malformed-sitemap", "a-page", "redirect-loop", "50-MB", "not-found"],
)
def test_each_failure_is_said_in_plain_words(fixture_http, follow, spec, words):
    fixture_http.add({"request": {"path": "/feeds/odd"}, "response": spec})
    source = poll(follow("/feeds/odd"))
    assert words in source.last_error.lower() or words in source.last_error
    assert source.failures_in_a_row == 1 and source.active and source.polling_since is None
    assert FollowedItem.objects.count() == 0


def test_a_slow_drip_times_out(fixture_http, follow, settings):
    settings.LOOKUPS_TIMEOUT = 1.0
    fixture_http.add(
        {
            "request": {"path": "/feeds/drip.rss"},
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/rss+xml"},
                "body": "<rss>" + "x" * 4000,
            },
            "drip": {"chunk": 8, "interval": 0.2},
        }
    )
    source = poll(follow("/feeds/drip.rss"))
    assert source.failures_in_a_row == 1 and source.last_error


def test_a_feed_that_suddenly_lists_10000_items_takes_the_newest(fixture_http, follow, settings):
    settings.FOLLOW_MAX_NEW_ITEMS = 50

    def dated(n: int) -> str:
        return (timezone.now() - timedelta(minutes=n)).strftime("%a, %d %b %Y %H:%M:%S GMT")

    items = "".join(
        f"<item><title>Item {n}</title><link>{{server}}/a/{n}</link>"
        f"<pubDate>{dated(n)}</pubDate></item>"
        for n in range(10_000)
    )
    fixture_http.add(
        {
            "request": {"path": "/feeds/flood.rss"},
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/rss+xml"},
                "body": f"<rss version='2.0'><channel><title>Flood</title>{items}</channel></rss>",
                "substitute": True,
            },
        }
    )
    source = poll(follow("/feeds/flood.rss"))
    assert source.items_listed == 10_000 and source.items_new == 50
    assert "Only the newest 50 new items were taken" in source.last_status
    urls = set(FollowedItem.objects.values_list("url", flat=True))
    assert urls == {f"{fixture_http.url}/a/{n}" for n in range(50)}


def test_a_poll_killed_mid_way_is_polled_again_after_its_lease(fixture_http, follow, settings):
    fixture_http.use("feeds", "rss2")
    source = follow("/feeds/world.rss")
    # a worker took the source and died: nobody polls it while the lease holds
    FollowedSource.objects.filter(pk=source.pk).update(polling_since=timezone.now())
    assert services.source_poll(source_id=source.pk).new == 0
    lost = timezone.now() - timedelta(seconds=settings.FOLLOW_LEASE_SECONDS + 1)
    FollowedSource.objects.filter(pk=source.pk).update(polling_since=lost)
    HostSlot.objects.create(host="127.0.0.1", busy_until=lost)  # its host lease, lost as well
    assert services.source_poll(source_id=source.pk).new == 3


def test_one_request_at_a_time_per_host(settings):
    settings.FOLLOW_HOST_INTERVAL_SECONDS = 5.0
    assert hosts.take("news.example") == 0.0
    assert 0 < hosts.take("news.example") <= 5.0  # busy: ask again soon
    assert hosts.take("other.example") == 0.0  # another host is not held up
    hosts.release("news.example")
    assert 4.0 < hosts.take("news.example") <= 5.0  # resting for its interval
