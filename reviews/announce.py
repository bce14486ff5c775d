"""The desk's published fact-checks as others receive them: the summary the read API lists, and
the events (foundation.events) a publication or a correction emits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from foundation import events
from reviews import public_record
from reviews.exports import claimreview
from reviews.models import Verdict


def fact_check_summary(verdict: Verdict) -> dict[str, Any]:
    claim = public_record.of(verdict)
    claimant = claim.claimant
    return {
        "id": claim.pk,
        "url": claimreview.public_url(claim, verdict),
        "api_url": settings.SITE_URL + reverse("public:api-detail", args=[claim.pk]),
        "claim": {
            "text": claim.text,
            "language": claim.language,
            "claimant": (
                {"name": claimant.name, "kind": claimant.kind, "same_as": claimant.same_as or None}
                if claimant
                else None
            ),
            "appeared": {
                "url": claim.appeared_url or None,
                "outlet": claim.appeared_outlet or None,
                "date": claim.appeared_on.isoformat() if claim.appeared_on else None,
            },
        },
        "rating": {
            "label": verdict.rating_label,
            "value": verdict.rating_value,
            "best": verdict.rating_best,
            "worst": verdict.rating_worst,
        },
        "summary": verdict.summary,
        "conclusion": verdict.conclusion,
        "published_at": verdict.published_at.isoformat() if verdict.published_at else None,
        "corrected": verdict.correction_of_id is not None,
    }


def verdict_published(verdict: Verdict) -> events.Event:
    """Tell the listeners that `verdict` was approved: a first publication, or a correction of
    the verdict it replaces. Called inside the approval's transaction."""
    corrected = verdict.correction_of_id is not None
    return events.emit(
        events.VERDICT_CORRECTED if corrected else events.CLAIM_PUBLISHED,
        key=f"{'verdict.corrected' if corrected else 'claim.published'}:verdict:{verdict.pk}",
        payload=fact_check_summary(verdict),
        claim_id=verdict.claim_id,
        verdict_id=verdict.pk,
    )
