"""Claim matching at the desk's doors: as a claim is typed, for each claim proposed from an
article, for each row of a CSV dry run, the published fact-checks and open claims already on
the desk that say the same thing.

`suggest()` is the one way a door asks (a batch: one model call and one query for all its
texts); `claim_suggestions` is the claim form's fragment, asked for as the text is typed. Each
suggestion carries what the door saw (`Incoming`), so that its "same claim" / "not the same"
buttons can post it to the decision views (claims/views/decisions.py, URL names
`claims:match-same` and `claims:match-not-same`, /work/contract_matching.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from claims import caches, permissions
from claims.matching import Difference, Query, match_many
from claims.models import Claim, Claimant
from foundation.converters import parse_id
from foundation.requests import DeskRequest

LIMIT = 5
SUGGESTIONS_TEMPLATE = "claims/_suggestions.html"


@dataclass(frozen=True)
class Incoming:
    """A text at a door, with what the door knows about where it appeared: the fields the
    decision views take (all strings, as posted)."""

    text: str
    door: str  # form, proposal, csv, api
    key: str  # what the door finds its own row by: the candidate's index, the CSV line
    language: str = ""
    claimant: str = ""
    claimant_role: str = ""
    outlet: str = ""
    url: str = ""
    date: str = ""
    article: str = ""
    span_start: str = ""
    span_end: str = ""
    exclude: tuple[int, ...] = ()  # the claim being edited is not suggested to itself

    @property
    def dom_id(self) -> str:
        return f"matches-{self.door}-{self.key}"


@dataclass(frozen=True)
class Shown:
    """One suggestion as a door shows it."""

    rank: int  # 1-based
    claim: Claim
    score: float
    same_claim: bool
    differences: tuple[str, ...]  # the guard's, in words: "differs: 20 vs 200"
    rating: str  # the published rating; "" if the claim is not published
    incoming: Incoming

    @property
    def dom_id(self) -> str:
        return f"{self.incoming.dom_id}-{self.rank}"


def difference_text(difference: Difference) -> str:
    kinds = {
        "number": _("number"),
        "negation": _("negation"),
        "antonym": _("opposite"),
        "place": _("place"),
        "speaker": _("speaker"),
    }
    said, other = difference.query or "—", difference.candidate or "—"
    if difference.kind == "number":
        return _("differs: %(text)s vs %(claim)s") % {"text": said, "claim": other}
    return _("differs (%(what)s): %(text)s vs %(claim)s") % {
        "what": kinds.get(difference.kind, difference.kind),
        "text": said,
        "claim": other,
    }


def candidates() -> Any:
    """What a desk door suggests: published fact-checks and claims still being worked on,
    never dismissed ones (a duplicate's original is suggested instead)."""
    return Claim.objects.exclude(status=Claim.Status.DISMISSED)


def suggest(texts: list[Incoming], *, limit: int = LIMIT) -> list[list[Shown]]:
    """The suggestions for each text, best first, in the texts' order: one model call for
    them all, one query for their candidates, one for the claims shown and their ratings."""
    found = match_many(
        [Query(t.text, claimant=t.claimant, exclude=t.exclude) for t in texts],
        limit=limit,
        within=candidates(),
    )
    ids = {s.claim_id for suggestions in found for s in suggestions}
    claims: dict[int, Claim] = (
        Claim.objects.filter(pk__in=ids).select_related("claimant").in_bulk() if ids else {}
    )
    caches.annotate_reviews(claims)
    shown = []
    for incoming, suggestions in zip(texts, found, strict=True):
        rows: list[Shown] = []
        for suggestion in suggestions:
            claim = claims.get(suggestion.claim_id)
            if claim is None:  # deleted since it was matched
                continue
            review = getattr(claim, "review", None)
            rows.append(
                Shown(
                    rank=len(rows) + 1,
                    claim=claim,
                    score=suggestion.score,
                    same_claim=suggestion.same_claim,
                    differences=tuple(difference_text(d) for d in suggestion.differences),
                    rating=review.rating if review is not None and not review.proposed else "",
                    incoming=incoming,
                )
            )
        shown.append(rows)
    return shown


def _claimant_name(params: Any) -> str:
    if name := params.get("new_claimant_name", "").strip():
        return str(name)[:200]
    claimant_id = parse_id(params.get("claimant", ""))
    if claimant_id is None:
        return ""
    return Claimant.objects.filter(pk=claimant_id).values_list("name", flat=True).first() or ""


def incoming_from_form(params: Any, *, claim: Claim | None) -> Incoming:
    """What the claim form holds now (its field names), as a door's text."""
    appeared_on = params.get("appeared_on", "").strip()
    try:
        day = date.fromisoformat(appeared_on).isoformat() if appeared_on else ""
    except ValueError:
        day = ""
    return Incoming(
        text=params.get("text", "")[:2000],
        door="form",
        key="form",
        language=params.get("language", "")[:12],
        claimant=_claimant_name(params),
        claimant_role=params.get("new_claimant_description", "")[:300],
        outlet=params.get("appeared_outlet", "")[:200],
        url=params.get("appeared_url", "")[:2000],
        date=day,
        exclude=(claim.pk,) if claim is not None else (),
    )


def claim_params(claim: Claim) -> dict[str, str]:
    """A stored claim as the claim form would send it (the edit page, first drawn)."""
    return {
        "text": claim.text,
        "language": claim.language,
        "claimant": str(claim.claimant_id or ""),
        "appeared_url": claim.appeared_url,
        "appeared_outlet": claim.appeared_outlet,
        "appeared_on": claim.appeared_on.isoformat() if claim.appeared_on else "",
    }


def form_suggestions(params: Any, *, claim: Claim | None) -> list[Shown]:
    incoming = incoming_from_form(params, claim=claim)
    return suggest([incoming])[0]


@require_GET
def claim_suggestions(request: DeskRequest) -> HttpResponse:
    """The claim form's suggestions panel, asked for as the claim is typed (htmx, debounced).
    `claim` names the claim being edited, which is never suggested to itself."""
    permissions.require_desk_member(request.user)
    claim = None
    if claim_id := parse_id(request.GET.get("claim", "")):
        claim = Claim.objects.filter(pk=claim_id).first()
    suggestions = form_suggestions(request.GET, claim=claim)
    context = {
        "suggestions": suggestions,
        "asked": bool(request.GET.get("text", "").strip()),
        # "Same claim" records the text as an appearance of the suggested claim: that is for
        # a claim not yet on the desk. A claim being edited that repeats another is marked as
        # its duplicate on its own page.
        "can_decide": claim is None and permissions.can_create_claim(request.user),
    }
    response = render(request, SUGGESTIONS_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
