"""Desk pages for claims. Each view: one access check, one model or service call, a response."""

from __future__ import annotations

import math
from typing import Any

from celery import current_app
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from claims import forms, pagination, permissions, queues, services
from claims.models import QUEUES, Claim

LIST_COUNT_CAP = 1_000


def _htmx_fragment(request: HttpRequest) -> bool:
    """A fragment is wanted for htmx requests, except when htmx restores history after a
    cache miss: then it needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request and not htmx.boosted


def _render(
    request: HttpRequest, template: str, fragment: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    name = f"{template}#{fragment}" if _htmx_fragment(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", None):
        return HttpResponseClientRedirect(url)
    return redirect(url)


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
        return _render(request, "claims/claim_list.html", "claim-table", context, status=400)
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
        return _render(request, "claims/claim_list.html", "claim-table", context, status=400)
    context.update(page=page, **_count(queryset, page))
    return _render(request, "claims/claim_list.html", "claim-table", context)


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


@require_http_methods(["GET", "POST"])
def claim_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_claim(request.user):
        raise PermissionDenied(_("You cannot add claims."))
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        claim = services.claim_create(actor=request.user, fields=form.to_fields())
        messages.success(request, _("Claim added. Background checks have started."))
        return _redirect(request, claim.get_absolute_url())
    context = {"form": form, "claim": None}
    return _render(request, "claims/claim_form.html", "claim-form", context)


@require_http_methods(["GET", "POST"])
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = permissions.get_claim_for_user(request.user, pk, for_write=True)
    form = forms.ClaimForm(request.POST or None, initial=forms.ClaimForm.initial_for(claim))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_update(
                actor=request.user,
                claim_id=claim.pk,
                expected_version=form.cleaned_data.get("version") or 0,
                fields=form.to_fields(),
            )
        except services.StaleVersion as stale:
            # Keep what the user typed; point the form at the current version so that saving
            # again is a deliberate overwrite.
            data = request.POST.copy()
            data["version"] = str(stale.current.version)
            form = forms.ClaimForm(data, initial=forms.ClaimForm.initial_for(stale.current))
            form.is_valid()
            conflict = stale
        else:
            messages.success(request, _("Claim saved."))
            return _redirect(request, claim.get_absolute_url())
    context = {"form": form, "claim": claim, "conflict": conflict}
    return _render(
        request, "claims/claim_form.html", "claim-form", context, status=409 if conflict else 200
    )


@require_GET
def claim_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    """The background-analysis panel, polled by htmx until the worker has filled it in."""
    claim = permissions.get_claim_for_user(request.user, pk)
    if not _htmx_fragment(request):
        return HttpResponseRedirect(claim.get_absolute_url() + "#analysis")
    context = {"claim": claim, "duplicates": Claim.objects.exact_duplicates_of(claim)}
    return render(request, "claims/analysis_panel.html", context)


@require_GET
def claimant_options(request: HttpRequest) -> HttpResponse:
    """Options for the claimant picker, narrowed by what the user types."""
    permissions.require_desk_member(request.user)
    query = request.GET.get("claimant_query", "")[:200]
    choices = forms.claimant_choices(query=query)
    return render(request, "claims/claimant_options.html", {"choices": choices})


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_state(), "broker": _broker_state()}
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down", reported as such
        return f"error: {type(exc).__name__}"
    return "ok"


def _broker_state() -> str:
    try:
        with current_app.connection_for_write() as conn:
            # Establishing a Redis connection PINGs the server; the filesystem transport
            # checks its folders.
            conn.ensure_connection(max_retries=0, timeout=math.ceil(settings.BROKER_SOCKET_TIMEOUT))
    except Exception as exc:  # noqa: BLE001
        return f"error: {type(exc).__name__}"
    return "ok"
