"""What was said: claims and who said them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from claims import languages, text

# The 'russian' text-search configuration stems Cyrillic words with the Russian stemmer and
# ASCII words with the English one; Chinese and Japanese are matched through the bigrams that
# text.search_document adds.
SEARCH_CONFIG = "russian"


@deconstructible(path="claims.models.SearchDocument")
class SearchDocument(SearchVector):
    """The stored full-text vector: to_tsvector on PostgreSQL (GIN-indexed in migration 0002).
    SQLite has no text-search type: the column stays NULL there and search falls back to LIKE
    over the casefolded search text."""

    def as_sqlite(
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        return "NULL", ()


class Claimant(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    description = models.CharField(
        _("role or affiliation"),
        max_length=300,
        blank=True,
        help_text=_(
            "For example: deputy mayor of Dushanbe; an expert with the Academy of Sciences."
        ),
    )
    same_as = models.URLField(
        _("Wikipedia or Wikidata page"), max_length=500, blank=True, help_text=_("Optional.")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        permissions = [("merge_claimant", "Can merge claimants")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = text.name_key(self.name)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


QUEUES: dict[str, Any] = {
    "mine": _("My claims"),
    "unassigned": _("Unassigned"),
    "in_review": _("In review"),
    "awaiting_approval": _("Awaiting approval"),
    "changes_requested": _("Changes requested"),
    "published": _("Published"),
    "dismissed": _("Dismissed"),
}

# Columns no list or page shows; leaving them out keeps wide rows off the wire.
BULKY_FIELDS = ("search_text", "search_vector", "normalized_text", "checkworthiness_reasons")


class ClaimQuerySet(models.QuerySet["Claim"]):
    def visible_to(self, user: Any) -> ClaimQuerySet:
        if user.is_authenticated and user.has_perm("claims.view_claim"):
            return self
        return self.none()

    def for_list(self) -> ClaimQuerySet:
        return (
            self.select_related("claimant", "assignee")
            .prefetch_related("tags")
            .defer(*BULKY_FIELDS)
        )

    def search(self, query: str) -> ClaimQuerySet:
        terms = text.search_terms(query)
        if not terms:
            return self
        if connection.vendor == "postgresql":
            return self.filter(
                search_vector=SearchQuery(
                    text.tsquery(terms), config=SEARCH_CONFIG, search_type="raw"
                )
            )
        condition = Q()
        for term in terms:
            condition &= Q(search_text__contains=term)
        return self.filter(condition)

    def analysis_owed(self) -> ClaimQuerySet:
        return self.filter(analysed_at__isnull=True)

    def queue(self, name: str, user: Any) -> ClaimQuerySet:
        """One of the desk's work queues (QUEUES)."""
        S = Claim.Status
        open_statuses = [S.NEW, S.IN_REVIEW, S.AWAITING_APPROVAL]
        filters = {
            "mine": Q(assignee=user, status__in=open_statuses),
            "unassigned": Q(assignee__isnull=True, status__in=[S.NEW, S.IN_REVIEW]),
            "in_review": Q(status=S.IN_REVIEW),
            "awaiting_approval": Q(status=S.AWAITING_APPROVAL),
            "changes_requested": Q(status=S.IN_REVIEW, needs_changes=True),
            "published": Q(status=S.PUBLISHED),
            "dismissed": Q(status=S.DISMISSED),
        }
        return self.filter(filters[name])


