"""Source lookups. LookupJob is the outbox: a row per claim, provider and input says what the
desk owes; the broker only carries reminders of it (a lost message is re-sent by the sweeper)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models.core import Claim


class LookupJobQuerySet(models.QuerySet["LookupJob"]):
    def latest_per_provider(self, claim: Claim) -> list[LookupJob]:
        """The newest job of each provider for a claim (older inputs are history), without
        the raw responses and the services' own error text (kept for re-parsing and the admin,
        never shown on the desk's pages); their results are not read."""
        jobs = self.filter(claim=claim).order_by("provider", "-created_at", "-id")
        seen: dict[str, LookupJob] = {}
        for job in jobs.defer("raw", "error_detail"):
            seen.setdefault(job.provider, job)
        return list(seen.values())


class LookupJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not applicable")
        NOT_CONFIGURED = "not_configured", _("Not configured")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lookup_jobs")
    provider = models.CharField(max_length=30)
    input_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Retries wait in the table, not in the broker: no long countdowns that a restart loses.
    not_before = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # A running job whose worker died is taken over once this passes.
    lease_until = models.DateTimeField(null=True, blank=True)
    run_token = models.CharField(max_length=32, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error_kind = models.CharField(max_length=30, blank=True)
    error_message = models.TextField(blank=True)  # plain words, shown to people
    error_detail = models.TextField(blank=True)  # what the service said, for the admin
    raw = models.JSONField(default=list, blank=True)  # responses kept for re-parsing
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = LookupJobQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "provider", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "provider", "input_hash"], name="one_lookup_per_input"
            )
        ]
        indexes = [
            models.Index(
                fields=["not_before", "id"],
                condition=Q(status__in=["queued", "running"]),
                name="lookup_owed",
            ),
            models.Index(fields=["claim", "provider", "created_at"], name="lookup_claim_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} for claim {self.claim_id} ({self.status})"

    @property
    def provider_label(self) -> str:
        from claims.lookups import providers  # the registry imports the models

        return providers.label_of(self.provider)

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class LookupResult(models.Model):
    job = models.ForeignKey(LookupJob, on_delete=models.CASCADE, related_name="results")
    rank = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    snippet = models.TextField(blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    published_at = models.DateField(null=True, blank=True)
    rating_text = models.CharField(max_length=300, blank=True)
    value = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    archive_url = models.URLField(max_length=2000, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["job", "rank"]

    def __str__(self) -> str:
        return self.title

    @property
    def evidence_query(self) -> str:
        """Query string that pre-fills the evidence form from this result."""
        fields = {
            "url": self.url,
            "title": self.title[:300],
            "publisher": self.publisher[:200],
            "published_on": self.published_at.isoformat() if self.published_at else "",
            "quote": self.snippet[:1000],
        }
        return urlencode({key: value for key, value in fields.items() if value})
