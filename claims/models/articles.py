"""Articles the desk extracted claims from, and similar claims found in the background."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models.core import Claim


class Article(models.Model):
    """An imported source text: pasted or fetched. Claims extracted from it point at their
    character span in `text`, which never changes after import."""

    url = models.URLField(_("URL"), max_length=2000, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=12)
    text = models.TextField(_("text"))
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def excerpt(self, start: int, end: int, *, context: int = 240) -> tuple[str, str, str]:
        """(before, span, after) around a claim's span, cut at word boundaries."""
        before = self.text[max(0, start - context) : start]
        after = self.text[end : end + context]
        if start > context:
            before = "…" + before.split(" ", 1)[-1]
        if end + context < len(self.text):
            after = after.rsplit(" ", 1)[0] + "…"
        return before, self.text[start:end], after


class SimilarClaim(models.Model):
    """A claim that says much the same as another, found by the background analysis."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="similar")
    other = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    exact = models.BooleanField(default=False)

    class Meta:
        ordering = ["claim", "-exact", "-score"]
        constraints = [models.UniqueConstraint(fields=["claim", "other"], name="similar_pair_once")]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.other_id} ({self.score:.2f})"


class SimilarityKey(models.Model):
    """A claim's content words (text.content_words), in a narrow table of their own: PostgreSQL
    finds near duplicates through a trigram GIN index on it (migration 0010), and rechecking
    candidates reads short rows instead of whole claims."""

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="similarity_key"
    )
    words = models.TextField()

    def __str__(self) -> str:
        return self.words[:80]
