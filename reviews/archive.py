"""The desk's own archive as a lookup provider: claims already published that say much the same
thing, with their verdicts. No network; registered with the lookups at start-up."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from claims import similarity
from claims.lookups.providers import ClaimInput, Provider, ProviderOutcome, ResultItem
from claims.models import Claim
from reviews.models import Verdict


class ArchiveProvider(Provider):
    name = "archive"
    label = "Desk archive"
    needs_network = False

    def applies_to(self, claim: ClaimInput) -> bool:
        return bool(claim.text.strip())

    def run(self, claim: ClaimInput) -> ProviderOutcome:
        published = Claim.objects.filter(verdicts__status=Verdict.Status.APPROVED)
        matches = similarity.similar_claims(claim.text, exclude_id=claim.id, queryset=published)
        verdicts = {
            v.claim_id: v
            for v in Verdict.objects.filter(
                claim__in=[m.claim for m in matches], status=Verdict.Status.APPROVED
            )
        }
        items = [
            self._item(rank, match, verdicts.get(match.claim.pk))
            for rank, match in enumerate(matches, 1)
        ]
        return ProviderOutcome(items=items, raw=[])

    @staticmethod
    def _item(rank: int, match: similarity.Match, verdict: Any) -> ResultItem:
        other = match.claim
        return ResultItem(
            rank=rank,
            title=other.text[:500],
            url=settings.SITE_URL + reverse("reviews:claim", args=[other.pk]),
            snippet=verdict.conclusion[:500] if verdict else "",
            publisher=other.claimant.name if other.claimant else "",
            published_at=verdict.published_at.date() if verdict and verdict.published_at else None,
            rating_text=verdict.rating_label if verdict else "",
            extra={"claim_id": other.pk, "score": match.score, "exact": match.exact},
        )
