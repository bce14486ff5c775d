"""What the desk concluded: the rating scale, evidence, verdicts, discussion, notifications."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models import Claim
from reviews.rechecks.models import Recheck, WatchedValue

__all__ = [
    "Comment",
    "Evidence",
    "ExportJob",
    "Notification",
    "Rating",
    "Recheck",
    "Verdict",
    "WatchedValue",
]

QUOTE_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 2000
RATIONALE_MAX_LENGTH = 20000
CONCLUSION_MAX_LENGTH = 1500
SUMMARY_MAX_LENGTH = 75  # ClaimReview's claimReviewed should be short enough to show whole


class RatingQuerySet(models.QuerySet["Rating"]):
    def active(self) -> RatingQuerySet:
        return self.filter(is_active=True)


class Rating(models.Model):
    """One step of the desk's rating scale. A numeric value makes it part of the ClaimReview
    scale (ratingValue between worstRating and bestRating); ratings without one, such as
    Misleading, are published by name only (alternateName)."""

    label = models.CharField(_("label"), max_length=60, unique=True)
    description = models.TextField(_("description shown to reviewers"), blank=True)
    value = models.PositiveSmallIntegerField(
        _("numeric value"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("1 = worst. Leave empty for ratings outside the numeric scale."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered to reviewers"), default=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1), name="rating_value_at_least_1"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @staticmethod
    def scale_bounds() -> tuple[int | None, int | None]:
        """(worst, best) of the active numeric ratings."""
        bounds = (
            Rating.objects.active()
            .filter(value__isnull=False)
            .aggregate(worst=models.Min("value"), best=models.Max("value"))
        )
        return bounds["worst"], bounds["best"]


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        REFUTES = "refutes", _("Refutes")
        CONTEXT = "context", _("Gives context")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
    number = models.PositiveIntegerField(editable=False)
    url = models.URLField(_("URL"), max_length=2000)
    title = models.CharField(_("title"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    quote = models.TextField(_("quoted passage"), blank=True)
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    # Frozen once a published verdict rests on it: published evidence never changes.
    frozen = models.BooleanField(default=False, editable=False)

    # The snapshot the desk takes of the page in the background (reviews.snapshots).
    class Snapshot(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Taken")
        FAILED = "failed", _("Failed")

    snapshot_status = models.CharField(
        max_length=10, choices=Snapshot.choices, default=Snapshot.PENDING, editable=False
    )
    snapshot_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    snapshot_at = models.DateTimeField(null=True, blank=True, editable=False)
    final_url = models.URLField(max_length=2000, blank=True, editable=False)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    content_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    archive_url = models.URLField(max_length=2000, blank=True, editable=False)
    snapshot_error = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="evidence_number_per_claim")
        ]
        indexes = [
            models.Index(
                fields=["id"], condition=Q(snapshot_status="pending"), name="evidence_snapshot_owed"
            )
        ]

    def __str__(self) -> str:
        return f"E{self.number} {self.title or self.url}"

    @property
    def label(self) -> str:
        return f"E{self.number}"


WORKING_STATUSES = ("draft", "submitted", "changes_requested")


class VerdictQuerySet(models.QuerySet["Verdict"]):
    def working(self) -> VerdictQuerySet:
        return self.filter(status__in=WORKING_STATUSES)

    def published(self) -> VerdictQuerySet:
        return self.filter(status__in=[Verdict.Status.APPROVED, Verdict.Status.SUPERSEDED])


class Verdict(models.Model):
    """A verdict on a claim. Published verdicts are never edited: a correction is a new verdict
    (correction_of the one it replaces) that goes through approval; the old one is kept,
    superseded, and stays readable."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Published")
        SUPERSEDED = "superseded", _("Superseded by a correction")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    number = models.PositiveSmallIntegerField(editable=False, default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    rating = models.ForeignKey(
        Rating, verbose_name=_("rating"), on_delete=models.PROTECT, null=True, blank=True
    )
    summary = models.CharField(
        _("claim as checked"),
        max_length=SUMMARY_MAX_LENGTH,
        blank=True,
        help_text=_("The claim in at most 75 characters, as the public page will state it."),
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    correction_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    correction_note = models.TextField(_("public correction note"), blank=True)

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    editor_note = models.TextField(_("note from the editor"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The rating as published, kept with the verdict: editing the scale later must not
    # change what was published.
    rating_label = models.CharField(max_length=60, blank=True)
    rating_value = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_worst = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_best = models.PositiveSmallIntegerField(null=True, blank=True)
    # The claim as readers see it while this verdict is the current one, frozen at approval
    # (reviews.public_record): a correction's edits stay inside the desk until it is approved.
    public_record = models.JSONField(default=dict, blank=True, editable=False)
    # When the desk means to look at the verdict again (ClaimReview `expires`): set while
    # drafting, moved on by a re-check that finds it still holds (reschedule).
    review_by = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_("Optional. The day to check this verdict again; published as its expiry."),
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="verdict_number_per_claim"),
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status__in=WORKING_STATUSES),
                name="one_working_verdict_per_claim",
            ),
            models.UniqueConstraint(
                fields=["claim"], condition=Q(status="approved"), name="one_current_verdict"
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="verdict_status_published")]
        permissions = [
            ("approve_verdict", "Can approve verdicts and request changes"),
            ("correct_verdict", "Can open corrections of published verdicts"),
        ]

    def __str__(self) -> str:
        return f"Verdict {self.number} on claim {self.claim_id} ({self.status})"

    @property
    def is_working(self) -> bool:
        return self.status in WORKING_STATUSES

    @property
    def is_correction(self) -> bool:
        return self.correction_of_id is not None

    def wrote(self, user: Any) -> bool:
        """Whether the user wrote or submitted this verdict (the four-eyes rule)."""
        return user.pk in {self.author_id, self.submitted_by_id}

    # State changes. The services check who may make them and write the audit event; each
    # method moves the version on and saves what it changed.

    def submit(self, *, by: Any, at: datetime) -> None:
        self.status, self.submitted_by, self.submitted_at = self.Status.SUBMITTED, by, at
        self._changed(at, "status", "submitted_by", "submitted_at")

    def request_changes(self, *, by: Any, at: datetime, note: str) -> None:
        self.status, self.editor_note = self.Status.CHANGES_REQUESTED, note
        self.decided_by, self.decided_at = by, at
        self._changed(at, "status", "editor_note", "decided_by", "decided_at")

    def approve(
        self,
        *,
        by: Any,
        at: datetime,
        rating: Rating,
        scale: tuple[int | None, int | None],
        record: dict[str, Any],
    ) -> None:
        """Publish: the rating and the claim's public fields are kept as they are now."""
        self.status = self.Status.APPROVED
        self.decided_by, self.decided_at, self.published_at = by, at, at
        self.rating_label, self.rating_value = rating.label, rating.value
        self.rating_worst, self.rating_best = scale
        self.public_record = record
        self._changed(
            at,
            "status",
            "decided_by",
            "decided_at",
            "published_at",
            "rating_label",
            "rating_value",
            "rating_worst",
            "rating_best",
            "public_record",
        )

    def reschedule(self, review_by: date | None) -> None:
        """A re-check found the verdict still holds: the next review-by date (or none). Not an
        edit of what was published, so the version stays."""
        self.review_by = review_by
        self.save(update_fields=["review_by"])

    def supersede(self) -> None:
        """Replaced by an approved correction: kept, readable, no longer current."""
        self.status = self.Status.SUPERSEDED
        self.save(update_fields=["status"])

    def _changed(self, at: datetime, *fields: str) -> None:
        self.version += 1
        self.updated_at = at
        self.save(update_fields=[*fields, "version", "updated_at"])


