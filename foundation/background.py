"""Background work, one way: services send it by the task's name once their transaction
commits, and one periodic task re-sends whatever the database says is still owed.

- `send(task, *args)`: after commit, past the broker breaker (foundation.faults.publish). A
  service never imports a tasks module (tasks import services: one direction, no cycles), and a
  failed publish is only logged: the row that says the work is owed is already committed.
- `register(name, owed)`: a kind of owed work. `owed(limit)` finds up to `limit` pieces of work
  owed and not moving (a lost message, a killed worker, a publish skipped while the broker was
  down), marks them sent, and returns them as (task name, args). `resend_owed()`, which beat runs
  every SWEEP_INTERVAL_SECONDS, sends them all. The database is the truth; the broker only carries.
- `outbox_take()` / `outbox_owed()`: the two halves of an outbox table (rows with `sending_since`,
  `attempts`, `created_at`, `next_attempt_at`: the mail outbox, webhook deliveries): a worker
  takes a row by a lease, and the sweep finds the due rows nobody holds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from foundation import faults

logger = logging.getLogger(__name__)

Work = tuple[str, tuple[Any, ...]]
Owed = Callable[[int], Iterable[Work]]
OWED: dict[str, tuple[Owed, int]] = {}


def send(task: str, *args: Any) -> None:
    """Send `task(*args)` once the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_now(task, *args), robust=True)


def send_now(task: str, *args: Any) -> None:
    """Publish now (from a worker, or inside an on_commit callback): never raises."""
    faults.publish(lambda: current_app.send_task(task, args=args))


def register(name: str, owed: Owed, *, limit: int = 500) -> None:
    """Add a kind of owed work (at app start-up); the same name twice keeps the first."""
    OWED.setdefault(name, (owed, limit))


def resend(name: str, *, limit: int | None = None) -> int:
    """Re-send the owed work of one kind; returns how much."""
    owed, default_limit = OWED[name]
    work = list(owed(limit if limit is not None else default_limit))
    for task, args in work:
        send_now(task, *args)
    return len(work)


def resend_owed() -> dict[str, int]:
    """Re-send the owed work of every kind; returns how much of each."""
    sent = {name: resend(name) for name in OWED}
    if any(sent.values()):
        logger.info("re-sent owed work: %s", ", ".join(f"{n} {c}" for n, c in sent.items() if c))
    return sent


def _free(now: datetime, lease: timedelta) -> Q:
    """Rows no worker holds: never taken, or taken by one whose lease has run out."""
    return Q(sending_since__isnull=True) | Q(sending_since__lt=now - lease)


def outbox_take(unsent: QuerySet[Any], *, lease: timedelta) -> bool:
    """Take the row of `unsent` (one row, not yet sent nor given up) for this worker, unless
    another holds it; True when it is ours to send."""
    now = timezone.now()
    return bool(unsent.filter(_free(now, lease)).update(sending_since=now))


def outbox_owed(due: QuerySet[Any], *, task: str, lease: timedelta, limit: int) -> list[Work]:
    """The rows of `due` (not sent, not given up) whose attempt is due and that no worker
    holds, soonest first, at most `limit`, as work for `task`. A row never attempted is left
    alone for SWEEP_GRACE_SECONDS (its first message is on its way), and a row returned is not
    owed again for as long: the message sent now has time to arrive."""
    now = timezone.now()
    grace = timedelta(seconds=settings.SWEEP_GRACE_SECONDS)
    ids = list(
        due.filter(next_attempt_at__lte=now)
        .filter(_free(now, lease))
        .exclude(attempts=0, created_at__gt=now - grace)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        due.model.objects.filter(pk__in=ids).update(next_attempt_at=now + grace)
    return [(task, (pk,)) for pk in ids]
