"""Lookups with real processes: Celery workers and beat on a real broker, the desk under
gunicorn, the fixture HTTP server as the outside world. Nothing owed is ever lost, and nothing
runs twice: a killed worker, a stopped broker, a message delivered twice, the embedded broker
losing what its worker had taken."""

from __future__ import annotations

import signal
import tempfile
import time
from typing import Any

import pytest

from claims import services as claim_services
from claims.lookups import tasks
from claims.models import Claim, LookupJob
from tests import processes
from tests.faults import support

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
S = LookupJob.Status
SHORT_LEASE = {"CELERY_TASK_TIME_LIMIT": "6"}  # a dead worker's job is taken over after 11 s


def factcheck_only(settings: Any, fixture_http: Any) -> dict[str, str]:
    """Plan and run only the Fact Check lookup, against the fixture server."""
    settings.LOOKUPS_PROVIDERS = ["factcheck"]
    return {**fixture_http.env(), "LOOKUPS_PROVIDERS": "factcheck", **SHORT_LEASE}


def answer(fixture_http: Any, *, delay: float = 0.0, repeat: int | None = None) -> None:
    support.factcheck_answer(fixture_http, delay=delay, repeat=repeat)


def new_claim(user: Any, n: int = 0) -> Claim:
    return claim_services.claim_create(
        actor=user,
        fields=claim_services.ClaimFields(
            text=f"Cities emit 70 percent of CO2 ({n}).", language="en"
        ),
    )


def factcheck_job(claim: Claim) -> LookupJob:
    return LookupJob.objects.get(claim=claim, provider="factcheck")


def done(job_id: int) -> bool:
    return LookupJob.objects.filter(pk=job_id, status=S.DONE).exists()


def test_a_worker_killed_mid_lookup_loses_nothing_and_runs_it_once(
    reviewer, settings, fixture_http
):
    env = factcheck_only(settings, fixture_http)
    answer(fixture_http, delay=30, repeat=1)  # the first attempt hangs until the kill
    answer(fixture_http)
    processes.purge_broker()
    worker = processes.start_worker(**env)
    try:
        job = factcheck_job(new_claim(reviewer))
        processes.wait_until(lambda: fixture_http.requests, what="the lookup to start")
        worker.signal(signal.SIGKILL)
        worker.popen.wait()
    finally:
        worker.stop()
    job.refresh_from_db()
    assert job.status == S.RUNNING  # the dead worker's claim on it stands until its lease ends

    from claims.lookups import services

    with processes.worker(**env):
        processes.wait_until(
            lambda: services.lookups_sweep() >= 0 and done(job.pk),
            timeout=60,
            interval=0.5,
            what="the sweeper to hand the job to the new worker",
        )
    job.refresh_from_db()
    assert job.attempts == 2
    assert job.results.count() == 1
    assert len(fixture_http.requests) == 2


def test_a_message_delivered_twice_runs_once(reviewer, settings, fixture_http):
    env = factcheck_only(settings, fixture_http)
    answer(fixture_http, delay=1.0)
    processes.purge_broker()
    job = factcheck_job(new_claim(reviewer))  # its own message is never sent: no on_commit here
    with processes.worker(concurrency=2, **env):
        task = tasks.task_for("factcheck")
        task.delay(job.pk)
        task.delay(job.pk)
        processes.wait_until(lambda: done(job.pk), what="the lookup")
        time.sleep(2)  # time for the second delivery to be handled (as a no-op)
    job.refresh_from_db()
    assert job.attempts == 1
    assert job.results.count() == 1
    assert len(fixture_http.requests) == 1


@pytest.mark.production
def test_claims_saved_while_the_broker_is_down_get_their_lookups_after(
    reviewer, settings, fixture_http
):
    env = factcheck_only(settings, fixture_http)
    answer(fixture_http)
    processes.live_password(reviewer, settings)
    port = processes.free_port()
    broker = {
        **env,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        "BROKER_SOCKET_TIMEOUT": "1",
        "SWEEP_INTERVAL_SECONDS": "1",
        "SWEEP_GRACE_SECONDS": "1",
    }
    redis = processes.start_redis(port)
    redis.stop()  # the broker goes down before anyone saves
    with processes.web_server(**broker) as base:
        client = processes.WebClient(base)
        client.login("rita", "a-long-test-password")
        for n in range(3):
            status, _headers, body = client.post(
                "/claims/new/",
                {
                    "text": f"Cities emit 70 percent of CO2 ({n}).",
                    "language": "en",
                    "claim_type": "quantity",
                },
            )
            assert status == 302, body[:500]
    claims = list(Claim.objects.all())
    assert len(claims) == 3
    jobs = [factcheck_job(claim) for claim in claims]
    assert all(job.status == S.QUEUED for job in jobs)

    redis = processes.start_redis(port)
    try:
        with processes.worker(**broker):
            beat = processes.start_beat(**broker)
            try:
                processes.wait_until(
                    lambda: all(done(job.pk) for job in jobs), timeout=60, what="lookups done"
                )
            finally:
                beat.stop()
    finally:
        redis.stop()
    for job in jobs:
        job.refresh_from_db()
        assert job.attempts == 1 and job.results.count() == 1
    assert len(fixture_http.requests) == 3


@pytest.mark.embedded
def test_the_embedded_broker_loses_a_killed_workers_message_and_the_sweeper_recovers(
    reviewer, settings, fixture_http
):
    env = factcheck_only(settings, fixture_http)
    answer(fixture_http, delay=30, repeat=1)
    answer(fixture_http)
    embedded = {
        **env,
        "CELERY_BROKER_URL": "filesystem://localhost/",
        "BROKER_DIR": tempfile.mkdtemp(prefix="embedded-broker-"),
        "SWEEP_INTERVAL_SECONDS": "1",
        "SWEEP_GRACE_SECONDS": "1",
    }
    job = factcheck_job(new_claim(reviewer))  # planned; no message sent from this process
    worker = processes.start_worker(**embedded)
    beat = processes.start_beat(**embedded)
    try:
        processes.wait_until(lambda: fixture_http.requests, timeout=30, what="the lookup to start")
        worker.signal(signal.SIGKILL)
        worker.popen.wait()
        worker.stop()
        # The filesystem transport removed the message when the worker took it: only the
        # outbox row and the sweeper know the lookup is still owed.
        worker = processes.start_worker(**embedded)
        support.wait_for_recovery(
            lambda: done(job.pk), timeout=60, what="recovery", procs=[worker, beat]
        )
    finally:
        beat.stop()
        worker.stop()
    job.refresh_from_db()
    assert job.attempts == 2 and job.results.count() == 1
