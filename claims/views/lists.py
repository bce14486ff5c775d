"""The claims list: the desk's home, with its queues, filters, search and pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from claims import forms, pagination, permissions, queues
from claims.models import QUEUES, Claim
from claims.views.common import render_page

LIST_COUNT_CAP = 1_000


@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    permissions.require_desk_member(request.user)
    form = forms.ClaimFilterForm(request.GET)
    can_assign = request.user.has_perm("claims.assign_claim")
    context: dict[str, Any] = {
        "form": form,
        "can_create": permissions.can_create_claim(request.user),
        "can_assign": can_assign,
        "assignable": forms.desk_members() if can_assign else [],
        # Called only by the full page: table fragments do not show the queue tabs.
        "queue_tabs": lambda: _queue_tabs(request.user),
    }
    if not form.is_valid():
        context.update(page=None, total=0, error=_("Some filters are not valid; see below."))
        return render_page(request, "claims/claim_list.html", "claim-table", context, status=400)
    queryset = form.filter(Claim.objects.visible_to(request.user), request.user)
    try:
        page = pagination.paginate(
            queryset,
            pagination.SORTS[form.sort_key],
            per_page=settings.CLAIMS_PER_PAGE,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
            hydrate=Claim.objects.for_list().in_bulk,
        )
    except pagination.InvalidCursor as exc:
        context.update(page=None, total=0, error=str(exc))
        return render_page(request, "claims/claim_list.html", "claim-table", context, status=400)
    context.update(page=page, **_count(queryset, page))
    return render_page(request, "claims/claim_list.html", "claim-table", context)


def _queue_tabs(user: Any) -> list[tuple[str, Any, str]]:
    counts = queues.queue_counts(user)
    shown = {k: f"{queues.CAP:,}+" if n > queues.CAP else str(n) for k, n in counts.items()}
    return [(key, label, shown[key]) for key, label in QUEUES.items()]


def _count(queryset: Any, page: pagination.Page) -> dict[str, Any]:
    """How many claims match, counted up to a cap: exact counts of large sets cost a scan.
    Only the first page shows it, and a first page that is not full has counted itself."""
    if not page.is_first:
        return {"total": None, "total_capped": False}
    if not page.next_cursor:
        return {"total": len(page.items), "total_capped": False}
    total = queryset.order_by()[: LIST_COUNT_CAP + 1].count()
    return {"total": min(total, LIST_COUNT_CAP), "total_capped": total > LIST_COUNT_CAP}
