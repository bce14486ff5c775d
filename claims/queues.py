"""Counts for the desk's work queues. Every list page shows them, so they are counted up to a
cap (a tab says "1000+" rather than scanning a large queue), each through an index, in one
round trip, and cached briefly. Any change to a claim's status or assignee bumps the cache
version once its transaction commits, so the next page counts afresh."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import connection, transaction

from claims.models import QUEUES, Claim

VERSION_KEY = "queue-version"
TTL_SECONDS = 60
CAP = 1000
SHARED = [key for key in QUEUES if key != "mine"]


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def _capped_counts(user: Any, keys: list[str]) -> dict[str, int]:
    """min(size, CAP + 1) of each queue, all in one query."""
    parts, params = [], []
    for key in keys:
        sql, sub_params = (
            Claim.objects.queue(key, user)
            .order_by()
            .values("pk")[: CAP + 1]
            .query.sql_with_params()
        )
        # The SQL is Django's own compilation of the queue's queryset; values stay parameters.
        parts.append(f"SELECT %s, COUNT(*) FROM ({sql}) AS q")  # noqa: S608
        params += [key, *sub_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return dict(cursor.fetchall())


def queue_counts(user: Any) -> dict[str, int]:
    """Queue sizes; a size above CAP is reported as CAP + 1 (shown as "1000+")."""
    version = _version()
    shared_key, mine_key = f"queue-counts:{version}", f"queue-counts:{version}:{user.pk}"
    found = cache.get_many([shared_key, mine_key])
    shared, mine = found.get(shared_key), found.get(mine_key)
    if shared is None:
        shared = _capped_counts(user, SHARED)
        cache.set(shared_key, shared, TTL_SECONDS)
    if mine is None:
        mine = _capped_counts(user, ["mine"])
        cache.set(mine_key, mine, TTL_SECONDS)
    return {**mine, **shared}


def queues_changed() -> None:
    """Call inside the transaction that changes a claim's status or assignee."""

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, None)

    transaction.on_commit(bump, robust=True)
