"""The "From readers" queue: the claims readers asked about, most asked first, with where each
reader saw it. Readers' e-mail addresses are shown to editors only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims import permissions
from claims.models import Asked, Submission
from foundation.requests import DeskRequest

PER_PAGE = 25
SUBMISSIONS_SHOWN = 5
VIEWS = {
    "waiting": ("new", "in_review", "awaiting_approval"),
    "published": ("published",),
    "dismissed": ("dismissed",),
}


@require_GET
def readers_queue(request: DeskRequest) -> HttpResponse:
    permissions.require_desk_member(request.user)
    shown = request.GET.get("show", "waiting")
    if shown not in VIEWS:
        shown = "waiting"
    asked = (
        Asked.objects.filter(claim__status__in=VIEWS[shown])
        .select_related("claim")
        .order_by("-count", "-last_asked_at", "claim_id")
    )
    page = Paginator(asked, PER_PAGE).get_page(request.GET.get("page"))
    ids = [row.claim_id for row in page]
    latest: dict[int, list[Submission]] = {i: [] for i in ids}
    # The newest few of each claim in one query, however many readers asked.
    newest = (
        Submission.objects.filter(claim_id__in=ids)
        .annotate(
            n=Window(RowNumber(), partition_by=[F("claim_id")], order_by=F("created_at").desc())
        )
        .filter(n__lte=SUBMISSIONS_SHOWN)
        .order_by("claim_id", "-created_at", "-pk")
    )
    for submission in newest:
        latest[submission.claim_id].append(submission)
    for row in page:
        row.latest = latest.get(row.claim_id, [])  # type: ignore[attr-defined]
    return render(
        request,
        "claims/readers.html",
        {
            "page": page,
            "shown": shown,
            "views": list(VIEWS),
            "show_emails": permissions.is_desk_editor(request.user),
        },
    )
