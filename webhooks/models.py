"""Webhook endpoints and their deliveries: the deliveries table is the outbox (a row is written
in the transaction that emitted the event, the worker sends it, the sweeper re-sends what is
owed)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation import events

EVENT_CHOICES = [
    (events.CLAIM_PUBLISHED, _("A claim is published")),
    (events.VERDICT_CORRECTED, _("A verdict is corrected")),
    (events.CLAIM_SUBMITTED, _("A reader submits a claim")),
    (events.CLAIM_SEEN_AGAIN, _("A published claim is seen again")),
]
PING = "ping"
SECRET_PREFIX = "whsec_"  # noqa: S105 - a marker that makes a leaked secret recognisable


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class EndpointQuerySet(models.QuerySet["Endpoint"]):
    def listening_to(self, kind: str) -> EndpointQuerySet:
        """Active endpoints subscribed to `kind`; the list is filtered in Python because a JSON
        `contains` lookup is not available on SQLite and the table holds a handful of rows."""
        ids = [e.pk for e in self.filter(active=True).only("pk", "events") if kind in e.events]
        return self.filter(pk__in=ids)


class Endpoint(models.Model):
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list)  # kinds from foundation.events
    # Needed in clear to sign; shown only to editors who ask, never logged.
    secret = models.CharField(max_length=100, default=new_secret)
    active = models.BooleanField(default=True)
    paused_reason = models.CharField(max_length=300, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    # The first failure since the last success: a day of it pauses the endpoint.
    failing_since = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EndpointQuerySet.as_manager()

    class Meta:
        ordering = ["-active", "url", "id"]

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[str]:
        labels = dict(EVENT_CHOICES)
        return [str(labels.get(kind, kind)) for kind in self.events]


class Delivery(models.Model):
    """One event owed to one endpoint; `event_key` is the idempotency key sent as Webhook-Id."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_key = models.CharField(max_length=200)
    kind = models.CharField(max_length=40)
    body = models.TextField()  # the JSON sent, fixed when the event happened
    created_at = models.DateTimeField(default=timezone.now)
    retry_until = models.DateTimeField()
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sending_since = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)  # in plain words
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_key"], name="delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_owed",
                condition=Q(delivered_at__isnull=True, failed=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_key} → {self.endpoint_id}"

    @property
    def state(self) -> str:
        if self.delivered_at:
            return "delivered"
        if self.failed:
            return "failed"
        return "owed"
