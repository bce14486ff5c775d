"""What readers ask the desk to check: each submission as the reader gave it, and how many
readers asked about each claim (the "From readers" queue is ordered by it)."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models.core import Claim

MAX_TEXT = 2000
MAX_SCREENSHOT_TEXT = 5000


def _status_key() -> str:
    return secrets.token_urlsafe(18)


class Submission(models.Model):
    """A reader's "is this true?", kept with the claim it was matched or filed to.

    `key` is the reader's status link (no account): a random capability, not a secret worth
    hashing (it shows what the reader asked and lets them unsubscribe). `requester` is a keyed
    hash of the reader's address, only to count one reader once per claim; it and the e-mail
    are cleared after READERS_RETENTION_DAYS."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Already checked")
        REQUESTED = "requested", _("Asked the desk")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="submissions")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    text = models.TextField(_("the claim as you saw it"))
    language = models.CharField(max_length=12)
    url = models.URLField(_("where you saw it (link)"), max_length=2000, blank=True)
    outlet = models.CharField(_("outlet, channel or account"), max_length=200, blank=True)
    seen_on = models.DateField(_("date you saw it"), null=True, blank=True)
    screenshot_text = models.TextField(_("text of a screenshot"), blank=True)
    email = models.EmailField(_("e-mail for the answer"), blank=True)
    reader_language = models.CharField(max_length=12, blank=True)  # the language of the e-mails
    key = models.CharField(max_length=32, unique=True, default=_status_key, editable=False)
    requester = models.CharField(max_length=64, blank=True)
    text_hash = models.CharField(max_length=64, db_index=True)
    counted = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    forgotten_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One reader counts once per claim, however often they ask.
            models.UniqueConstraint(
                fields=["claim", "requester"],
                condition=Q(counted=True) & ~Q(requester=""),
                name="submission_counted_once",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def wants_mail(self) -> bool:
        return bool(self.email) and self.unsubscribed_at is None


class Asked(models.Model):
    """How many readers asked about a claim, kept beside it so the queue sorts on an index."""

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="asked"
    )
    count = models.PositiveIntegerField(default=0)
    first_asked_at = models.DateTimeField(default=timezone.now)
    last_asked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["-count", "-last_asked_at"], name="asked_queue")]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.count}"
