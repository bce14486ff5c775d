"""Redis stopped and started again while reviewers keep saving claims. Redis is the broker and
the shared cache, as in production (two databases of one private redis-server); the desk runs
under gunicorn with a Celery worker and beat beside it, all left running through the outage.
Nobody sees an error page, every claim is saved, and once Redis is back every claim is analysed
and looked up, each lookup exactly once."""

from __future__ import annotations

import re
import threading
import time

import pytest

from claims.models import Claim, LookupJob, LookupResult
from tests import processes
from tests.faults import support

pytestmark = [
    pytest.mark.serial,
    pytest.mark.worker,
    pytest.mark.redis,
    pytest.mark.production,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
S = LookupJob.Status
OUTAGE_SECONDS = 3.0


class Poster(threading.Thread):
    """Saves claim after claim over HTTP until stopped, noting when each answer came."""

    def __init__(self, client: processes.WebClient) -> None:
        super().__init__(name="claim-poster", daemon=True)
        self.client = client
        self.answers: list[tuple[int, float, float]] = []  # (status, finished at, seconds)
        self.bodies: list[str] = []
        self.halt = threading.Event()

    def run(self) -> None:
        n = 0
        while not self.halt.is_set():
            try:
                status, elapsed, body = support.post_claim(self.client, n)
            except OSError as error:  # no HTTP answer at all (reset, timeout): as bad as a 500
                status, elapsed, body = 0, 0.0, repr(error)
            self.answers.append((status, time.monotonic(), elapsed))
            if status != 302:
                self.bodies.append(body[:2000])
            n += 1
            time.sleep(0.1)

    def answered_since(self, moment: float) -> int:
        return sum(finished >= moment for _status, finished, _elapsed in self.answers)


def private_redis_env(fixture_http, port: int) -> dict[str, str]:
    """Child settings: broker and cache on a private redis-server this test stops at will."""
    return {
        **support.factcheck_only(fixture_http),
        **support.QUICK_SWEEPS,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        "CACHE_URL": f"redis://127.0.0.1:{port}/1",
        "BROKER_SOCKET_TIMEOUT": "1",
        "CACHE_SOCKET_TIMEOUT": "1",
    }


def test_redis_stopped_and_restarted_while_claims_are_saved_loses_nothing(reviewer, fixture_http):
    answered = support.factcheck_answer(fixture_http)
    port = processes.free_port()
    env = private_redis_env(fixture_http, port)
    redis = processes.start_redis(port)
    worker = beat = poster = None
    try:
        worker = processes.start_worker(**env)
        beat = processes.start_beat(**env)
        with processes.web_server(**env) as base:
            client = processes.WebClient(base)
            client.force_login(reviewer)
            poster = Poster(client)
            poster.start()
            processes.wait_until(lambda: len(poster.answers) >= 5, what="saves before the outage")

            redis.stop()
            down_at = time.monotonic()
            time.sleep(OUTAGE_SECONDS)
            saved_while_down = poster.answered_since(down_at)
            redis = processes.start_redis(port)
            up_at = time.monotonic()

            processes.wait_until(
                lambda: poster.answered_since(up_at) >= 5, what="saves after the outage"
            )
            poster.halt.set()
            poster.join(timeout=30)
        statuses = [status for status, _finished, _elapsed in poster.answers]
        assert statuses == [302] * len(statuses), poster.bodies[:1]
        assert saved_while_down >= 5

        texts = {support.claim_text(n) for n in range(len(statuses))}
        claims = list(Claim.objects.all())
        assert {claim.text for claim in claims} == texts
        jobs = list(LookupJob.objects.filter(claim__in=claims, provider="factcheck"))
        assert len(jobs) == len(claims)
        support.wait_for_recovery(
            lambda: support.all_settled(jobs),
            timeout=90,
            what="every lookup and analysis done once Redis is back",
            procs=[worker, beat],
        )
        recovered_in = time.monotonic() - up_at
    finally:
        if poster is not None:
            poster.halt.set()
        for proc in (worker, beat, redis):
            if proc is not None:
                proc.stop()

    for job in jobs:
        job.refresh_from_db()
        assert job.attempts == 1
        assert len(support.lookups_asked_for(fixture_http, job.claim.text)) == 1
    assert answered.served == len(claims)
    assert LookupResult.objects.filter(job__in=jobs).count() == len(claims)
    slowest = max(elapsed for _status, _finished, elapsed in poster.answers)
    print(
        f"\n{len(claims)} claims saved ({saved_while_down} while Redis was down "
        f"{OUTAGE_SECONDS:.0f} s), slowest save {slowest:.2f} s, "
        f"all lookups done {recovered_in:.1f} s after Redis came back"
    )


def test_worker_outlives_losing_redis_while_a_lookup_is_running(reviewer, fixture_http):
    """The broker goes away while the worker holds an unacknowledged lookup (acks late), and
    the lookup finishes only after the worker has reconnected (its first retry comes 2 s after
    the loss, the next 4 s later), so it acknowledges on the lost connection's channel. The
    worker lives through both (Celery 5.7 alone exits at either: config/broker.py), the
    lookup's result is kept, and the outside world is asked once."""
    slow = support.factcheck_answer(fixture_http, delay=12.0, repeat=1)
    quick = support.factcheck_answer(fixture_http)
    port = processes.free_port()
    env = {**private_redis_env(fixture_http, port), "LOOKUPS_TIMEOUT": "30"}
    redis = processes.start_redis(port)
    worker = None
    try:
        worker = processes.start_worker(**env)
        with processes.web_server(**env) as base:
            client = processes.WebClient(base)
            client.force_login(reviewer)
            assert support.post_claim(client, 0)[0] == 302
            text = support.claim_text(0)
            processes.wait_until(
                lambda: support.lookups_asked_for(fixture_http, text), what="the lookup under way"
            )
            redis.stop()
            time.sleep(OUTAGE_SECONDS)
            redis = processes.start_redis(port)
            job = LookupJob.objects.get(claim__text=text, provider="factcheck")
            processes.wait_until(
                lambda: LookupJob.objects.filter(pk=job.pk, status=S.DONE).exists(),
                timeout=60,
                what="the lookup done",
            )
            processes.wait_until(
                lambda: re.search(r"run\.factcheck\[[^]]+\] succeeded", worker.output()),
                timeout=10,
                what="the lookup's task finished (and acknowledged)",
            )
            # The worker still runs and takes new work through its new connection.
            assert support.post_claim(client, 1)[0] == 302
            later = support.claim_text(1)
            processes.wait_until(
                lambda: LookupJob.objects.filter(
                    claim__text=later, provider="factcheck", status=S.DONE
                ).exists(),
                timeout=60,
                what="a lookup after the outage",
            )
        assert worker.alive(), worker.output()[-5000:]
        assert "Unrecoverable error" not in worker.output()
    finally:
        for proc in (worker, redis):
            if proc is not None:
                proc.stop()
    assert len(support.lookups_asked_for(fixture_http, text)) == 1
    assert slow.served == 1 and quick.served == 1
