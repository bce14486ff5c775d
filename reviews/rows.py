"""What the claims list shows of a claim's review: the rating of a published claim, and for a
verdict awaiting approval its proposed rating, who submitted it and since when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from claims.models import Claim
from reviews.models import Verdict


@dataclass(frozen=True, slots=True)
class RowReview:
    rating: str
    proposed: bool  # awaiting approval, not yet published
    submitted_by: str = ""
    submitted_at: datetime | None = None


def annotate(claims: dict[int, Claim]) -> None:
    """Sets `claim.review` (or None) on each claim: one query for the rows being rendered.
    Submitting and approving bump the claim's version, so a cached row never outlives it."""
    wanted = [
        pk
        for pk, claim in claims.items()
        if claim.status in {Claim.Status.PUBLISHED, Claim.Status.AWAITING_APPROVAL}
        or claim.was_published
    ]
    for claim in claims.values():
        claim.review = None  # type: ignore[attr-defined]
    if not wanted:
        return
    verdicts = (
        Verdict.objects.filter(
            claim_id__in=wanted, status__in=[Verdict.Status.APPROVED, Verdict.Status.SUBMITTED]
        )
        .select_related("rating", "submitted_by")
        .only(
            "claim_id",
            "status",
            "rating_label",
            "submitted_at",
            "rating__label",
            "submitted_by__username",
        )
    )
    for verdict in verdicts:
        claim = claims[verdict.claim_id]
        if verdict.status == Verdict.Status.SUBMITTED:
            # A correction awaiting approval: the proposal is what the editor needs to see.
            claim.review = RowReview(  # type: ignore[attr-defined]
                rating=verdict.rating.label if verdict.rating else "",
                proposed=True,
                submitted_by=verdict.submitted_by.get_username() if verdict.submitted_by else "",
                submitted_at=verdict.submitted_at,
            )
        elif getattr(claim, "review", None) is None:
            claim.review = RowReview(rating=verdict.rating_label, proposed=False)  # type: ignore[attr-defined]