class Comment(models.Model):
    """Internal discussion on a claim; never public."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["claim", "created_at"], name="comment_claim_created")]

    def __str__(self) -> str:
        return f"Comment by {self.author_id} on claim {self.claim_id}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Verb(models.TextChoices):
        ASSIGNED = "assigned", _("assigned a claim to you")
        CORRECTION_ASSIGNED = (
            "correction_assigned",
            _("asked you to draft a correction of a published verdict"),
        )
        CHANGES_REQUESTED = "changes_requested", _("asked for changes to your verdict")
        APPROVED = "approved", _("approved and published your verdict")
        CORRECTED = "corrected", _("published a correction of your verdict")
        SUBMITTED = "submitted", _("submitted a verdict for your approval")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=20, choices=Verb.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"], name="notification_inbox")
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} → {self.recipient_id}"

    @property
    def target_url(self) -> str:
        """Where the work is: the claim's verdict panel for what concerns its verdict (a decision
        to take, changes to make, a correction to draft), else the claim."""
        url = self.claim.get_absolute_url()
        return url if self.verb == self.Verb.ASSIGNED else f"{url}#verdict"


class NotificationDigest(models.Model):
    """A desk member who asked for a daily e-mail of their unread notifications (besides the
    in-app list), in the language they asked in. No row: in-app only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    language = models.CharField(max_length=12, default="en")
    emailed_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"digest for {self.user_id}"


class ExportJob(models.Model):
    """An export too large to stream in the request: a worker writes it to the default file
    storage (shared between machines in production) and the page shows its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    format = models.CharField(max_length=20)
    filters = models.JSONField(default=dict, blank=True)  # the claims list's query parameters
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Written when a worker takes the job and as it progresses: a running job whose heartbeat
    # stops (its worker died) is handed to another worker by the sweeper.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="export_status_created")]

    def __str__(self) -> str:
        return f"{self.format} export {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(100 * self.written / self.total)) if self.total else 0
