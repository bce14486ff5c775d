"""Politeness towards the sites the desk follows, shared by every worker on every machine
through the database: one request at a time to a host, the next no sooner than the host's
interval allows, and later when the site says so (`Retry-After`)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import HostSlot


def take(host: str) -> float:
    """0 when the host is ours (until `release`, or until the lease runs out), else the seconds
    to wait before asking again."""
    now = timezone.now()
    lease = now + timedelta(seconds=settings.FOLLOW_LEASE_SECONDS)
    if not HostSlot.objects.filter(host=host).exists():
        try:
            with transaction.atomic():
                HostSlot.objects.create(host=host, free_at=now, busy_until=lease)
            return 0.0
        except IntegrityError:
            pass  # another worker made it first: take it like any other
    free = HostSlot.objects.filter(host=host, free_at__lte=now).filter(
        Q(busy_until__isnull=True) | Q(busy_until__lt=now)
    )
    if free.update(busy_until=lease):
        return 0.0
    slot = HostSlot.objects.filter(host=host).values_list("free_at", "busy_until").first()
    if slot is None:
        return 0.05
    free_at, busy_until = slot
    if busy_until is not None and busy_until > now:
        # A request is in flight: ask again once it has most likely ended.
        return max(0.2, settings.FOLLOW_HOST_INTERVAL_SECONDS)
    return max(0.05, (free_at - now).total_seconds())


def release(host: str, *, wait: float | None = None) -> None:
    """Give the host back; the next request may go after the interval, or after `wait` seconds
    when the site asked for longer."""
    gap = max(settings.FOLLOW_HOST_INTERVAL_SECONDS, wait or 0.0)
    HostSlot.objects.filter(host=host).update(
        busy_until=None, free_at=timezone.now() + timedelta(seconds=gap)
    )
