"""The public read API: published fact-checks as JSON, described by an OpenAPI document
(reviews/openapi.py). Public and rate-limited per client address."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from claims import pagination, permissions
from claims.matching import Suggestion, match
from claims.models import Appearance, Claim
from claims.views.matches import difference_text
from foundation.middleware import client_ip
from reviews import announce, openapi, public_record
from reviews.exports import claimreview
from reviews.models import Evidence, Verdict
from reviews.views.public import NEWEST, published_verdicts

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
DEFAULT_MATCHES = 5


def _error(status: int, message: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A fixed window per client address (API_RATE_LIMIT requests a minute). With the shared
    cache the limit holds across web processes."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = settings.API_RATE_LIMIT
        window = int(time.time() // 60)
        key = f"api-rate:{client_ip(request)}:{window}"
        cache.add(key, 0, 70)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            count = 1
        if count > limit:
            retry = 60 - int(time.time()) % 60
            return _error(
                429, f"Too many requests: at most {limit} a minute.", Retry_After=str(retry)
            )
        response = view(request, *args, **kwargs)
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(max(0, limit - count))
        return response

    return wrapper


def _absolute(request: HttpRequest, path: str, params: dict[str, str]) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{settings.SITE_URL}{path}" + (f"?{query}" if query else "")


class BadParameter(ValueError):
    pass


def _date(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"{name} must be a date, YYYY-MM-DD.") from None


def _text(request: HttpRequest, name: str) -> str:
    """A text parameter as the OpenAPI document allows it: a longer value is refused, not
    cut short into a different search."""
    value = request.GET.get(name, "")
    if len(value) > (limit := openapi.MAX_LENGTHS[name]):
        raise BadParameter(f"{name} is at most {limit} characters.")
    return value


def _filtered(request: HttpRequest) -> Any:
    params = request.GET
    verdicts = published_verdicts()
    if q := _text(request, "q").strip():
        verdicts = verdicts.filter(claim__in=Claim.objects.search(q))
    if language := _text(request, "language"):
        verdicts = verdicts.filter(claim__language=language)
    if rating := _text(request, "rating"):
        verdicts = verdicts.filter(rating_label__iexact=rating)
    if since := _date(params.get("published_since", ""), "published_since"):
        verdicts = verdicts.filter(published_at__date__gte=since)
    if until := _date(params.get("published_until", ""), "published_until"):
        verdicts = verdicts.filter(published_at__date__lte=until)
    return verdicts


@login_not_required
@require_GET
@rate_limited
def fact_check_list(request: HttpRequest) -> JsonResponse:
    try:
        size = int(request.GET.get("page_size", DEFAULT_PAGE_SIZE))
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise BadParameter(f"page_size must be between 1 and {MAX_PAGE_SIZE}.")
        page = pagination.paginate(
            _filtered(request),
            NEWEST,
            per_page=size,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
            hydrate=lambda ids: published_verdicts().in_bulk(ids),
        )
    except ValueError as error:  # BadParameter, a bad page_size, pagination.InvalidCursor
        message = (
            str(error)
            if not str(error).startswith("invalid literal")
            else ("page_size must be a whole number.")
        )
        return _error(400, message)
    base = {k: str(v) for k, v in request.GET.items() if k not in {"after", "before"}}
    path = reverse("public:api-list")
    return JsonResponse(
        {
            "results": [announce.fact_check_summary(v) for v in page.items],
            "next": _absolute(request, path, {**base, "after": page.next_cursor})
            if page.next_cursor
            else None,
            "previous": _absolute(request, path, {**base, "before": page.previous_cursor})
            if page.previous_cursor
            else None,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _evidence(item: Evidence) -> dict[str, Any]:
    return {
        "label": item.label,
        "url": item.url,
        "title": item.title or None,
        "publisher": item.publisher or None,
        "published_on": item.published_on.isoformat() if item.published_on else None,
        "stance": item.stance,
        "quote": item.quote or None,
        "archive_url": item.archive_url or None,
        "snapshot_at": item.snapshot_at.isoformat() if item.snapshot_at else None,
        "content_sha256": item.content_sha256 or None,
    }


def _appearance(item: Appearance) -> dict[str, Any]:
    return {
        "text": item.text,
        "language": item.language,
        "claimant": item.claimant.name if item.claimant else None,
        "outlet": item.outlet or None,
        "url": item.url or None,
        "date": item.appeared_on.isoformat() if item.appeared_on else None,
    }


@login_not_required
@require_GET
@rate_limited
def fact_check_detail(request: HttpRequest, pk: int) -> JsonResponse:
    verdict = published_verdicts().filter(claim_id=pk).first()
    if verdict is None:
        return _error(404, "No published fact-check with this id.")
    claim = public_record.of(verdict)
    earlier = (
        Verdict.objects.published().filter(claim_id=pk).exclude(pk=verdict.pk).order_by("-number")
    )
    appearances = claimreview.appearances_of([pk]).get(pk, [])
    body = announce.fact_check_summary(verdict) | {
        "rationale": verdict.rationale,
        "correction_note": verdict.correction_note or None,
        "evidence": [_evidence(item) for item in public_record.evidence(claim)],
        "appearances": [_appearance(item) for item in appearances],
        "earlier_versions": [
            {
                "version": old.number,
                "rating": old.rating_label,
                "summary": old.summary,
                "conclusion": old.conclusion,
                "published_at": old.published_at.isoformat() if old.published_at else None,
            }
            for old in earlier
        ],
        "claim_review": claimreview.claim_review(claim, verdict, appearances=appearances),
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _limit(request: HttpRequest) -> int:
    raw = request.GET.get("limit")
    if raw is None:
        return DEFAULT_MATCHES
    most = openapi.MAX_MATCHES
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= most:
        raise BadParameter(f"limit must be a whole number from 1 to {most}.")
    return int(raw)


def _match_row(
    suggestion: Suggestion, claim: Any, verdict: Verdict | None, *, public: bool
) -> dict[str, Any]:
    """One match: for the public, the claim as its verdict published it; for the desk, the
    claim as it is now, with its published rating if it has one."""
    shown = public_record.of(verdict) if public and verdict is not None else claim
    return {
        "id": suggestion.claim_id,
        "text": shown.text,
        "language": shown.language,
        "status": Claim.Status.PUBLISHED.value if public else claim.status,
        "rating": verdict.rating_label if verdict is not None else None,
        "url": claimreview.public_url(shown, verdict) if verdict is not None else None,
        "score": suggestion.score,
        "same_claim": suggestion.same_claim,
        "differences": [
            {
                "kind": d.kind,
                "text": d.query or None,
                "claim": d.candidate or None,
                "description": difference_text(d),
            }
            for d in suggestion.differences
        ],
    }


@login_not_required
@require_GET
@rate_limited
def match_list(request: HttpRequest) -> JsonResponse:
    """The claims that say what `text` says, best first. The public is matched against the
    published fact-checks; a desk member (signed in) against open claims too."""
    try:
        if "text" not in request.GET:
            raise BadParameter("text is required.")
        text = _text(request, "text")
        language = _text(request, "language")
        limit = _limit(request)
    except BadParameter as error:
        return _error(400, str(error))
    public = not permissions.is_desk_member(request.user)
    within = (
        Claim.objects.filter(verdicts__status=Verdict.Status.APPROVED)
        if public
        else Claim.objects.exclude(status=Claim.Status.DISMISSED)
    )
    if language:
        within = within.filter(language=language)
    found = match(text, limit=limit, within=within)
    ids = [s.claim_id for s in found]
    claims = Claim.objects.in_bulk(ids) if ids else {}
    verdicts = {v.claim_id: v for v in published_verdicts().filter(claim_id__in=ids)} if ids else {}
    results = [
        _match_row(s, claims[s.claim_id], verdicts.get(s.claim_id), public=public)
        for s in found
        if s.claim_id in claims and (not public or s.claim_id in verdicts)
    ]
    response = JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
    # What a signed-in desk member sees differs from what the public sees.
    patch_vary_headers(response, ["Cookie"])
    return response


@login_not_required
@require_GET
def openapi_document(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi.document(settings.SITE_URL), json_dumps_params={"indent": 2})
