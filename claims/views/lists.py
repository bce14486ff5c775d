"""The claims list: the desk's home, with its queues, filters, search and pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from claims import caches, forms, pagination, permissions
from claims.models import QUEUES, Claim
from foundation.htmx import htmx_fragment, render_page
from foundation.requests import DeskRequest

LIST_COUNT_CAP = 1_000


@require_GET
def claim_list(request: DeskRequest) -> HttpResponse:
    permissions.require_desk_member(request.user)
    form = forms.ClaimFilterForm(request.GET)
    can_assign = request.user.has_perm("claims.assign_claim")
    context: dict[str, Any] = {
        "form": form,
        "can_create": permissions.can_create_claim(request.user),
        "can_assign": can_assign,
        "assignable": forms.desk_members() if can_assign else [],
        # Called only by the full page: table fragments show neither the tabs nor the filters.
        "queue_tabs": lambda: _queue_tabs(request.user),
        "filter_fields": lambda: caches.filter_fields(form),
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
            columns=caches.ROW_KEY_COLUMNS,
            item=caches.RowKey.from_page_row,
        )
    except pagination.InvalidCursor as exc:
        context.update(page=None, total=0, error=str(exc))
        return render_page(request, "claims/claim_list.html", "claim-table", context, status=400)
    # A whole page also looks for its filters' fields in the same cache round trip as its rows.
    filters_key = None if htmx_fragment(request) else caches.filters_key(request, form)
    rows, found = caches.rows(page.items, can_assign, also=[filters_key] if filters_key else [])
    if filters_key:
        context["filter_fields"] = caches.cached_filter_fields(form, filters_key, found)
    context.update(page=page, rows=rows, **_count(queryset, page))
    return render_page(request, "claims/claim_list.html", "claim-table", context)


def _queue_tabs(user: Any) -> list[tuple[str, Any, str]]:
    counts = caches.queue_counts(user)
    shown = {k: f"{caches.CAP:,}+" if n > caches.CAP else str(n) for k, n in counts.items()}
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
