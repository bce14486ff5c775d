"""The desk's queue pages at scale: each queue of the claims list, for an editor, against a bare
view in the same run; and what recounting the queues costs when the count cache is cold."""

from __future__ import annotations

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings

from benchmarks import generate, harness
from benchmarks.claims_list import _get, _queries
from claims import caches
from claims.models import QUEUES, Claim


def main(*, claims: int = 100_000, rounds: int = 60) -> str:
    generate.build(claims=claims)
    user = get_user_model().objects.get(username="bench-user-0")  # an editor
    client = Client()
    client.force_login(user)
    with override_settings(
        ROOT_URLCONF="benchmarks.urls", DEBUG=False, ALLOWED_HOSTS=["testserver"]
    ):
        cases = [harness.Scenario("bare view (baseline)", lambda: _get(client, "/__bare__/", {}))]
        for key, label in QUEUES.items():
            cases.append(
                harness.Scenario(
                    f"queue: {label}", lambda key=key: _get(client, "/", {"queue": key})
                )
            )
        for case in cases:
            case.run()
        for case, params in zip(cases, [None, *({"queue": k} for k in QUEUES)], strict=True):
            case.queries = _queries(client, "/__bare__/" if params is None else "/", params or {})
        harness.measure(cases, rounds=rounds)
        cold = []
        for _ in range(15):
            cache.clear()
            started = time.perf_counter()
            caches.queue_counts(user)
            cold.append((time.perf_counter() - started) * 1000)
    total = Claim.objects.count()
    return (
        f"Queue pages, {total:,} claims, {connection.vendor}, {rounds} rounds\n\n"
        f"{harness.table(cases, cases[0])}\n\n"
        f"Recounting all queues after a change (count cache cold): "
        f"median {statistics.median(cold):.1f} ms, worst {max(cold):.1f} ms over {len(cold)} runs."
    )
