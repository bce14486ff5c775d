"""The desk's record of every change to a claim."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models.core import Claim


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Audit events are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are never deleted.")


class AuditEvent(models.Model):
    """One change to a claim, written in the same transaction as the change. Append-only:
    the model refuses updates and deletes, and so do database triggers (migration 0003)."""

    class Verb(models.TextChoices):
        CREATED = "created", _("added the claim")
        EDITED = "edited", _("edited")
        TAGGED = "tagged", _("tagged the claim")
        TAKEN = "taken", _("took the claim")
        ASSIGNED = "assigned", _("assigned the claim")
        DISMISSED = "dismissed", _("dismissed the claim")
        REOPENED = "reopened", _("reopened the claim")
        EVIDENCE_ADDED = "evidence_added", _("added evidence")
        EVIDENCE_EDITED = "evidence_edited", _("edited evidence")
        EVIDENCE_REMOVED = "evidence_removed", _("removed evidence")
        SNAPSHOT_RETRIED = "snapshot_retried", _("asked for a snapshot again")
        VERDICT_STARTED = "verdict_started", _("started a verdict")
        VERDICT_EDITED = "verdict_edited", _("worked on the verdict")
        VERDICT_SUBMITTED = "verdict_submitted", _("submitted the verdict for approval")
        CHANGES_REQUESTED = "changes_requested", _("asked for changes")
        VERDICT_APPROVED = "verdict_approved", _("approved and published the verdict")
        CORRECTION_OPENED = "correction_opened", _("opened a correction")
        CORRECTION_PUBLISHED = "correction_published", _("approved and published the correction")
        APPEARANCE_ADDED = "appearance_added", _("added an appearance of the claim")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for changes the desk made by itself."),
    )
    verb = models.CharField(max_length=40, choices=Verb.choices)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(default=timezone.now, editable=False)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["claim", "at", "id"], name="audit_claim_at")]

    def __str__(self) -> str:
        return f"{self.verb} claim {self.claim_id} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit events are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are never deleted.")
