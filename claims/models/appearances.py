"""One claim, many appearances: the other places and wordings in which the desk met a claim it
already had, and the desk's decisions about suggested matches (the labelled pairs matching
learns from)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims import languages
from claims.models.articles import Article
from claims.models.core import Claim, Claimant


class Appearance(models.Model):
    """The claim said again: by whom, where, when and in which words. Added when a reviewer
    recognises a suggested match as the same claim, instead of a second claim to check."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    text = models.TextField(_("text as it appeared"))
    claimant = models.ForeignKey(
        Claimant,
        verbose_name=_("claimant"),
        on_delete=models.PROTECT,
        related_name="appearances",
        null=True,
        blank=True,
    )
    outlet = models.CharField(_("outlet or event"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    appeared_on = models.DateField(_("said or published on"), null=True, blank=True)
    # Where in an imported article the text sits, when the reviewer met it there.
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, null=True, blank=True, related_name="appearances"
    )
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    language = models.CharField(_("language"), max_length=12, choices=languages.CHOICES)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["claim", "created_at", "id"]
        indexes = [models.Index(fields=["claim", "created_at", "id"], name="appearance_claim")]

    def __str__(self) -> str:
        return f"{self.text[:60]} (claim {self.claim_id})"

    @property
    def direction(self) -> str:
        return languages.direction(self.language)


class MatchDecision(models.Model):
    """A reviewer's answer to a suggestion: the text (as it came in at a door) is, or is not,
    the claim it was compared with. `score` and `rank` are the suggestion's, so that the
    dashboard can say how often the top suggestion was right and what another threshold
    would have shown."""

    class Decision(models.TextChoices):
        SAME = "same", _("Same claim")
        NOT_SAME = "not_same", _("Not the same")
        DUPLICATE = "duplicate", _("Duplicate")

    class Door(models.TextChoices):
        FORM = "form", _("Claim form")
        PROPOSAL = "proposal", _("Proposed from an article")
        CSV = "csv", _("CSV import")
        API = "api", _("API")
        CLAIM_PAGE = "claim_page", _("Claim page")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="match_decisions")
    text = models.TextField()
    # The appearance a "same" decision made, and for decisions on the claim page (or a duplicate
    # marked there) the claim whose text was compared.
    appearance = models.ForeignKey(
        Appearance, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=12, choices=Decision.choices)
    score = models.FloatField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    door = models.CharField(max_length=12, choices=Door.choices)
    from_language = models.CharField(max_length=12, blank=True)
    to_language = models.CharField(max_length=12, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [
            # The dashboard: top suggestions decided in a period, by language pair.
            models.Index(
                fields=["decided_at", "from_language", "to_language"],
                condition=Q(rank=1),
                name="decision_top_decided",
            ),
            models.Index(fields=["claim", "decided_at"], name="decision_claim"),
            models.Index(
                fields=["from_claim", "claim"],
                condition=Q(from_claim__isnull=False),
                name="decision_claim_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision}: {self.text[:40]} ~ claim {self.claim_id}"


class AppearanceEmbedding(models.Model):
    """An appearance's sentence vector and BM25 terms, as ClaimEmbedding holds a claim's: the
    in-memory index maps it to the appearance's claim, so a later text in the appearance's
    wording finds the claim (claims.matching.index)."""

    appearance = models.OneToOneField(
        Appearance, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    vector = models.BinaryField()
    terms = models.BinaryField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["updated_at", "appearance"], name="appearance_embedding_updated")
        ]

    def __str__(self) -> str:
        return f"{self.model} vector of appearance {self.appearance_id}"
