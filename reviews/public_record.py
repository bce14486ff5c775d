"""The public record of a fact-check: the claim as it stood when its current verdict was approved.

A correction reopens a published claim for its drafter, who may fix the claim's wording, who said
it and where, and add evidence. None of that may reach readers before an editor approves the
correction, so approval freezes the public fields into the verdict (`Verdict.public_record`), and
every public door (the page and its JSON-LD, the index, the feed, the read API, the ClaimReview
export) reads the claim from there, never from the live row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from claims import languages
from claims.models import Claim, Claimant
from reviews.models import Evidence, Verdict


@dataclass(frozen=True, slots=True)
class PublicClaimant:
    name: str
    kind: str
    description: str
    same_as: str


@dataclass(frozen=True, slots=True)
class PublicClaim:
    """What readers see of a claim; the attributes a `Claim` offers the public templates and the
    ClaimReview builder, so both read either."""

    pk: int
    text: str
    language: str
    claimant: PublicClaimant | None
    appeared_url: str
    appeared_outlet: str
    appeared_on: date | None
    evidence_ids: tuple[int, ...]

    @property
    def direction(self) -> str:
        return languages.direction(self.language)


def _claimant(person: Claimant | None) -> dict[str, str] | None:
    if person is None:
        return None
    return {
        "name": person.name,
        "kind": person.kind,
        "description": person.description,
        "same_as": person.same_as,
    }


def freeze(claim: Claim, evidence_ids: Iterable[int]) -> dict[str, Any]:
    """The public fields of the claim as they are now, for `Verdict.public_record`."""
    return {
        "text": claim.text,
        "language": claim.language,
        "claimant": _claimant(claim.claimant),
        "appeared_url": claim.appeared_url,
        "appeared_outlet": claim.appeared_outlet,
        "appeared_on": claim.appeared_on.isoformat() if claim.appeared_on else None,
        "evidence": sorted(evidence_ids),
    }


def of(verdict: Verdict) -> PublicClaim:
    """The claim as the verdict published it."""
    return of_record(verdict.claim_id, verdict.public_record)


def of_record(claim_id: int, record: dict[str, Any]) -> PublicClaim:
    person = record.get("claimant")
    on = record.get("appeared_on")
    return PublicClaim(
        pk=claim_id,
        text=str(record.get("text", "")),
        language=str(record.get("language", "")),
        claimant=PublicClaimant(
            name=str(person.get("name", "")),
            kind=str(person.get("kind", Claimant.Kind.PERSON)),
            description=str(person.get("description", "")),
            same_as=str(person.get("same_as", "")),
        )
        if isinstance(person, dict)
        else None,
        appeared_url=str(record.get("appeared_url", "")),
        appeared_outlet=str(record.get("appeared_outlet", "")),
        appeared_on=date.fromisoformat(on) if on else None,
        evidence_ids=tuple(int(pk) for pk in record.get("evidence", [])),
    )


def evidence(claim: PublicClaim) -> QuerySet[Evidence]:
    """The evidence the published verdict rests on: items added during a correction wait for
    its approval. (Published evidence is frozen; only its archive snapshot may still arrive.)"""
    return Evidence.objects.filter(pk__in=claim.evidence_ids).order_by("number")
