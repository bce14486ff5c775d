"""The public read API: published fact-checks as JSON. Public and rate-limited per client
address. The operations are django-ninja's, so the OpenAPI document (/api/v1/openapi.json) is
generated from their parameters and the schemas in reviews/schemas.py."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path, reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET
from ninja import NinjaAPI, Path, Query, Router
from ninja.errors import ValidationError
from ninja.params import functions as params
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from api.auth import TokenAuth, owner, reader
from api.models import Scope
from claims import pagination, permissions, readers
from claims import services as claim_services
from claims.forms import ClaimForm, SubmissionForm
from claims.matching import Suggestion, match
from claims.models import Appearance, Asked, Claim
from claims.views.matches import difference_text
from foundation import ratelimit
from foundation.middleware import client_ip
from reviews import announce, answers, public_record, schemas
from reviews import permissions as review_permissions
from reviews import services as review_services
from reviews.exports import claimreview
from reviews.forms import EvidenceForm
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
        counted = ratelimit.hit(f"api:{client_ip(request)}", limit)
        if counted.refused:
            return _error(
                429,
                f"Too many requests: at most {limit} a minute.",
                Retry_After=str(counted.retry_after),
            )
        response = view(request, *args, **kwargs)
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(counted.remaining)
        return response

    return wrapper


MAX_ID = 10**18 - 1
# The longest value each text parameter may have; a longer one is a 400.
MAX_LENGTHS = {"q": 200, "language": 12, "rating": 60, "text": 2000}
MAX_MATCHES = 20


def _refuse(message: str) -> PydanticCustomError:
    """A parameter error whose message is the API's own 400 detail (see _bad_parameter)."""
    return PydanticCustomError("bad_parameter", message)


def _page_size(value: Any) -> Any:
    if value in (None, ""):
        return DEFAULT_PAGE_SIZE
    try:
        size = int(value)
    except (TypeError, ValueError):
        raise _refuse("page_size must be a whole number.") from None
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise _refuse(f"page_size must be between 1 and {MAX_PAGE_SIZE}.")
    return size


def _limit(value: Any) -> Any:
    raw = str(value)
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_MATCHES:
        raise _refuse(f"limit must be a whole number from 1 to {MAX_MATCHES}.")
    return int(raw)


def _day(name: str) -> BeforeValidator:
    def parse(value: Any) -> Any:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise _refuse(f"{name} must be a date, YYYY-MM-DD.") from None

    return BeforeValidator(parse)


def _text(name: str, description: str) -> Any:
    """A text parameter: a longer value is refused, not cut short into a different search.
    An empty value (`?q=`, as an HTML form sends an empty field) is no filter at all."""
    return params.Query("", description=description, max_length=MAX_LENGTHS[name])


def _day_query(description: str) -> Any:
    return params.Query(None, description=description)


PageSize = Annotated[int, BeforeValidator(_page_size), Field(ge=1, le=MAX_PAGE_SIZE)]
Limit = Annotated[int, BeforeValidator(_limit), Field(ge=1, le=MAX_MATCHES)]
Since = Annotated[date | None, _day("published_since")]
Until = Annotated[date | None, _day("published_until")]


def _bad_parameter(
    request: HttpRequest, error: ValidationError | type[ValidationError]
) -> HttpResponse:
    """Ninja's validation errors as the API has always answered them: one sentence, 400."""
    first = error.errors[0] if isinstance(error, ValidationError) and error.errors else {}
    name = str(first.get("loc", ["", ""])[-1])
    kind = first.get("type")
    if kind == "bad_parameter":
        message = str(first["msg"])
    elif kind == "string_too_long":
        message = f"{name} is at most {first['ctx']['max_length']} characters."
    elif kind == "missing":
        message = f"{name} is required."
    else:
        message = f"{name} is not valid."
    return _error(400, message)


def _absolute(path: str, params: dict[str, str]) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{settings.SITE_URL}{path}" + (f"?{query}" if query else "")


fact_checks = Router(tags=["fact-checks"])
matches = Router(tags=["matches"])
ERRORS = {400: schemas.Error, 429: schemas.Error}