class Claim(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        PUBLISHED = "published", _("Published")
        DISMISSED = "dismissed", _("Dismissed")

    class Type(models.TextChoices):
        QUANTITY = "quantity", _("Quantity")
        PREDICTION = "prediction", _("Prediction")
        COMPARISON = "comparison", _("Comparison or superlative")
        CAUSAL = "causal", _("Causal")
        QUOTE = "quote", _("Quote")
        OTHER = "other", _("Other")

    text = models.TextField(_("claim"))
    search_text = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchDocument("search_text", config=SEARCH_CONFIG),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    # Filled in by the background analysis; empty until the worker has run.
    normalized_text = models.TextField(editable=False, default="")
    fingerprint = models.CharField(max_length=64, editable=False, default="", db_index=True)
    analysed_at = models.DateTimeField(null=True, blank=True, editable=False)

    claimant = models.ForeignKey(
        Claimant,
        verbose_name=_("claimant"),
        on_delete=models.PROTECT,
        related_name="claims",
        null=True,
        blank=True,
    )
    appeared_url = models.URLField(_("appeared at (URL)"), max_length=2000, blank=True)
    appeared_outlet = models.CharField(_("outlet or event"), max_length=200, blank=True)
    appeared_on = models.DateField(_("said or published on"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=12, choices=languages.CHOICES)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="claims")
    claim_type = models.CharField(
        _("claim type"), max_length=20, choices=Type.choices, default=Type.OTHER
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    # Set when an editor sends a verdict back, cleared when it is submitted again: the
    # "Changes requested" queue without a join.
    needs_changes = models.BooleanField(default=False, editable=False)
    # Set when a verdict on the claim is first approved, never cleared: from then on what
    # readers see is the approved record, and the claim is edited only by a correction's drafter.
    was_published = models.BooleanField(default=False, editable=False)
    dismissal_reason = models.CharField(max_length=20, blank=True, editable=False)
    checkworthiness = models.FloatField(null=True, blank=True)
    checkworthiness_reasons = models.JSONField(default=list, blank=True)
    # Set when the claim was extracted from an imported article: where in its text it sits.
    article = models.ForeignKey(
        "claims.Article", on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Keyset pagination walks (sort key, id) in either direction.
            models.Index(fields=["created_at", "id"], name="claim_created_keyset"),
            models.Index(fields=["updated_at", "id"], name="claim_updated_keyset"),
            models.Index(fields=["status", "created_at", "id"], name="claim_status_created"),
            models.Index(fields=["status", "updated_at", "id"], name="claim_status_updated"),
            models.Index(fields=["language", "created_at", "id"], name="claim_language_created"),
            models.Index(fields=["appeared_on"], name="claim_appeared_on"),
            models.Index(
                fields=["id"], condition=Q(analysed_at__isnull=True), name="claim_analysis_owed"
            ),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status"),
            models.Index(
                fields=["status"], condition=Q(assignee__isnull=True), name="claim_unassigned"
            ),
            models.Index(
                fields=["created_at", "id"],
                condition=Q(needs_changes=True),
                name="claim_changes_requested",
            ),
        ]
        permissions = [
            ("assign_claim", "Can assign claims to reviewers"),
            ("dismiss_claim", "Can dismiss and reopen claims"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        # The claim page lives with the review workflow (reviews.views.claim_page).
        return reverse("reviews:claim", args=[self.pk])

    @property
    def status_label(self) -> str:
        # get_status_display() rebuilds a dict of all choices on every call; lists call this
        # for every row.
        return str(_STATUS_LABELS.get(self.status, self.status))

    @property
    def type_label(self) -> str:
        return str(_TYPE_LABELS.get(self.claim_type, self.claim_type))

    @property
    def direction(self) -> str:
        return languages.direction(self.language)

    @property
    def is_locked(self) -> bool:
        """Published and dismissed claims change only through the review workflow."""
        return self.status in {self.Status.PUBLISHED, self.Status.DISMISSED}

    def touch(self, **changes: Any) -> None:
        """Apply field changes (the claim locked by the caller), move its version on and save
        only what changed: every service write bumps the version, which the edit forms and the
        list's row cache rely on."""
        for name, value in changes.items():
            setattr(self, name, value)
        self.version += 1
        self.updated_at = timezone.now()
        self.save(update_fields=[*changes, "version", "updated_at"])

    def refresh_search_text(self) -> None:
        tag_names = [tag.name for tag in self.tags.all()]
        claimant = self.claimant.name if self.claimant else ""
        self.search_text = text.search_document(
            self.text, claimant, self.appeared_outlet, " ".join(tag_names)
        )


_STATUS_LABELS = dict(Claim.Status.choices)
_TYPE_LABELS = dict(Claim.Type.choices)
