"""Followed sources at scale: SOURCES feeds of ITEMS articles each, spread over HOSTS local
hosts (127.0.0.2, 127.0.0.3, …: all loopback, each its own server) that answer every request
after 200 ms, polled and read by a real Celery worker (beat's own task sends the polls).

Reports the wall time against the ideal for the worker's concurrency and the per-host
politeness (one request at a time per host, FOLLOW_HOST_INTERVAL_SECONDS between two), measured
in the same run: ideal = max(requests × 0.2 s ÷ concurrency, the busiest host's requests ×
(0.2 s + interval)). Checks that no article was fetched or read twice, and times the claims
list while the worker runs against the same list with the machine idle, in the same run.

Scale: FOLLOW_BENCH_SOURCES (500), FOLLOW_BENCH_ITEMS (50), FOLLOW_BENCH_HOSTS (50),
FOLLOW_BENCH_CONCURRENCY (8), FOLLOW_BENCH_INTERVAL (0.2 s), BENCH_SIZE (claims on the desk,
100,000). The articles are written here from templates (our own words, with numbers, so each is
a different story).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from benchmarks import generate, harness
from claims.models import Article, Claim, FollowedItem, FollowedSource
from claims.monitoring import services

ROOT = Path(__file__).resolve().parent.parent
DELAY = 0.2
SOURCES = int(os.environ.get("FOLLOW_BENCH_SOURCES", "500"))
ITEMS = int(os.environ.get("FOLLOW_BENCH_ITEMS", "50"))
HOSTS = int(os.environ.get("FOLLOW_BENCH_HOSTS", "50"))
CONCURRENCY = int(os.environ.get("FOLLOW_BENCH_CONCURRENCY", "8"))
INTERVAL = float(os.environ.get("FOLLOW_BENCH_INTERVAL", "0.2"))
CLAIMS = int(os.environ.get("BENCH_SIZE", "100000"))

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><link rel="canonical" href="{url}"></head><body><article><h1>{title}</h1>
<p>The city council of district {n} approved a budget of {money} million dollars on Tuesday,
{pct} percent more than last year, the mayor's office said.</p>
<p>"We will open {schools} new schools by 2030," said Amina Rahimova, the council's chair, adding
that the district now has the lowest unemployment rate in the region.</p>
<p>Bus fares in district {n} fell by a fifth last spring, according to the transport
department, and ridership rose to {riders} passengers a day.</p></article></body></html>"""


class _Site(BaseHTTPRequestHandler):
    served: Counter[str] = Counter()
    lock = threading.Lock()
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(DELAY)
        host = self.headers.get("Host", "")
        with self.lock:
            self.served[host + self.path] += 1
        if self.path.startswith("/feed/"):
            source = int(self.path.rsplit("/", 1)[-1])
            body = _feed(host, source).encode()
            kind = "application/rss+xml"
        else:
            number = int(self.path.rsplit("/", 1)[-1])
            url = f"http://{host}{self.path}"
            body = PAGE.format(
                title=f"District {number} budget",
                url=url,
                n=number,
                money=100 + number % 900,
                pct=1 + number % 40,
                schools=2 + number % 30,
                riders=10_000 + number,
            ).encode()
            kind = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _feed(host: str, source: int) -> str:
    items = "".join(
        f"<item><title>Story {source}-{i}</title>"
        f"<link>http://{host}/news/{source * 1000 + i}</link></item>"
        for i in range(ITEMS)
    )
    return f"<rss version='2.0'><channel><title>Source {source}</title>{items}</channel></rss>"


def _servers(port: int) -> list[ThreadingHTTPServer]:
    started = []
    for h in range(HOSTS):
        server = ThreadingHTTPServer((f"127.0.0.{h + 2}", port), _Site)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
    return started


def _list_times(client: Client, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get("/", {"status": "new"})
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"the claims list answered {response.status_code}")
    return times