@fact_checks.get(
    "",
    response={200: schemas.FactCheckList, **ERRORS},
    url_name="api-list",
    operation_id="listFactChecks",
    summary="Published fact-checks, newest first",
)
def fact_check_list(
    request: HttpRequest,
    page_size: Annotated[PageSize, Query(DEFAULT_PAGE_SIZE)],
    q: Annotated[str, _text("q", "Full-text search in the claim")],
    language: Annotated[str, _text("language", "ISO 639-1 code of the claim")],
    rating: Annotated[str, _text("rating", "Rating label, e.g. False")],
    published_since: Annotated[Since, _day_query("YYYY-MM-DD")],
    published_until: Annotated[Until, _day_query("YYYY-MM-DD")],
    after: Annotated[str, Query("", description="Cursor from a `next` link")],
    before: Annotated[str, Query("", description="Cursor from a `previous` link")],
) -> HttpResponse:
    verdicts = published_verdicts()
    if q := q.strip():
        verdicts = verdicts.filter(claim__in=Claim.objects.search(q))
    if language:
        verdicts = verdicts.filter(claim__language=language)
    if rating:
        verdicts = verdicts.filter(rating_label__iexact=rating)
    if published_since:
        verdicts = verdicts.filter(published_at__date__gte=published_since)
    if published_until:
        verdicts = verdicts.filter(published_at__date__lte=published_until)
    try:
        page = pagination.paginate(
            verdicts,
            NEWEST,
            per_page=page_size,
            after=after,
            before=before,
            hydrate=lambda ids: published_verdicts().in_bulk(ids),
        )
    except pagination.InvalidCursor as error:
        return _error(400, str(error))
    base = {k: str(v) for k, v in request.GET.items() if k not in {"after", "before"}}
    here = reverse("public:api-list")
    return JsonResponse(
        {
            "results": [announce.fact_check_summary(v) for v in page.items],
            "next": _absolute(here, {**base, "after": page.next_cursor})
            if page.next_cursor
            else None,
            "previous": _absolute(here, {**base, "before": page.previous_cursor})
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


@fact_checks.get(
    # The URL takes at most 18 digits (foundation.converters.IdConverter): a longer id is not
    # a fact-check's address at all, and the document says so.
    "{id:id}/",
    response={200: schemas.FactCheckDetail, 404: schemas.Error, 429: schemas.Error},
    url_name="api-detail",
    operation_id="getFactCheck",
    summary="One published fact-check with its evidence and history",
)
def fact_check_detail(
    request: HttpRequest,
    id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> HttpResponse:
    pk = id
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


@matches.get(
    "",
    response={200: schemas.MatchList, 401: schemas.Error, 403: schemas.Error, **ERRORS},
    url_name="api-matches",
    operation_id="matchClaims",
    summary="The fact-checks that say what a text says, best first",
    description="Matched across wording and language. The public is matched against "
    "published fact-checks; a signed-in desk member, or a partner sending a token with the "
    "`read` scope (`Authorization: Bearer …`), against open claims too: whether a claim is "
    "on the desk already, before creating it. A token that is unknown or revoked is 401, one "
    "without the read scope 403. Text with nothing to match (empty, emoji) finds nothing.",
)
def match_list(
    request: HttpRequest,
    text: Annotated[
        str, Query(..., description="The claim to look for", max_length=MAX_LENGTHS["text"])
    ],
    limit: Annotated[Limit, Query(DEFAULT_MATCHES)],
    language: Annotated[str, _text("language", "Only claims in this language (ISO 639-1)")],
) -> HttpResponse:
    member = request.user if permissions.is_desk_member(request.user) else reader(request)
    public = member is None
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
    # What a signed-in desk member or a read token sees differs from what the public sees.
    patch_vary_headers(response, ["Cookie", "Authorization"])
    return response


def _form_errors(form: Any) -> JsonResponse:
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    return JsonResponse(
        {"detail": "The request has errors; see errors.", "errors": errors}, status=400
    )


submissions = Router(tags=["submissions"])


@submissions.post(
    "",
    response={201: schemas.SubmissionOut, 400: schemas.SubmissionErrors, 429: schemas.Error},
    url_name="api-submissions",
    operation_id="askAboutClaim",
    summary="Ask the desk whether a claim is true",
    description="Matched at once against the published fact-checks (in any wording or "
    "language): `answered` with the fact-checks saying the same, or filed as a request on the "
    "desk's claim for it. `status_url` follows it; an `email` is told when the fact-check is "
    "published or corrected. Limited per address and for everyone (429 with Retry-After).",
)
def submission_create(request: HttpRequest, body: schemas.SubmissionIn) -> HttpResponse:
    data = body.dict()
    language = data.pop("language") or settings.LANGUAGE_CODE
    form = SubmissionForm(data, retention_days=settings.READERS_RETENTION_DAYS)
    if not form.is_valid():
        return _form_errors(form)
    address = client_ip(request)
    try:
        readers.rate_check(address)
    except readers.TooMany as refused:
        return _error(429, str(refused), Retry_After=str(refused.retry_after))
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    received = readers.submission_receive(fields=form.fields_for_service(language), address=address)
    summaries = {
        v.claim_id: v
        for v in published_verdicts().filter(
            claim_id__in=[s.claim_id for s in [*received.answers, *received.related]]
        )
    }
    asked = Asked.objects.filter(claim_id=received.submission.claim_id).first()
    body_out = {
        "id": received.submission.pk,
        "status_url": answers.status_url(received.submission),
        "answered": bool(received.answers),
        "answers": [
            announce.fact_check_summary(summaries[s.claim_id])
            for s in received.answers
            if s.claim_id in summaries
        ],
        "related": [
            announce.fact_check_summary(summaries[s.claim_id])
            for s in received.related
            if s.claim_id in summaries
        ],
        "asked": asked.count if asked else 1,
    }
    return JsonResponse(body_out, status=201, json_dumps_params={"ensure_ascii": False})


writes = Router(tags=["writes"])
WRITE_ERRORS = {
    400: schemas.FormErrors,
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    429: schemas.Error,
}


@writes.post(
    "claims/",
    auth=TokenAuth(Scope.CLAIMS),
    response={201: schemas.ClaimCreated, **WRITE_ERRORS},
    url_name="api-claim-create",
    operation_id="createClaim",
    summary="Add a claim to the desk as the token's owner",
    description="The same checks and the same service as the desk's form (claims/forms): the "
    "claim and where it appeared, who said it (matched to an existing claimant by name and "
    "role). Needs a token with the claims:write scope.",
)
def claim_create(request: HttpRequest, body: schemas.ClaimIn) -> HttpResponse:
    actor = owner(request)
    if not permissions.can_create_claim(actor):
        return _error(403, "The token's owner cannot add claims.")
    data: dict[str, Any] = body.dict()
    claimant = data.pop("claimant") or {}
    data["tags"] = ", ".join(data["tags"])
    data.update(
        new_claimant_name=claimant.get("name", ""),
        new_claimant_kind=claimant.get("kind", ""),
        new_claimant_description=claimant.get("role", ""),
    )
    form = ClaimForm(data, shown=False)
    if not form.is_valid():
        return _form_errors(form)
    claim = claim_services.claim_create(actor=actor, fields=form.to_fields())
    return JsonResponse(
        {
            "id": claim.pk,
            "url": settings.SITE_URL + claim.get_absolute_url(),
            "status": claim.status,
        },
        status=201,
    )


@writes.post(
    "claims/{id}/evidence/",
    auth=TokenAuth(Scope.EVIDENCE),
    response={201: schemas.EvidenceCreated, **WRITE_ERRORS},
    url_name="api-evidence-add",
    operation_id="addEvidence",
    summary="Add evidence to a claim as the token's owner",
    description="The same checks and service as the claim page's evidence form. Needs a token "
    "with the evidence:write scope, and an owner who may add evidence to the claim now.",
)
def evidence_create(
    request: HttpRequest, id: Annotated[int, Path(ge=1, le=MAX_ID)], body: schemas.EvidenceIn
) -> HttpResponse:
    actor = owner(request)
    claim = Claim.objects.visible_to(actor).filter(pk=id).first()
    if claim is None:
        return _error(404, "There is no such claim.")
    if not review_permissions.can_add_evidence(actor, claim):
        return _error(403, "The token's owner cannot add evidence to this claim now.")
    form = EvidenceForm(body.dict())
    if not form.is_valid():
        return _form_errors(form)
    item = review_services.evidence_add(actor=actor, claim_id=claim.pk, fields=form.to_fields())
    return JsonResponse(
        {
            "id": item.pk,
            "label": item.label,
            "claim_url": settings.SITE_URL + claim.get_absolute_url(),
        },
        status=201,
    )


api = NinjaAPI(
    title="Claims desk: published fact-checks",
    version="1.0",
    description="Read-only access to the desk's published fact-checks, and the fact-checks "
    "that say what a text says, in any wording or language. Public; rate-limited per client "
    "address.",
    urls_namespace="api",
    openapi_url=None,
    docs_url=None,
)
api.add_exception_handler(ValidationError, _bad_parameter)
# One router per area; the public submissions endpoint gets its own beside them.
api.add_router("fact-checks/", fact_checks)
api.add_router("matches", matches)
api.add_router("submissions/", submissions)
api.add_router("", writes)
PREFIX = "api/v1/"


def urlpatterns() -> list[URLPattern]:
    """The API's routes under /api/v1/, public (LoginRequiredMiddleware reads the
    login_required flag, which ninja's views do not carry) and rate-limited before ninja
    validates anything, so a refused request counts and carries the limit's headers."""
    routes = [
        path(
            PREFIX + str(route.pattern),
            login_not_required(rate_limited(route.callback)),
            name=route.name,
        )
        for route in api.urls[0]
        if isinstance(route, URLPattern) and route.name != "api-root"
    ]
    return [*routes, path(PREFIX + "openapi.json", openapi_document, name="openapi")]


@login_not_required
@require_GET
def openapi_document(request: HttpRequest) -> JsonResponse:
    document = api.get_openapi_schema(path_prefix="/" + PREFIX)
    document["servers"] = [{"url": settings.SITE_URL}]
    # Every query parameter takes an empty value (`?q=`, as an HTML form sends an empty
    # field), which means no filter at all; `?text=` is a text with nothing to match.
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    parameter["allowEmptyValue"] = True
    return JsonResponse(document, json_dumps_params={"indent": 2})
