"""A Redis that accepts connections and never answers (a hung server, a half-open network path):
the desk under gunicorn waits for it at most one socket timeout (BROKER_SOCKET_TIMEOUT,
CACHE_SOCKET_TIMEOUT), once, then stops asking for a few seconds. Claims are saved all along;
what could not be published stays owed in the database for the sweeper."""

from __future__ import annotations

import signal
import time

import pytest
import redis

from claims.models import Claim, LookupJob
from foundation import faults
from tests import processes
from tests.faults import support

pytestmark = [
    pytest.mark.serial,
    pytest.mark.production,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
S = LookupJob.Status
TIMEOUT = 3.0  # seconds, the socket timeout the web process is given
MARGIN = 2.0  # seconds for the request itself on a busy machine (a second wait would not fit)


def timed_get(client: processes.WebClient, path: str) -> tuple[int, float]:
    started = time.monotonic()
    status, _headers, _body = client.get(path)
    return status, time.monotonic() - started


def test_a_hung_broker_costs_one_socket_timeout_and_the_claims_are_saved(reviewer, fixture_http):
    # Every provider is planned: each claim owes an analysis and several lookups, each a message.
    env = {**fixture_http.env(), "BROKER_SOCKET_TIMEOUT": str(TIMEOUT)}
    with processes.SilentServer() as silent:
        env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{silent.port}/0"
        with processes.web_server(**env) as base:
            client = processes.WebClient(base)
            client.force_login(reviewer)
            first, first_took, body = support.post_claim(client, 1)
            assert first == 302, body[:500]
            assert silent.accepted >= 1  # the publish did reach the hung server and waited
            second, second_took, body = support.post_claim(client, 2)
            assert second == 302, body[:500]
            started = time.monotonic()
            health, _report = processes.http_get(base + "/healthz", timeout=30)
            health_took = time.monotonic() - started
    assert first_took < TIMEOUT + MARGIN  # one wait, not one per message
    assert second_took < TIMEOUT  # no wait: publishing is paused after the failure
    assert health == 503 and health_took < TIMEOUT + MARGIN  # the health check still asks
    claims = list(Claim.objects.order_by("pk"))
    assert [c.text for c in claims] == [support.claim_text(1), support.claim_text(2)]
    for claim in claims:  # its lookups stay owed, in the outbox, for the sweeper
        jobs = LookupJob.objects.filter(claim=claim)
        assert jobs.filter(status=S.QUEUED).count() >= 2
        assert not jobs.exclude(status__in=[S.QUEUED, S.SKIPPED]).exists()
    print(
        f"\nhung broker, {TIMEOUT:.0f} s timeout: first save {first_took:.2f} s, "
        f"second {second_took:.2f} s, /healthz 503 in {health_took:.2f} s"
    )


def test_a_hung_cache_costs_one_socket_timeout_and_no_error_page(reviewer, fixture_http):
    env = {**support.factcheck_only(fixture_http), "CACHE_SOCKET_TIMEOUT": str(TIMEOUT)}
    with processes.SilentServer() as silent:
        env["CACHE_URL"] = f"redis://127.0.0.1:{silent.port}/0"
        with processes.web_server(**env) as base:
            client = processes.WebClient(base)
            client.force_login(reviewer)
            first, first_took, body = support.post_claim(client, 1)
            assert first == 302, body[:500]
            assert silent.accepted >= 1
            second, second_took, body = support.post_claim(client, 2)
            assert second == 302, body[:500]
            # The claim list counts its queues through the cache and lists desk members.
            listing, listing_took = timed_get(client, "/")
            assert listing == 200
    assert first_took < TIMEOUT + MARGIN
    assert second_took < TIMEOUT and listing_took < TIMEOUT
    assert Claim.objects.count() == 2
    print(
        f"\nhung cache, {TIMEOUT:.0f} s timeout: first save {first_took:.2f} s, "
        f"second {second_took:.2f} s, claim list {listing_took:.2f} s"
    )


@pytest.mark.redis
def test_a_deletion_lost_while_redis_hangs_is_replayed_once_it_answers():
    """An invalidation (a revoked permission set, a logged-out session) must not come back to
    life when a Redis that hung, rather than restarted, answers again with its data."""
    port = processes.free_port()
    server = processes.start_redis(port)
    location = f"redis://127.0.0.1:{port}/0"
    options = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    cache = faults.ResilientRedisCache(location, {"OPTIONS": options})
    raw = redis.Redis.from_url(location)
    key = cache.make_key("perms:1")
    try:
        cache.set("perms:1", ["claims.change_claim"], 600)
        server.signal(signal.SIGSTOP)  # up as far as TCP can tell; never answers
        started = time.monotonic()
        assert cache.get("desk-members") is None  # waits one socket timeout: a miss
        assert time.monotonic() - started < 0.5 + MARGIN
        started = time.monotonic()
        cache.delete("perms:1")  # not even sent: the cache is paused
        assert cache.get("perms:1") is None
        assert time.monotonic() - started < 0.1
        server.signal(signal.SIGCONT)
        assert raw.exists(key)  # Redis is back, the stale entry with it
        time.sleep(faults.PAUSE_SECONDS)
        assert cache.get("perms:1") is None  # the first use replays the deletion first
        assert not raw.exists(key)
    finally:
        server.signal(signal.SIGCONT)
        raw.close()
        server.stop()