def main() -> str:
    from django.contrib.auth import get_user_model

    generate.build(claims=CLAIMS)
    FollowedItem.objects.all().delete()
    FollowedSource.objects.all().delete()
    Article.objects.filter(created_by__username="bench-follow").delete()
    editor, _ = get_user_model().objects.get_or_create(username="bench-follow", is_staff=True)
    port = harness_port()
    servers = _servers(port)
    FollowedSource.objects.bulk_create(
        [
            FollowedSource(
                name=f"Source {s}",
                url=f"http://127.0.0.{s % HOSTS + 2}:{port}/feed/{s}",
                created_by=editor,
                language="en",
            )
            for s in range(SOURCES)
        ]
    )
    reader = get_user_model().objects.get(username="bench-user-3")
    client = Client()
    client.force_login(reader)
    env = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "LOOKUPS_ALLOW_PRIVATE_ADDRESSES": "true",
        "FOLLOW_HOST_INTERVAL_SECONDS": str(INTERVAL),
        "FOLLOW_MAX_NEW_ITEMS": str(max(ITEMS, 1)),
        "MATCHING_WARM": "false",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    }
    log = tempfile.NamedTemporaryFile(prefix="bench-follow-", suffix=".log", delete=False)  # noqa: SIM115
    # The worker runs niced, as background work on a shared machine should: the desk's pages
    # come first.
    worker = subprocess.Popen(
        ["nice", "-n", "10", sys.executable, "-m", "celery", "-A", "config", "worker",
         "--loglevel", "WARNING", "--concurrency", str(CONCURRENCY), "--pool", "prefork",
         "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"bench-follow-{uuid.uuid4().hex[:6]}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        _list_times(client, 10)
        idle = _list_times(client, 60)
        time.sleep(8)  # let the worker boot before the clock starts
        started = time.perf_counter()
        services.sources_due(limit=SOURCES)
        busy: list[float] = []
        total = SOURCES * ITEMS
        try:
            while True:
                busy.extend(_list_times(client, 5))
                read = FollowedItem.objects.exclude(state=FollowedItem.State.PENDING).count()
                if read >= total:
                    break
                if worker.poll() is not None:
                    raise RuntimeError(f"the worker died; see {log.name}")
                if time.perf_counter() - started > 3600:
                    raise RuntimeError(f"not done after an hour ({read:,}/{total:,})")
                time.sleep(0.5)
            wall = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=60)
            for server in servers:
                server.shutdown()
    requests = SOURCES * (ITEMS + 1)
    busiest = max(Counter(s % HOSTS for s in range(SOURCES)).values()) * (ITEMS + 1)
    # A host serves one request at a time and rests INTERVAL after each: DELAY + INTERVAL apiece.
    ideal = max(requests * DELAY / CONCURRENCY, busiest * (DELAY + INTERVAL))
    twice = sum(1 for count in _Site.served.values() if count > 1)
    states = Counter(FollowedItem.objects.values_list("state", flat=True))
    articles = Article.objects.filter(created_by=editor).count()
    idle_p95, busy_p95 = harness.percentile(idle, 95), harness.percentile(busy, 95)
    return (
        f"Followed sources: {SOURCES} sources × {ITEMS} items on {HOSTS} hosts, server delay "
        f"{DELAY * 1000:.0f} ms, host interval {INTERVAL} s, worker concurrency {CONCURRENCY} "
        f"(prefork, niced), {connection.vendor}, {generate_count():,} claims on the desk\n\n"
        "| measure | value |\n|---|---:|\n"
        f"| ideal wall time | {ideal:.1f} s |\n"
        f"| measured wall time | {wall:.1f} s |\n"
        f"| measured / ideal | {wall / ideal:.2f}x |\n"
        f"| items read / duplicate / failed / waiting | {states['read']:,} / "
        f"{states['duplicate']:,} / {states['failed']:,} / {states['pending']:,} |\n"
        f"| articles kept | {articles:,} |\n"
        f"| addresses fetched more than once | {twice} |\n"
        f"| claims list p50 / p95, idle | {harness.percentile(idle, 50):.1f} / "
        f"{idle_p95:.1f} ms |\n"
        f"| claims list p50 / p95, while polling | {harness.percentile(busy, 50):.1f} / "
        f"{busy_p95:.1f} ms |\n"
        f"| claims list p95 while polling / idle | {busy_p95 / idle_p95:.2f}x |\n"
        f"\n(load average at the end: {os.getloadavg()[0]:.2f})"
    )


def generate_count() -> int:
    return Claim.objects.count()


def harness_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
