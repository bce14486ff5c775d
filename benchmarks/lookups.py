"""1,000 lookups through a real Celery worker against a local server that answers each request
after 200 ms. Reports wall time against the ideal (jobs × 0.2 s ÷ worker concurrency), measured
in the same run, and the worker's peak memory (all its processes together)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

from benchmarks import generate
from claims.lookups import tasks
from claims.models import Claim, LookupJob
from tests.fixture_server import FixtureServer

JOBS = 1000
DELAY = 0.2
CONCURRENCY = int(os.environ.get("BENCH_LOOKUP_CONCURRENCY", "8"))
POOL = os.environ.get("BENCH_LOOKUP_POOL", "prefork")
ROOT = Path(__file__).resolve().parent.parent


def _answer(server: FixtureServer) -> None:
    server.add(
        {
            "request": {"method": "GET", "path": "/v1alpha1/claims:search"},
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/json; charset=UTF-8"},
                "json": {
                    "claims": [
                        {
                            "text": "A claim",
                            "claimReview": [
                                {
                                    "publisher": {"name": "Desk"},
                                    "url": "https://factdesk.example/a",
                                    "title": "A check",
                                    "textualRating": "False",
                                }
                            ],
                        }
                    ]
                },
            },
            "delay": DELAY,
        }
    )


def _rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0
        )
        pids.extend(int(child) for child in children)
    return total


def main(*, jobs: int = JOBS, concurrency: int = CONCURRENCY) -> str:
    generate.build(claims=100_000)
    server = FixtureServer().start()
    _answer(server)
    broker = settings.CELERY_BROKER_URL
    env = {
        **os.environ,
        **server.env(),
        "CELERY_BROKER_URL": broker,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "LOOKUPS_PROVIDERS": "factcheck",
        "LOOKUPS_RATE_LIMITS": "factcheck=",  # the benchmark measures the pipe, not the limit
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    }
    log = tempfile.NamedTemporaryFile(prefix="bench-worker-", suffix=".log", delete=False)  # noqa: SIM115
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel",
            "WARNING",
            "--concurrency",
            str(concurrency),
            "--pool",
            POOL,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"bench-{uuid.uuid4().hex[:6]}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _rss_kb(worker.pid))
            time.sleep(0.2)

    try:
        time.sleep(6)  # let the worker boot before the clock starts
        run = uuid.uuid4().hex[:8]
        claim_ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True)[:jobs])
        created = LookupJob.objects.bulk_create(
            [
                LookupJob(claim_id=claim_id, provider="factcheck", input_hash=f"bench-{run}-{i}")
                for i, claim_id in enumerate(claim_ids)
            ]
        )
        ids = [job.pk for job in created]
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        task = tasks.task_for("factcheck")
        started = time.perf_counter()
        for job_id in ids:
            task.delay(job_id)
        while LookupJob.objects.filter(pk__in=ids, status="done").count() < len(ids):
            if worker.poll() is not None:
                raise RuntimeError(f"the worker died; see {log.name}")
            time.sleep(0.1)
        wall = time.perf_counter() - started
        stop.set()
        sampler.join()
        failed = LookupJob.objects.filter(pk__in=ids).exclude(status="done").count()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        server.stop()
    ideal = len(ids) * DELAY / concurrency
    return (
        f"Lookups: {len(ids):,} jobs, server delay {DELAY * 1000:.0f} ms, worker concurrency "
        f"{concurrency} ({POOL}), {connection.vendor}, broker {broker.split('://')[0]}\n\n"
        "| measure | value |\n|---|---:|\n"
        f"| ideal wall time (jobs × 0.2 s ÷ concurrency) | {ideal:.1f} s |\n"
        f"| measured wall time | {wall:.1f} s |\n"
        f"| measured / ideal | {wall / ideal:.2f}x |\n"
        f"| throughput | {len(ids) / wall:.1f} lookups/s |\n"
        f"| worker peak memory (all processes) | {peak / 1024:.0f} MB |\n"
        f"| jobs not done | {failed} |\n"
        f"\n(settings: task time limit {settings.CELERY_TASK_TIME_LIMIT} s)"
    )
