"""Background work, one way: services send it by the task's name once their transaction
commits, and one periodic task re-sends whatever the database says is still owed.

- `send(task, *args)`: after commit, past the broker breaker (foundation.faults.publish). A
  service never imports a tasks module (tasks import services: one direction, no cycles), and a
  failed publish is only logged: the row that says the work is owed is already committed.
- `register(name, owed)`: a kind of owed work. `owed(limit)` finds up to `limit` pieces of work
  owed and not moving (a lost message, a killed worker, a publish skipped while the broker was
  down), marks them sent, and returns them as (task name, args). `resend_owed()`, which beat runs
  every SWEEP_INTERVAL_SECONDS, sends them all. The database is the truth; the broker only carries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from celery import current_app
from django.db import transaction

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
