"""Counts for the desk's work queues, cached briefly: every list page shows them and an exact
count of a large table costs a scan. Any change to a claim's status or assignee bumps the
cache version once its transaction commits, so the next page counts afresh."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q

from claims.models import Claim

VERSION_KEY = "queue-version"
TTL_SECONDS = 60


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def _shared_counts() -> dict[str, int]:
    S = Claim.Status
    return Claim.objects.aggregate(
        unassigned=Count("pk", filter=Q(assignee__isnull=True, status__in=[S.NEW, S.IN_REVIEW])),
        in_review=Count("pk", filter=Q(status=S.IN_REVIEW)),
        awaiting_approval=Count("pk", filter=Q(status=S.AWAITING_APPROVAL)),
        changes_requested=Count("pk", filter=Q(status=S.IN_REVIEW, needs_changes=True)),
        published=Count("pk", filter=Q(status=S.PUBLISHED)),
        dismissed=Count("pk", filter=Q(status=S.DISMISSED)),
    )


def queue_counts(user: Any) -> dict[str, int]:
    key = f"queue-counts:{_version()}"
    shared = cache.get(key)
    if shared is None:
        shared = _shared_counts()
        cache.set(key, shared, TTL_SECONDS)
    return {"mine": Claim.objects.queue("mine", user).count(), **shared}


def queues_changed() -> None:
    """Call inside the transaction that changes a claim's status or assignee."""

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, None)

    transaction.on_commit(bump, robust=True)
