"""The re-check records: a published claim due for another look, with why, and how it ended;
and the values the scheduled re-run last saw behind each published claim. Re-exported by
reviews.models (the app's models module), which is where the rest of the desk finds them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Claim

# Audit verbs of re-checks. claims.AuditEvent.Verb does not list them yet (adding them there
# needs a claims migration); the timeline and the archive import know them by these names.
RECHECK_DUE = "recheck_due"
RECHECK_HELD = "recheck_held"
RECHECK_CORRECTION = "recheck_correction"
AUDIT_VERBS = (RECHECK_DUE, RECHECK_HELD, RECHECK_CORRECTION)


class RecheckQuerySet(models.QuerySet["Recheck"]):
    def open(self) -> RecheckQuerySet:
        return self.filter(status=Recheck.Status.OPEN)

    def held(self) -> RecheckQuerySet:
        return self.filter(status=Recheck.Status.HELD)


class Recheck(models.Model):
    """A published verdict to look at again: its review-by date came, or a lookup behind it
    changed. One open re-check per claim gathers every reason; it ends in "still holds"
    (recorded and shown publicly) or in a correction."""

    class Status(models.TextChoices):
        OPEN = "open", _("Due for re-check")
        HELD = "held", _("Still holds")
        CORRECTION = "correction", _("Sent to correction")

    # What put the claim in the queue (each reason's "kind").
    REVIEW_BY = "review_by"
    LOOKUP = "lookup"
    EVIDENCE = "evidence"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="rechecks")
    verdict = models.ForeignKey(
        "reviews.Verdict", on_delete=models.PROTECT, related_name="rechecks"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    # [{"kind", "key", "label", "old", "new", "at"}]: what changed, in the order it was found.
    reasons = models.JSONField(default=list, blank=True)
    due_since = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    next_review_by = models.DateField(_("next review-by date"), null=True, blank=True)

    objects = RecheckQuerySet.as_manager()

    class Meta:
        ordering = ["due_since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"], condition=Q(status="open"), name="one_open_recheck_per_claim"
            )
        ]
        indexes = [models.Index(fields=["status", "due_since"], name="recheck_status_due")]

    def __str__(self) -> str:
        return f"Re-check of claim {self.claim_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def has_reason(self, reason: dict[str, Any]) -> bool:
        """The same change (what, and what it became) is listed once, however often found."""
        return any(
            (r.get("kind"), r.get("key"), r.get("new"))
            == (reason.get("kind"), reason.get("key"), reason.get("new"))
            for r in self.reasons
        )

    def add_reasons(self, reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add the reasons not listed yet; returns those added."""
        added = [reason for reason in reasons if not self.has_reason(reason)]
        if added:
            self.reasons = [*self.reasons, *added]
            self.save(update_fields=["reasons"])
        return added

    def hold(self, *, by: Any, at: datetime, note: str, next_review_by: date | None) -> None:
        self.status, self.decided_by, self.decided_at = self.Status.HELD, by, at
        self.note, self.next_review_by = note, next_review_by
        self.save(update_fields=["status", "decided_by", "decided_at", "note", "next_review_by"])

    def send_to_correction(self, *, by: Any, at: datetime, note: str) -> None:
        self.status, self.decided_by, self.decided_at = self.Status.CORRECTION, by, at
        self.note = note
        self.save(update_fields=["status", "decided_by", "decided_at", "note"])


class WatchedValue(models.Model):
    """What the scheduled re-run last saw of one thing behind a published claim (a World Bank
    figure, the hash of a cited page): the next run compares with it, so a change is reported
    once, not on every run."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    label = models.CharField(max_length=300)
    value = models.CharField(max_length=300)
    observed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim", "key"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "key"], name="one_watched_value_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} of claim {self.claim_id}: {self.value}"
