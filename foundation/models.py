"""The platform's own table: e-mail waiting to be sent (the outbox)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutgoingMail(models.Model):
    """One message to one recipient, sent by the worker: a request only writes this row."""

    key = models.CharField(max_length=200, unique=True)  # the same message is queued once
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sending_since = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="mail_owed",
                condition=Q(sent_at__isnull=True, failed=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
