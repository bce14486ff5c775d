"""Adding and editing claims."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from claims import forms, permissions, services
from claims.views import matches
from foundation.htmx import go_to, htmx_fragment, render_page
from foundation.requests import DeskRequest


@require_http_methods(["GET", "POST"])
def claim_create(request: DeskRequest) -> HttpResponse:
    if not permissions.can_create_claim(request.user):
        raise PermissionDenied(_("You cannot add claims."))
    form = forms.ClaimForm(request.POST or None, suggestions_url=reverse("claims:suggestions"))
    if request.method == "POST" and form.is_valid():
        claim = services.claim_create(actor=request.user, fields=form.to_fields())
        messages.success(request, _("Claim added. Background checks have started."))
        return go_to(request, claim.get_absolute_url())
    context = {"form": form, "claim": None, **_suggestions(request, None)}
    return render_page(request, "claims/claim_form.html", "claim-form", context)


def _suggestions(request: DeskRequest, claim: Any) -> dict[str, Any]:
    """The suggestions panel as the page is first drawn (it then follows the typing): for the
    text being edited, or sent back with a refused save; without JavaScript, this is all."""
    if htmx_fragment(request):
        return {}  # htmx replaces only the form; the panel follows the typing on its own
    params: Any = request.POST
    if request.method != "POST":
        params = matches.claim_params(claim) if claim is not None else {}
    asked = bool(str(params.get("text", "")).strip())
    return {
        "suggestions": matches.form_suggestions(params, claim=claim) if asked else [],
        "asked": asked,
        "can_decide": claim is None and permissions.can_create_claim(request.user),
    }


@require_http_methods(["GET", "POST"])
def claim_edit(request: DeskRequest, pk: int) -> HttpResponse:
    claim = permissions.get_claim_for_user(request.user, pk, for_write=True)
    form = forms.ClaimForm(
        request.POST or None,
        initial=forms.ClaimForm.initial_for(claim),
        suggestions_url=reverse("claims:suggestions") + f"?claim={claim.pk}",
    )
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
    context = {"form": form, "claim": claim, "conflict": conflict, **_suggestions(request, claim)}
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
