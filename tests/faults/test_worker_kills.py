"""A Celery worker killed with SIGKILL in the middle of a lookup, again and again: every job is
still done, exactly once. The broker is a private Redis; the desk saves the claims under
gunicorn; beat runs the sweeper; the fixture server is the outside world, and its first answers
never come, so each kill lands while a lookup is waiting on the network."""

from __future__ import annotations

import signal
import time

import pytest

from claims.models import Claim, LookupJob, LookupResult
from tests import processes
from tests.faults import support

pytestmark = [
    pytest.mark.worker,
    pytest.mark.redis,
    pytest.mark.production,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
S = LookupJob.Status
CLAIMS = 3
KILLS = 5  # more kills than jobs: some job is killed twice before it is done


def test_workers_killed_mid_lookup_again_and_again_lose_no_job_and_finish_each_once(
    reviewer, fixture_http
):
    hung = support.factcheck_answer(fixture_http, delay=120, repeat=KILLS)
    answered = support.factcheck_answer(fixture_http)
    port = processes.free_port()
    env = {
        **support.factcheck_only(fixture_http),
        **support.SHORT_LEASE,
        **support.QUICK_SWEEPS,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
    }
    started = time.monotonic()
    redis = processes.start_redis(port)
    beat = worker = None
    kills = 0
    try:
        with processes.web_server(**env) as base:
            client = processes.WebClient(base)
            client.force_login(reviewer)
            for n in range(CLAIMS):
                status, _elapsed, body = support.post_claim(client, n)
                assert status == 302, body[:500]
        claims = list(Claim.objects.order_by("pk"))
        jobs = [LookupJob.objects.get(claim=claim, provider="factcheck") for claim in claims]
        beat = processes.start_beat(**env)
        while kills < KILLS:
            worker = processes.start_worker(concurrency=1, **env)
            processes.wait_until(
                lambda served=kills: hung.served > served,
                timeout=60,
                interval=0.02,
                what=f"lookup {kills + 1} to reach the outside world",
            )
            worker.signal(signal.SIGKILL)  # the whole process group: main process and its child
            worker.popen.wait()
            worker.stop()
            kills += 1
        worker = processes.start_worker(concurrency=1, **env)
        support.wait_for_recovery(
            lambda: support.all_settled(jobs),
            timeout=90,
            what="every lookup and analysis done after the kills",
            procs=[worker, beat],
        )
    finally:
        for proc in (worker, beat, redis):
            if proc is not None:
                proc.stop()
    elapsed = time.monotonic() - started

    attempts = []
    for claim, job in zip(claims, jobs, strict=True):
        job.refresh_from_db()
        asked = support.lookups_asked_for(fixture_http, claim.text)
        # Every attempt asked the outside world once; exactly one of them got its answer, and
        # its results were written once.
        assert job.attempts == len(asked), (job.attempts, [str(r) for r in asked])
        assert sum(r.matched == answered.source for r in asked) == 1
        assert job.results.count() == 1
        attempts.append(job.attempts)
    assert kills == hung.served == KILLS  # each kill interrupted exactly one lookup
    assert answered.served == CLAIMS
    assert sum(attempts) == KILLS + CLAIMS
    assert max(attempts) >= 3  # five kills over three jobs: one was killed twice, then done
    assert LookupResult.objects.filter(job__in=jobs).count() == CLAIMS
    print(f"\n{KILLS} SIGKILLs, {CLAIMS} claims, attempts per job {attempts}, {elapsed:.0f} s")
