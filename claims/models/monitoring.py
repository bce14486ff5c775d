"""Followed outlets: the feeds and sitemaps the desk polls, the items they list, the claims the
extractor proposed from each new article, and "seen again" alerts when one of them repeats a
claim the desk has published."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims import languages
from claims.models.appearances import Appearance
from claims.models.articles import Article
from claims.models.core import Claim


class FollowedSource(models.Model):
    """An RSS/Atom/RDF feed or a (news) sitemap the desk reads on a schedule."""

    class Kind(models.TextChoices):
        FEED = "feed", _("Feed (RSS, Atom or RDF)")
        SITEMAP = "sitemap", _("Sitemap")

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("feed or sitemap address"), max_length=2000, unique=True)
    # Empty: each article's own language, as detected.
    language = models.CharField(_("language"), max_length=12, blank=True, choices=languages.CHOICES)
    topic = models.CharField(
        _("topic"),
        max_length=100,
        blank=True,
        help_text=_("Groups its claims on the morning list."),
    )
    interval_minutes = models.PositiveIntegerField(_("poll every (minutes)"), default=30)
    active = models.BooleanField(_("following"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # What the last polls found (the source's health).
    kind = models.CharField(max_length=10, choices=Kind.choices, blank=True, editable=False)
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set while a worker polls it; a poll older than the lease lost its worker.
    polling_since = models.DateTimeField(null=True, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_status = models.CharField(max_length=300, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    failures_in_a_row = models.PositiveIntegerField(default=0, editable=False)
    paused_reason = models.TextField(blank=True, editable=False)
    items_listed = models.PositiveIntegerField(default=0, editable=False)  # in the last poll
    items_new = models.PositiveIntegerField(default=0, editable=False)  # in the last poll
    items_total = models.PositiveIntegerField(default=0, editable=False)
    polls = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["next_poll_at"], name="source_due", condition=Q(active=True))
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def healthy(self) -> bool:
        return self.active and not self.failures_in_a_row

    def interval(self) -> timedelta:
        return timedelta(minutes=max(1, self.interval_minutes))


class FollowedItem(models.Model):
    """One entry a source listed: fetched once, its article text extracted and its claims
    proposed. Syndicated copies (another address with the same canonical address or the same
    text) are kept as duplicates of the first and read no further."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be read")
        READ = "read", _("Read")
        DUPLICATE = "duplicate", _("Same story as another item")
        FAILED = "failed", _("Could not be read")

    source = models.ForeignKey(FollowedSource, on_delete=models.CASCADE, related_name="items")
    url = models.URLField(max_length=2000)
    host = models.CharField(max_length=255, blank=True)  # the url's, for politeness
    title = models.CharField(max_length=500, blank=True)
    listed_published_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    canonical_url = models.URLField(max_length=2000, blank=True, db_index=True)
    text_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When a worker was last asked to read it (the sweeper re-sends what stays pending).
    sent_at = models.DateTimeField(default=timezone.now)
    # Set by the worker reading it: nobody else fetches it meanwhile (until the lease runs out).
    reading_since = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "url"], name="followed_item_once"),
            # A story is read once, whichever feed or address brought it (two workers reading
            # two syndicated copies at the same moment: the second finds the first's row).
            models.UniqueConstraint(
                fields=["canonical_url"],
                condition=Q(state="read") & ~Q(canonical_url=""),
                name="followed_story_once_by_address",
            ),
            models.UniqueConstraint(
                fields=["text_sha256"],
                condition=Q(state="read") & ~Q(text_sha256=""),
                name="followed_story_once_by_text",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "sent_at"], name="followed_item_owed"),
            models.Index(
                fields=["host", "sent_at"],
                name="followed_item_waiting",
                condition=Q(state="pending"),
            ),
            models.Index(fields=["source", "-created_at"], name="followed_item_recent"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class ProposedClaim(models.Model):
    """A claim the extractor proposed from a followed article, waiting for the desk: taken in
    as a claim, or left."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        TAKEN = "taken", _("Taken into the desk")
        SEEN_AGAIN = "seen_again", _("Already on the desk")

    item = models.ForeignKey(FollowedItem, on_delete=models.CASCADE, related_name="proposals")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    speaker = models.CharField(max_length=200, blank=True)
    speaker_description = models.CharField(max_length=300, blank=True)
    speaker_kind = models.CharField(max_length=20, blank=True)
    claim_type = models.CharField(max_length=20, choices=Claim.Type.choices)
    language = models.CharField(max_length=12, choices=languages.CHOICES)
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    span_start = models.PositiveIntegerField()
    span_end = models.PositiveIntegerField()
    # The best match on the desk when it was proposed, if any.
    matched_claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    match_score = models.FloatField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.NEW)
    taken_claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "span_start", "span_end"], name="proposed_claim_once"
            )
        ]
        indexes = [models.Index(fields=["state", "-created_at"], name="proposed_claim_new")]

    def __str__(self) -> str:
        return self.text[:80]


class SeenAgain(models.Model):
    """A published claim said again in a followed article: confirm it as an appearance (and so
    onto the public page and into ClaimReview), or dismiss it."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CONFIRMED = "confirmed", _("Confirmed as an appearance")
        DISMISSED = "dismissed", _("Dismissed")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    proposal = models.OneToOneField(ProposedClaim, on_delete=models.CASCADE, related_name="alert")
    # The story, whichever of its syndicated addresses it came by: one alert per story.
    item = models.ForeignKey(FollowedItem, on_delete=models.CASCADE, related_name="alerts")
    score = models.FloatField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    appearance = models.ForeignKey(
        Appearance, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["claim", "item"], name="seen_again_once")]
        indexes = [models.Index(fields=["state", "-created_at"], name="seen_again_open")]

    def __str__(self) -> str:
        return f"Claim {self.claim_id} seen again"


class HostSlot(models.Model):
    """Per-host politeness shared by every worker on every machine: one request at a time to a
    host, and the next no sooner than its interval (or its `Retry-After`) allows."""

    host = models.CharField(max_length=255, primary_key=True)
    # Nobody may ask the host before this moment (its interval, or what it asked for).
    free_at = models.DateTimeField(default=timezone.now)
    # Set while a request to the host is in flight; past it, the request lost its worker.
    busy_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.host


class MorningVisit(models.Model):
    """When a desk member last read the morning list (it shows what came in since), and whether
    they have it e-mailed each morning (in the language they asked in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    seen_until = models.DateTimeField()
    email_daily = models.BooleanField(default=False)
    language = models.CharField(max_length=12, default="en")
    emailed_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} until {self.seen_until}"
