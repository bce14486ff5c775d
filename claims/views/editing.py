"""Adding and editing claims."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from claims import forms, permissions, services
from foundation.htmx import go_to, render_page
from foundation.requests import DeskRequest


@require_http_methods(["GET", "POST"])
def claim_create(request: DeskRequest) -> HttpResponse:
    if not permissions.can_create_claim(request.user):
        raise PermissionDenied(_("You cannot add claims."))
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        claim = services.claim_create(actor=request.user, fields=form.to_fields())
        messages.success(request, _("Claim added. Background checks have started."))
        return go_to(request, claim.get_absolute_url())
    context = {"form": form, "claim": None}
    return render_page(request, "claims/claim_form.html", "claim-form", context)


@require_http_methods(["GET", "POST"])
def claim_edit(request: DeskRequest, pk: int) -> HttpResponse:
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
            return go_to(request, claim.get_absolute_url())
    context = {"form": form, "claim": claim, "conflict": conflict}
    return render_page(
        request, "claims/claim_form.html", "claim-form", context, status=409 if conflict else 200
    )


@require_GET
def claimant_options(request: DeskRequest) -> HttpResponse:
    """Options for the claimant picker, narrowed by what the user types."""
    permissions.require_desk_member(request.user)
    query = request.GET.get("claimant_query", "")[:200]
    choices = forms.claimant_choices(query=query)
    return render(request, "claims/claimant_options.html", {"choices": choices})
