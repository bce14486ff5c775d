"""What happened on the desk that someone outside it may want to hear about, told once.

A service that changes something worth telling (a claim published, a verdict corrected, a claim
submitted by a reader, a claim seen again) calls `emit(kind, key=…, payload=…)` inside its own
transaction. Every handler subscribed to that kind runs there and then, in the same transaction:
a handler only writes what is owed (a webhook delivery, an e-mail in the outbox), so the change
and what it owes commit together or not at all, and the worker sends them later.

`key` names the event once and for all ("claim.published:verdict:42"): a handler that records
work under it records it once even if the service is retried, and receivers use it to drop a
delivery they already had. Handlers are subscribed at app start-up (AppConfig.ready); the
emitters never know who listens (foundation imports no domain app, the domain apps import no
listener).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CLAIM_PUBLISHED = "claim.published"
VERDICT_CORRECTED = "verdict.corrected"
CLAIM_SUBMITTED = "claim.submitted"
CLAIM_SEEN_AGAIN = "claim.seen_again"
KINDS = (CLAIM_PUBLISHED, VERDICT_CORRECTED, CLAIM_SUBMITTED, CLAIM_SEEN_AGAIN)


@dataclass(frozen=True)
class Event:
    kind: str
    key: str
    payload: dict[str, Any]  # JSON-ready: what a partner receives as the event's `data`
    claim_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # for handlers in the desk, not sent


Handler = Callable[[Event], None]
HANDLERS: dict[str, list[Handler]] = {kind: [] for kind in KINDS}


def subscribe(handler: Handler, *kinds: str) -> None:
    """Call `handler(event)` for each event of these kinds (all kinds if none are named); the
    same handler twice is subscribed once."""
    for kind in kinds or KINDS:
        if kind not in HANDLERS:
            raise ValueError(f"unknown event kind {kind!r}")
        if handler not in HANDLERS[kind]:
            HANDLERS[kind].append(handler)


def emit(
    kind: str,
    *,
    key: str,
    payload: dict[str, Any],
    claim_id: int | None = None,
    **extra: Any,
) -> Event:
    """Tell every handler of `kind`, inside the caller's transaction (an exception in a
    handler rolls the change back with it: what is owed is never lost)."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown event kind {kind!r}")
    event = Event(kind=kind, key=key, payload=payload, claim_id=claim_id, extra=extra)
    for handler in list(HANDLERS[kind]):
        handler(event)
    return event
