"""Shared pieces of the review services: errors the user sees, locking, notifications."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction

from claims.models import AuditEvent, Claim
from reviews.context_processors import unread_key
from reviews.models import Notification


class WorkflowError(Exception):
    """A step the workflow does not allow now, with the sentence the user sees. Nothing has
    been written when it is raised."""

    def __init__(self, message: str, *, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or {}


class Conflict(Exception):
    """Someone else changed the object since the user loaded it."""

    def __init__(self, message: str, events: list[AuditEvent] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.events = events or []


def lock_claim(claim_id: int) -> Claim:
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("assignee", "claimant")
        .get(pk=claim_id)
    )


def notify(*, recipient: Any, actor: Any, claim: Claim, verb: str) -> None:
    if recipient is None or recipient.pk == actor.pk:
        return
    Notification.objects.create(recipient=recipient, actor=actor, claim=claim, verb=verb)
    unread_changed(recipient.pk)


def unread_changed(user_id: int) -> None:
    """The reader's unread count, cached for the header, is counted afresh: now, and again once
    this commits (a page read in between may have cached the count from before)."""
    cache.delete(unread_key(user_id))
    transaction.on_commit(lambda: cache.delete(unread_key(user_id)), robust=True)


def events_since(claim: Claim, *, key: str, object_id: int, version: int) -> list[AuditEvent]:
    """Audit events that changed one object after the version a user had loaded."""
    return [
        event
        for event in claim.events.select_related("actor").order_by("at", "id")
        if event.details.get(key) == object_id and event.details.get("version", 0) > version
    ]
